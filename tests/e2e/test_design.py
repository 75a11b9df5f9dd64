"""The design system in a real browser, on a small phone and a laptop:
reader controls by keyboard, remembered across pages without layout shift;
high contrast at WCAG AAA; the register readable at 360 px; print on A4
with full addresses (docs/design.md)."""

import io
import re

import pytest
from pypdf import PdfReader

# The demo fixture commits to the database; each test only reads it.
pytestmark = [pytest.mark.live, pytest.mark.django_db]

SIZES = {"phone": (360, 800), "laptop": (1366, 768)}

# Sums every layout shift not caused by the reader's own input, from the
# first paint on.
WATCH_SHIFTS = """
window.shifts = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.shifts += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def register_path(demo):
    from wagtail.models import Site

    from publications.models import PublicationIndexPage

    home = Site.objects.get(is_default_site=True).root_page
    register = PublicationIndexPage.objects.live().descendant_of(home).first()
    return demo.url + register.get_url_parts()[2]


def tab_to(tab, selector, limit=20):
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.mark.parametrize("size", SIZES)
def test_reader_controls_work_by_keyboard_and_are_remembered_without_a_shift(
    demo, page_for, size
):
    tab = page_for(*SIZES[size])
    tab.add_init_script(WATCH_SHIFTS)
    tab.goto(demo["article"])
    body_size = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    before = tab.evaluate(body_size)

    tab_to(tab, "[data-text-size=up]")
    tab.keyboard.press("Enter")
    assert tab.evaluate(body_size) > before
    tab_to(tab, "[data-contrast]")
    tab.keyboard.press("Space")
    assert tab.get_attribute("[data-contrast]", "aria-pressed") == "true"

    # Another page: the choices hold from the first paint, nothing moves.
    tab.goto(demo["news index"])
    tab.wait_for_load_state("networkidle")
    classes = tab.evaluate("document.documentElement.className").split()
    assert {"js", "text-l", "contrast"} <= set(classes)
    assert tab.evaluate(body_size) > before
    assert tab.get_attribute("[data-contrast]", "aria-pressed") == "true"
    assert tab.evaluate("window.shifts") < 0.001

    # Back to the default, remembered too.
    tab_to(tab, "[data-text-size=reset]")
    tab.keyboard.press("Enter")
    tab.reload()
    assert "text-l" not in tab.evaluate("document.documentElement.className")


@pytest.mark.parametrize("name", ["article", "home", "news index", "register"])
def test_high_contrast_passes_wcag_aaa_contrast(demo, page_for, axe_source, name):
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    tab = page_for(bypass_csp=True)
    tab.add_init_script("localStorage.setItem('reader-contrast', 'high')")
    tab.goto(register_path(demo) if name == "register" else demo[name])
    tab.wait_for_load_state("networkidle")
    assert "contrast" in tab.evaluate("document.documentElement.className")
    tab.add_script_tag(content=axe_source)
    result = tab.evaluate(
        "() => axe.run(document, {runOnly: ['color-contrast-enhanced']})"
    )
    failing = [node["target"] for v in result["violations"] for node in v["nodes"]]
    assert failing == []
    assert result["passes"], "axe checked some text"


# Whether any word of an element's text is drawn on two lines: a word broken
# inside a syllable ("Ng/ày") spans two line boxes.
BROKEN_WORDS = """
sel => {
  const broken = [];
  for (const el of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Text hidden for screen readers only is clipped to 1 px, not drawn.
      if (node.parentElement.closest(".visually-hidden, .stack-table thead")) continue;
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


def syllables_broken(tab, selector):
    """Words drawn on two lines, but for strings with their own break points
    (a document number's slash or hyphen, an address): those may wrap there."""
    return [
        word
        for word in tab.evaluate(BROKEN_WORDS, selector)
        if not re.search(r"[/\-@.]", word)
    ]


def test_register_reads_at_360_px_without_sideways_scroll(demo, page_for):
    tab = page_for(*SIZES["phone"])
    tab.goto(register_path(demo))
    tab.wait_for_load_state("networkidle")

    width = tab.evaluate("document.documentElement.clientWidth")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    rows = tab.locator("table.publications tbody tr")
    assert rows.count() >= 3
    for n in range(rows.count()):
        box = rows.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # Each cell is named by its column, as the table's header would.
    label = tab.evaluate(
        """() => getComputedStyle(
          document.querySelector('table.publications td[data-label]'), '::before'
        ).content"""
    )
    assert "Ngày ban hành" in label
    assert syllables_broken(tab, "table.publications, main h1") == []

    # The filters, two to a row under the search box, every control inside
    # the form (a select used to take its longest option's width).
    form = tab.locator("form.filters").bounding_box()
    controls = tab.locator("form.filters :is(input, select, button)")
    boxes = [controls.nth(n).bounding_box() for n in range(controls.count())]
    assert all(
        form["x"] < box["x"] and box["x"] + box["width"] < form["x"] + form["width"]
        for box in boxes
    ), boxes
    rows = {round(box["y"]) for box in boxes}
    assert len(rows) <= len(boxes) / 2 + 1, boxes


@pytest.mark.parametrize("size", SIZES)
def test_no_word_is_broken_inside_a_syllable(demo, page_for, size):
    tab = page_for(*SIZES[size])
    for url in [demo["home"], demo["article"], register_path(demo)]:
        tab.goto(url)
        tab.wait_for_load_state("networkidle")
        broken = syllables_broken(
            tab,
            "main p, main h1, main h2, main h3, main td, main th, "
            ".sidebar li, .brand-text, .main-menu",
        )
        assert broken == [], url


def test_print_is_on_a4_with_the_portals_address_and_full_urls(demo, page_for):
    tab = page_for()
    tab.goto(demo["article"])
    tab.wait_for_load_state("networkidle")
    tab.emulate_media(media="print")

    source = tab.locator(".print-source")
    assert source.is_visible()
    assert demo["article"] in source.inner_text()
    assert "Số 1 đường Trung tâm" in source.inner_text(), "the portal's address"
    printed = tab.evaluate(
        """() => [...document.querySelectorAll('main .body a[href]')].map(
          a => getComputedStyle(a, '::after').content)"""
    )
    assert printed and all("http" in content for content in printed), printed
    assert not tab.locator(".site-footer").is_visible(), "no footer-only last page"

    pdf = tab.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "the PDF names its page size"
    # A4 is 595 x 842 points (Letter would be 612 x 792).
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}
    # No page left blank or holding only what trails the article.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    title = tab.locator("main h1").inner_text()
    assert title in " ".join(pages[0].split())
    assert all(len(text.split()) >= 20 for text in pages), [t[:80] for t in pages]
