"""The meeting papers on the meeting's page and in the API (MEET-DOCS): the register panel, the
hand-out and collect buttons, the printed 会议文件登记表 and the register's .xlsx (no live
formula) and PDF, recorded; a document the reader may not know is not named; 403/404/422."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput
from baomi.core.exports import FORMULA_TRIGGERS
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import MeetingPaper, PaperHandling
from baomi.meetings.queries import papers as queries
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.meetings.test_papers import document, hand, signed_in


def browser(account) -> Client:
    client = Client()
    client.force_login(account)
    return client


@pytest.fixture
def handed(office):
    """An open SECRET meeting; one paper (a title beginning with "=") out to the important
    person, signed in."""
    meeting = office.opened()
    attendee = signed_in(office, meeting, office.important)
    copies = document(office, people=[office.important], title="=HYPERLINK(1)项目方案")
    paper = hand(office, meeting, attendee, copies[0])
    return meeting, attendee, copies, paper


def test_the_meeting_page_shows_the_paper_register_and_the_minutes__MEET_DOCS(office, handed):
    meeting, _attendee, _copies, paper = handed
    page = browser(office.clerk).get(reverse("meeting", args=[meeting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-paper="{paper.pk}"' in html and "HYPERLINK" in html
    assert 'data-form="paper-hand-out"' in html and 'data-action="collect"' in html
    assert 'id="minutes"' in html


def test_collecting_from_the_page__MEET_DOCS(office, handed):
    _meeting, _attendee, _copies, paper = handed
    answer = browser(office.clerk).post(reverse("meeting_paper_collect", args=[paper.pk]))
    assert answer.status_code in (302, 303)
    paper.refresh_from_db()
    assert paper.handling == PaperHandling.COLLECTED


def test_handing_out_from_the_page__MEET_DOCS(office, handed):
    meeting, attendee, copies, _paper = handed
    answer = browser(office.clerk).post(
        reverse("meeting_paper_hand_out", args=[meeting.pk]),
        {"attendee": attendee.pk, "copy": copies[1].pk},
    )
    assert answer.status_code in (302, 303)
    assert MeetingPaper.objects.filter(copy=copies[1]).exists()


def test_the_register_is_printed_marked_and_recorded__MEET_DOCS(office, handed):
    meeting, _attendee, _copies, _paper = handed
    printed = queries.printed(office.clerk, meeting.pk)
    assert printed.content.startswith(b"%PDF") and printed.form.level == Level.SECRET
    assert printed.form.title == "会议文件登记表"
    (event,) = audit_events("meetings.paper_register_printed")
    assert event["data"]["rule"] == "MEET-DOCS" and event["data"]["level"] == Level.SECRET
    page = browser(office.clerk).get(reverse("meeting_papers_pdf", args=[meeting.pk]))
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"


def test_the_register_exports_without_a_live_formula__MEET_DOCS(office, handed):
    meeting, _attendee, _copies, _paper = handed
    exported = queries.export(office.clerk, meeting.pk, "xlsx")
    sheet = load_workbook(BytesIO(exported.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not any(cell.data_type == "f" for cell in cells)
    texts = [str(cell.value) for cell in cells]
    assert any("HYPERLINK" in t for t in texts)
    # No cell starts with a formula trigger unless quoted as text.
    for cell in cells:
        if str(cell.value).startswith(FORMULA_TRIGGERS):
            assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert any("机密" in t or "Secret" in t for t in texts)  # the meeting's level marked
    pdf = queries.export(office.clerk, meeting.pk, "pdf")
    assert pdf.content.startswith(b"%PDF")
    first, second = audit_events("meetings.paper_register_exported")
    assert (first["data"]["format"], first["data"]["lines"]) == ("xlsx", 1)
    assert second["data"]["format"] == "pdf"
    with pytest.raises(InvalidInput) as refused:
        queries.export(office.clerk, meeting.pk, "csv")
    assert refused.value.field == "format"
    page = browser(office.clerk).get(
        reverse("meeting_papers_export", args=[meeting.pk]), {"format": "xlsx"}
    )
    assert page.status_code == 200 and page["Content-Disposition"].startswith("attachment")


def test_a_document_the_reader_may_not_know_is_not_named__CLS_MAC(office, handed):
    meeting, _attendee, _copies, _paper = handed
    # Another organiser, cleared but outside the document's scope, sees the line only.
    other = office.world.account(Role.CLERK, dept="lab", clearance=Clearance.CORE)
    lines = queries.lines(other, meeting)
    assert len(lines) == 1 and not lines[0].document_seen
    assert "HYPERLINK" not in lines[0].title and lines[0].number == ""


def test_the_api_hands_out_collects_and_refuses__MEET_DOCS(office, handed):
    meeting, attendee, copies, paper = handed
    api = ApiClient(office.clerk)
    listed = api.get(f"/meetings/{meeting.pk}/papers")
    assert listed.status_code == 200 and [x["id"] for x in listed.json()] == [paper.pk]
    made = api.post(
        f"/meetings/{meeting.pk}/papers", {"attendee_id": attendee.pk, "copy_id": copies[1].pk}
    )
    assert made.status_code == 201 and made.json()["copy_id"] == copies[1].pk
    again = api.post(
        f"/meetings/{meeting.pk}/papers", {"attendee_id": attendee.pk, "copy_id": copies[1].pk}
    )
    assert again.status_code in (403, 409)
    collected = api.post(f"/meeting-papers/{paper.pk}/collect", {})
    assert collected.status_code == 200 and collected.json()["handling"] == "collected"
    twice = api.post(f"/meeting-papers/{paper.pk}/collect", {})
    assert twice.status_code == 409 and twice.json()["rule"] == "MEET-DOCS"
    bad = api.post(
        f"/meeting-papers/{made.json()['id']}/handling", {"handling": "burnt", "note": "x"}
    )
    assert bad.status_code == 422 and "handling" in bad.text
    no_date = api.post(
        f"/meeting-papers/{made.json()['id']}/handling", {"handling": "kept", "note": "宣布留存"}
    )
    assert no_date.status_code == 422 and "due_date" in no_date.text
    staff = ApiClient(office.staff)
    assert staff.post(f"/meeting-papers/{made.json()['id']}/collect", {}).status_code in (403, 404)
    assert api.get("/meetings/999999/papers").status_code == 404
    exported = api.get(f"/meetings/{meeting.pk}/papers/export", format="xlsx")
    assert exported.status_code == 200


def test_the_api_refuses_a_visitor__AREA_ACCESS(office):
    meeting = office.meeting()
    from baomi.meetings.operations import meetings as ops

    visitor = office.visitor()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    meeting = office.ready(meeting)
    ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    guest = ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    copies = document(office, level=Level.INTERNAL)
    answer = ApiClient(office.clerk).post(
        f"/meetings/{meeting.pk}/papers", {"attendee_id": guest.pk, "copy_id": copies[0].pk}
    )
    assert answer.status_code == 403 and answer.json()["rule"] == "AREA-ACCESS"
