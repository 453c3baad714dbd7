"""The meetings' figures (``seams.figures``, section "meetings"), their deadline subjects
(MEET-ATTEND, MEET-SWEEP, MEET-DOCS) and their accreditation evidence ("meetings.papers":
MEET-DOCS, MEET-SWEEP), against counts made directly in a small world."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import CheckKind, Meeting, MeetingPaper, MeetingState
from baomi.meetings.operations import meetings as ops
from baomi.meetings.queries import figures
from baomi.seams import approvals
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.factories import World
from tests.meetings.conftest import build_meetings_office
from tests.meetings.test_papers import document, hand, signed_in

TODAY = timezone.localdate()
PERIOD = Period.of(Range.YEAR, TODAY)


def by_key(part: Part, period: Period = PERIOD) -> dict:
    return {f.key: f for f in FIGURE_PROVIDERS.get("meetings").figures(part, period)}


@pytest.fixture
def session(office):
    """An open SECRET meeting of the general office with two papers handed to the important
    person, one collected back."""
    meeting = office.opened()
    attendee = signed_in(office, meeting, office.important)
    copies = document(office, people=[office.important])
    first = hand(office, meeting, attendee, copies[0])
    hand(office, meeting, attendee, copies[1])
    from baomi.meetings.operations import papers

    papers.collect(actor=office.clerk, paper_id=first.pk)
    return meeting


def test_every_figure_counts_what_the_records_say(office, session):
    tech = office.meeting(
        level=Level.CONFIDENTIAL, department_id=office.world.departments["tech"].pk
    )
    now = timezone.now()
    Meeting.objects.filter(pk=tech.pk).update(state=MeetingState.OPEN, opened_at=now)
    # A meeting opened last year is outside the year.
    old = office.meeting()
    Meeting.objects.filter(pk=old.pk).update(
        state=MeetingState.CLOSED, opened_at=now - datetime.timedelta(days=400)
    )
    found = by_key(Part(office.world.organisation.pk))
    held = found["meetings.held"]
    assert held.value == 2 == Meeting.objects.filter(opened_at__year=TODAY.year).count()
    assert held.split[str(Level.SECRET.label)] == 1
    assert held.split[str(Level.CONFIDENTIAL.label)] == 1
    assert sum(held.split.values()) == held.value
    assert held.url == reverse("meetings")
    assert held.source == "baomi.meetings.queries.figures.held"
    assert found["meetings.papers_handed_out"].value == 2 == MeetingPaper.objects.count()
    out = found["meetings.papers_unaccounted"]
    assert out.value == 1 == MeetingPaper.objects.filter(handled_at=None).count()
    assert out.now and out.target == 0
    assert all(f.key.startswith("meetings.") for f in found.values())
    assert FIGURE_PROVIDERS.get("meetings").in_report


def test_a_heads_part_counts_the_meetings_its_departments_organise(office, session):
    tech = office.meeting(department_id=office.world.departments["tech"].pk)
    Meeting.objects.filter(pk=tech.pk).update(state=MeetingState.OPEN, opened_at=timezone.now())
    lab_path = office.world.departments["tech"].path
    found = by_key(Part(office.world.organisation.pk, (lab_path,)))
    assert found["meetings.held"].value == 1
    assert found["meetings.papers_handed_out"].value == 0
    assert found["meetings.papers_unaccounted"].value == 0
    office_path = office.world.departments["office"].path
    found = by_key(Part(office.world.organisation.pk, (office_path,)))
    assert found["meetings.held"].value == 1
    assert found["meetings.papers_handed_out"].value == 2


def test_the_period_bounds_are_the_local_days_included(office, session):
    start, until = PERIOD.moments()
    Meeting.objects.filter(pk=session.pk).update(opened_at=until)
    assert by_key(Part(office.world.organisation.pk))["meetings.held"].value == 0
    Meeting.objects.filter(pk=session.pk).update(opened_at=start)
    assert by_key(Part(office.world.organisation.pk))["meetings.held"].value == 1
    MeetingPaper.objects.update(handed_at=start - datetime.timedelta(seconds=1))
    found = by_key(Part(office.world.organisation.pk))
    assert found["meetings.papers_handed_out"].value == 0
    # Out now, whatever the period.
    assert found["meetings.papers_unaccounted"].value == 1


def test_another_organisations_meetings_are_not_counted(office, session):
    other = World.build()
    assert all(f.value == 0 for f in by_key(Part(other.organisation.pk)).values())


def test_each_figure_is_one_query(office, session):
    part = Part(office.world.organisation.pk)
    for produce in (figures.held, figures.handed_out, figures.unaccounted):
        with CaptureQueriesContext(connection) as queries:
            produce(part, PERIOD)
        assert len(queries) == 1, produce


# Deadline subjects ------------------------------------------------------------------------


def test_a_meeting_subject_is_named_to_who_may_know_it__MEET_ATTEND(office):
    meeting = office.meeting()
    known = approvals.describe(office.clerk, "meetings.meeting", str(meeting.pk))
    assert known.label == meeting.title and known.level == Level.SECRET
    assert known.url == reverse("meeting", args=[meeting.pk])
    # Not organiser, not listed: unknown.
    assert approvals.describe(office.staff, "meetings.meeting", str(meeting.pk)) is None
    other = build_meetings_office(World.build())
    assert approvals.describe(other.clerk, "meetings.meeting", str(meeting.pk)) is None


def test_a_paper_subject_is_named_by_number_to_who_may_know_its_document__MEET_DOCS(
    office, session
):
    paper = MeetingPaper.objects.filter(handled_at=None).select_related("copy__document").get()
    known = approvals.describe(office.clerk, "meetings.meetingpaper", str(paper.pk))
    doc = paper.copy.document
    assert doc.number in known.label and str(paper.copy.number) in known.label
    assert doc.title not in known.label
    assert known.level == doc.level
    assert known.url == reverse("meeting", args=[session.pk])
    # Another organiser, cleared but outside the document's scope (CLS-MAC): the paper of
    # the meeting, without its number.
    other = office.world.account(Role.CLERK, dept="lab", clearance=Clearance.CORE)
    seen = approvals.describe(other, "meetings.meetingpaper", str(paper.pk))
    assert doc.number not in seen.label and doc.title not in seen.label
    assert session.title in seen.label and seen.level == session.level
    assert approvals.describe(office.staff, "meetings.meetingpaper", str(paper.pk)) is None
    other = build_meetings_office(World.build())
    assert approvals.describe(other.clerk, "meetings.meetingpaper", str(paper.pk)) is None


# Evidence ---------------------------------------------------------------------------------


WHOLE = Scope()


def evidence(office, scope: Scope = WHOLE):
    provider = EVIDENCE_PROVIDERS.get("meetings.papers")
    return provider.provide(office.world.organisation.pk, scope, timezone.now())


def test_evidence_is_ok_when_every_ended_meeting_is_swept_and_accounted__MEET_DOCS_MEET_SWEEP(
    office,
):
    meeting = office.opened()
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    office.check(meeting, CheckKind.SWEEP)
    result = evidence(office)
    assert result.verdict == Finding.OK and result.facts == []


def test_evidence_names_a_meeting_ended_with_a_paper_out__MEET_DOCS(office, session):
    ops.end_meeting(actor=office.clerk, meeting_id=session.pk)
    office.check(session, CheckKind.SWEEP)
    result = evidence(office)
    assert result.verdict == Finding.PROBLEM
    (fact,) = result.facts
    assert fact.url == reverse("meeting", args=[session.pk])
    assert session.title not in fact.text
    # Another department's scope, or another organiser, sees nothing of it.
    tech = office.world.departments["tech"]
    assert evidence(office, Scope(tech.pk, tech.path)).verdict == Finding.OK
    assert evidence(office, Scope(person_id=office.important.pk)).verdict == Finding.OK
    assert evidence(office, Scope(person_id=office.leader.person_id)).verdict == Finding.PROBLEM


def test_evidence_names_a_meeting_ended_without_a_sweep__MEET_SWEEP(office):
    meeting = office.opened()
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    result = evidence(office)
    assert result.verdict == Finding.PROBLEM
    assert [f.url for f in result.facts] == [reverse("meeting", args=[meeting.pk])]
    # Before it ended, there was nothing to say.
    before = EVIDENCE_PROVIDERS.get("meetings.papers").provide(
        office.world.organisation.pk, Scope(), timezone.now() - datetime.timedelta(hours=1)
    )
    assert before.verdict == Finding.OK
