"""Markings as documents carry them are found, in decoded text and as bytes in every encoding;
ordinary words that merely contain a level (秘密花园, 机密文件柜) are not."""

from __future__ import annotations

import codecs

import pytest

from baomi.scanner import keywords
from baomi.scanner.matcher import MARKING, Matcher, detect_encoding
from baomi.scanner.model import CONFIDENTIAL, INTERNAL, SECRET, TOP_SECRET


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(keywords.load().keywords)


# How text reaches the matcher: decoded, or as the bytes of a file in each encoding.
ENCODED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16le with BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16le"),
    "utf-16le without BOM": lambda t: t.encode("utf-16le"),
}


def markings_in(matcher: Matcher, text: str, how: str) -> list[tuple[str, str | None]]:
    if how == "text":
        hits = matcher.scan_text(text)
    else:
        data = ENCODED[how](text)
        hits = matcher.scan_bytes(data, detect_encoding(data))
    return [(h.match, h.level) for h in hits if h.kind == MARKING]


HOW = ["text", *ENCODED]

# (line of a document, the marking in it, the level it implies)
IN_A_LINE = [
    ("本文件 绝密★ 请妥善保管", "绝密★", TOP_SECRET),
    ("标题：关于调整的通知（机密★10年）", "机密★10年", SECRET),
    ("秘密★1年 办公室印发", "秘密★1年", CONFIDENTIAL),
    ("机密★长期", "机密★长期", SECRET),
    ("绝密★启用前", "绝密★启用前", TOP_SECRET),
    ("编号 0012 ★5年", "★5年", None),
    ("密级：机密 编号：12", "密级：机密", SECRET),
    ("密级:秘密", "密级:秘密", CONFIDENTIAL),
    ("密级：秘密★5年", "密级：秘密★5年", CONFIDENTIAL),
    ("这是内部资料，不得外借", "内部资料", INTERNAL),
    ("内部★ 会议材料", "内部★", INTERNAL),
    ("阅后注意保存", "注意保存", INTERNAL),
    ("绝 密 ★", "绝 密 ★", TOP_SECRET),
    ("机\u3000密\u3000★\u30003年", "机\u3000密\u3000★\u30003年", SECRET),
    ("机密☆１０年", "机密☆１０年", SECRET),
    ("秘密＊５年", "秘密＊５年", CONFIDENTIAL),
    ("机密*5年", "机密*5年", SECRET),
    ("标题【绝密】正文", "绝密", TOP_SECRET),
    ("（机密）", "机密", SECRET),
    ("   机密   ", "机密", SECRET),  # a header or footer mark: the level alone on its line
]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize(("line", "marking", "level"), IN_A_LINE)
def test_marking_found_in_every_encoding(matcher, how, line, marking, level):
    text = f"关于年度预算的报告\n{line}\n正文第一段。\n"
    assert markings_in(matcher, text, how) == [(marking, level)]


@pytest.mark.parametrize("how", HOW)
def test_a_header_mark_at_the_very_end_is_found(matcher, how):
    """A header's whole text, or a file's last line without a newline."""
    assert markings_in(matcher, "正文\n秘密", how) == [("秘密", CONFIDENTIAL)]
    assert markings_in(matcher, "绝密", how) == [("绝密", TOP_SECRET)]


ORDINARY = [
    "我们周末去了秘密花园。",
    "他把资料放进机密文件柜里锁好了。",
    "这是一家五★酒店，服务很好",
    "★★★★★ 好评",
    "公司内部讨论了装修方案",
    "这件事是我们的秘密",
    "绝密的消息很快传开了",
    "**机密**",  # a half-width star needs a term
    "密级：公开",
    "秘密 花园",
]


@pytest.mark.parametrize("how", HOW)
@pytest.mark.parametrize("line", ORDINARY)
def test_ordinary_words_are_no_marking(matcher, how, line):
    text = f"第一行\n{line}\n最后一行\n"
    assert markings_in(matcher, text, how) == []
    assert matcher.scan_text(text) == []  # and no keyword of the default list either


def test_a_marking_is_reported_once_whatever_anchors_it_holds(matcher):
    """密级：机密★5年 contains the anchors 密级, 机密★ and ★: one marking."""
    hits = matcher.scan_text("密级：机密★5年\n机密★10年 绝密★启用前")
    assert [(h.match, h.start, h.end) for h in hits] == [
        ("密级：机密★5年", 0, 8),
        ("机密★10年", 9, 15),
        ("绝密★启用前", 16, 22),
    ]


def test_two_markings_on_one_line(matcher):
    assert markings_in(matcher, "内部资料 注意保存", "text") == [
        ("内部资料", INTERNAL),
        ("注意保存", INTERNAL),
    ]


def test_an_ordinary_word_is_found_once_the_organisation_lists_it():
    """秘密花园 is no marking, but an organisation's own list may name it (a project name)."""
    listed = keywords.parse("秘密花园\tSECRET\n".encode(), "own.txt")
    hits = Matcher(listed.keywords).scan_text("我们周末去了秘密花园。")
    assert [(h.kind, h.match, h.level) for h in hits] == [("keyword", "秘密花园", SECRET)]
