"""The two matching engines (hyperscan, ahocorasick-rs) give identical results: the same
occurrences, offsets, hits and findings, on Chinese text, nested and overlapping keywords,
keywords cut by a window's border, case, NUL bytes and empty input. The engine is chosen once
(BAOMI_SCAN_ENGINE, else hyperscan where it works), and ahocorasick-rs is the fallback."""

from __future__ import annotations

import io
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi.scanner import automata, cli, engine
from baomi.scanner.engine import Engine, scan_files
from baomi.scanner.keywords import Keyword
from baomi.scanner.matcher import MARGIN, Matcher, detect_encoding
from baomi.scanner.model import SECRET, TOP_SECRET
from baomi.scanner.walker import FileEntry

HS, AC = automata.HYPERSCAN, automata.AHOCORASICK
needs_hyperscan = pytest.mark.skipif(
    automata._hyperscan() is None, reason="hyperscan has no wheel for this platform"
)

# Nested (涉密 in 涉密载体), overlapping (载体 starts inside 涉密载体; ABA overlaps itself in
# ABABA), a keyword that is also a marking anchor (内部资料), case (only TOP SECRET as written).
WORDS = [
    Keyword("涉密"),
    Keyword("涉密载体", SECRET),
    Keyword("载体"),
    Keyword("密载"),
    Keyword("ABA"),
    Keyword("内部资料"),
    Keyword("TOP SECRET", TOP_SECRET),
    Keyword("玄鸟工程"),
]
PIECES = [
    "正文",
    "中文字",
    "abc ",
    " ",
    "\n",
    "\r\n",
    "涉密载体",
    "涉密",
    "载体",
    "ABABA",
    "aba",
    "TOP SECRET",
    "top secret",
    "Top Secret",
    "内部资料",
    "机密★10年",
    "绝 密",
    "【秘密】",
    "秘密花园",
    "玄鸟",
    "工程",
    "★",
]
ENCODINGS = ["utf-8", "gb18030", "utf-16le"]


@pytest.fixture(scope="module")
def matchers() -> dict[str, Matcher]:
    return {name: Matcher(WORDS, engine=name) for name in automata.ENGINES}


def occurrences(automaton: automata.Automaton, data) -> list[automata.Match]:
    return sorted(automaton.find(data))


def test_the_fallback_finds_every_occurrence_overlapping_and_duplicate():
    """ahocorasick-rs (the fallback, tested wherever hyperscan is installed too): every
    occurrence of every pattern, overlapping ones and a pattern given twice included."""
    found = automata.bytes_automaton([b"ab", b"ab", b"bab", b"\x00a"], AC)
    assert occurrences(found, b"\x00abab") == [
        (0, 1, 3),
        (0, 3, 5),
        (1, 1, 3),
        (1, 3, 5),
        (2, 2, 5),
        (3, 0, 2),
    ]
    text = automata.text_automaton(["涉密", "密载", "涉密载体"], AC)
    assert occurrences(text, "一份涉密载体") == [(0, 2, 4), (1, 3, 5), (2, 2, 6)]
    assert occurrences(text, "") == []


@needs_hyperscan
def test_hyperscan_finds_the_same_occurrences_as_the_fallback():
    patterns = [b"ab", b"ab", b"bab", b"\x00a", "涉密".encode("utf-16le"), b"\xff\xfe"]
    data = b"\x00abab\xff\xfe" + "一份涉密".encode("utf-16le") + b"abab\x00a"
    hs, ac = (automata.bytes_automaton(patterns, e) for e in (HS, AC))
    assert occurrences(hs, data) == occurrences(ac, data)
    assert len(occurrences(hs, data)) == 14
    assert hs.find(b"") == ac.find(b"") == []
    assert automata.bytes_automaton([], HS).find(data) == []


@needs_hyperscan
@settings(max_examples=200, deadline=None)
@given(
    patterns=st.lists(st.binary(min_size=1, max_size=4), min_size=1, max_size=8),
    data=st.binary(max_size=64),
)
def test_hyperscan_and_the_fallback_agree_on_any_bytes(patterns, data):
    hs, ac = (automata.bytes_automaton(patterns, e) for e in (HS, AC))
    assert occurrences(hs, data) == occurrences(ac, data)


@needs_hyperscan
@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text("涉密载体ab★\U0001f600", min_size=1, max_size=3), min_size=1),
    text=st.text("涉密载体ab★\U0001f600\n ", max_size=40),
)
def test_hyperscan_and_the_fallback_agree_on_any_text_in_characters(words, text):
    """Character offsets, astral characters (4 bytes in UTF-8, one character) included."""
    hs, ac = (automata.text_automaton(words, e) for e in (HS, AC))
    assert occurrences(hs, text) == occurrences(ac, text)


@needs_hyperscan
def test_a_lone_surrogate_fails_alike_in_both_engines():
    """Text no UTF-8 can hold fails the same way (the engine reports the file as unreadable
    with the error's name)."""
    for name in (HS, AC):
        with pytest.raises(UnicodeEncodeError):
            automata.text_automaton(["涉密"], name).find("涉密\ud800")


def scan_everything(matcher: Matcher, text: str) -> list:
    """The hits of ``text`` as text, as bytes in each encoding (detected, and as unknown
    content), and matched in windows that cut it anywhere."""
    results: list = [matcher.scan_text(text)]
    for encoding in ENCODINGS:
        data = text.encode(encoding)
        detected = detect_encoding(data)
        results += [matcher.scan_bytes(data, detected), matcher.scan_bytes(data, None)]
        window = 6  # small and even: borders cut keywords and markings everywhere
        for own in range(0, len(data), window):
            lo = max(0, own - MARGIN)
            results.append(
                matcher.scan_bytes(
                    data[lo : own + window + MARGIN],
                    detected,
                    start=own - lo,
                    stop=min(own + window, len(data)) - lo,
                    offset=lo,
                )
            )
    return results


@needs_hyperscan
@pytest.mark.parametrize(
    "text",
    [
        "",
        "一份涉密载体，两份涉密文件。TOP SECRET, top secret, Top Secret",
        "ABABABA aba 内部资料\n机密★10年\n绝 密\n【秘密】\n秘密花园",
        "玄鸟\n工程玄鸟工程玄鸟工程\r\n载体涉密载体载体",
        "机密",  # a bare level word ending the text: a marking (the trailing rule)
    ],
)
def test_both_engines_give_the_same_hits(matchers, text):
    hs, ac = (scan_everything(matchers[e], text) for e in (HS, AC))
    assert hs == ac
    if text:
        assert any(hs)


@needs_hyperscan
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_both_engines_give_the_same_hits_on_any_mixture(matchers, pieces):
    text = "".join(pieces)
    assert scan_everything(matchers[HS], text) == scan_everything(matchers[AC], text)


@needs_hyperscan
def test_both_engines_give_the_same_findings_for_whole_files(tmp_path, monkeypatch):
    """Files of each encoding and unknown content, small and matched whole, large and matched
    in windows whose borders cut keywords, in one process and in two: the same findings,
    locations and snippets."""
    monkeypatch.setattr(engine, "RAW_THRESHOLD", 4000)
    monkeypatch.setattr(engine, "WINDOW_BYTES", 1000)
    rng = random.Random(2026)
    for n in range(24):
        text = "".join(rng.choice(PIECES) for _ in range(rng.choice([5, 50, 1500])))
        encoding = ENCODINGS[n % 3]
        prefix = b"\x00\x01\xff\xfe\x02" * 20 if n % 4 == 3 else b""  # no known encoding
        (tmp_path / f"{n:02}.txt").write_bytes(prefix + text.encode(encoding))
    (tmp_path / "empty.txt").write_bytes(b"")
    entries = [FileEntry.of(str(p), os.stat(p)) for p in sorted(tmp_path.iterdir())]
    assert any(e.size > 4000 for e in entries)
    results = {}
    for name in (HS, AC):
        scanner = Engine(Matcher(WORDS, engine=name))
        results[name] = sorted(scan_files(scanner, entries, jobs=1))
        assert sorted(scan_files(scanner, entries, jobs=2), key=lambda r: r[0]) == results[name]
    assert results[HS] == results[AC]
    assert sum(len(r.findings) for _i, r in results[AC]) > 100


def test_the_engine_is_hyperscan_where_it_works_unless_told(monkeypatch):
    monkeypatch.delenv(automata.ENV, raising=False)
    expected = AC if automata._hyperscan() is None else HS
    assert automata.choose() == expected
    assert Matcher(WORDS).engine == expected
    monkeypatch.setenv(automata.ENV, "ahocorasick")
    assert automata.choose() == AC
    assert Matcher(WORDS).engine == AC
    assert automata.choose("hyperscan") == expected or automata._hyperscan() is None


def test_without_hyperscan_the_scan_falls_back_to_ahocorasick(monkeypatch):
    monkeypatch.delenv(automata.ENV, raising=False)
    monkeypatch.setattr(automata, "_hyperscan", lambda: None)
    matcher = Matcher(WORDS)
    assert matcher.engine == AC
    assert [h.match for h in matcher.scan_text("一份涉密载体")] == ["涉密载体"]
    with pytest.raises(automata.EngineError, match="hyperscan"):
        Matcher(WORDS, engine="hyperscan")


def test_an_unknown_engine_is_a_one_line_scan_error(monkeypatch, tmp_path):
    monkeypatch.setenv(automata.ENV, "grep")
    monkeypatch.setenv("BAOMI_SCAN_CACHE", str(tmp_path / "cache.json"))
    (tmp_path / "a.txt").write_text("涉密\n")
    out, err = io.StringIO(), io.StringIO()
    code = cli.run({"paths": [str(tmp_path / "a.txt")]}, stdout=out, stderr=err)
    assert code == cli.EXIT_ERROR
    assert err.getvalue() == ("error: unknown scan engine 'grep' (one of hyperscan, ahocorasick)\n")
    assert out.getvalue() == ""
