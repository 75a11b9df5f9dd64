"""A save or publish the database cuts off tells the officer, in Vietnamese,
what was kept (docs/security.md, "Outages")."""

from django.db import OperationalError

from wagtail import hooks
from wagtail.models import Page

from tests.editorial.conftest import as_user, draft_article, edit_form_data, edit_url


def database_stops_answering(request, page):
    raise OperationalError("the database stopped answering")


def test_a_publish_cut_off_after_the_draft_was_saved_says_so(
    client, sections, approver
):
    page = draft_article(sections["news"], approver, title="Lịch tiếp dân")
    as_user(client, approver)
    data = edit_form_data(
        page, approver, title="Lịch tiếp dân tháng 7", **{"action-publish": "1"}
    )

    # Wagtail saves the revision, then runs this hook, then publishes.
    with hooks.register_temporarily("before_publish_page", database_stops_answering):
        response = client.post(edit_url(page), data)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "đã được lưu thành bản nháp lúc" in html
    assert "nhưng trang chưa được xuất bản" in html
    page = Page.objects.get(pk=page.pk)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Lịch tiếp dân tháng 7"


def test_a_save_cut_off_before_the_draft_was_saved_says_so(client, sections, approver):
    page = draft_article(sections["news"], approver, title="Lịch tiếp dân")
    as_user(client, approver)
    data = edit_form_data(page, approver, title="Lịch tiếp dân tháng 8")

    with hooks.register_temporarily("before_edit_page", database_stops_answering):
        response = client.post(edit_url(page), data)

    assert response.status_code == 503
    assert "Nội dung bạn sửa chưa được lưu" in response.content.decode()
    page = Page.objects.get(pk=page.pk)
    assert page.get_latest_revision_as_object().title == "Lịch tiếp dân"


def serving_stops(page, request, *args, **kwargs):
    raise OperationalError("the database stopped answering")


def test_citizens_get_the_plain_outage_page(client, sections):
    with hooks.register_temporarily("before_serve_page", serving_stops):
        response = client.get("/")

    assert response.status_code == 503
    html = response.content.decode()
    assert "Cổng thông tin tạm thời gián đoạn" in html
    assert "bản nháp" not in html
