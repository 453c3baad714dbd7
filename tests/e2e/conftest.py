"""Browser tests: Playwright (sync API) driving Debian's /usr/bin/chromium against
pytest-django's live server holding the demo organisation. Run with BAOMI_E2E=1."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (building the demo) are synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


# The test database right after the demo was built (SQLite, in memory): each browser test
# starts from a copy of it. Each test's database is emptied after it (a live server's tests
# commit), and the demo is built once per process.
_demo_image: sqlite3.Connection | None = None


@pytest.fixture
def site(live_server) -> str:
    """The live server's URL, with the demo organisation (示例单位) in the test DB."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from baomi.seams.demo import build_demo

    global _demo_image
    if connection.vendor != "sqlite":
        build_demo()
        return live_server.url
    connection.ensure_connection()
    if _demo_image is None:
        build_demo()
        _demo_image = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_image)
    else:
        _demo_image.backup(connection.connection)
        # The content types as the copy has them (emptying the database made new ones).
        ContentType.objects.clear_cache()
    return live_server.url


class Page:
    """A browser tab on the site that remembers console errors (a CSP violation is one)."""

    def __init__(self, browser, base: str) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        self.tab = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.tab.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str):
        return self.tab.goto(self.base + path)

    def login(self, username: str, password: str) -> None:
        self.go("/login/")
        self.tab.fill("#id_username", username)
        self.tab.fill("#id_password", password)
        self.tab.click("form[action='/login/'] button[type=submit]")
        self.tab.wait_for_load_state()

    def open_action(self, key: str) -> None:
        """Press the button of a page's action (web/partials/actions.html): its form opens."""
        self.tab.click(f"[data-actions] a[data-form='{key}']")
        self.tab.locator(f"form[data-panel][data-form='{key}']").wait_for(state="visible")


@pytest.fixture
def page(browser, site) -> Iterator[Page]:
    tab = Page(browser, site)
    yield tab
    tab.context.close()
    csp = [e for e in tab.errors if "Content Security Policy" in e]
    assert not csp, csp
