"""Registers as .xlsx and PDF files in the paper layout, Chinese text included."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from baomi.core import exports
from baomi.core.exports import (
    Table,
    column_widths,
    export,
    organisation_and_period,
    sheet_name,
    text_width,
    to_pdf,
    to_xlsx,
)
from tests.factories import FORMULA_TEXT, xlsx_texts


def register(rows: int = 3) -> Table:
    return Table(
        title="收文登记簿",
        organisation="示例单位",
        period="2026-01-01 – 2026-03-31",
        columns=[("number", "文号"), ("title", "标题"), ("readers", "阅件人")],
        rows=[
            [
                f"市保发〔2026〕{n}号",
                f"关于加强第{n}项保密工作的通知" * (3 if n == 1 else 1),
                "张一\n张二",
            ]
            for n in range(1, rows + 1)
        ],
        signature_columns=["签收人", "经办人"],
    )


def pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_workbook_has_title_organisation_period_and_a_bold_frozen_header():
    book = load_workbook(io.BytesIO(to_xlsx(register())))
    sheet = book.active
    assert sheet.title == "收文登记簿"
    assert sheet["A1"].value == "收文登记簿" and sheet["A1"].font.bold
    assert "示例单位" in sheet["A2"].value and "2026-01-01 – 2026-03-31" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["文号", "标题", "阅件人", "签收人", "经办人"]
    assert all(c.font.bold for c in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet["A4"].value == "市保发〔2026〕1号"
    assert sheet["C4"].value == "张一\n张二" and sheet["C4"].alignment.wrap_text
    # The signature columns are there, and blank for signing by hand.
    assert sheet["D4"].value is None and sheet["E4"].value is None
    assert sheet.max_row == 6


def test_the_workbook_sizes_its_columns_by_their_text():
    sheet = load_workbook(io.BytesIO(to_xlsx(register()))).active
    number, title = sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width
    assert title == exports.MAX_WIDTH  # the long title is wrapped at the widest column
    assert exports.MIN_WIDTH <= number < title
    assert sheet.column_dimensions["D"].width >= exports.SIGNATURE_WIDTH


def test_a_sheet_name_is_valid_whatever_the_title():
    table = Table("收文/发文 [2026]: 登记簿" * 3, "单位", "", [("a", "A")], [])
    name = sheet_name(table)
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


def test_a_chinese_width_counts_double():
    assert text_width("保密") == 4 and text_width("ab\n保") == 2 and text_width("") == 0


def test_the_pdf_renders_chinese_headers_and_cells():
    """STSong-Light (a CID font every reader has): the Chinese text can be extracted."""
    text = "".join(pdf_text(to_pdf(register())))
    for expected in ("收文登记簿", "示例单位", "文号", "阅件人", "签收人", "市保发〔2026〕2号"):
        assert expected in text
    assert "关于加强第3项保密工作的通知" in text.replace("\n", "")


def test_the_pdf_repeats_the_header_and_numbers_its_pages():
    with translation.override("en"):
        pages = pdf_text(to_pdf(register(rows=120)))
    assert len(pages) > 2
    for n, text in enumerate(pages, start=1):
        assert "文号" in text  # the header row on every page
        assert f"page {n} of {len(pages)}" in text
    assert "Registrar (signature)" in pages[-1]
    assert "Registrar (signature)" not in pages[0]


def test_an_empty_register_still_prints_its_header():
    table = Table("传真登记簿", "示例单位", "all dates", [("at", "时间")], [], ["经办人"])
    assert "时间" in "".join(pdf_text(to_pdf(table)))
    assert [c.value for c in load_workbook(io.BytesIO(to_xlsx(table))).active[3]] == [
        "时间",
        "经办人",
    ]


def test_export_by_format_name():
    table = register()
    assert export(table, "pdf").startswith(b"%PDF")
    assert export(table, "xlsx").startswith(b"PK")
    with pytest.raises(ValueError):
        export(table, "csv")


def test_a_row_of_the_wrong_width_is_a_programming_error():
    with pytest.raises(ValueError):
        Table("t", "o", "p", [("a", "A"), ("b", "B")], [["only one"]])


def test_columns_too_wide_for_the_page_give_up_width_wide_ones_first():
    floor = exports.FLOOR
    widths = column_widths([6, 48, 48, 10], 400)
    assert sum(widths) == pytest.approx(400)
    assert widths[0] == pytest.approx(6 * exports.CELL_SIZE / 2 + exports.CELL_PADDING)
    assert floor <= widths[1] == pytest.approx(widths[2]) and widths[3] >= floor
    # Columns that fit are stretched to the page; far too many are scaled alike.
    assert sum(column_widths([6, 6], 400)) == pytest.approx(400)
    assert sum(column_widths([48] * 40, 400)) == pytest.approx(400)


def test_text_that_looks_like_a_formula_is_exported_as_that_text():
    """OWASP CSV injection: a cell (or the title, or the organisation) beginning with =, +, -,
    @, tab or CR is a string cell holding the text unchanged, never a live formula; Excel's
    quote prefix keeps it text when the cell is edited. Numbers are text cells as always."""
    table = Table(
        title="=1+1",
        organisation="@SUM(A1)",
        period="",
        columns=[("text", "=A1"), ("number", "-3")],
        rows=[[text, "-3"] for text in FORMULA_TEXT],
    )
    content = to_xlsx(table)
    assert sorted(xlsx_texts(content)) == sorted(
        ["=1+1", organisation_and_period(table), "=A1", "-3", *FORMULA_TEXT, *["-3"] * 7]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert [sheet.cell(row=n, column=1).value for n in range(4, 11)] == list(FORMULA_TEXT)
    assert all(sheet.cell(row=n, column=1).quotePrefix for n in range(4, 11))
    assert sheet["A1"].quotePrefix and not sheet["A2"].quotePrefix


def test_amount_columns_are_numbers_and_a_formula_in_them_stays_text():
    """A table's ``numbers`` columns are numeric cells in their format (a spreadsheet adds them
    up), written as values; a blank or a text that is no number (a formula) stays text."""
    table = Table(
        title="经费",
        organisation="示例单位",
        period="2026",
        columns=[("what", "用途"), ("amount", "金额")],
        rows=[["培训", "1234.50"], ["=1+1", "=SUM(B4:B5)"], ["合计", ""]],
        numbers={1: "#,##0.00"},
    )
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    amount = sheet["B4"]
    assert amount.data_type == "n" and amount.value == 1234.5
    assert amount.number_format == "#,##0.00"
    assert sheet["B5"].data_type == "s" and sheet["B5"].value == "=SUM(B4:B5)"
    assert sheet["B5"].quotePrefix and sheet["A5"].data_type == "s"
    assert sheet["B6"].value in (None, "")


@pytest.mark.parametrize("text", ["a\x01b", "a\x00b", "a\x1fb", "a\ufffeb", "a\uffffb"])
def test_a_character_no_file_can_hold_is_printed_as_a_replacement_character(text):
    """Stored text never makes an export fail: each character XML cannot hold (C0 controls but
    tab, newline and CR; U+FFFE, U+FFFF) becomes U+FFFD, in the .xlsx and in the PDF alike."""
    table = Table(text, text, text, [("a", text), ("b", "B")], [[text, "tab\tand\nnewline"]])
    assert set(xlsx_texts(to_xlsx(table))) >= {"a\ufffdb", "tab\tand\nnewline"}
    assert "a\ufffdb" in "".join(pdf_text(to_pdf(table)))
