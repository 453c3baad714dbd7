"""Keywords as whole fixed strings in text and bytes; the encoding decided per text; a hit counts
only where a character starts; masked snippets; matching in overlapping windows."""

from __future__ import annotations

import codecs
import random

import pytest

from baomi.scanner import automata
from baomi.scanner.keywords import Keyword
from baomi.scanner.matcher import KEYWORD, MARGIN, Matcher, detect_encoding
from baomi.scanner.model import SECRET, TOP_SECRET
from baomi.scanner.snippet import CONTEXT, ELLIPSIS

WORDS = [Keyword("涉密"), Keyword("涉密载体", SECRET), Keyword("TOP SECRET", TOP_SECRET)]


# Every engine this machine has: the fallback (ahocorasick-rs) is tested where hyperscan is too.
ENGINES = [e for e in automata.ENGINES if e == automata.AHOCORASICK or automata._hyperscan()]


@pytest.fixture(scope="module", params=ENGINES)
def matcher(request) -> Matcher:
    return Matcher(WORDS, engine=request.param)


def keywords_in(hits) -> list[tuple[str, str | None, int]]:
    return [(h.match, h.level, h.start) for h in hits if h.kind == KEYWORD]


def test_keywords_are_whole_strings_the_longest_where_they_nest(matcher):
    """涉密 alone is found; within 涉密载体 only the longer keyword is reported."""
    text = "一份涉密载体，两份涉密文件。TOP SECRET, top secret"
    assert keywords_in(matcher.scan_text(text)) == [
        ("涉密载体", SECRET, 2),
        ("涉密", None, 9),
        ("TOP SECRET", TOP_SECRET, 14),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16le"])
def test_keywords_found_as_bytes_in_each_encoding(matcher, encoding):
    text = "第一行\n一份涉密载体，两份涉密文件。\nTOP SECRET\n"
    data = text.encode(encoding)
    hits = matcher.scan_bytes(data, detect_encoding(data))
    found = [(h.match, h.level, h.encoding) for h in hits]
    assert found == [
        ("涉密载体", SECRET, encoding),
        ("涉密", None, encoding),
        ("TOP SECRET", TOP_SECRET, encoding),
    ]
    assert data[hits[0].start : hits[0].end] == "涉密载体".encode(encoding)


@pytest.mark.parametrize("encoding", [None, "utf-8", "gb18030", "utf-16le"])
def test_a_keyword_that_is_also_a_marking_is_both(encoding):
    matcher = Matcher([Keyword("内部资料"), Keyword("ascii word")])
    text = "这是内部资料 ascii word\n"
    if encoding is None:
        hits = matcher.scan_text(text)
    else:
        data = text.encode(encoding)
        hits = matcher.scan_bytes(data, detect_encoding(data))
    assert sorted((h.kind, h.match) for h in hits) == [
        ("keyword", "ascii word"),
        ("keyword", "内部资料"),
        ("marking", "内部资料"),
    ]


def test_unknown_content_is_matched_in_all_three_encodings(matcher):
    """Binary content: every encoding at any offset, but only encoded forms of 6 bytes or more
    (涉密 in GB18030 or UTF-16 is 4 bytes, which random bytes hold every few gigabytes)."""
    blob = b"\x00\x01\x02\xff" * 10
    data = blob + "涉密载体".encode("utf-16le") + blob + "涉密载体".encode("gb18030") + blob
    data += "涉密".encode() + blob + b"TOP SECRET" + blob
    data += "涉密".encode("utf-16le") + blob + "涉密".encode("gb18030") + blob
    assert detect_encoding(data) is None
    found = [(h.match, h.encoding) for h in matcher.scan_bytes(data, None)]
    assert found == [
        ("涉密载体", "utf-16le"),
        ("涉密载体", "gb18030"),
        ("涉密", "utf-8"),
        ("TOP SECRET", "utf-8"),  # once, though it is the same bytes in GB18030
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("纯文本 plain text".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "文本".encode(), "utf-8"),
        ("中文文本，第二句。\r\n".encode("gb18030"), "gb18030"),
        ("中文 text\r\n".encode("utf-16le"), "utf-16le"),
        ("全是中文没有别的".encode("utf-16le"), "utf-16le"),
        (codecs.BOM_UTF16_LE + "中文".encode("utf-16le"), "utf-16le"),
        (bytes(range(256)) * 4, None),
    ],
)
def test_encoding_detected(data, encoding):
    assert detect_encoding(data) == encoding


def test_a_utf8_text_with_a_stray_byte_stays_utf8():
    data = ("正文内容 " * 300).encode() + b"\xff" + "涉密".encode()
    assert detect_encoding(data) == "utf-8"


def _misaligned(text: str, encoding: str) -> str:
    """Two characters whose bytes occur in ``text`` one byte off its characters' starts."""
    return text.encode(encoding)[1:5].decode(encoding)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("gb18030", b""), ("utf-16le", codecs.BOM_UTF16_LE), ("utf-16le", b"")],
)
def test_a_hit_between_characters_does_not_count(encoding, prefix):
    text = "中文字\n"
    word = _misaligned(text, encoding)
    assert word.encode(encoding) in text.encode(encoding)
    matcher = Matcher([Keyword(word)])
    data = prefix + (text * 3).encode(encoding)
    assert matcher.scan_bytes(data, detect_encoding(data)) == []
    # The same bytes where the word really is are found.
    data = prefix + (text + word + "\n").encode(encoding)
    assert [h.match for h in matcher.scan_bytes(data, detect_encoding(data))] == [word]


def test_snippet_shows_the_match_and_a_few_characters_of_its_line(matcher):
    line = "这一行很长，前面有许多文字，然后是涉密载体四个字，后面还有很多很多文字。"
    text = f"第一行不应出现\n{line}\n最后一行也不应出现"
    (hit,) = matcher.scan_text(text)
    assert hit.snippet == "…，然后是涉密载体四个字，…"
    for data in (text.encode(), text.encode("gb18030"), text.encode("utf-16le")):
        (byte_hit,) = matcher.scan_bytes(data, detect_encoding(data))
        assert byte_hit.snippet == hit.snippet


@pytest.mark.parametrize("seed", range(5))
def test_snippets_never_hold_more_than_context_characters_around_the_match(matcher, seed):
    rng = random.Random(seed)
    filler = "甲乙丙丁 abc，。\t"
    text = "".join(
        rng.choice([*filler, "\n", "涉密", "涉密载体", "机密★10年"]) for _ in range(3000)
    )
    hits = matcher.scan_text(text)
    assert hits
    for hit in hits:
        around = hit.snippet.replace(ELLIPSIS, "")
        assert hit.match.replace("\t", " ") in around
        assert len(around) - len(hit.match) <= 2 * CONTEXT
        assert "\n" not in hit.snippet


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16le"])
def test_windows_find_what_the_whole_finds(matcher, encoding):
    """Matched in windows that overlap by MARGIN, every hit (across a border too) is found
    exactly once, at the same offset, with the same snippet."""
    rng = random.Random(7)
    pieces = ["正文", "abc ", "\n", "涉密载体", "涉密", "机密★10年", "TOP SECRET"]
    data = "".join(rng.choice(pieces) for _ in range(6000)).encode(encoding)
    detected = detect_encoding(data)
    whole = matcher.scan_bytes(data, detected)
    window = 5000  # even: a UTF-16 window starts on a character
    windowed = []
    for own in range(0, len(data), window):
        lo = max(0, own - MARGIN)
        chunk = data[lo : own + window + MARGIN]
        windowed += matcher.scan_bytes(
            chunk, detected, start=own - lo, stop=min(own + window, len(data)) - lo, offset=lo
        )
    assert len(whole) > 100
    assert windowed == whole
