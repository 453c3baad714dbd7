"""The annual report (ANNUAL-REPORT) as the files an office hands in: an editable Word file
(.docx, python-docx) and a PDF (reportlab, through ``core.paper``: the built-in CID font, the
marking at the head and the foot of every page, "page n of m").

Both carry the report's marking — 内部: it is an internal paper, as the inspection reports
and the other internal forms of ``core.paper`` — the title, each section with its prose and a
table of its figures, and the appendix 数据来源: every figure with its key, its value and the
query that produced it (``Figure.source``) and the list behind it, so each number is traced
back to the records. The wording is the forms' own (Chinese), whatever the page language.
Every download is recorded in the audit log, as the registers' exports are."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.cockpit.queries.report import RULE, Report, ReportFigure, ReportSection, report
from baomi.core import paper
from baomi.core.errors import InvalidInput
from baomi.core.exports import Export
from baomi.core.levels import Level
from baomi.core.registers import NOT_IN_NAMES

REPORT_EXPORTED = register_action(
    "cockpit.annual_report_exported", gettext_lazy("Annual report downloaded")
)
DOCX, PDF = "docx", "pdf"
CONTENT_TYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
# An internal paper (内部), as the other internal forms.
LEVEL = Level.INTERNAL
FIGURE_HEADERS = ["项目", "数值", "要求", "说明"]
SOURCE_HEADERS = ["序号", "项目", "键", "数值", "产生该数值的查询", "清单"]
# The Chinese font Word is told to use for the East Asian text.
DOCX_FONT = "宋体"


def _target(f: ReportFigure) -> str:
    figure = f.figure
    if figure.target is None:
        return ""
    if figure.target == 0:
        return "零（已实现）" if f.met else "零（未实现）"
    reached = "已达到" if f.met else "未达到"
    return f"不少于{paper.printable(str(figure.target))}{figure.unit}（{reached}）"


def _note(f: ReportFigure, rep: Report) -> str:
    return "现时数（截至生成时）" if f.figure.now else f"{rep.year}年度"


def figure_rows(s: ReportSection, rep: Report) -> list[list[str]]:
    return [[str(f.figure.label), f.text, _target(f), _note(f, rep)] for f in s.figures]


def source_rows(rep: Report) -> list[list[str]]:
    return [
        [str(n), str(f.figure.label), f.figure.key, f.text, f.figure.source, f.figure.url or "—"]
        for n, f in enumerate(rep.figures, 1)
    ]


def _footnote(rep: Report) -> str:
    made = paper.moment_text(rep.made_at)
    text = f"本总结的数据由系统于{made}依据各项记录生成，每项数据的来源见附件“数据来源”。"
    if rep.saved is not None:
        text += f"文字最后由{rep.updated_by}于{paper.moment_text(rep.saved.updated_at)}修改。"
    return text


# --- .docx --------------------------------------------------------------------------------------


def _east_asian(run: Any) -> None:
    run.font.name = DOCX_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)


def _paragraph(container: Any, text: str, *, size: int = 12, bold: bool = False, align=None):
    p = container.add_paragraph()
    run = p.add_run(paper.printable(text))
    run.font.size = Pt(size)
    run.bold = bold
    _east_asian(run)
    if align is not None:
        p.alignment = align
    return p


def _table(doc: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10)
        _east_asian(run)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(paper.printable(text))
            run.font.size = Pt(10)
            _east_asian(run)


def to_docx(rep: Report) -> bytes:
    """The report as an editable Word file: the marking in the header and the footer of every
    page, the title, each section's prose and figures, the appendix 数据来源."""
    doc = Document()
    marking = paper.marking(LEVEL)
    section = doc.sections[0]
    _paragraph(section.header, marking, size=12)
    _paragraph(section.footer, marking, size=12)
    doc.core_properties.title = paper.printable(rep.title)
    doc.core_properties.author = paper.printable(rep.organisation)
    _paragraph(doc, rep.title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, rep.organisation, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for s in rep.sections:
        _paragraph(doc, s.heading, size=14, bold=True)
        for line in (s.prose or "（略）").splitlines() or [""]:
            _paragraph(doc, line)
        if s.figures:
            _table(doc, FIGURE_HEADERS, figure_rows(s, rep))
    _paragraph(doc, _footnote(rep), size=10)
    doc.add_page_break()
    _paragraph(doc, "附件：数据来源", size=14, bold=True)
    _paragraph(
        doc,
        "下表列出本总结中的每项数据、其键、数值及产生该数值的查询，可据此逐项核对原始记录。",
        size=10,
    )
    _table(doc, SOURCE_HEADERS, source_rows(rep) or [["", "（无数据）", "", "", "", ""]])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def to_pdf(rep: Report) -> bytes:
    """The report as a portrait A4 PDF, every page marked 内部 at the head and the foot."""
    width = A4[0] - 2 * paper.FORM_MARGIN

    def story() -> list[Any]:
        style = paper.styles()
        flowables: list[Any] = [
            paper.para(rep.title, style["title"]),
            paper.para(rep.organisation, style["sub"]),
        ]
        for s in rep.sections:
            flowables.append(paper.para(s.heading, style["label"]))
            flowables += paper.Text(s.prose or "（略）").flowables(width, style)
            if s.figures:
                flowables += paper.Rows(
                    FIGURE_HEADERS, figure_rows(s, rep), widths=[3, 1.2, 1.6, 1.4]
                ).flowables(width, style)
        flowables += paper.Text(_footnote(rep)).flowables(width, style)
        flowables.append(paper.para("附件：数据来源", style["label"]))
        flowables += paper.Rows(
            SOURCE_HEADERS,
            source_rows(rep) or [["", "（无数据）", "", "", "", ""]],
            widths=[0.5, 1.8, 1.6, 1.0, 3.0, 1.6],
        ).flowables(width, style)
        return flowables

    return paper.build(
        story,
        pagesize=A4,
        margin=paper.FORM_MARGIN,
        marks=paper.Marks(paper.marking(LEVEL)),
        title=rep.title,
        author=rep.organisation,
    )


WRITERS = {DOCX: to_docx, PDF: to_pdf}


def export(actor: Actor | None, year: Any, file_format: Any) -> Export:
    """``year``'s report as a .docx or a PDF for its reader, the download recorded
    (ANNUAL-REPORT); InvalidInput naming ``format`` for another format."""
    if file_format not in WRITERS:
        raise InvalidInput(_("Download as docx or pdf."), field="format")
    with translation.override(paper.FORM_LANGUAGE):
        rep = report(actor, year)
        content = WRITERS[file_format](rep)
    name = f"{NOT_IN_NAMES.sub('-', rep.title)}.{file_format}"
    with transaction.atomic():
        record_event(
            actor=actor,
            action=REPORT_EXPORTED,
            subject=rep.saved,
            data={
                "rule": RULE,
                "year": rep.year,
                "format": file_format,
                "figures": len(rep.figures),
            },
        )
    return Export(content, CONTENT_TYPES[file_format], name)
