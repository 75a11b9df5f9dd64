"""The index follows publishing, and can be rebuilt."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query

import pytest

from search.models import SearchEntry
from tests import factories

from .conftest import body, publish, titles

pytestmark = pytest.mark.django_db


def found(client, query):
    return titles(client.get("/search/", {"q": query}))


def test_publishing_a_change_updates_the_index(client, article):
    page = article("Tin cũ", "Nội dung cũ.")
    page.title = "Tin mới"
    page.body = body("Nội dung cập nhật.")
    publish(page)
    assert found(client, "cap nhat") == ["Tin mới"]
    assert found(client, "noi dung cu") == []


def test_saving_a_draft_keeps_the_published_text_in_the_index(client, article):
    page = article("Tin đã đăng", "Nội dung đã đăng.")
    page.title = "Tiêu đề nháp"
    page.body = body("Nội dung nháp.")
    page.save_revision()
    assert found(client, "nhap") == []
    assert found(client, "da dang") == ["Tin đã đăng"]


def test_unpublishing_and_deleting_remove_the_entry(client, article):
    gone = article("Gỡ xuống", "Nội dung.")
    deleted = article("Xóa bỏ", "Nội dung.")
    gone.unpublish()
    deleted.delete()
    assert not SearchEntry.objects.filter(page_id__in=[gone.pk, deleted.pk]).exists()
    assert found(client, "noi dung") == []


def test_publishing_a_draft_page_adds_it(client, news_index):
    page = factories.NewsArticlePageFactory(
        parent=news_index, title="Chờ duyệt", live=False
    )
    assert found(client, "cho duyet") == []
    publish(page)
    assert found(client, "cho duyet") == ["Chờ duyệt"]


def test_rebuild_command_recreates_the_index(client, article):
    article("Bài một", "Nội dung.")
    SearchEntry.objects.all().delete()
    assert found(client, "bai mot") == []
    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert "Indexed" in output.getvalue()
    assert found(client, "bai mot") == ["Bài một"]


def test_popular_searches_report_lists_recent_folded_queries(client, article):
    article("Học phí", "Nội dung.")
    client.get("/search/", {"q": "Học Phí"})
    client.get("/search/", {"q": "hoc phi"})
    Query.get("chuyen cu").add_hit(date=timezone.localdate().replace(year=2000))
    officer = get_user_model().objects.create_user("officer", password="x")
    officer.user_permissions.add(
        Permission.objects.get(codename="change_searchpromotion"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(officer)
    response = client.get("/admin/reports/popular-searches/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "hoc phi" in content
    assert "chuyen cu" not in content


def test_popular_searches_report_is_refused_without_permission(client, home_page):
    user = get_user_model().objects.create_user("reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/reports/popular-searches/")
    assert response.status_code in (302, 403)
