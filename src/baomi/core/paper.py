"""The printed page: the forms a Chinese office prints every day (借阅登记单, 销毁清单, the
envelope cover, copy labels …) and the page every printed register shares with them.

Every page carries its marking (CLS-MARK) at the head and at the foot: the 份号 ("第003份") on
the first line at the top left where the paper concerns one copy, the 密级 and 保密期限
("机密★10年") below it, the 密级 again at the foot beside "page n of m" (``page_marks``).
A paper that lists several items carries the highest level among them (``highest``).

A ``Form`` is a title and blocks — ``Fields`` (label–value pairs), ``Rows`` (a grid),
``Signatures`` (a line per person who signs by hand), ``Text`` and ``Labels`` (a sheet of
labels with the QR code of each copy) — laid out once here for every domain: a domain only
says what its form holds. The wording printed on the forms is the forms' own (Chinese, the
regulations' terms), whatever the language of the pages.

The font is reportlab's built-in CID font STSong-Light, which every PDF reader has: no font
file is shipped or downloaded, and the Chinese text can be searched and copied. A character no
file can hold (``printable``) is printed as U+FFFD.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as Grid

from baomi.core.levels import Level
from baomi.core.registers import NOT_IN_NAMES

FONT = "STSong-Light"
# What XML 1.0 cannot hold (openpyxl refuses the C0 controls, lxml the rest): C0 controls but
# tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# 密级标志 (GB/T 9704): the level's mark as printed on paper, whatever the page language.
MARKS = {
    Level.INTERNAL: "内部",
    Level.CONFIDENTIAL: "秘密",
    Level.SECRET: "机密",
    Level.TOP_SECRET: "绝密",
}
STAR = "★"
# The marking's lines at the head, and the foot's line, above and below the frame.
HEAD, FOOT = 14 * mm, 10 * mm
MARK_SIZE = 12
FORM_MARGIN = 18 * mm
# The forms are Chinese paper, whatever the language of the pages (labels of choices too).
FORM_LANGUAGE = "zh-hans"
SIGNATURE_LINE = "_" * 14
DATE_LINE = "____年__月__日"
# Labels: columns and rows on an A4 sheet, and the QR code's side.
LABEL_COLUMNS, LABEL_ROWS, QR_SIDE = 2, 5, 26 * mm
# A label's first lines (its marking and 份号) are printed larger than the rest.
LABEL_MARKS = 2


def printable(text: str) -> str:
    """``text`` with each character a file cannot hold replaced by U+FFFD (visibly: the rest
    of the text is kept as it is)."""
    return _UNPRINTABLE.sub("\ufffd", text)


def font() -> str:
    """The name of the built-in CID font, registered with reportlab on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def marking(level: int | None, term_years: int | None = None) -> str:
    """The marking of ``level`` as printed (CLS-MARK): "机密★10年" for a classified level
    with its protection term, "机密★" without one, "内部" for internal, nothing for a public
    item or none."""
    mark = MARKS.get(level) if level in Level.values else None  # type: ignore[call-overload]
    if mark is None:
        return ""
    if not Level(level).is_classified:
        return mark
    return f"{mark}{STAR}{term_years}年" if term_years else f"{mark}{STAR}"


def level_text(level: int | None, term_years: int | None = None) -> str:
    """A level as a form's cell prints it: its marking, "非密" for an unclassified item."""
    return marking(level, term_years) or "非密"


def day_text(day: Any) -> str:
    """A day as a form's cell prints it (2026-12-06), nothing for none."""
    return f"{day:%Y-%m-%d}" if day else ""


def moment_text(moment: Any) -> str:
    """A moment as a register or a form prints it (local time, to the minute: 2026-12-06
    09:30), nothing for none."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def copy_mark(number: int | None) -> str:
    """份号 as printed at the top left: "第003份" (nothing without a number)."""
    return f"第{number:03d}份" if number else ""


def highest(levels: Iterable[int | None]) -> int | None:
    """The highest of ``levels`` (the marking of a paper listing several items), or None."""
    return max((level for level in levels if level is not None), default=None)


@dataclass(frozen=True)
class Marks:
    """What every page of a paper is marked with: its ``marking`` (密级★期限) and, where the
    paper concerns one copy, its ``copy`` mark (份号)."""

    marking: str = ""
    copy: str = ""


def page_marks(marks: Marks, pagesize: tuple[float, float], margin: float, total: int | None):
    """The page decoration (reportlab's onPage callback): the 份号 and the marking at the top
    left, the marking at the bottom left and "page n of m" at the foot (once the pages are
    counted: ``total``)."""
    width, height = pagesize

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font(), MARK_SIZE)
        head = [line for line in (marks.copy, marks.marking) if line]
        for n, line in enumerate(head):
            canvas.drawString(margin, height - margin / 2 - (n + 1) * (MARK_SIZE + 2), line)
        if marks.marking:
            canvas.drawString(margin, margin / 2, marks.marking)
        if total is not None:
            canvas.setFont(font(), 9)
            text = _("page %(n)d of %(m)d") % {"n": doc.page, "m": total}
            canvas.drawCentredString(width / 2, margin / 2, text)
        canvas.restoreState()

    return draw


def build(
    story: Callable[[], list[Any]],
    *,
    pagesize: tuple[float, float],
    margin: float,
    marks: Marks,
    title: str,
    author: str = "",
) -> bytes:
    """A PDF of the flowables ``story()`` makes, every page marked (``page_marks``) and
    numbered "page n of m"; laid out twice, the first pass counting the pages."""

    def laid_out(total: int | None) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=pagesize,
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin + HEAD,
            bottomMargin=margin + FOOT,
            title=printable(title),
            author=printable(author),
        )
        decorate = page_marks(marks, pagesize, margin, total)
        doc.build(story(), onFirstPage=decorate, onLaterPages=decorate)
        return buffer.getvalue(), doc.page

    _content, pages = laid_out(None)
    content, _pages = laid_out(pages)
    return content


def styles() -> dict[str, ParagraphStyle]:
    name = font()
    return {
        "title": ParagraphStyle(
            "title", fontName=name, fontSize=18, leading=26, alignment=1, spaceAfter=6
        ),
        "sub": ParagraphStyle("sub", fontName=name, fontSize=10, leading=14, spaceAfter=6),
        "head": ParagraphStyle(
            "head", fontName=name, fontSize=9, leading=12, alignment=1, wordWrap="CJK"
        ),
        "cell": ParagraphStyle("cell", fontName=name, fontSize=10, leading=13, wordWrap="CJK"),
        "text": ParagraphStyle(
            "text", fontName=name, fontSize=11, leading=16, wordWrap="CJK", spaceBefore=4
        ),
        "sign": ParagraphStyle("sign", fontName=name, fontSize=11, leading=16, spaceBefore=12),
        "big": ParagraphStyle("big", fontName=name, fontSize=22, leading=30, alignment=1),
        "label": ParagraphStyle("label", fontName=name, fontSize=13, leading=17),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """``text`` as a paragraph: escaped, unprintable characters replaced, lines kept."""
    return Paragraph(escape(printable(str(text))).replace("\n", "<br/>"), style)


GRID_STYLE = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


@dataclass(frozen=True)
class Fields:
    """Label–value pairs in a ruled block, ``columns`` pairs a line (a long value spans the
    line when it is alone on it)."""

    pairs: Sequence[tuple[str, str]]
    columns: int = 2

    def flowables(self, width: float, style: dict[str, ParagraphStyle]) -> list[Any]:
        if not self.pairs:
            return []
        label_width = width * 0.16 if self.columns > 1 else width * 0.22
        value_width = (width - self.columns * label_width) / self.columns
        lines, spans = [], []
        pairs = list(self.pairs)
        for start in range(0, len(pairs), self.columns):
            chunk = pairs[start : start + self.columns]
            line: list[Any] = []
            for label, value in chunk:
                line += [para(label, style["head"]), para(value, style["cell"])]
            if len(chunk) < self.columns:
                spans.append(("SPAN", (len(line) - 1, len(lines)), (-1, len(lines))))
                line += [""] * (2 * self.columns - len(line))
            lines.append(line)
        grid = Grid(lines, colWidths=[label_width, value_width] * self.columns)
        shade = [
            ("BACKGROUND", (2 * n, 0), (2 * n, -1), colors.HexColor("#EEEEEE"))
            for n in range(self.columns)
        ]
        grid.setStyle(TableStyle(GRID_STYLE + shade + spans))
        return [grid, Spacer(1, 4 * mm)]


@dataclass(frozen=True)
class Rows:
    """A grid: a header row repeated on every page and a line per item; ``widths`` are the
    columns' shares of the width (equal by default)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()

    def flowables(self, width: float, style: dict[str, ParagraphStyle]) -> list[Any]:
        shares = list(self.widths) or [1.0] * len(self.headers)
        total = sum(shares)
        grid = Grid(
            [
                [para(h, style["head"]) for h in self.headers],
                *([para(c, style["cell"]) for c in row] for row in self.rows),
            ],
            colWidths=[width * s / total for s in shares],
            repeatRows=1,
        )
        grid.setStyle(
            TableStyle([*GRID_STYLE, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD"))])
        )
        return [grid, Spacer(1, 4 * mm)]


@dataclass(frozen=True)
class Signatures:
    """A line per person who signs by hand: their part (移交人, 监销人 …), their name where it
    is known, a line for the signature and one for the date."""

    lines: Sequence[tuple[str, str]]

    def flowables(self, width: float, style: dict[str, ParagraphStyle]) -> list[Any]:
        return [
            para(
                f"{role}：{name or '　' * 4}　　签名：{SIGNATURE_LINE}　　日期：{DATE_LINE}",
                style["sign"],
            )
            for role, name in self.lines
        ]


@dataclass(frozen=True)
class Text:
    """A paragraph of text (a note, an instruction); ``big`` for the envelope's marks."""

    text: str
    big: bool = False

    def flowables(self, width: float, style: dict[str, ParagraphStyle]) -> list[Any]:
        return [para(self.text, style["big" if self.big else "text"])]


@dataclass(frozen=True)
class Label:
    """One copy's label: the lines printed on it (its marking and 份号 first, larger, then
    文号 …) and ``code``, what its QR code holds — the copy's identifier (its page's path),
    nothing the label does not show."""

    lines: Sequence[str]
    code: str


def qr(code: str, side: float = QR_SIDE) -> Drawing:
    """A QR code of ``code``, ``side`` points square."""
    widget = QrCodeWidget(code)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing


@dataclass(frozen=True)
class Labels:
    """A sheet of labels, LABEL_COLUMNS across and LABEL_ROWS down an A4 page, each with the
    QR code of its copy, ruled for cutting."""

    labels: Sequence[Label]

    def flowables(self, width: float, style: dict[str, ParagraphStyle]) -> list[Any]:
        if not self.labels:
            return []
        cell_width = width / LABEL_COLUMNS
        cells = [
            Grid(
                [
                    [
                        [
                            para(line, style["label" if n < LABEL_MARKS else "cell"])
                            for n, line in enumerate(label.lines)
                        ],
                        qr(label.code),
                    ]
                ],
                colWidths=[cell_width - QR_SIDE - 6 * mm, QR_SIDE + 2 * mm],
                style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            )
            for label in self.labels
        ]
        cells += [""] * (-len(cells) % LABEL_COLUMNS)
        grid = Grid(
            [cells[i : i + LABEL_COLUMNS] for i in range(0, len(cells), LABEL_COLUMNS)],
            colWidths=[cell_width] * LABEL_COLUMNS,
            rowHeights=QR_SIDE + 12 * mm,
        )
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
        return [grid]


Block = Fields | Rows | Signatures | Text | Labels


@dataclass(frozen=True)
class Form:
    """One printed form: its title, the organisation that prints it (below the title), its
    blocks in order, and its marks — the ``level`` (the highest of what it lists) with its
    ``term_years``, and the ``copy_number`` (份号) where it concerns one copy."""

    title: str
    level: int | None
    blocks: Sequence[Block] = field(default_factory=tuple)
    organisation: str = ""
    term_years: int | None = None
    copy_number: int | None = None

    @property
    def marks(self) -> Marks:
        return Marks(marking(self.level, self.term_years), copy_mark(self.copy_number))


def to_pdf(form: Form) -> bytes:
    """The form as a portrait A4 PDF, every page marked at the head and the foot."""
    width = A4[0] - 2 * FORM_MARGIN

    def story() -> list[Flowable]:
        style = styles()
        flowables: list[Any] = [para(form.title, style["title"])]
        if form.organisation:
            flowables.append(para(form.organisation, style["sub"]))
        for block in form.blocks:
            flowables += block.flowables(width, style)
        return flowables

    return build(
        story,
        pagesize=A4,
        margin=FORM_MARGIN,
        marks=form.marks,
        title=form.title,
        author=form.organisation,
    )


@dataclass(frozen=True)
class Printed:
    """A form printed: the form, its PDF and the name to save it under."""

    form: Form
    content: bytes
    filename: str


def print_form(make: Callable[[], Form], reference: str) -> Printed:
    """The form ``make`` builds and its PDF, both in the forms' language (FORM_LANGUAGE),
    saved under the form's title and ``reference`` (呈批传阅笺_12.pdf)."""
    with translation.override(FORM_LANGUAGE):
        form = make()
        return Printed(form, to_pdf(form), f"{NOT_IN_NAMES.sub('-', form.title)}_{reference}.pdf")


def destruction_list(
    *,
    organisation: str,
    level: int | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    facts: Sequence[tuple[str, str]],
    operator: str,
    witnesses: Sequence[str],
    approvers: Sequence[str],
) -> Form:
    """销毁清单, for copies and assets alike (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE):
    the facts of the destruction (when, how, where, the approval), every item destroyed, and
    a signature line for the person who destroyed them (销毁人), one per supervisor (监销人)
    and one per approver (批准人)."""
    return Form(
        title="销毁清单",
        level=level,
        organisation=organisation,
        blocks=(
            Fields(facts),
            Rows(
                ["序号", *headers],
                [[str(n), *row] for n, row in enumerate(rows, 1)],
                widths=[0.8, *[2.0] * len(headers)],
            ),
            Text(f"共计 {len(rows)} 项。"),
            Signatures(
                [("销毁人", operator)]
                + [("监销人", name) for name in witnesses]
                + [("批准人", name) for name in approvers]
            ),
        ),
    )
