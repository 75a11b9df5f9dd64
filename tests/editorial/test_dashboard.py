"""The dashboard shows an officer their drafts, reviews, schedule and gaps."""

import datetime

from django.urls import reverse
from django.utils import timezone

from bs4 import BeautifulSoup

from tests import factories
from tests.editorial.conftest import as_user, draft_article


def panel_text(response, panel_id):
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find(id=panel_id) or soup.find(id=f"{panel_id}-section")
    assert panel is not None, panel_id
    return panel.get_text(" ", strip=True)


def dashboard(client, user):
    return as_user(client, user).get(reverse("wagtailadmin_home"))


def test_my_drafts_lists_only_my_unpublished_work(client, sections, editor, approver):
    draft_article(sections["news"], editor, title="Nháp của tôi")
    draft_article(sections["news"], approver, title="Nháp của người khác")

    text = panel_text(dashboard(client, editor), "editorial-my-drafts")

    assert "Nháp của tôi" in text
    assert "Nháp của người khác" not in text


def test_approver_sees_pages_awaiting_their_review(client, sections, editor, approver):
    page = draft_article(sections["news"], editor, title="Chờ duyệt")
    sections["news"].get_workflow().start(page, editor)

    response = dashboard(client, approver)

    assert "Chờ duyệt" in response.content.decode()
    assert "Chờ duyệt" not in panel_text(response, "editorial-my-drafts")


def test_scheduled_pages_show_publication_and_expiry(client, sections, approver):
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = draft_article(sections["news"], approver, title="Sẽ đăng")
    scheduled.go_live_at = later
    scheduled.save_revision(user=approver).publish()
    expiring = factories.NewsArticlePageFactory(
        parent=sections["news"], title="Sẽ gỡ", expire_at=later
    )
    expiring.save_revision(user=approver).publish()

    response = dashboard(client, approver)
    text = panel_text(response, "editorial-scheduled")

    assert "Sẽ đăng" in text
    assert "Sẽ gỡ" in text
    assert timezone.localtime(later).strftime("%d/%m/%Y") in text
    # Scheduled is not a draft any more.
    assert "Sẽ đăng" not in panel_text(response, "editorial-my-drafts")


def test_content_needing_attention_names_each_gap(client, sections, approver):
    factories.NewsArticlePageFactory(
        parent=sections["news"], title="Không ảnh", hero_image=None
    )
    factories.NewsArticlePageFactory(
        parent=sections["news"],
        title="Ảnh thiếu mô tả",
        hero_image=factories.ImageFactory(description=""),
    )
    factories.NewsArticlePageFactory(
        parent=sections["news"],
        title="Đủ ảnh",
        hero_image=factories.ImageFactory(),
    )
    factories.EventPageFactory(
        parent=sections["events"], title="Không địa điểm", location_name=""
    )
    factories.OfficialPageFactory(parent=sections["officials"], title="Không chân dung")

    text = panel_text(dashboard(client, approver), "editorial-attention")

    for title in ("Không ảnh", "Ảnh thiếu mô tả", "Không địa điểm", "Không chân dung"):
        assert title in text
    assert "Đủ ảnh" not in text


def test_attention_panel_keeps_to_the_officers_sections(client, sections, editor):
    factories.OfficialPageFactory(parent=sections["officials"], title="Không chân dung")

    text = panel_text(dashboard(client, editor), "editorial-attention")

    assert "Không chân dung" not in text


def test_avatars_are_not_fetched_from_gravatar(client, sections, editor):
    soup = BeautifulSoup(dashboard(client, editor).content, "html.parser")
    avatars = [img["src"] for img in soup.select("img.avatar, .avatar img")]
    assert avatars
    assert not [src for src in avatars if "gravatar" in src]


def test_the_account_form_asks_for_the_family_name_first(client, sections, editor):
    response = as_user(client, editor).get(reverse("wagtailadmin_account"))
    soup = BeautifulSoup(response.content, "html.parser")
    fields = [
        field["name"]
        for field in soup.select("input[name$=first_name], input[name$=last_name]")
    ]

    # Vietnamese names read "Họ" then "Tên": Nguyễn Thị Lan.
    assert [name.rsplit("-", 1)[-1] for name in fields] == ["last_name", "first_name"]
