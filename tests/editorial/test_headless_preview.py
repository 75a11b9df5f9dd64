"""The mobile app previews a draft with a signed link that expires."""

import datetime

from django.urls import reverse

import time_machine

from editorial import preview
from tests import factories
from tests.editorial.conftest import as_user, draft_article


def preview_url(page, token):
    return reverse("editorialpreview:pages:detail", args=[page.pk]) + f"?token={token}"


def test_preview_serves_the_latest_draft_as_api_json(client, sections, editor):
    page = factories.NewsArticlePageFactory(parent=sections["news"], title="Bản đăng")
    page.title = "Bản nháp mới"
    page.summary = "Tóm tắt nháp."
    page.save_revision(user=editor)

    response = client.get(preview_url(page, preview.make_token(page)))

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == page.pk
    assert data["title"] == "Bản nháp mới"
    assert data["summary"] == "Tóm tắt nháp."
    assert data["meta"]["type"] == "news.NewsArticlePage"
    assert "no-cache" in response["Cache-Control"]


def test_preview_of_a_never_published_page(client, sections, editor):
    page = draft_article(sections["news"], editor, title="Chưa đăng")

    response = client.get(preview_url(page, preview.make_token(page)))

    assert response.json()["title"] == "Chưa đăng"


def test_preview_token_expires(client, sections, editor):
    page = draft_article(sections["news"], editor)
    start = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        token = preview.make_token(page)
        assert client.get(preview_url(page, token)).status_code == 200

        clock.shift(datetime.timedelta(hours=1))
        response = client.get(preview_url(page, token))

    assert response.status_code == 403
    assert "title" not in response.json()


def test_preview_token_cannot_be_used_for_another_page(client, sections, editor):
    page = draft_article(sections["news"], editor)
    other = draft_article(sections["news"], editor, title="Bài mật")

    response = client.get(preview_url(other, preview.make_token(page)))

    assert response.status_code == 403
    assert "Bài mật" not in response.content.decode()


def test_forged_or_missing_token_is_refused(client, sections, editor):
    page = draft_article(sections["news"], editor)
    token = preview.make_token(page)

    assert client.get(preview_url(page, token[:-2] + "xx")).status_code == 403
    assert (
        client.get(reverse("editorialpreview:pages:detail", args=[page.pk])).status_code
        == 403
    )


def test_editor_gets_a_link_only_for_pages_they_may_edit(
    client, home_page, sections, editor
):
    page = draft_article(sections["news"], editor)
    official = factories.OfficialPageFactory(parent=sections["officials"])
    as_user(client, editor)

    response = client.get(reverse("editorial_preview_link", args=[page.pk]))
    assert response.status_code == 200
    link = response.context["preview_url"]
    client.logout()
    assert client.get(link).json()["id"] == page.pk

    as_user(client, editor)
    response = client.get(reverse("editorial_preview_link", args=[official.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
