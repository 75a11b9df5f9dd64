"""The admin in Chromium, as officers use it: the side-panel preview and a
new page's slug.

One browser for the module, a context per officer: the preview is the page
rendered inside the admin's own frame, which the public pages' CSP
(`frame-ancestors 'none'`) must not forbid, while other origins still may
not frame a public page (docs/security.md).
"""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.urls import reverse

import pytest

from editorial import roles

pytestmark = [pytest.mark.live, pytest.mark.django_db]

PASSWORD = "Preview-panel-2026"
NEW_TITLE = "Khánh thành nhà văn hóa thôn Đông"


@pytest.fixture(scope="module")
def officers(demo, django_db_blocker):
    """An editor, an approver and an administrator made as the IT officer
    makes them, with a password the test knows, and an authenticator for
    the approver and the administrator, of whom two factors are required:
    {username: TOTP or None}. The editor signs in twice (a code is good once).

    Everything the tests read from the database is read here, outside their
    transactions: on SQLite a table a test has read stays locked against the
    live server's writes until the test ends."""
    from django.contrib.auth import get_user_model

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    authenticators = {}
    with django_db_blocker.unblock():
        for role in roles.ROLES:
            username = f"preview-{role}"
            call_command("create_officer", username, role=role, stdout=io.StringIO())
            user = get_user_model().objects.get(username=username)
            user.set_password(PASSWORD)
            user.save()
            authenticators[username] = None
            if role != roles.EDITOR:
                device = TOTPDevice.objects.create(
                    user=user, name="app", confirmed=True
                )
                authenticators[username] = TOTP(
                    device.bin_key, device.step, device.t0, device.digits
                )
    return authenticators


@pytest.fixture(scope="module")
def pages(demo, django_db_blocker):
    """The first article (its title and editor) and the new article form;
    the article the test creates is removed afterwards, as the other
    browser tests expect the demo as loaded."""
    from wagtail.models import Page

    from news.models import NewsArticlePage, NewsIndexPage

    with django_db_blocker.unblock():
        article = NewsArticlePage.objects.live().order_by("path").first()
        news = NewsIndexPage.objects.order_by("path").first()
    yield {
        "title": article.title,
        "edit": demo.url + reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "new article": demo.url
        + reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", news.pk]),
    }
    with django_db_blocker.unblock():
        for page in Page.objects.filter(title=NEW_TITLE):
            page.delete()


def sign_in(tab, demo, username, authenticator):
    tab.goto(demo.url + reverse("wagtailadmin_login"))
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_load_state()
    if authenticator is not None:
        tab.fill(
            "input[name=code]", f"{authenticator.token():0{authenticator.digits}d}"
        )
        tab.click("form.login-form button[type=submit]")
    tab.wait_for_url(demo.url + reverse("wagtailadmin_home"))


@contextmanager
def signed_in(browser, demo, username, authenticator):
    """A tab of a browser context of its own, signed in as `username`."""
    context = browser.new_context(locale="vi-VN")
    try:
        tab = context.new_page()
        sign_in(tab, demo, username, authenticator)
        yield tab
    finally:
        context.close()


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


def test_each_officer_sees_the_page_in_the_side_panel_preview(
    demo, officers, pages, browser
):
    seen = {}
    for username, authenticator in officers.items():
        with signed_in(browser, demo, username, authenticator) as tab:
            tab.goto(pages["edit"])
            seen[username] = preview_title(tab)
    assert all(title and pages["title"] in title for title in seen.values()), seen


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


def test_a_new_article_gets_an_ascii_slug_from_its_title(
    demo, officers, pages, browser
):
    from news.models import NewsArticlePage

    editor = next(iter(officers))
    with signed_in(browser, demo, editor, officers[editor]) as tab:
        tab.goto(pages["new article"])
        # Typed as an officer types it: the slug follows each key.
        tab.locator("#id_title").press_sequentially(NEW_TITLE)
        tab.locator("#id_title").blur()
        # The title reaches the slug field after a short debounce.
        tab.wait_for_function("() => document.getElementById('id_slug').value")
        slug = tab.input_value("#id_slug")
        # "Lưu bản nháp", the editor's save.
        tab.click("button.action-save")
        tab.wait_for_url("**/edit/")
    assert slug == "khanh-thanh-nha-van-hoa-thon-dong"
    created = NewsArticlePage.objects.get(title=NEW_TITLE)
    assert created.slug == "khanh-thanh-nha-van-hoa-thon-dong"


def test_an_impossible_date_stays_as_typed_and_is_refused(
    demo, officers, pages, browser
):
    editor = next(iter(officers))
    with signed_in(browser, demo, editor, officers[editor]) as tab:
        tab.goto(pages["edit"])
        tab.get_by_role("tab", name="Phân loại").click()
        field = tab.locator("#id_date")
        field.fill("")
        field.press_sequentially("32/13/2026 09:00")
        # Leaving the field is when Wagtail's picker replaced it with now.
        tab.keyboard.press("Tab")
        typed = field.input_value()
        tab.click("button.action-save")
        tab.wait_for_load_state()
        error = tab.locator(
            "[data-field-wrapper]:has(#id_date) .error-message"
        ).inner_text()
    assert typed == "32/13/2026 09:00"
    assert error.strip() == "Nhập một ngày/thời gian hợp lệ."
