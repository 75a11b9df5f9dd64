"""The admin in Chromium, as officers use it: the side-panel preview and a
new page's slug.

One browser for the module, a context per officer: the preview is the page
rendered inside the admin's own frame, which the public pages' CSP
(`frame-ancestors 'none'`) must not forbid, while other origins still may
not frame a public page (docs/security.md).
"""

import io

from django.core.management import call_command
from django.urls import reverse

import pytest

from editorial import roles

pytestmark = [pytest.mark.live, pytest.mark.django_db]

PASSWORD = "Preview-panel-2026"


@pytest.fixture(scope="module")
def officers(demo, django_db_blocker):
    """An editor, an approver and an administrator made as the IT officer
    makes them, with a password the test knows."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        for role in roles.ROLES:
            call_command(
                "create_officer", f"preview-{role}", role=role, stdout=io.StringIO()
            )
            user = get_user_model().objects.get(username=f"preview-{role}")
            user.set_password(PASSWORD)
            user.save()
    return [f"preview-{role}" for role in roles.ROLES]


def sign_in(tab, demo, username):
    tab.goto(demo.url + reverse("wagtailadmin_login"))
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(demo.url + reverse("wagtailadmin_home"))


def preview_title(tab):
    """The title of the document inside the side panel's preview frame, or
    None when Chromium refused to show it there."""
    tab.click("[data-side-panel-toggle=preview]")
    # Wagtail swaps in a fresh iframe once the preview has loaded.
    tab.wait_for_function(
        "() => { const f = document.getElementById('w-preview-iframe');"
        " return f && f.src && f.contentWindow && "
        " (f.contentDocument === null || f.contentDocument.readyState === 'complete')"
        " && f.src.includes('/preview/'); }"
    )
    tab.wait_for_load_state("networkidle")
    return tab.evaluate(
        "() => { const d = document.getElementById('w-preview-iframe')"
        ".contentDocument; return d && d.title; }"
    )


def test_each_officer_sees_the_page_in_the_side_panel_preview(demo, officers, browser):
    from news.models import NewsArticlePage

    article = NewsArticlePage.objects.live().order_by("path").first()
    edit = demo.url + reverse("wagtailadmin_pages:edit", args=[article.pk])
    seen = {}
    for username in officers:
        context = browser.new_context(locale="vi-VN")
        try:
            tab = context.new_page()
            sign_in(tab, demo, username)
            tab.goto(edit)
            seen[username] = preview_title(tab)
        finally:
            context.close()
    assert all(title and article.title in title for title in seen.values()), seen


def test_another_origin_cannot_frame_a_public_page(demo, browser):
    context = browser.new_context()
    try:
        tab = context.new_page()
        # A page of another origin (here about:blank's) framing the article.
        tab.set_content(f'<iframe src="{demo["article"]}"></iframe>')
        tab.wait_for_load_state("networkidle")
        framed = tab.frames[1]
        assert not framed.url.startswith(demo.url)
    finally:
        context.close()


@pytest.fixture(scope="module")
def new_article_url(demo, django_db_blocker):
    """Read outside the test's transaction: on SQLite a table the test has
    read stays locked against the live server's writes until it ends."""
    from news.models import NewsIndexPage

    with django_db_blocker.unblock():
        news = NewsIndexPage.objects.order_by("path").first()
    return demo.url + reverse(
        "wagtailadmin_pages:add", args=["news", "newsarticlepage", news.pk]
    )


def test_a_new_article_gets_an_ascii_slug_from_its_title(
    demo, officers, new_article_url, browser
):
    from news.models import NewsArticlePage

    title = "Khánh thành nhà văn hóa thôn Đông"
    context = browser.new_context(locale="vi-VN")
    try:
        tab = context.new_page()
        sign_in(tab, demo, officers[0])
        tab.goto(new_article_url)
        # Typed as an officer types it: the slug follows each key.
        tab.locator("#id_title").press_sequentially(title)
        tab.locator("#id_title").blur()
        # The title reaches the slug field after a short debounce.
        tab.wait_for_function("() => document.getElementById('id_slug').value")
        slug = tab.input_value("#id_slug")
        # "Lưu bản nháp", the editor's save.
        tab.click("button.action-save")
        tab.wait_for_url("**/edit/")
    finally:
        context.close()
    assert slug == "khanh-thanh-nha-van-hoa-thon-dong"
    created = NewsArticlePage.objects.get(title=title)
    assert created.slug == "khanh-thanh-nha-van-hoa-thon-dong"
