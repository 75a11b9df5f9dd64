"""The printable article: a print button in the HTML from the start (shown
once the page's scripts run, so it never moves the page) and a print
stylesheet for A4 paper."""

import pytest

# The demo fixture commits to the database; each test only reads it.
pytestmark = [pytest.mark.live, pytest.mark.django_db]

# Counts calls instead of opening the print dialog.
FAKE_PRINT = "window.printed = 0; window.print = () => { window.printed += 1; };"


def test_print_button_prints_the_article(demo, page_for):
    tab = page_for()
    tab.add_init_script(FAKE_PRINT)
    blocked = []
    tab.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and blocked.append(msg.text),
    )
    tab.goto(demo["article"])

    button = tab.locator("main article header button.print-button")
    button.click()

    assert tab.evaluate("window.printed") == 1
    assert button.get_attribute("type") == "button"
    assert button.inner_text().strip()
    assert blocked == [], "the script runs under the site's CSP"


def test_without_javascript_there_is_no_dead_print_button(demo, page_for):
    tab = page_for(java_script_enabled=False)
    tab.goto(demo["article"])
    assert tab.locator("article h1").is_visible()
    assert not tab.locator("button.print-button").is_visible()
    assert not tab.locator(".reader-controls").is_visible()


def test_other_pages_have_no_print_button(demo, page_for):
    tab = page_for()
    tab.goto(demo["home"])
    tab.wait_for_load_state("networkidle")
    assert tab.locator("button.print-button").count() == 0


def test_printed_article_keeps_the_content_and_drops_the_navigation(demo, page_for):
    tab = page_for()
    tab.goto(demo["article"])
    tab.emulate_media(media="print")

    for hidden in [
        ".main-menu",
        ".header-search",
        ".breadcrumbs",
        ".visit-stats",
        ".sidebar",
        ".reader-controls",
        ".share-links",
        ".site-footer",
    ]:
        assert not tab.locator(hidden).first.is_visible(), hidden
    assert not tab.locator("button.print-button").is_visible()
    assert tab.locator("article h1").is_visible()
    assert tab.locator("article .body").is_visible()
    assert tab.locator(".brand-name").is_visible(), "the agency names the print-out"

    # A link in the body prints where it goes.
    shown = tab.evaluate(
        """() => [...document.querySelectorAll('main .body a[href]')].map(
          a => getComputedStyle(a, '::after').content)"""
    )
    assert shown, "the demo article links to something"
    assert all("(" in content and ")" in content for content in shown)
    assert tab.pdf(format="A4")[:4] == b"%PDF"
