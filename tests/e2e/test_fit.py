"""In a real browser: every page of each role's navigation fits the screen — a 1366 px laptop
and a 390 px phone — without scrolling sideways, and the user menu with its log-out is in
view on every page (the security officer's many entries once pushed them off a 1366 px
screen). One browser context a role, both sizes in it."""

from __future__ import annotations

import pytest

from baomi.accounts import demo
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

SIZES = [(1366, 768), (390, 844)]
# One login of each role (the first of demo.LOGINS with it).
ROLES = list({role: username for username, role, _number in reversed(demo.LOGINS)}.values())

# How far the page reaches beyond the window, and where the user menu's button is.
MEASURE = """() => {
  const user = document.querySelector('[data-user]').getBoundingClientRect();
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    user: [user.left, user.right, user.top, user.bottom],
    width: window.innerWidth,
  };
}"""


def _in_view(box: list[float], width: int) -> bool:
    left, right, top, bottom = box
    return 0 <= left < right <= width and top >= 0 and bottom > top


def _logout_reachable(tab, width: int) -> None:
    tab.click("[data-user]")
    logout = tab.locator("[data-logout]")
    logout.wait_for(state="visible")
    box = logout.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    tab.keyboard.press("Escape")


def test_each_role_s_pages_fit_1366_and_390_px_with_the_log_out_in_view(browser, site):
    """The demo is built once; each role gets its own browser context for both sizes."""
    misfits, errors = [], []
    for username in ROLES:
        page = Page(browser, site)
        page.login(username, demo.PASSWORD)
        tab = page.tab
        paths = tab.eval_on_selector_all(
            "[data-nav]", "els => els.map(e => e.getAttribute('href'))"
        )
        assert paths, username
        paths.append("/search/?q=2026")
        if "/security-files/" in paths:
            # The security files' tabs and one person's file (the PERSON panels) too.
            page.go("/security-files/")
            paths += tab.eval_on_selector_all(
                "[data-people-tabs] a, table a[href^='/people/']",
                "els => [...new Set(els.map(e => e.getAttribute('href')))].slice(0, 8)",
            )
        for listing, rows in (
            ("/meetings/", "[data-table='meetings']"),
            ("/areas/", "[data-table='areas']"),
        ):
            if listing in paths:
                # A meeting's page (its list, checks, papers, minutes) and a secure area's.
                page.go(listing)
                paths += tab.eval_on_selector_all(
                    f"{rows} a[href^='{listing}']",
                    "els => [...new Set(els.map(e => e.getAttribute('href')))].slice(0, 2)",
                )
        for width, height in SIZES:
            tab.set_viewport_size({"width": width, "height": height})
            for path in paths:
                assert page.go(path).status == 200, (username, path)
                seen = tab.evaluate(MEASURE)
                if seen["overflow"] > 0 or not _in_view(seen["user"], width):
                    misfits.append((username, width, path, seen))
            _logout_reachable(tab, width)
        page.context.close()
        errors += [e for e in page.errors if "Content Security Policy" in e]
    assert not misfits, misfits
    assert not errors, errors
