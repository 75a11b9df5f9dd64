"""WCAG 2.1 AA in a real browser: axe-core on every kind of public page,
keyboard use, visible focus and text zoomed to 200% on a small phone."""

import pytest

from tests.e2e.axe import axe_violations

# The demo fixture commits to the database; each test only reads it.
pytestmark = [pytest.mark.live, pytest.mark.django_db]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Elements a keyboard user must be able to reach with Tab.
CONTROLS = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),"
    " select:not([disabled]), textarea:not([disabled]), [tabindex='0']"
)


def test_axe_finds_no_wcag_violation_on_any_kind_of_page(demo, page_for, axe_source):
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    tab = page_for(bypass_csp=True)
    found = {}
    for name in demo.paths:
        response = tab.goto(demo[name])
        assert response.status == (404 if name == "404" else 200), name
        # The footer figures arrive by script; check the page as it settles.
        tab.wait_for_load_state("networkidle")
        violations = axe_violations(tab, axe_source, AXE_TAGS)
        if violations:
            found[name] = violations
    assert found == {}


def focus_info(tab):
    return tab.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            cls: el.className,
            key: el.outerHTML.slice(0, 120),
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
            shadow: style.boxShadow !== "none",
            visible: box.width > 0 && box.height > 0,
          };
        }"""
    )


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(demo, page_for):
    tab = page_for()
    tab.goto(demo["article"])

    tab.keyboard.press("Tab")
    skip = focus_info(tab)
    assert "skip-link" in skip["cls"]
    assert skip["visible"], "the skip link shows when focused"

    tab.keyboard.press("Enter")
    assert focus_info(tab)["id"] == "main-content"
    # The next Tab continues inside the main content, past header and menu.
    tab.keyboard.press("Tab")
    assert tab.evaluate(
        "() => document.getElementById('main-content').contains(document.activeElement)"
    )


@pytest.mark.parametrize("name", ["home", "article"])
def test_every_control_is_reached_by_tab_and_shows_its_focus(demo, page_for, name):
    tab = page_for()
    tab.goto(demo[name])
    expected = tab.eval_on_selector_all(
        CONTROLS,
        """els => els
          .filter(el => el.getClientRects().length > 0 || el.matches('.skip-link'))
          .map(el => el.outerHTML.slice(0, 120))""",
    )

    reached, unseen = [], []
    for _ in range(len(expected) + 5):
        tab.keyboard.press("Tab")
        info = focus_info(tab)
        if info["tag"] == "body" or (reached and info["key"] == reached[0]):
            break
        reached.append(info["key"])
        if not (info["outline"] or info["shadow"]):
            unseen.append(info["key"])

    assert len(expected) > 10
    assert [key for key in expected if key not in reached] == []
    assert unseen == [], "focus must always be visible"


@pytest.mark.parametrize("name", ["home", "article"])
def test_text_zoomed_to_200_percent_on_a_small_phone_needs_no_sideways_scroll(
    demo, page_for, name
):
    tab = page_for(width=360, height=740, is_mobile=True, has_touch=True)
    tab.goto(demo[name])
    tab.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")

    sizes = tab.evaluate(
        """() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          wide: [...document.querySelectorAll('main *')]
            .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5).map(el => el.outerHTML.slice(0, 100)),
        })"""
    )

    assert sizes["scroll"] <= sizes["client"], sizes["wide"]
    body_size = tab.evaluate(
        "() => parseFloat(getComputedStyle(document.body).fontSize)"
    )
    assert body_size >= 32, "the text really is twice its size"
