"""Keyword list files: one keyword a line, ``#`` comments, an optional TAB and level; the
default list; the SHA-256 that names a list's version."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from baomi.scanner import keywords
from baomi.scanner.keywords import Keyword, KeywordListError
from baomi.scanner.matcher import Matcher
from baomi.scanner.model import CONFIDENTIAL, INTERNAL, SECRET, TOP_SECRET

LIST = "# 本单位关键词\n\n天河工程\tSECRET\n  北斗计划 \ttop_secret\n内部通讯录\t内部\nproject x\n"


def test_a_list_file_with_levels_and_comments(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text(LIST, encoding="utf-8")
    found = keywords.load(str(path))
    assert found.keywords == (
        Keyword("天河工程", SECRET),
        Keyword("北斗计划", TOP_SECRET),
        Keyword("内部通讯录", INTERNAL),
        Keyword("project x", None),
    )
    assert found.name == str(path)
    assert found.sha256 == hashlib.sha256(LIST.encode()).hexdigest()


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + LIST.encode(),
        LIST.encode("gb18030"),
        codecs.BOM_UTF16_LE + LIST.encode("utf-16le"),
    ],
)
def test_a_list_saved_by_notepad_reads_the_same(data):
    assert keywords.parse(data, "x").keywords == keywords.parse(LIST.encode(), "x").keywords


def test_custom_keywords_are_found_with_their_levels(tmp_path):
    listed = keywords.parse(LIST.encode(), "words.txt")
    hits = Matcher(listed.keywords).scan_text("北斗计划与天河工程的project x进展")
    assert [(h.match, h.level) for h in hits] == [
        ("北斗计划", TOP_SECRET),
        ("天河工程", SECRET),
        ("project x", None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("好词\tVERY_SECRET\n", "x:1: unknown level 'VERY_SECRET'"),
        ("好词\n密\n", "x:2: a keyword must have 2 to 100 characters"),
        ("# nothing\n\n", "x: the keyword list holds no keywords"),
    ],
)
def test_bad_lists_are_refused_naming_the_line(text, message):
    with pytest.raises(KeywordListError) as raised:
        keywords.parse(text.encode(), "x")
    assert str(raised.value).startswith(message)


def test_an_unreadable_list_is_an_error(tmp_path):
    with pytest.raises(KeywordListError, match="cannot read the keyword list"):
        keywords.load(str(tmp_path / "missing.txt"))
    with pytest.raises(KeywordListError, match="not a text file"):
        keywords.parse(b"\x80\xff", "x")


def test_the_default_list():
    """Typical 保密检查 keywords, with levels where the word states one, but no bare 秘密 or
    机密: ordinary words contain them (秘密花园, 机密文件柜)."""
    default = keywords.load()
    words = {k.text: k.level for k in default.keywords}
    assert 40 <= len(words) <= 80
    assert {"国家秘密", "涉密", "密件", "内部参考", "保密期限", "定密依据"} <= set(words)
    assert words["绝密级"] == TOP_SECRET
    assert words["机密级"] == SECRET
    assert words["秘密级"] == CONFIDENTIAL
    assert not {"秘密", "机密", "绝密", "内部"} & set(words)
    assert default.name == "default"
    assert len(default.sha256) == 64


@pytest.mark.parametrize(
    "text",
    [
        "请为用户指定密码，设定密钥",  # not 定密
        "密码本身不会被保存",  # not 密码本
        "拨打保密电话",  # not 密电
        "该变量只能在函数内部使用",  # not 内部使用
        "不支持的密码机制",
        "版权所有，严禁复制",
    ],
)
def test_the_default_list_leaves_everyday_words_alone(text):
    assert Matcher(keywords.load().keywords).scan_text(text) == []
