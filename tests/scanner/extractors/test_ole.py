"""Legacy binary Office files, built with the minimal compound-file writer in cfb.py: .doc
through its piece table (or as raw stream bytes), .xls records, .ppt text atoms."""

from __future__ import annotations

import struct

from tests.scanner.extractors.cfb import compound_file
from tests.scanner.extractors.samples import word_streams, workbook_stream
from tests.scanner.extractors.support import extract, formats, skipped, texts

# --- .doc -------------------------------------------------------------------------------------


def test_doc_text_through_the_piece_table() -> None:
    """Paragraphs of the main text, fields reduced to their result, the 8-bit piece decoded,
    and the header story at a location starting with "header"."""
    main = "第一段\r密级：机密\x13 PAGE \x143\x15页\r"
    found = extract("old.doc", compound_file(word_streams(main, "plain ascii\r", "绝密★长期\r")))
    assert formats(found) == {"": "doc"}
    got = texts(found)
    assert got["paragraph 1"] == "第一段"
    assert got["paragraph 2"] == "密级：机密3页"
    assert got["paragraph 3"] == "plain ascii"
    assert got["header/footer"].strip() == "绝密★长期"


def test_doc_without_a_piece_table_comes_as_raw_stream_bytes() -> None:
    """The matcher then finds UTF-16LE (or GBK) text in the stream's bytes."""
    stream = b"\x00" * 100 + "机密★10年".encode("utf-16-le") + "秘密★".encode("gbk")
    [part] = extract("odd.wps", compound_file({"WordDocument": stream}))
    assert (part.format, part.skipped) == ("doc", None)
    [segment] = part.segments
    assert segment.location == "WordDocument"
    assert segment.data is not None and segment.data.startswith(stream)


def test_encrypted_doc_is_skipped() -> None:
    data = compound_file(word_streams("x\r", "", "", flags=0x0300))
    assert skipped(extract("secret.doc", data)) == {"": "encrypted doc"}


def test_password_protected_ooxml_is_skipped() -> None:
    """Office wraps an encrypted .docx in an OLE file; it cannot be read without the key."""
    data = compound_file({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x00" * 16})
    assert skipped(extract("secret.docx", data)) == {"": "encrypted office document"}


def test_ole_of_unknown_kind_gives_each_stream_as_raw_bytes() -> None:
    data = compound_file({"Contents": "内部资料".encode("gbk"), "Dir/Other": b"x"})
    [part] = extract("thing.bin", data)
    assert part.format == "ole"
    assert {s.location for s in part.segments} == {"Contents", "Dir/Other"}


# --- .xls -------------------------------------------------------------------------------------


def test_xls_sheet_names_cells_header_and_shared_strings() -> None:
    found = extract("pay.xls", compound_file({"Workbook": workbook_stream()}))
    assert formats(found) == {"": "xls"}
    assert texts(found) == {
        "sheet 工资表": "工资表",
        "sheet 工资表 header": "内部★",
        "sheet 工资表!B7": "机密★5年",
        "sheet 工资表!A1": "内部abc",
        "sheet 工资表!C3": "公式结果",
        "shared string 3": "zz",
    }


def test_encrypted_xls_is_skipped() -> None:
    data = compound_file({"Workbook": workbook_stream(encrypted=True)})
    assert skipped(extract("pay.et", data)) == {"": "encrypted xls"}


def test_unparseable_workbook_comes_as_raw_bytes() -> None:
    [part] = extract("old.xls", compound_file({"Book": b"BIFF5 \xc3\xdc"}))
    assert [s.location for s in part.segments] == ["Book"]


# --- .ppt -------------------------------------------------------------------------------------


def _atom(kind: int, body: bytes, instance: int = 0) -> bytes:
    return struct.pack("<HHI", instance << 4, kind, len(body)) + body


def _container(kind: int, *children: bytes, instance: int = 0) -> bytes:
    body = b"".join(children)
    return struct.pack("<HHI", (instance << 4) | 0xF, kind, len(body)) + body


def test_ppt_slide_text_notes_shapes_and_comments() -> None:
    persist = _atom(0x03F3, b"\x00" * 20)
    slides = _container(
        0x0FF0,
        persist,
        _atom(0x0FA0, "秘密★1年\r第二行".encode("utf-16-le")),
        persist,
        _atom(0x0FA8, b"Second slide"),
    )
    notes = _container(0x0FF0, persist, _atom(0x0FA0, "注意保存".encode("utf-16-le")), instance=2)
    document = _container(0x03E8, slides, notes)
    slide = _container(0x03EE, _atom(0x0FA0, "文本框 内部★".encode("utf-16-le")))
    comment = _container(0x2EE0, _atom(0x0FBA, "批注 绝密★".encode("utf-16-le"), instance=1))
    stream = document + slide + _atom(0x0FBA, "宋体".encode("utf-16-le")) + comment
    found = extract("deck.ppt", compound_file({"PowerPoint Document": stream}))
    assert formats(found) == {"": "ppt"}
    assert texts(found) == {
        "slide 1": "秘密★1年\n第二行",
        "slide 2": "Second slide",
        "notes 1": "注意保存",
        "text": "文本框 内部★",
        "comment": "批注 绝密★",
    }


def test_encrypted_ppt_is_skipped() -> None:
    data = compound_file({"PowerPoint Document": b"\x00" * 8, "EncryptedSummary": b"x"})
    assert skipped(extract("deck.dps", data)) == {"": "encrypted ppt"}
