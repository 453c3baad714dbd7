"""PDF: the text layer page by page; encrypted and broken files skipped with the reason."""

from __future__ import annotations

import io

import pypdf

from tests.scanner.extractors.samples import pdf_file
from tests.scanner.extractors.support import extract, skipped, texts


def test_chinese_text_per_page() -> None:
    found = extract("report.pdf", pdf_file("第一页 普通", "第二页 机密★10年"))
    assert [(p.format, p.skipped) for p in found] == [("pdf", None)]
    got = texts(found)
    assert got["page 1"].strip() == "第一页 普通"
    assert got["page 2"].strip() == "第二页 机密★10年"


def test_password_protected_pdf_is_skipped_as_encrypted() -> None:
    found = extract("secret.pdf", pdf_file("绝密★", encrypt="open-sesame"))
    assert skipped(found) == {"": "encrypted pdf"}
    assert texts(found) == {}


def test_pdf_encrypted_only_against_editing_is_read() -> None:
    """An empty user password opens it: it is as readable as any PDF, so it is scanned."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_file("内部资料")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert texts(extract("a.pdf", buffer.getvalue()))["page 1"].strip() == "内部资料"


def test_broken_pdf_is_skipped_as_corrupt() -> None:
    assert skipped(extract("broken.pdf", b"%PDF-1.7\n garbage \x00\x01")) == {"": "corrupt pdf"}
