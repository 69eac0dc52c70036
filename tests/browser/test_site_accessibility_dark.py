"""axe-core on every page in the dark colour mode: its contrast must pass too.

Its own file so that pytest-xdist (``--dist loadfile``) can run it beside the light-mode checks
in test_site_accessibility.py, instead of after them on the same worker. Only the rules that
judge colour run here: switching the mode changes the page's colours, not its structure,
names or roles, which the light-mode checks judge on the same pages.
"""

from __future__ import annotations

import pytest

from sitebrowse import BLOCKING, axe_violations, describe, open_page, toc_pages

pytestmark = pytest.mark.browser

# What pydata-sphinx-theme's colour-mode button does: set the mode and theme on <html>.
DARK = "() => { const root = document.documentElement; root.dataset.mode = 'dark'; " \
    "root.dataset.theme = 'dark'; }"
# axe-core's WCAG 2.1 AA rules whose outcome depends on colours.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


@pytest.mark.parametrize("page", toc_pages())
def test_no_serious_accessibility_violation_in_dark_mode(browser, site_url, page: str) -> None:
    # Readers can switch the theme to dark; its contrast must pass too. A page of its own, so
    # the shared light-mode visit is left as it was.
    visit = open_page(browser, site_url + page)
    try:
        visit.page.evaluate(DARK)
        visit.page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
        # The theme fades colours: judge contrast once the transitions have finished.
        visit.page.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running')", timeout=10_000
        )
        blocking = [v for v in axe_violations(visit.page, COLOUR_RULES) if v["impact"] in BLOCKING]
        assert not blocking, describe(blocking)
    finally:
        visit.page.context.close()


def test_the_colour_rules_catch_poor_contrast(browser) -> None:
    """Control: the rule subset fails a page whose text barely differs from its background."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="en"><body style="background:#fff">'
                         '<main><p style="color:#ddd">faint</p></main></body></html>')
        found = {v["id"] for v in axe_violations(page, COLOUR_RULES)}
        assert found == {"color-contrast"}, found
    finally:
        context.close()
