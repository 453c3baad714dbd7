"""Sample files of each format, made on the spot, shared by the extractor tests."""

from __future__ import annotations

import io
import struct
from email.message import EmailMessage

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.scanner.extractors.support import zip_of

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # reportlab's built-in Chinese font


def docx_file() -> bytes:
    """A body paragraph in two runs, a table, a header, a footer, a comment, a title."""
    document = docx.Document()
    document.add_paragraph("普通的一段")
    marked = document.add_paragraph("本文件机密★10年，")
    marked.add_run("分两个 run 写")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 1).text = "表格里的内部资料"
    section = document.sections[0]
    section.header.paragraphs[0].text = "绝密★长期"
    section.footer.paragraphs[0].text = "注意保存"
    document.add_comment(marked.runs[0], text="批注：秘密★1年", author="张三")
    document.core_properties.title = "密级：机密"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_file(*pages: str, encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, encrypt=encrypt)
    for text in pages:
        document.setFont("STSong-Light", 12)
        document.drawString(72, 720, text)
        document.showPage()
    document.save()
    return buffer.getvalue()


_TEXT_AT, _ASCII_AT = 0x800, 0x1000


def word_streams(main: str, ascii_tail: str, header: str, flags: int = 0x0200) -> dict[str, bytes]:
    """A WordDocument stream with a FIB and a 1Table stream with a piece table of three pieces:
    the main text in UTF-16LE, an ASCII tail stored "compressed" (8-bit), the header story."""
    word = bytearray(0x2000)
    struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)
    struct.pack_into("<H", word, 0x0A, flags)
    struct.pack_into("<I", word, 0x4C, len(main) + len(ascii_tail))  # ccpText
    struct.pack_into("<I", word, 0x54, len(header))  # ccpHdd
    wide = main.encode("utf-16-le")
    word[_TEXT_AT : _TEXT_AT + len(wide)] = wide
    word[_ASCII_AT : _ASCII_AT + len(ascii_tail)] = ascii_tail.encode("ascii")
    header_at = _TEXT_AT + len(wide)
    word[header_at : header_at + 2 * len(header)] = header.encode("utf-16-le")
    bounds = [0, len(main), len(main) + len(ascii_tail), len(main) + len(ascii_tail) + len(header)]
    pieces = [_TEXT_AT, (_ASCII_AT * 2) | 0x40000000, header_at]
    plc = struct.pack(f"<{len(bounds)}I", *bounds)
    plc += b"".join(struct.pack("<HIH", 0, fc, 0) for fc in pieces)
    clx = b"\x01\x02\x00\xaa\xbb" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 0x1A2, 0, len(clx))
    return {"WordDocument": bytes(word), "1Table": clx}


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _xl_string(text: str) -> bytes:
    return struct.pack("<H", len(text)) + b"\x01" + text.encode("utf-16-le")


def workbook_stream(encrypted: bool = False) -> bytes:
    """Globals (BOF, a sheet, a shared-string table continued in a CONTINUE record that breaks
    a string in the middle and switches it to 8-bit), then the sheet (BOF, header, cells)."""
    bof_globals = _record(0x0809, struct.pack("<HH", 0x0600, 0x0005) + b"\x00" * 12)
    filepass = _record(0x002F, b"\x01\x00") if encrypted else b""
    first = _xl_string("机密★5年")
    second_head = struct.pack("<H", len("内部abc")) + b"\x01" + "内部".encode("utf-16-le")
    sst = _record(0x00FC, struct.pack("<II", 3, 3) + first + second_head)
    cont = _record(0x003C, b"\x00abc" + struct.pack("<H", 2) + b"\x00zz")
    eof = _record(0x000A, b"")
    sheet_name = struct.pack("<BB", len("工资表"), 1) + "工资表".encode("utf-16-le")
    boundsheet_length = 4 + 6 + len(sheet_name)
    offset = len(bof_globals) + len(filepass) + boundsheet_length + len(sst) + len(cont) + len(eof)
    boundsheet = _record(0x0085, struct.pack("<IBB", offset, 0, 0) + sheet_name)
    sheet = (
        _record(0x0809, struct.pack("<HH", 0x0600, 0x0010) + b"\x00" * 12)
        + _record(0x0014, _xl_string('&C&"宋体"内部★&R&P'))
        + _record(0x00FD, struct.pack("<HHHI", 6, 1, 0, 0))  # B7 → string 0
        + _record(0x00FD, struct.pack("<HHHI", 0, 0, 0, 1))  # A1 → string 1
        + _record(0x0006, struct.pack("<HH", 2, 2) + b"\x00" * 16)
        + _record(0x0207, _xl_string("公式结果"))
        + eof
    )
    return bof_globals + filepass + boundsheet + sst + cont + eof + sheet


def eml_file() -> bytes:
    """A subject, a plain body and its HTML twin, a zip attachment holding a GBK text."""
    message = EmailMessage()
    message["Subject"] = "关于机密★10年文件"
    message["From"] = "a@example.cn"
    message.set_content("正文：注意保存\n", charset="gb18030")
    message.add_alternative("<p>正文：<b>注意保存</b></p>", subtype="html")
    message.add_attachment(
        zip_of({"名单.txt": "内部资料".encode("gbk")}),
        maintype="application",
        subtype="zip",
        filename="附件.zip",
    )
    return message.as_bytes()


def nested_zip() -> bytes:
    deepest = zip_of({"secret.txt": "机密★10年".encode("gbk")})
    inner = zip_of({"level2.zip": deepest, "page.html": "<p>内部<b>资料</b></p>".encode()})
    return zip_of({"dir/level1.zip": inner, "readme.txt": b"hello"})
