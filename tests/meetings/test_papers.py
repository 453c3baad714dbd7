"""Meeting papers (MEET-DOCS): numbered copies handed to named, signed-in attendees of an open
meeting by their custodian, never to a visitor (AREA-ACCESS); a TOP_SECRET copy collected at
once; collected back or their handling recorded (kept until a date, lost); the carriers' side
(the copy at the meeting with the attendee, its custody of kind MEETING, the timeline)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import CarrierType, Copy, CopyEvent, CopyState, Custody, CustodyKind
from baomi.carriers.operations import circulation, incoming
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import Meeting, MeetingPaper, MeetingState, PaperHandling
from baomi.meetings.operations import meetings as ops
from baomi.meetings.operations import papers
from baomi.meetings.queries import papers as paper_queries
from baomi.org.models import Person
from tests.factories import audit_events


def refused(rule_id: str, call: Any, **kw: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def document(office, *, level=Level.SECRET, people=(), copies=3, **kw) -> list[Copy]:
    """A document registered by the clerk (its custodian), ``people`` in its scope."""
    n = Copy.objects.count() + 1
    entry = incoming.register_incoming(
        actor=office.clerk,
        number=kw.pop("number", f"市保发〔2026〕{n}号"),
        title=kw.pop("title", f"关于第{n}项工作的通知"),
        level=level,
        term_years=10 if level >= Level.CONFIDENTIAL else None,
        issuer="市保密局",
        copies=copies,
        named_people_ids=[p.pk for p in people],
        **kw,
    )
    return list(Copy.objects.filter(document=entry.document).order_by("number"))


def signed_in(office, meeting: Meeting, person: Person):
    return ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, person_id=person.pk)


def hand(office, meeting, attendee, copy, actor=None) -> MeetingPaper:
    return papers.hand_out(
        actor=actor or office.clerk,
        meeting_id=meeting.pk,
        attendee_id=attendee.pk,
        copy_id=copy.pk,
    )


@pytest.fixture
def session(office):
    """An open SECRET meeting with the important person signed in, and a SECRET document in
    their scope."""
    meeting = office.opened()
    attendee = signed_in(office, meeting, office.important)
    copies = document(office, people=[office.important])
    return meeting, attendee, copies


# Handing out --------------------------------------------------------------------------------


def test_a_copy_is_handed_to_a_signed_in_attendee__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    copy = Copy.objects.get(pk=copies[0].pk)
    assert (copy.state, copy.holder_id) == (CopyState.AT_MEETING, office.important.pk)
    custody = Custody.objects.get(pk=paper.custody_id)
    assert (custody.kind, custody.holder_id, custody.returned_at) == (
        CustodyKind.MEETING,
        office.important.pk,
        None,
    )
    assert custody.destination == meeting.title
    # Due back at the end of the working day of the meeting's end, not at once.
    assert custody.due_at == copy.due_at and custody.due_at >= meeting.ends_at
    assert not paper.collect_at_once and paper.handed_by == office.clerk
    line = CopyEvent.objects.filter(copy=copy).order_by("-pk").first()
    assert (line.action, line.person_id) == ("to_meeting", office.important.pk)
    (event,) = audit_events("meetings.paper_handed_out")
    assert event["data"]["rules"] == ["MEET-DOCS"] and event["data"]["copy"] == copy.pk
    assert list(paper_queries.unaccounted(meeting)) == [paper]


def test_no_paper_before_the_meeting_opens_or_after_it_ends__MEET_DOCS(office):
    planned = office.ready(office.meeting())
    attendee = planned.attendees.get()
    copies = document(office, people=[office.important])
    refused("MEET-DOCS", hand, office=office, meeting=planned, attendee=attendee, copy=copies[0])
    opened = ops.open_meeting(actor=office.clerk, meeting_id=planned.pk)
    signed_in(office, opened, office.important)
    ops.end_meeting(actor=office.clerk, meeting_id=opened.pk)
    refused("MEET-DOCS", hand, office=office, meeting=opened, attendee=attendee, copy=copies[0])
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.WITH_CUSTODIAN


def test_an_attendee_not_signed_in_receives_nothing__MEET_DOCS(office):
    late = office.world.person(clearance=Clearance.IMPORTANT)
    meeting = office.opened(office.important, late)
    attendee = meeting.attendees.get(person=late)
    copies = document(office, people=[late])
    refused("MEET-DOCS", hand, office=office, meeting=meeting, attendee=attendee, copy=copies[0])
    assert not MeetingPaper.objects.exists()


def test_a_visitor_never_receives_a_document__AREA_ACCESS(office):
    meeting = office.meeting()
    visitor = office.visitor()
    ops.add_attendee(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    meeting = office.ready(meeting)
    ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    guest = ops.sign_in(actor=office.clerk, meeting_id=meeting.pk, visitor_id=visitor.pk)
    copies = document(office, level=Level.INTERNAL)
    error = refused(
        "AREA-ACCESS", hand, office=office, meeting=meeting, attendee=guest, copy=copies[0]
    )
    assert "visitor" in error.message.lower() or "来访" in error.message
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.WITH_CUSTODIAN


def test_a_top_secret_paper_at_a_secret_meeting_goes_only_to_a_core_attendee__CLS_MAC(
    office, session
):
    """The meeting's level is what it discusses; a paper above it goes only to an attendee
    cleared for the paper (CLS-MAC), and a top-secret one is collected at once (MEET-DOCS)."""
    meeting, attendee, _copies = session
    assert meeting.level == Level.SECRET
    important = Person.objects.filter(pk=office.important.pk)
    important.update(clearance=Clearance.CORE)
    top = document(office, level=Level.TOP_SECRET, people=[office.important])
    important.update(clearance=Clearance.IMPORTANT)  # cleared for the meeting, not the paper
    refused("CLS-MAC", hand, office=office, meeting=meeting, attendee=attendee, copy=top[0])
    assert Copy.objects.get(pk=top[0].pk).state == CopyState.WITH_CUSTODIAN
    important.update(clearance=Clearance.CORE)
    handed = hand(office=office, meeting=meeting, attendee=attendee, copy=top[0])
    assert handed.collect_at_once
    assert Copy.objects.get(pk=top[0].pk).state == CopyState.AT_MEETING


def test_only_the_copys_custodian_hands_it_out__MEET_DOCS(office, session):
    meeting, attendee, _copies = session
    # The security officer organises meetings and may know the document, but the clerk keeps
    # the copy: the custodian hands it out.
    copies = document(office, people=[office.important, office.officer.person])
    refused(
        "MEET-DOCS",
        hand,
        office=office,
        meeting=meeting,
        attendee=attendee,
        copy=copies[0],
        actor=office.officer,
    )
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.WITH_CUSTODIAN


def test_a_copy_already_out_is_not_handed_out_again__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    hand(office, meeting, attendee, copies[0])
    refused(
        "CIRC-MEETING-RETURN",
        hand,
        office=office,
        meeting=meeting,
        attendee=attendee,
        copy=copies[0],
    )


def test_only_someone_who_may_know_the_document_receives_it__CLS_MAC(office, session):
    meeting, attendee, _copies = session
    outside = document(office, people=[])  # the important person is not in its scope
    refused("CLS-MAC", hand, office=office, meeting=meeting, attendee=attendee, copy=outside[0])


def test_a_cipher_telegram_is_never_a_meeting_paper__CIPHER(office, session):
    meeting, attendee, _copies = session
    cipher = document(office, people=[office.important], carrier_type=CarrierType.CIPHER)
    refused("CIPHER", hand, office=office, meeting=meeting, attendee=attendee, copy=cipher[0])


def test_a_person_on_probation_receives_no_classified_paper__PPL_PROBATION(office, session):
    meeting, attendee, copies = session
    Person.objects.filter(pk=office.important.pk).update(on_probation=True)
    refused(
        "PPL-PROBATION", hand, office=office, meeting=meeting, attendee=attendee, copy=copies[0]
    )


def test_handing_out_needs_the_meeting_permission(office, session):
    meeting, attendee, copies = session
    with pytest.raises(AccessDenied):
        hand(office, meeting, attendee, copies[0], actor=office.staff)
    other = office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    with pytest.raises((NotFound, RuleViolation)):
        hand(office, meeting, attendee, copies[0], actor=other)


# TOP_SECRET: collected at once --------------------------------------------------------------


@pytest.fixture
def top_session(office):
    Person.objects.filter(pk=office.important.pk).update(clearance=Clearance.CORE)
    office.important.refresh_from_db()
    from baomi.areas.models import SecureArea

    SecureArea.objects.filter(pk=office.room.pk).update(level=Level.TOP_SECRET)
    meeting = office.ready(office.meeting(level=Level.TOP_SECRET))
    meeting = ops.open_meeting(actor=office.clerk, meeting_id=meeting.pk)
    attendee = signed_in(office, meeting, office.important)
    top = document(office, level=Level.TOP_SECRET, people=[office.important])
    return meeting, attendee, top


def test_a_top_secret_copy_is_handed_out_and_due_at_once__MEET_DOCS(office, top_session):
    meeting, attendee, top = top_session
    paper = hand(office, meeting, attendee, top[0])
    assert paper.collect_at_once
    custody = Custody.objects.get(pk=paper.custody_id)
    assert custody.due_at <= timezone.now()
    assert list(paper_queries.out_at_once(meeting)) == [paper]
    refused("MEET-DOCS", ops.end_meeting, actor=office.clerk, meeting_id=meeting.pk)
    papers.collect(actor=office.clerk, paper_id=paper.pk)
    assert not paper_queries.out_at_once(meeting).exists()
    assert ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk).state == MeetingState.ENDED


def test_a_top_secret_paper_is_never_kept__MEET_DOCS(office, top_session):
    meeting, attendee, top = top_session
    paper = hand(office, meeting, attendee, top[0])
    refused(
        "MEET-DOCS",
        papers.record_handling,
        actor=office.clerk,
        paper_id=paper.pk,
        handling=PaperHandling.KEPT,
        note="会上宣布留存",
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )


# Collecting and handling --------------------------------------------------------------------


def test_a_collected_paper_is_back_with_its_custodian__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    papers.collect(actor=office.clerk, paper_id=paper.pk)
    paper.refresh_from_db()
    assert paper.handling == PaperHandling.COLLECTED and paper.handled_by == office.clerk
    copy = Copy.objects.get(pk=copies[0].pk)
    assert (copy.state, copy.holder_id, copy.due_at) == (
        CopyState.WITH_CUSTODIAN,
        office.clerk.person_id,
        None,
    )
    custody = Custody.objects.get(pk=paper.custody_id)
    assert custody.returned_at is not None and custody.return_confirmed_by == office.clerk
    assert CopyEvent.objects.filter(copy=copy).order_by("-pk").first().action == "returned"
    assert not paper_queries.unaccounted(meeting).exists()
    assert audit_events("meetings.paper_collected")[-1]["data"]["handling"] == "collected"
    # Once accounted for, never again.
    refused("MEET-DOCS", papers.collect, actor=office.clerk, paper_id=paper.pk)
    # The copy may be handed out again at the same meeting.
    hand(office, meeting, attendee, copies[0])


def test_a_copy_returned_through_its_page_is_marked_collected__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    circulation.return_copy(actor=office.clerk, copy_id=copies[0].pk)
    papers.collect(actor=office.clerk, paper_id=paper.pk)
    paper.refresh_from_db()
    assert paper.handling == PaperHandling.COLLECTED
    assert paper.handled_at == Custody.objects.get(pk=paper.custody_id).returned_at


def test_a_kept_paper_stays_out_until_its_date__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    day = timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(InvalidInput) as exc:
        papers.record_handling(
            actor=office.clerk, paper_id=paper.pk, handling="kept", note=" ", due_date=day
        )
    assert exc.value.field == "note"
    with pytest.raises(InvalidInput) as exc:
        papers.record_handling(
            actor=office.clerk, paper_id=paper.pk, handling="kept", note="会上宣布", due_date=None
        )
    assert exc.value.field == "due_date"
    with pytest.raises(InvalidInput) as exc:
        papers.record_handling(
            actor=office.clerk, paper_id=paper.pk, handling="gone", note="x", due_date=day
        )
    assert exc.value.field == "handling"
    papers.record_handling(
        actor=office.clerk,
        paper_id=paper.pk,
        handling="kept",
        note="会上宣布由项目组留存至下周",
        due_date=day,
    )
    paper.refresh_from_db()
    assert paper.handling == PaperHandling.KEPT and paper.handling_note.startswith("会上宣布")
    copy = Copy.objects.get(pk=copies[0].pk)
    assert (copy.state, copy.holder_id) == (CopyState.AT_MEETING, office.important.pk)
    assert timezone.localtime(copy.due_at).date() >= day
    line = CopyEvent.objects.filter(copy=copy).order_by("-pk").first()
    assert timezone.localtime(copy.due_at).date().isoformat() in line.note
    assert not paper_queries.unaccounted(meeting).exists()
    # It comes back later as any copy does.
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    assert Copy.objects.get(pk=copy.pk).state == CopyState.WITH_CUSTODIAN


def test_a_lost_paper_is_recorded_and_left_to_the_loss_report__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    papers.record_handling(
        actor=office.clerk, paper_id=paper.pk, handling="lost", note="会后未能找到"
    )
    paper.refresh_from_db()
    assert paper.handling == PaperHandling.LOST
    # The copy stays with the attendee in carriers, overdue there until the loss is reported.
    assert Copy.objects.get(pk=copies[0].pk).state == CopyState.AT_MEETING


def test_a_closed_meetings_papers_are_not_handled_again__MEET_DOCS(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    # Collecting after the end is allowed.
    papers.collect(actor=office.clerk, paper_id=paper.pk)
    MeetingPaper.objects.filter(pk=paper.pk).update(handled_at=None, handling="")
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.CLOSED)
    refused("MEET-DOCS", papers.collect, actor=office.clerk, paper_id=paper.pk)
    refused(
        "MEET-DOCS",
        papers.record_handling,
        actor=office.clerk,
        paper_id=paper.pk,
        handling="lost",
        note="x",
    )


def test_another_organisations_paper_is_not_found(office, session):
    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    from tests.factories import World

    stranger = World.build().account(Role.CLERK, clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        papers.collect(actor=stranger, paper_id=paper.pk)
    with pytest.raises(NotFound):
        papers.hand_out(
            actor=stranger, meeting_id=meeting.pk, attendee_id=attendee.pk, copy_id=copies[1].pk
        )


# Deadlines ----------------------------------------------------------------------------------


def test_a_top_secret_paper_out_is_overdue_at_once__MEET_DOCS(office, top_session):
    from baomi.meetings.deadlines.papers import papers as provide
    from baomi.seams.deadlines import State

    meeting, attendee, top = top_session
    paper = hand(office, meeting, attendee, top[0])
    org = office.world.organisation.pk
    (deadline,) = provide(org, timezone.now())
    assert (deadline.rule_id, deadline.subject_id, deadline.person_id) == (
        "MEET-DOCS",
        paper.pk,
        office.important.pk,
    )
    assert deadline.state(timezone.now()) == State.OVERDUE
    papers.collect(actor=office.clerk, paper_id=paper.pk)
    assert provide(org, timezone.now()) == []


def test_papers_out_at_an_ended_meeting_are_overdue__MEET_DOCS(office, session):
    from baomi.meetings.deadlines.papers import papers as provide

    meeting, attendee, copies = session
    paper = hand(office, meeting, attendee, copies[0])
    org = office.world.organisation.pk
    assert provide(org, timezone.now()) == []  # in session, due by the meeting's end
    ended = ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    (deadline,) = provide(org, timezone.now())
    assert (deadline.subject_id, deadline.due_at) == (paper.pk, ended.ended_at)
