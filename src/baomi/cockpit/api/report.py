"""JSON routes of the annual report (年度保密工作总结, ANNUAL-REPORT). Whoever sees the whole
organisation (the security office, the leaders) reads a year's report: its sections in order,
each with its figures — every one with the query that produced it (``source``) and the list
behind it (``url``) — and its prose (the office's, or the draft written from the figures);
the security office (OVERSEE) saves the prose. The report as .docx or PDF is a download
(recorded). A year before 2000 or still to come answers 422 naming ``year``; a text with a
control character 422 naming its section."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from baomi.cockpit.models import AnnualReport
from baomi.cockpit.operations import report as ops
from baomi.cockpit.queries import report as queries
from baomi.cockpit.queries import report_files as files
from baomi.core.inputs import Line, Text, Year
from baomi.kit.pages import attachment

router = Router(tags=["annual report"])

SectionKey = Literal[queries.SECTION_KEYS]  # type: ignore[valid-type]


class AnnualReportFigureOut(Schema):
    key: str
    label: str
    value: int | Decimal
    text: str  # the value as printed, with its unit
    unit: str
    url: str
    source: str
    now: bool
    target: int | Decimal | None
    met: bool | None
    split: dict[str, int | Decimal]


class AnnualReportSectionOut(Schema):
    key: str
    heading: str
    label: str
    figures: list[AnnualReportFigureOut]
    prose: str
    drafted: bool
    draft: str


class AnnualReportOut(Schema):
    year: int
    organisation: str
    title: str
    sections: list[AnnualReportSectionOut]
    updated_at: datetime | None
    updated_by: str


class AnnualReportProseIn(Schema):
    """The prose of some sections (by key; an empty text takes a section back to its draft)
    and, optionally, the report's title."""

    prose: dict[SectionKey, Text] = Field(..., min_length=1)  # type: ignore[valid-type]
    title: Line | None = Field(None, max_length=AnnualReport._meta.get_field("title").max_length)


class AnnualReportFileQuery(Schema):
    format: Literal["docx", "pdf"] = "docx"


def _out(rep: queries.Report) -> dict[str, Any]:
    return {
        "year": rep.year,
        "organisation": rep.organisation,
        "title": rep.title,
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "label": str(s.section.label),
                "figures": [
                    {**f.figure.as_json(), "text": f.text, "met": f.met} for f in s.figures
                ],
                "prose": s.prose,
                "drafted": s.drafted,
                "draft": s.draft,
            }
            for s in rep.sections
        ],
        "updated_at": rep.saved.updated_at if rep.saved is not None else None,
        "updated_by": rep.updated_by,
    }


@router.get("/annual-reports/{year}", response=AnnualReportOut)
def annual_report(request: HttpRequest, year: Year) -> Any:
    """The report of ``year`` (from 2000 to this year) drafted from the records."""
    return _out(queries.report(request.auth, year))


@router.put("/annual-reports/{year}", response=AnnualReportOut)
def save_annual_report(request: HttpRequest, year: Year, payload: AnnualReportProseIn) -> Any:
    """Save the prose of ``year``'s report (ANNUAL-REPORT; the security office): the sections
    given replace theirs, the others are kept."""
    actor = request.auth
    ops.save_report(actor=actor, year=year, prose=dict(payload.prose), title=payload.title)
    return _out(queries.report(actor, year))


@router.get("/annual-reports/{year}/file")
def annual_report_file(
    request: HttpRequest, year: Year, query: Query[AnnualReportFileQuery]
) -> Any:
    """The report as an editable .docx or a PDF, with the appendix 数据来源; recorded."""
    exported = files.export(request.auth, year, query.format)
    return attachment(exported.content, exported.filename, exported.content_type)
