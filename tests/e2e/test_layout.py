"""Every public page type on a 360-px phone and a 1366-px desktop: axe-core
with its best practices too (heading order, unique landmarks), no sideways
scroll, no word broken inside a syllable, and the same with text at 200%.

Each page is loaded once per screen; the checks are separate tests that read
the measurements of that one load, so a failing check names itself and the
others still run (the `measured` fixture keeps them for the module).
"""

import pytest

from tests.e2e.axe import axe_violations

# The demo fixture commits to the database; each test only reads it.
pytestmark = [pytest.mark.live, pytest.mark.django_db]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCREENS = {
    "phone": {
        "viewport": {"width": 360, "height": 800},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
PAGES = [
    "home",
    "news index",
    "article",
    "events index",
    "event",
    "officials index",
    "official",
    "register index",
    "register document",
    "search results",
    "404",
]
# Wagtail pages carry a canonical link; the search view and the 404 do not.
WITHOUT_CANONICAL = {"search results", "404"}

# Sideways scroll of the document, and of any box inside it that scrolls
# sideways (a wide table in a scrolling wrapper is still sideways scroll).
MEASURE_SCROLL = """() => {
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    return ['auto', 'scroll'].includes(style.overflowX)
      && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
  });
  const past = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1;
  });
  return {
    scroll: document.documentElement.scrollWidth,
    width: innerWidth,
    scrolling: wide.slice(0, 3).map(el => el.outerHTML.slice(0, 80)),
    past: past.slice(0, 3).map(el => el.outerHTML.slice(0, 80)),
  };
}"""

# A word broken across lines: each run of letters in a visible text node is
# measured with a Range; rects on more than one line mean the browser broke
# it (Vietnamese writes one syllable per word, so any such break is inside a
# syllable). Words with '/', '@', ':' or '.' inside (addresses, e-mails,
# numbers like 12/2026/NQ-HĐND) may break at those, so they are left out.
FIND_BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const parent = node.parentElement;
      if (!parent || !node.data.trim()) return NodeFilter.FILTER_REJECT;
      if (parent.closest('script, style, noscript, template, svg, .visually-hidden'))
        return NodeFilter.FILTER_REJECT;
      const box = parent.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[\\p{L}\\p{N}\\p{M}]+(?:[-\\u2010][\\p{L}\\p{N}\\p{M}]+)*/gu)) {
      const word = match[0];
      if (word.length < 2) continue;
      const end = match.index + word.length;
      const next = node.data[end] || '';
      const before = node.data[match.index - 1] || '';
      if ('/@:.'.includes(next) && next || '/@:.'.includes(before) && before) continue;
      range.setStart(node, match.index);
      range.setEnd(node, end);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (rects.length < 2) continue;
      const tops = rects.map(r => r.top);
      const height = Math.min(...rects.map(r => r.height));
      // A hyphenated compound may wrap at its hyphen; a word may not.
      const pieces = word.split(/[-\\u2010]/);
      if (Math.max(...tops) - Math.min(...tops) > height / 2 && pieces.length === 1) {
        broken.push(word);
      }
    }
  }
  return broken.slice(0, 10);
}"""


class Measured:
    """What one load of a page on one screen showed, at 100% and 200% text."""

    def __init__(self, status, canonical, url, axe, scroll, broken, zoomed):
        self.status = status
        self.canonical = canonical
        self.url = url
        self.axe = axe
        self.scroll = scroll
        self.broken = broken
        self.zoomed = zoomed


@pytest.fixture(scope="module")
def measured(demo, browser, axe_source):
    """measured(page, screen): the page loaded once on that screen, measured."""
    tabs, found = {}, {}

    def measure(name, screen):
        if (name, screen) in found:
            return found[(name, screen)]
        if screen not in tabs:
            # axe is injected as an inline script, which the site's CSP
            # rightly refuses.
            context = browser.new_context(
                locale="vi-VN", bypass_csp=True, **SCREENS[screen]
            )
            tabs[screen] = context.new_page()
        tab = tabs[screen]
        response = tab.goto(demo[name])
        # The footer figures arrive by script; check the page as it settles.
        tab.wait_for_load_state("networkidle")
        canonical = tab.evaluate(
            "() => document.querySelector('link[rel=canonical]')?.href || null"
        )
        scroll, broken = tab.evaluate(MEASURE_SCROLL), tab.evaluate(FIND_BROKEN_WORDS)
        axe = axe_violations(tab, axe_source, AXE_TAGS)
        # Text at 200% (WCAG 1.4.4), as a browser's text-size setting does it.
        tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        zoomed = {
            "scroll": tab.evaluate(MEASURE_SCROLL),
            "broken": tab.evaluate(FIND_BROKEN_WORDS),
            "body": tab.evaluate(
                "() => parseFloat(getComputedStyle(document.body).fontSize)"
            ),
        }
        found[(name, screen)] = Measured(
            response.status, canonical, demo[name], axe, scroll, broken, zoomed
        )
        return found[(name, screen)]

    yield measure
    for tab in tabs.values():
        tab.context.close()


# Every public page type on both screens, one test id each.
CASES = [
    pytest.param(name, screen, id=f"{name.replace(' ', '-')}-{screen}")
    for name in PAGES
    for screen in SCREENS
]


@pytest.mark.parametrize(("name", "screen"), CASES)
def test_page_answers_and_names_its_own_address(measured, name, screen):
    page = measured(name, screen)

    assert page.status == (404 if name == "404" else 200)
    if name not in WITHOUT_CANONICAL:
        # The address the page was read on, not http://localhost/.
        assert page.canonical == page.url


@pytest.mark.parametrize(("name", "screen"), CASES)
def test_axe_with_best_practices_finds_nothing(measured, name, screen):
    assert measured(name, screen).axe == []


@pytest.mark.parametrize(("name", "screen"), CASES)
def test_no_sideways_scroll(measured, name, screen):
    scroll = measured(name, screen).scroll

    assert scroll["scroll"] <= scroll["width"], scroll["past"]
    assert scroll["scrolling"] == []


@pytest.mark.parametrize(("name", "screen"), CASES)
def test_no_word_is_broken_inside_a_syllable(measured, name, screen):
    assert measured(name, screen).broken == []


@pytest.mark.parametrize(("name", "screen"), CASES)
def test_text_at_200_percent_still_reads_without_sideways_scroll(
    measured, name, screen
):
    zoomed = measured(name, screen).zoomed

    assert zoomed["body"] >= 32, "the text really is twice its size"
    assert zoomed["scroll"]["scroll"] <= zoomed["scroll"]["width"], zoomed["scroll"]
    assert zoomed["scroll"]["scrolling"] == []
    assert zoomed["broken"] == []
