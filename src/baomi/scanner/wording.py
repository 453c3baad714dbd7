"""Where a finding is and why a file was skipped, as a person reads them.

The report keeps both as short English tokens — its wire format, which the web app stores:
"line 3", "slide 2 notes", "sheet 工资!B2", "WordDocument, byte 812", "corrupt pdf". These
functions say them in the reader's language through the ``gettext`` they are given (the
scanner's own for its tables, Django's for the pages); what they do not know is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from baomi.scanner.i18n import gettext_noop

Gettext = Callable[[str], str]

# A part of a location that counts: "paragraph 12" → 第12段.
NUMBERED = {
    "line": gettext_noop("line %(n)s"),
    "byte": gettext_noop("byte %(n)s"),
    "page": gettext_noop("page %(n)s"),
    "paragraph": gettext_noop("paragraph %(n)s"),
    "slide": gettext_noop("slide %(n)s"),
    "notes": gettext_noop("notes of slide %(n)s"),
    "header": gettext_noop("header %(n)s"),
    "footer": gettext_noop("footer %(n)s"),
    "footnote": gettext_noop("footnote %(n)s"),
    "endnote": gettext_noop("endnote %(n)s"),
    "comment": gettext_noop("comment %(n)s"),
    "shared string": gettext_noop("shared string %(n)s"),
}
# A part of a location named by a word alone.
NAMED = {
    "properties": gettext_noop("document properties"),
    "subject": gettext_noop("subject"),
    "body": gettext_noop("body"),
    "text": gettext_noop("text"),
    "comment": gettext_noop("comment"),
    "footnote": gettext_noop("footnote"),
    "endnote": gettext_noop("endnote"),
    "header/footer": gettext_noop("header or footer"),
    "text box": gettext_noop("text box"),
    "header text box": gettext_noop("text box in the header"),
}
_NUMBERED = re.compile(rf"({'|'.join(NUMBERED)}) (\d+)")
_SLIDE_PART = re.compile(r"slide (\d+) (notes|comment)")
_SLIDE_PARTS = {
    "notes": gettext_noop("slide %(n)s, notes"),
    "comment": gettext_noop("slide %(n)s, comment"),
}
_SHEET = re.compile(r"sheet (.+?)(?:!([A-Z]+\d+))?(?: (comment|header|footer))?")
_SHEET_PARTS = {
    None: gettext_noop("sheet %(sheet)s"),
    "comment": gettext_noop("sheet %(sheet)s, comment"),
    "header": gettext_noop("sheet %(sheet)s, header"),
    "footer": gettext_noop("sheet %(sheet)s, footer"),
}
_CELL_PARTS = {
    None: gettext_noop("sheet %(sheet)s, cell %(cell)s"),
    "comment": gettext_noop("sheet %(sheet)s, comment on cell %(cell)s"),
}

# Skip reasons with a word that varies (the format, the error's name, a count).
_REASONS = (
    (
        re.compile(r"corrupt (\w+) \(page (\d+) unreadable\)"),
        gettext_noop("corrupt %(a)s (page %(b)s unreadable)"),
    ),
    (re.compile(r"corrupt (\w+)"), gettext_noop("corrupt %(a)s")),
    (re.compile(r"cannot be read \((\w+)\)"), gettext_noop("cannot be read (%(a)s)")),
    (
        re.compile(r"more than (\d+) findings, the rest not listed"),
        gettext_noop("more than %(a)s findings, the rest not listed"),
    ),
)


def _part(part: str, _: Gettext) -> str:
    if part in NAMED:
        return _(NAMED[part])
    if m := _SLIDE_PART.fullmatch(part):
        return _(_SLIDE_PARTS[m[2]]) % {"n": m[1]}
    if m := _NUMBERED.fullmatch(part):
        return _(NUMBERED[m[1]]) % {"n": m[2]}
    if m := _SHEET.fullmatch(part):
        sheet, cell, which = m.groups()
        if cell:
            return _(_CELL_PARTS[which if which == "comment" else None]) % {
                "sheet": sheet,
                "cell": cell,
            }
        return _(_SHEET_PARTS[which]) % {"sheet": sheet}
    return part


def location_text(location: str, gettext: Gettext) -> str:
    """A finding's location in the reader's language: "line 3" → 第3行."""
    return " · ".join(_part(part, gettext) for part in location.split(", ")) if location else ""


def reason_text(reason: str, gettext: Gettext) -> str:
    """Why a file was skipped, in the reader's language."""
    for pattern, message in _REASONS:
        if m := pattern.fullmatch(reason):
            return gettext(message) % dict(zip("ab", m.groups(), strict=False))
    return gettext(reason)
