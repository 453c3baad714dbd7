"""Mail: .eml through the standard email package, Outlook .msg through its OLE streams;
attachments come out as nested parts."""

from __future__ import annotations

from email.message import EmailMessage

from tests.scanner.extractors.cfb import compound_file
from tests.scanner.extractors.samples import eml_file
from tests.scanner.extractors.support import extract, formats, texts


def test_eml_subject_body_and_nested_attachment() -> None:
    """The plain body is read (not its HTML twin as well); the zip attachment and the file in
    it come out as parts "!附件.zip" and "!附件.zip!名单.txt"."""
    found = extract("mail.eml", eml_file())
    assert formats(found) == {"": "eml", "!附件.zip": "zip", "!附件.zip!名单.txt": "text"}
    assert texts(found) == {"subject": "关于机密★10年文件", "body": "正文：注意保存\n"}
    [member] = [p for p in found if p.path_suffix == "!附件.zip!名单.txt"]
    assert [s.data for s in member.segments] == ["内部资料".encode("gbk")]


def test_eml_html_only_body_is_stripped_and_undeclared_charset_is_raw() -> None:
    html = EmailMessage()
    html.set_content("<p>绝<span>密</span>★</p>", subtype="html", charset="utf-8")
    assert texts(extract("a.eml", html.as_bytes())) == {"body": "绝密★\n"}
    raw = b"Subject: x\nContent-Type: text/plain\n\n" + "秘密★1年".encode("gbk")
    [part] = extract("b.eml", raw)
    assert [s.data for s in part.segments if s.location == "body"] == ["秘密★1年".encode("gbk")]


def test_forwarded_message_is_a_nested_eml() -> None:
    outer = EmailMessage()
    outer["Subject"] = "转发"
    outer.set_content("见附件")
    inner = EmailMessage()
    inner["Subject"] = "原件 绝密★"
    inner.set_content("原文")
    outer.add_attachment(inner)
    found = extract("fwd.eml", outer.as_bytes())
    nested = [p.path_suffix for p in found if p.path_suffix]
    assert len(nested) == 1 and nested[0].endswith(".eml")
    assert texts(found, nested[0])["subject"] == "原件 绝密★"


def _props(tag: str, text: str) -> dict[str, bytes]:
    return {f"__substg1.0_{tag}001F": text.encode("utf-16-le")}


def test_msg_subject_body_and_attachment() -> None:
    attachment = "__attach_version1.0_#00000000"
    streams = {
        "__properties_version1.0": b"\x00" * 32,
        **_props("0037", "会议通知 机密★"),
        **_props("1000", "请注意保存"),
        f"{attachment}/__substg1.0_3707001F": "名单.txt".encode("utf-16-le"),
        f"{attachment}/__substg1.0_37010102": "内部资料".encode("gbk"),
    }
    found = extract("mail.msg", compound_file(streams))
    assert formats(found) == {"": "msg", "!名单.txt": "text"}
    assert texts(found) == {"subject": "会议通知 机密★", "body": "请注意保存"}
    [member] = [p for p in found if p.path_suffix == "!名单.txt"]
    [segment] = member.segments
    assert segment.data is not None and segment.data.startswith("内部资料".encode("gbk"))


def test_msg_8bit_body_is_raw_and_html_body_used_when_no_plain_one() -> None:
    eight_bit = {
        "__properties_version1.0": b"\x00" * 32,
        "__substg1.0_1000001E": "秘密★".encode("gbk"),
    }
    [part] = extract("a.msg", compound_file(eight_bit))
    assert [s.location for s in part.segments] == ["body"]
    assert part.segments[0].data.startswith("秘密★".encode("gbk"))
    html_only = {
        "__properties_version1.0": b"\x00" * 32,
        "__substg1.0_10130102": "<p>内部<b>★</b></p>".encode(),
    }
    assert texts(extract("b.msg", compound_file(html_only)))["body"] == "内部★"


def test_msg_attached_message_is_read_in_place() -> None:
    embedded = "__attach_version1.0_#00000000/__substg1.0_3701000D"
    streams = {
        "__properties_version1.0": b"\x00" * 32,
        **_props("0037", "外层"),
        "__attach_version1.0_#00000000/__substg1.0_3707001F": "原件.msg".encode("utf-16-le"),
        f"{embedded}/__properties_version1.0": b"\x00" * 32,
        f"{embedded}/__substg1.0_1000001F": "绝密★".encode("utf-16-le"),
    }
    got = texts(extract("fwd.msg", compound_file(streams)))
    assert got == {"subject": "外层", "attachment 原件.msg: body": "绝密★"}
