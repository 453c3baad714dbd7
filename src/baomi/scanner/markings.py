"""Classification markings as documents carry them, and the anchors that find them cheaply.

A marking is recognised in two steps. The matcher's automaton looks for short *anchors*
(``机密★``, ``密级``, ``内部资料``, ``绝 密``, ``★`` …) alongside the keywords, so text without
one costs nothing more than the automaton's pass. At each anchor, ``confirm`` runs the marking
rules on a few hundred characters of decoded text:

- a level with a star and an optional term: ``绝密★``, ``机密★10年``, ``秘密★1年``,
  ``机密★长期``, ``绝密★启用前`` (a half-width ``*`` only with a term: ``机密*5年``);
- a classification field: ``密级：机密``, ``密级:秘密★5年``;
- ``内部资料``, ``内部★`` and ``注意保存`` (INTERNAL);
- a star with a term and no level: ``★5年`` (level unknown);
- a bare level word that is the whole line (a header or footer mark) or in brackets:
  ``机密`` alone, ``【绝密】``.

Full-width and half-width variants (★☆*＊, ：:, ０-９) and up to three spaces (ASCII, tab,
ideographic, no-break) between the characters are accepted. A level word inside ordinary text
(秘密花园, 机密文件柜, 公司内部讨论) is no marking.
"""

from __future__ import annotations

import functools
import re

from baomi.scanner.model import CONFIDENTIAL, INTERNAL, SECRET, TOP_SECRET

SPACES = " \t\u3000\u00a0"
BLANK = SPACES + "\r\n\ufeff"  # what may surround a header mark on its line
_S = f"[{SPACES}]{{0,3}}"

LEVELS = {"绝密": TOP_SECRET, "机密": SECRET, "秘密": CONFIDENTIAL, "内部": INTERNAL}
_STARS = "★☆＊"
_OPENERS = "(（[【〖"
_CLOSERS = ")）]】〗"


def _spaced(word: str) -> str:
    return _S.join(word)


def _levels(*words: str) -> str:
    return "(?P<level>" + "|".join(map(_spaced, words)) + ")"


_TERM = (
    f"(?:[0-9０-９一二三四五六七八九十两]{{1,3}}{_S}(?:年|个{_S}月|月)"
    f"|{_spaced('长期')}|{_spaced('永久')}|{_spaced('启用前')})"
)
_STARRED = f"(?:[{_STARS}](?:{_S}{_TERM})?|\\*{_S}{_TERM})"
_CLASSIFIED = ("绝密", "机密", "秘密")


# (rule, the level when the rule has no level group), tried in order at an anchor; compiled
# when the first anchor is confirmed (most scans of plain text never need them).
@functools.cache
def _rules() -> tuple[tuple[re.Pattern[str], str | None], ...]:
    return (
        (re.compile(f"{_levels(*_CLASSIFIED)}{_S}{_STARRED}"), None),
        (
            re.compile(
                f"{_spaced('密级')}{_S}[:：]?{_S}{_levels(*LEVELS)}(?:{_S}级)?(?:{_S}{_STARRED})?"
            ),
            None,
        ),
        (re.compile(f"{_spaced('内部')}{_S}(?:{_spaced('资料')}|{_STARRED})"), INTERNAL),
        (re.compile(_spaced("注意保存")), INTERNAL),
        (re.compile(f"[{_STARS}]{_S}{_TERM}"), None),
    )


@functools.cache
def _bare_level() -> re.Pattern[str]:
    return re.compile(_levels(*_CLASSIFIED))


def _anchors() -> tuple[str, ...]:
    found = {"密级", "内部资料", "注意保存", *_STARS}
    for word in _CLASSIFIED:
        # What follows a level word in a marking: a star, a space, the end of its line, a bracket.
        found.update(word + c for c in _STARS + "*" + SPACES + "\r\n" + _CLOSERS)
    found.update("内部" + c for c in _STARS + "*")
    for word in (*_CLASSIFIED, "内部", "密级", "注意"):
        # Spaced out: 绝 密, 密　级, 注  意 …
        found.update(word[0] + sep * n + word[1] for sep in SPACES for n in (1, 2, 3))
    return tuple(sorted(found))


ANCHORS = _anchors()
# Marking words that may end a text without a newline after them (a header's only text).
TRAILING = _CLASSIFIED


def confirm(before: str, after: str, *, whole_line: bool) -> tuple[str, str | None] | None:
    """The marking that starts ``after`` (text from an anchor to the end of its line, or a
    window of it), as ``(text as found, level)``, or None. ``before`` is the text of the line
    before the anchor; ``whole_line`` says whether both are complete up to the line's ends (a
    bare level word counts only when it is alone on a complete line)."""
    for rule, level in _rules():
        m = rule.match(after)
        if m:
            found = m.group()
            if "level" in m.groupdict():
                level = LEVELS[_squeeze(m.group("level"))]
            return found, level
    m = _bare_level().match(after)
    if m is None:
        return None
    rest, head = after[m.end() :].strip(BLANK), before.strip(BLANK)
    alone = whole_line and not rest and not head
    bracketed = head[-1:] in tuple(_OPENERS) and rest[:1] in tuple(_CLOSERS)
    if alone or bracketed:
        return m.group(), LEVELS[_squeeze(m.group("level"))]
    return None


def _squeeze(text: str) -> str:
    return "".join(c for c in text if c not in SPACES)
