"""A popular search is answered whole from the cache: no query, the same page,
still counted, per portal, dead with the content it shows."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from wagtail.contrib.search_promotions.models import Query

import pytest
import time_machine

from search import hits

from .conftest import publish, titles

pytestmark = pytest.mark.django_db


def search(client, query, host="localhost", **params):
    with translation.override("en"):
        return client.get("/search/", {"q": query, **params}, HTTP_HOST=host)


def test_a_search_asked_again_is_answered_without_a_query_and_still_counted(
    client, article, django_assert_num_queries, settings
):
    settings.SEARCH_HITS_SECONDS = 3600  # counts wait for the worker's write
    article("Hội nghị tiếp xúc cử tri", "Nội dung hội nghị.")
    try:
        first = search(client, "hoi nghi")
        search(client, "hoi nghi")  # ranked from the cache: the page is kept whole
        with django_assert_num_queries(0):
            again = search(client, "hoi nghi")
    finally:
        hits.write()
    assert again.status_code == 200
    assert again.content == first.content
    assert titles(again) == ["Hội nghị tiếp xúc cử tri"]
    assert Query.objects.get(query_string="hoi nghi").hits == 3


def test_a_page_turned_from_the_cache_is_not_counted_again(client, article):
    for number in range(12):
        article(f"Hội nghị số {number}", "Nội dung.")
    for _ in range(3):
        search(client, "hoi nghi", page=2)
    assert not Query.objects.filter(query_string="hoi nghi").exists()


def test_a_publish_shows_in_the_next_answer(client, article):
    article("Hội nghị tháng một", "Nội dung.")
    search(client, "hoi nghi")
    search(client, "hoi nghi")
    publish(article("Hội nghị tháng hai", "Nội dung."))
    assert sorted(titles(search(client, "hoi nghi"))) == [
        "Hội nghị tháng hai",
        "Hội nghị tháng một",
    ]


def test_unknown_parameters_and_signed_in_officers_are_answered_afresh(
    client, article, django_assert_max_num_queries
):
    article("Hội nghị cử tri", "Nội dung.")
    for _ in range(2):
        search(client, "hoi nghi", utm_source="zalo")
    # Ranked from the cache, but rendered: the page's own rows are read.
    with django_assert_max_num_queries(20) as captured:
        search(client, "hoi nghi", utm_source="zalo")
    assert len(captured) > 1
    officer = get_user_model().objects.create_user("bientap", password="x")
    client.force_login(officer)
    for _ in range(2):
        search(client, "hoi nghi")
    with django_assert_max_num_queries(30) as captured:
        search(client, "hoi nghi")
    assert len(captured) > 1


def test_a_kept_answer_never_shows_a_page_past_its_expiry(client, article):
    now = timezone.now()
    article(
        "Hội nghị sắp hết hạn",
        "Nội dung.",
        expire_at=now + datetime.timedelta(seconds=20),
    )
    search(client, "hoi nghi")
    assert titles(search(client, "hoi nghi")) == ["Hội nghị sắp hết hạn"]
    with time_machine.travel(now + datetime.timedelta(seconds=30), tick=False):
        assert titles(search(client, "hoi nghi")) == []


def test_a_kept_answer_stays_on_its_portal(client, portals):
    from tests import factories

    from .conftest import body

    for key in ("a", "b"):
        factories.NewsArticlePageFactory(
            parent=portals.news[key],
            title=f"Hội nghị xã {key.upper()}",
            body=body("Nội dung."),
        )
    for _ in range(3):
        on_a = search(client, "hoi nghi", host="xa-a.localhost")
    on_b = search(client, "hoi nghi", host="xa-b.localhost")
    assert titles(on_a) == ["Hội nghị xã A"]
    assert titles(on_b) == ["Hội nghị xã B"]


def test_each_worker_writes_its_counts_together(client, article, settings):
    settings.SEARCH_HITS_SECONDS = 3600
    article("Hội nghị cử tri", "Nội dung.")
    try:
        for query in ("hoi nghi", "Hội nghị", "cu tri"):
            search(client, query)
        assert not Query.objects.filter(query_string="hoi nghi").exists()
    finally:
        hits.write()
    assert Query.objects.get(query_string="hoi nghi").hits == 2
    assert Query.objects.get(query_string="cu tri").hits == 1
