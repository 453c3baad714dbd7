"""Simplified Chinese is complete: every message of the .po file is translated, none is fuzzy,
and the compiled .mo that the server loads says the same (no gettext needed to run)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import baomi

LOCALE = Path(baomi.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.M)


def _text(quoted: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted.splitlines())


def _entries() -> dict[tuple[str, str], str]:
    """Each message by (context — "" without one —, msgid)."""
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    return {(_text(c), _text(i)): _text(s) for c, i, s in ENTRY.findall(po) if _text(i)}


def test_every_message_is_translated_and_none_is_fuzzy():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    untranslated = [msgid for msgid, msgstr in _entries().items() if not msgstr]
    assert untranslated == []


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [
        (context, msgid)
        for (context, msgid), msgstr in _entries().items()
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert stale == []
