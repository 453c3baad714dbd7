"""The annual report (年度保密工作总结, ANNUAL-REPORT) of the demo organisation: its figures
checked against counts made here from the records, its sections and drafts, the .docx and the
PDF (every figure's value and the appendix 数据来源), the prose saved, and the refusals."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordFile
from pypdf import PdfReader

from baomi.accounts.models import Account
from baomi.budget.models import Expense
from baomi.carriers.models import Destruction, Stage
from baomi.carriers.models import Document as CarrierDocument
from baomi.cockpit.models import AnnualReport
from baomi.cockpit.operations import report as ops
from baomi.cockpit.queries import report as queries
from baomi.cockpit.queries import report_files as files
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Clearance
from baomi.devices.models import GONE, Asset
from baomi.incidents.models import Incident
from baomi.oversight.models import (
    Answer,
    Inspection,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.people.models import ClearanceChange, CoolingOff, Merit, MeritKind, TrainingSession
from baomi.seams.figures import FIGURE_PROVIDERS, Figure, Part, Period
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.web.conftest import signed_in

THIS_YEAR = timezone.localdate().year
YEARS = (THIS_YEAR, THIS_YEAR - 1)


def _year(moment: datetime.datetime | None) -> int | None:
    return timezone.localtime(moment).year if moment else None


def _expected(organisation_id: int, year: int) -> dict[str, int | Decimal]:
    """The report's figures counted here from the records, row by row in Python (not with
    the providers' queries): what each figure key of the FIG providers says it counts."""
    org = {"organisation_id": organisation_id}
    sessions = [s for s in TrainingSession.objects.filter(**org) if s.held_on.year == year]
    inspections = [
        i
        for i in Inspection.objects.filter(**org)
        if i.state == InspectionState.SUBMITTED and _year(i.submitted_at) == year
    ]
    submitted = {i.pk for i in inspections}
    rectifications = list(Rectification.objects.filter(**org))
    merits = [m for m in Merit.objects.filter(**org) if m.given_on.year == year]
    newly = {
        c.person_id
        for c in ClearanceChange.objects.filter(**org)
        if c.old == Clearance.NONE and c.new != Clearance.NONE and _year(c.changed_at) == year
    }
    destroyed = [
        (d.pk, c)
        for d in Destruction.objects.filter(**org)
        if _year(d.destroyed_at) == year
        for c in d.copies.values_list("pk", flat=True)
    ]
    return {
        "incidents.recorded": sum(
            1 for i in Incident.objects.filter(**org) if _year(i.discovered_at) == year
        ),
        "training.sessions": len(sessions),
        "training.hours_given": sum((s.hours for s in sessions), Decimal(0)),
        "inspections.held": len(inspections),
        "inspections.problems": sum(
            1
            for a in Answer.objects.filter(inspection_id__in=submitted)
            if a.verdict == Verdict.PROBLEM
        ),
        "inspections.rectifications_opened": sum(
            1 for r in rectifications if _year(r.created_at) == year
        ),
        "inspections.rectifications_verified": sum(
            1
            for r in rectifications
            if r.state == RectificationState.VERIFIED and _year(r.verified_at) == year
        ),
        "people.newly_cleared": len(newly),
        "people.left_posts": len(
            {c.person_id for c in CoolingOff.objects.filter(**org) if c.starts.year == year}
        ),
        "devices.in_ledger": sum(1 for a in Asset.objects.filter(**org) if a.status not in GONE),
        "devices.registered": sum(
            1 for a in Asset.objects.filter(**org) if _year(a.registered_at) == year
        ),
        "carriers.documents_registered": sum(
            1
            for d in CarrierDocument.objects.filter(**org)
            if _year(d.registered_at) == year and d.stage != Stage.DRAFT
        ),
        "carriers.copies_destroyed": len(destroyed),
        "budget.spent": sum(
            (e.amount for e in Expense.objects.filter(**org) if e.year == year),
            Decimal("0.00"),
        ),
        "responsibility.commendations": sum(1 for m in merits if m.kind == MeritKind.COMMENDATION),
        "responsibility.penalties": sum(1 for m in merits if m.kind == MeritKind.PENALTY),
    }


@pytest.fixture
def officer(demo_accounts):
    return demo_accounts["secofficer"]


@pytest.fixture
def leader(demo_accounts):
    return demo_accounts["leader"]


def _values(rep: queries.Report) -> dict[str, int | Decimal]:
    return {f.figure.key: f.figure.value for f in rep.figures}


# --- the figures against the records -----------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_the_demo_reports_figures_equal_the_records__ANNUAL_REPORT(officer, year):
    rep = queries.report(officer, year)
    values = _values(rep)
    expected = _expected(officer.person.organisation_id, year)
    # Every key counted here that a provider reports now (the lead reconciles the others).
    checked = {key: value for key, value in expected.items() if key in values}
    assert checked, "no FIG provider reports any of the figures the test counts"
    assert {key: values[key] for key in checked} == checked
    if year == THIS_YEAR:
        # The demo has records this year: the check is not of zeros only.
        assert any(v for v in checked.values())


def test_every_figure_of_every_provider_is_in_the_report_once__ANNUAL_REPORT(officer):
    rep = queries.report(officer, THIS_YEAR)
    keys = [f.figure.key for f in rep.figures]
    assert len(keys) == len(set(keys))
    expected = {
        figure.key
        for provider in FIGURE_PROVIDERS
        if provider.in_report
        for figure in provider.figures(Part(officer.person.organisation_id), Period.year(THIS_YEAR))
    }
    assert set(keys) == expected
    assert all(f.figure.source for f in rep.figures)


def test_the_sections_follow_the_form_and_an_unknown_provider_goes_to_other__ANNUAL_REPORT(
    officer,
):
    rep = queries.report(officer, THIS_YEAR)
    keys = [s.key for s in rep.sections]
    order = [k for k in queries.SECTION_KEYS if k in keys]
    assert keys == order
    assert keys[:2] == ["overview", "incidents"] and keys[-2:] == ["problems", "plans"]
    assert [s.heading[:2] for s in rep.sections[:3]] == ["一、", "二、", "三、"]
    assert queries.section_of("someone_new", "someone_new.thing") == queries.OTHER
    assert queries.section_of("responsibility", "responsibility.penalties") == "discipline"
    assert queries.section_of("incidents", "incidents.recorded") == "incidents"


def test_the_incidents_draft_says_whether_the_target_of_zero_was_met__ANNUAL_REPORT(officer):
    for year in YEARS:
        rep = queries.report(officer, year)
        section = next(s for s in rep.sections if s.key == "incidents")
        recorded = next(f for f in section.figures if f.figure.key == "incidents.recorded")
        assert recorded.figure.target == 0
        met = "未实现零事故目标" if recorded.figure.value else "实现零事故目标"
        assert "本年度共发生" in section.draft and met in section.draft
        assert section.drafted and section.prose == section.draft


def test_a_missed_target_is_drafted_among_the_problems__ANNUAL_REPORT():
    figure = Figure("x.incidents", "失泄密事件", 2, "tests.x", unit="起", target=0)
    hours = Figure("x.hours", "人均学时", Decimal("3.5"), "tests.y", unit="学时", target=10)
    sections = [
        queries.ReportSection(queries.SECTIONS[1], "二", [queries.ReportFigure(figure, "x")]),
        queries.ReportSection(queries.SECTIONS[2], "三", [queries.ReportFigure(hours, "x")]),
    ]
    problems = queries.ReportSection(queries.SECTIONS[-2], "四")
    assert queries.draft(sections[0], sections, 2025, None) == (
        "本年度共发生失泄密事件2起，未实现零事故目标。"
    )
    assert "人均学时3.5学时（要求不少于10学时，未达到）" in queries.draft(
        sections[1], sections, 2025, None
    )
    text = queries.draft(problems, sections, 2025, None)
    assert "失泄密事件" in text and "人均学时" in text


# --- the files ----------------------------------------------------------------------------------


def _docx_text(content: bytes) -> str:
    word = WordFile(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    parts += [c.text for t in word.tables for row in t.rows for c in row.cells]
    parts += [p.text for s in word.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def test_the_docx_holds_every_figure_and_the_sources__ANNUAL_REPORT(officer):
    exported = files.export(officer, THIS_YEAR, "docx")
    assert exported.filename.endswith(".docx")
    text = _docx_text(exported.content)
    rep = queries.report(officer, THIS_YEAR)
    assert rep.title in text and "内部" in text and "数据来源" in text
    for section in rep.sections:
        assert section.heading in text
    for f in rep.figures:
        assert f.text in text and f.figure.key in text and f.figure.source in text
    assert audit_events(files.REPORT_EXPORTED)[-1]["data"]["format"] == "docx"


def test_the_pdf_is_a_marked_paper_with_pages__ANNUAL_REPORT(officer):
    exported = files.export(officer, THIS_YEAR, "pdf")
    assert exported.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(exported.content))
    assert len(reader.pages) >= 1
    text = "".join(page.extract_text() for page in reader.pages)
    assert "数据来源" in text and "内部" in text
    assert audit_events(files.REPORT_EXPORTED)[-1]["data"]["format"] == "pdf"


def test_a_bad_format_is_refused_naming_it__ANNUAL_REPORT(officer):
    with pytest.raises(InvalidInput) as refused:
        files.export(officer, THIS_YEAR, "xlsx")
    assert refused.value.field == "format"


# --- the prose ----------------------------------------------------------------------------------


def test_the_saved_prose_survives_and_shows_in_both_files__ANNUAL_REPORT(officer):
    ops.save_report(
        actor=officer,
        year=THIS_YEAR,
        prose={"incidents": "全年未发生失泄密事件。\n第二段。", "plans": "明年继续。"},
    )
    rep = queries.report(officer, THIS_YEAR)
    by_key = {s.key: s for s in rep.sections}
    assert by_key["incidents"].prose == "全年未发生失泄密事件。\n第二段。"
    assert not by_key["incidents"].drafted and by_key["training"].drafted
    assert "全年未发生失泄密事件。" in _docx_text(files.export(officer, THIS_YEAR, "docx").content)
    pdf = PdfReader(io.BytesIO(files.export(officer, THIS_YEAR, "pdf").content))
    assert "明年继续" in "".join(p.extract_text() for p in pdf.pages)
    # An empty text takes the section back to its draft; the others are kept.
    ops.save_report(actor=officer, year=THIS_YEAR, prose={"plans": ""})
    again = {s.key: s for s in queries.report(officer, THIS_YEAR).sections}
    assert again["plans"].drafted and not again["incidents"].drafted
    event = audit_events(ops.REPORT_SAVED)[-1]["data"]
    assert event["sections"] == ["plans"] and event["rule"] == "ANNUAL-REPORT"
    assert "明年继续" not in str(event)


def test_the_demo_has_a_draft_of_last_years_report__ANNUAL_REPORT(officer):
    saved = AnnualReport.objects.get(
        organisation_id=officer.person.organisation_id, year=THIS_YEAR - 1
    )
    assert saved.prose["overview"] and saved.updated_by == officer
    rep = queries.report(officer, THIS_YEAR - 1)
    assert rep.title == saved.title
    assert {s.key for s in rep.sections if not s.drafted} == set(saved.prose)


def test_a_text_with_nul_is_refused_naming_its_section__ANNUAL_REPORT(officer):
    with pytest.raises(InvalidInput) as refused:
        ops.save_report(actor=officer, year=THIS_YEAR, prose={"training": "a\x00b"})
    assert refused.value.field == "prose.training"
    with pytest.raises(InvalidInput) as refused:
        ops.save_report(actor=officer, year=THIS_YEAR, prose={"nonsense": "x"})
    assert refused.value.field == "prose.nonsense"
    with pytest.raises(InvalidInput) as refused:
        ops.save_report(
            actor=officer, year=THIS_YEAR, prose={"plans": "x" * (queries.MAX_PROSE + 1)}
        )
    assert refused.value.field == "prose.plans"
    assert not AnnualReport.objects.filter(year=THIS_YEAR).exists()


@pytest.mark.parametrize("year", [1999, THIS_YEAR + 1, "twenty", True])
def test_a_bad_year_is_refused_naming_it__ANNUAL_REPORT(officer, year):
    with pytest.raises(InvalidInput) as refused:
        queries.report(officer, year)
    assert refused.value.field == "year"
    with pytest.raises(InvalidInput) as refused:
        ops.save_report(actor=officer, year=year, prose={"plans": "x"})
    assert refused.value.field == "year"


# --- who reads, who writes ----------------------------------------------------------------------


def test_a_leader_reads_but_cannot_save__ANNUAL_REPORT(leader):
    rep = queries.report(leader, THIS_YEAR)
    assert rep.figures and not rep.keeps
    with pytest.raises(AccessDenied):
        ops.save_report(actor=leader, year=THIS_YEAR, prose={"plans": "x"})
    assert not AnnualReport.objects.filter(year=THIS_YEAR).exists()


@pytest.mark.parametrize("username", ["staff", "clerk", "auditor", "admin"])
def test_staff_and_clerks_cannot_read__ANNUAL_REPORT(demo_accounts, username):
    account = demo_accounts[username]
    with pytest.raises(AccessDenied):
        queries.report(account, THIS_YEAR)
    with pytest.raises(AccessDenied):
        files.export(account, THIS_YEAR, "pdf")
    with pytest.raises(AccessDenied):
        ops.save_report(actor=account, year=THIS_YEAR, prose={"plans": "x"})


def test_a_password_set_by_someone_else_reads_nothing__ANNUAL_REPORT(leader):
    Account.objects.filter(pk=leader.pk).update(password_must_change=True)
    leader.refresh_from_db()
    with pytest.raises(AccessDenied):
        queries.report(leader, THIS_YEAR)


# --- the page -----------------------------------------------------------------------------------


def test_the_page_shows_the_figures_with_their_lists_and_the_prose_form__ANNUAL_REPORT(officer):
    client = signed_in(officer, language="en")
    page = client.get(reverse("annual_report"), {"year": THIS_YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    rep = queries.report(officer, THIS_YEAR)
    for f in rep.figures:
        assert f'data-figure="{f.figure.key}"' in html
        if f.figure.url:
            assert f'href="{f.figure.url}"'.replace("&", "&amp;") in html
    assert 'data-form="report-prose"' in html
    saved = client.post(
        reverse("annual_report_save"),
        {"year": THIS_YEAR, "title": "", "overview": "概述文字。"},
    )
    assert saved.status_code == 303
    assert AnnualReport.objects.get(year=THIS_YEAR).prose == {"overview": "概述文字。"}
    docx = client.get(reverse("annual_report"), {"year": THIS_YEAR, "format": "docx"})
    assert docx.status_code == 200 and "概述文字。" in _docx_text(docx.content)


def test_the_page_refuses_whoever_may_not_and_a_bad_year__ANNUAL_REPORT(demo_accounts, leader):
    assert signed_in(demo_accounts["staff"]).get(reverse("annual_report")).status_code == 403
    assert signed_in(demo_accounts["clerk"]).get(reverse("annual_report")).status_code == 403
    reader = signed_in(leader)
    page = reader.get(reverse("annual_report"))
    assert page.status_code == 200 and 'data-form="report-prose"' not in page.content.decode()
    refused = reader.post(reverse("annual_report_save"), {"year": THIS_YEAR, "plans": "x"})
    assert refused.status_code == 403
    assert reader.get(reverse("annual_report"), {"year": 1999}).status_code == 400


# --- the API ------------------------------------------------------------------------------------


def test_the_api_gives_the_report_and_saves_the_prose__ANNUAL_REPORT(officer, leader):
    answer = ApiClient(leader).get(f"/annual-reports/{THIS_YEAR}")
    assert answer.status_code == 200
    body = answer.json()
    figures = [f for s in body["sections"] for f in s["figures"]]
    assert figures and all(f["source"] and f["key"] for f in figures)
    assert [s["key"] for s in body["sections"]][:2] == ["overview", "incidents"]
    refused = ApiClient(leader).call(
        "PUT", f"/annual-reports/{THIS_YEAR}", {"prose": {"plans": "x"}}
    )
    assert refused.status_code == 403
    saved = ApiClient(officer).call(
        "PUT", f"/annual-reports/{THIS_YEAR}", {"prose": {"plans": "明年计划。"}, "title": "总结"}
    )
    assert saved.status_code == 200
    plans = next(s for s in saved.json()["sections"] if s["key"] == "plans")
    assert plans["prose"] == "明年计划。" and not plans["drafted"]
    assert saved.json()["title"] == "总结"
    pdf = ApiClient(leader).get(f"/annual-reports/{THIS_YEAR}/file", format="pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_api_refuses_a_bad_year_nul_and_staff__ANNUAL_REPORT(officer, demo_accounts):
    client = ApiClient(officer)
    for year in (1999, THIS_YEAR + 1):
        answer = client.get(f"/annual-reports/{year}")
        assert answer.status_code == 422 and answer.json()["field"] == "year"
    nul = client.call("PUT", f"/annual-reports/{THIS_YEAR}", {"prose": {"training": "a\x00b"}})
    assert nul.status_code == 422 and "training" in str(nul.json())
    unknown = client.call("PUT", f"/annual-reports/{THIS_YEAR}", {"prose": {"nonsense": "x"}})
    assert unknown.status_code == 422
    assert ApiClient(demo_accounts["staff"]).get(f"/annual-reports/{THIS_YEAR}").status_code == 403
