"""The officers' report: daily figures, a date range, and CSV export."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.utils import translation

import pytest

from stats.models import DailyPageStat, DailySiteStat
from tests.stats.conftest import default_site

SITE_URL = "/admin/stats/dailysitestat/"
PAGES_URL = "/admin/stats/dailypagestat/"


@pytest.fixture
def figures(article):
    for day, views in ((1, 100), (2, 200), (3, 300)):
        date = datetime.date(2026, 6, day)
        DailySiteStat.objects.create(
            site=default_site(), date=date, views=views, visits=views // 10
        )
        DailyPageStat.objects.create(date=date, page=article, views=views // 2)


def export(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_site_report_lists_daily_figures(admin_client, figures):
    response = admin_client.get(SITE_URL)
    assert response.status_code == 200
    assert [stat.views for stat in response.context["object_list"]] == [300, 200, 100]


def test_date_range_filter_limits_the_report_and_its_csv(admin_client, figures):
    query = "?date__gte=2026-06-02&date__lte=2026-06-03"
    response = admin_client.get(SITE_URL + query)
    assert [stat.views for stat in response.context["object_list"]] == [300, 200]

    with translation.override("en"):
        rows = export(admin_client, SITE_URL + query + "&export=csv")
    assert rows[0] == ["Date", "Portal", "Visits", "Page Views"]
    assert [row[2:] for row in rows[1:]] == [["30", "300"], ["20", "200"]]
    assert rows[1][1] == "Test [default]"  # the site's name


def test_dates_may_be_typed_the_vietnamese_way(admin_client, figures):
    response = admin_client.get(
        PAGES_URL + "?date__gte=02/06/2026&date__lte=02/06/2026"
    )
    assert [stat.views for stat in response.context["object_list"]] == [100]


def test_an_unreadable_date_is_reported_not_a_server_error(admin_client, figures):
    with translation.override("en"):
        response = admin_client.get(SITE_URL + "?date__gte=31/02/2026&date__lte=abc")
    assert response.status_code == 200
    assert b"an unreadable date is ignored" in response.content
    assert len(response.context["object_list"]) == 3


def test_page_report_exports_each_page_per_day(admin_client, figures, article):
    rows = export(admin_client, PAGES_URL + "?export=csv")
    assert len(rows) == 4
    assert rows[1][1:] == [str(article.pk), article.title, "150"]


def test_page_report_searches_by_title(admin_client, figures, news_index):
    from tests.factories import NewsArticlePageFactory

    other = NewsArticlePageFactory(parent=news_index, title="Một bài khác")
    DailyPageStat.objects.create(date=datetime.date(2026, 6, 1), page=other, views=1)
    response = admin_client.get(PAGES_URL + "?q=khác")
    assert [stat.page_id for stat in response.context["object_list"]] == [other.pk]


def test_figures_cannot_be_edited_or_deleted(admin_client, figures):
    stat = DailySiteStat.objects.first()
    assert admin_client.get(f"{SITE_URL}edit/{stat.pk}/").status_code in (302, 403)
    assert admin_client.get(f"{SITE_URL}delete/{stat.pk}/").status_code in (302, 403)
    assert admin_client.get(f"{SITE_URL}create/").status_code in (302, 403)
    assert DailySiteStat.objects.count() == 3


def test_editors_without_the_view_permission_cannot_read_the_report(
    client, django_user_model, figures
):
    editors = Group.objects.create(name="Biên tập")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("bientap", password="x" * 12)
    user.groups.add(editors)
    client.force_login(user)
    assert client.get(SITE_URL).status_code in (302, 403)

    editors.permissions.add(Permission.objects.get(codename="view_dailysitestat"))
    assert client.get(SITE_URL).status_code == 200
