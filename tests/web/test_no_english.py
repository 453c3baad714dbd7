"""No English in the Chinese interface: every page a demo login reaches from its home page and
its navigation (GET only, a bounded number of pages) shows no English word in its visible text
— the text between tags and the attributes a person reads (title, placeholder, aria-label, alt,
a button's value) — other than rule IDs (HANDOVER, CLS-MARK: a badge shows its title beside
it), codes and numbers, logins, file extensions, the product's name, units and the acronyms
of ALLOWED."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from baomi.accounts.demo import LOGINS
from baomi.core.rules import RULES
from tests.web.conftest import signed_in

# Where the crawl starts: the home page, a search and pages that are not there (the 404 page;
# the 403 page for a login the audit log is not for).
START = ["/", "/search/?q=2026", "/no-such-page/", "/audit/"]
# Pages per login, and pages per shape of address (/people/<n>/: a few people, not all).
MAX_PAGES = 150
PER_SHAPE = 3
DIGITS = re.compile(r"\d+")
# Links not followed: downloads and exports (not pages), leaving, switching the language,
# the JSON API and static files.
SKIPPED = re.compile(
    r"^/(api|i18n|static|media)/|/logout|/export|/download|\.(xlsx|csv|pdf|json|zip|png|svg)$"
    r"|[?&](format|export|download)="
)
# Words a Chinese page may show: acronyms, units, file extensions, the office programs Chinese
# offices name as they are (Word, Excel), the product's name and the language switch's own name
# for English.
ACRONYMS = (
    "USB MAC API PDF PIN QR IP OS ID CPU JSON CSV URL HTTP HTTPS SHA TLS UTC OA CD DVD"
    " XLSX JPEG PNG"
)
ALLOWED = {
    *ACRONYMS.split(),
    *("GB", "MB", "KB", "TB"),
    *("xlsx", "docx", "csv", "pdf", "json", "zip"),
    *("Word", "Excel"),
    "baomi",
    "English",
}
LOGIN_NAMES = {username for username, _role, _number in LOGINS}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# A code: a word joined to digits or other capitals by hyphens or dots (CLS-MARK, SB-2026-001,
# A001, v1), or an e-mail address or file name as one token.
CODE = re.compile(
    r"\b[A-Za-z]*\d[\w.-]*|\b[A-Z]{2,}(?:[-_][A-Z0-9]+)+\b|[\w.-]+@[\w.-]+|\S+\.\w{2,4}\b"
)
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Not read as words: what is not shown, and code (a command, a path: <code>baomi scan</code>).
# Nor what a form holds for editing (a checklist's item keys in a textarea): data, not the
# interface's words.
HIDDEN_TAGS = {"script", "style", "template", "noscript", "code", "kbd", "samp", "textarea"}


class VisibleText(HTMLParser):
    """The text a person reads on a page, and the page's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self._hidden += 1
            return
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The English words of ``text`` that are not codes, logins or ALLOWED."""
    return [
        word
        for word in WORD.findall(CODE.sub(" ", text))
        if word not in allowed and word.upper() not in allowed and len(word) > 1
    ]


def crawl(client, allowed: set[str]) -> dict[str, list[str]]:
    """The English found on each page reached from START, by page (path)."""
    found: dict[str, list[str]] = {}
    queue, seen, shapes = deque(START), set(START), Counter()
    opened = 0
    while queue and opened < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        opened += 1
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        words = english_words("\n".join(page.parts), allowed)
        if words:
            found[path] = sorted(set(words))
        for href in page.links:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            shape = DIGITS.sub("n", link)
            if link not in seen and not SKIPPED.search(link) and shapes[shape] < PER_SHAPE:
                seen.add(link)
                shapes[shape] += 1
                queue.append(link)
    return found


@pytest.mark.parametrize("username", sorted(LOGIN_NAMES))
def test_no_english_word_on_any_chinese_page(demo_accounts, username):
    """Every page the login reaches speaks Chinese: the untranslated words, page by page."""
    client = signed_in(demo_accounts[username], language="zh-hans")
    found = crawl(client, ALLOWED | LOGIN_NAMES | set(RULES))
    report = "\n".join(f"{path}: {' '.join(words)}" for path, words in sorted(found.items()))
    assert not found, f"English on Chinese pages of {username}:\n{report}"
