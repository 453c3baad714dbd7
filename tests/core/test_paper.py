"""The printed page (core.paper): the marking at the head and the foot of every page, the 份号
where a paper concerns one copy (CLS-MARK), the blocks of a form, the labels' sheet, and the
registers printed with the highest level they list."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.units import mm

from baomi.core import paper
from baomi.core.exports import Table, to_pdf, to_xlsx
from baomi.core.levels import Level
from baomi.core.paper import Fields, Form, Label, Labels, Rows, Signatures, Text


@dataclass
class Page:
    text: str
    height: float
    lines: list[tuple[str, float]]  # each text run and its height above the page's foot

    def at_head(self, text: str) -> bool:
        return any(text in t and y > self.height - 25 * mm for t, y in self.lines)

    def at_foot(self, text: str) -> bool:
        return any(text in t and y < 20 * mm for t, y in self.lines)


def pages(content: bytes) -> list[Page]:
    """Each page's text, and where each run of it stands (pypdf's text visitor)."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        lines: list[tuple[str, float]] = []

        def visit(text, cm, tm, _font, _size, lines=lines):
            if text.strip():
                lines.append((text.strip(), tm[5] * cm[3] + cm[5]))

        text = page.extract_text(visitor_text=visit)
        found.append(Page(text, float(page.mediabox.height), lines))
    return found


def assert_marked(content: bytes, marking: str, copy: str = "") -> list[Page]:
    """Every page carries ``marking`` at its head and its foot, and ``copy`` (份号) at its
    head (CLS-MARK)."""
    printed = pages(content)
    for page in printed:
        assert page.at_head(marking) and page.at_foot(marking), page.lines[:6]
        if copy:
            assert page.at_head(copy)
    return printed


def test_the_marking_of_each_level_as_printed__CLS_MARK():
    assert paper.marking(Level.SECRET, 10) == "机密★10年"
    assert paper.marking(Level.TOP_SECRET) == "绝密★"
    assert paper.marking(Level.CONFIDENTIAL, 5) == "秘密★5年"
    assert paper.marking(Level.INTERNAL) == "内部"
    assert paper.marking(Level.PUBLIC) == paper.marking(None) == paper.marking(9) == ""
    assert paper.level_text(Level.PUBLIC) == "非密"
    assert paper.copy_mark(3) == "第003份" and paper.copy_mark(None) == ""
    assert paper.highest([Level.INTERNAL, None, Level.TOP_SECRET, Level.SECRET]) == 4
    assert paper.highest([]) is None


def long_form(**marks) -> Form:
    return Form(
        title="借阅登记单",
        organisation="示例单位",
        blocks=(
            Fields([("文号", "市保发〔2026〕1号"), ("借阅人", "张三"), ("事由", "起草" * 40)]),
            Rows(["序号", "文号"], [[str(n), f"文{n}号"] for n in range(1, 121)]),
            Text("借阅人不得摘抄、复印。"),
            Signatures([("监销人", "李四"), ("监销人", "王五"), ("销毁人", "")]),
        ),
        **marks,
    )


def test_every_page_of_a_form_is_marked_at_head_and_foot_with_its_copy_number__CLS_MARK():
    printed = assert_marked(
        paper.to_pdf(long_form(level=Level.SECRET, term_years=10, copy_number=3)),
        "机密★10年",
        "第003份",
    )
    assert len(printed) >= 3
    text = "".join(p.text for p in printed)
    assert "借阅登记单" in printed[0].text and "示例单位" in printed[0].text
    assert all(f"文{n}号" in text for n in (1, 60, 120))
    assert "序号" in printed[1].text  # the grid's header row repeated on every page


def test_signature_lines_name_each_signer_with_a_line_and_a_date():
    last = pages(paper.to_pdf(long_form(level=Level.CONFIDENTIAL)))[-1].text
    assert last.count("监销人：") == 2 and "监销人：李四" in last and "监销人：王五" in last
    assert last.count("签名：" + paper.SIGNATURE_LINE) == 3 and "销毁人：" in last


def test_a_form_of_nothing_classified_has_no_marking():
    printed = pages(paper.to_pdf(long_form(level=Level.PUBLIC)))
    assert not any("★" in p.text or "第0" in p.text for p in printed)


def test_the_destruction_list_has_a_line_per_supervisor_and_every_item__DESTROY_WITNESS():
    form = paper.destruction_list(
        organisation="示例单位",
        level=Level.TOP_SECRET,
        headers=["资产编号", "密级"],
        rows=[["JSJ-001", "绝密"], ["U-002", "机密"]],
        facts=[("销毁方式", "粉碎")],
        operator="王机要",
        witnesses=["周保密", "李主任", "孙总"],
        approvers=["钱副总"],
    )
    (page,) = assert_marked(paper.to_pdf(form), "绝密★")
    assert page.text.count("监销人：") == 3
    assert all(f"监销人：{name}" in page.text for name in ("周保密", "李主任", "孙总"))
    assert "销毁人：王机要" in page.text and "批准人：钱副总" in page.text
    assert "JSJ-001" in page.text and "U-002" in page.text and "共计 2 项" in page.text


def test_labels_fill_sheets_each_with_the_qr_code_of_its_copy():
    labels = [Label(["机密★", paper.copy_mark(n)], f"/copies/{n}/") for n in range(1, 13)]
    form = Form(title="载体标签", level=Level.SECRET, blocks=(Labels(labels),))
    printed = assert_marked(paper.to_pdf(form), "机密★")
    per_sheet = paper.LABEL_COLUMNS * paper.LABEL_ROWS
    assert len(printed) == -(-len(labels) // per_sheet)
    text = "".join(p.text for p in printed)
    assert all(paper.copy_mark(n) in text for n in range(1, 13))
    # The QR code holds what the label names: the copy's page, nothing more.
    drawing = paper.qr("/copies/7/")
    assert drawing.contents[0].value == "/copies/7/"
    assert drawing.width == drawing.height == paper.QR_SIDE


def register(level: int | None) -> Table:
    return Table(
        title="收文登记簿",
        organisation="示例单位",
        period="2026",
        columns=[("number", "文号"), ("level", "密级")],
        rows=[[f"文{n}号", "绝密"] for n in range(1, 90)],
        level=level,
    )


def test_a_register_listing_top_secret_lines_is_marked_on_every_page__CLS_MARK():
    printed = assert_marked(to_pdf(register(Level.TOP_SECRET)), "绝密★")
    assert len(printed) > 1
    sheet = load_workbook(io.BytesIO(to_xlsx(register(Level.TOP_SECRET)))).active
    assert sheet["A1"].value == "绝密★　收文登记簿"


def test_a_register_of_no_level_prints_no_marking():
    assert not any("★" in p.text for p in pages(to_pdf(register(None))))
    assert load_workbook(io.BytesIO(to_xlsx(register(None)))).active["A1"].value == "收文登记簿"
