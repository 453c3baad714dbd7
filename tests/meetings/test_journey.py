"""A classified meeting from start to close, through the operations (MEET-ATTEND, MEET-PHONES,
MEET-DOCS, MEET-SWEEP, MEET-MINUTES): the list drawn up and approved by someone else, a person
not cleared turned away when listed and at the door, someone off the list turned away, papers
handed out — the top-secret one collected at once (the meeting does not end while it is out) —
the close refused while a copy is unaccounted for (the refusal names it), then collected, the
sweep recorded, the minutes kept, the meeting closed.

The meeting is 机密 (SECRET), as the issue tells the story: its top-secret paper goes only to
an attendee cleared core for it (CLS-MAC) and is collected at once (MEET-DOCS); a SECRET one
goes out beside it."""

from __future__ import annotations

import pytest

from baomi.carriers.models import Copy, CopyState
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import CheckKind, MeetingState, PaperHandling
from baomi.meetings.operations import meetings as ops
from baomi.meetings.operations import minutes as minutes_ops
from baomi.meetings.operations import papers
from baomi.meetings.queries import papers as paper_queries
from baomi.org.models import Person
from tests.meetings.test_papers import document


def refused(rule_id, call, **kw) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def test_a_secret_meeting_from_its_list_to_its_close__MEET_DOCS(office):
    Person.objects.filter(pk=office.important.pk).update(clearance=Clearance.CORE)
    office.important.refresh_from_db()
    second = office.world.person(clearance=Clearance.IMPORTANT, name="钱重要")
    clerk = office.clerk
    meeting = office.meeting(level=Level.SECRET, title="机密项目评审会")

    # The list: cleared people only (MEET-ATTEND), approved by someone who did not draw it up.
    refused(
        "MEET-ATTEND",
        ops.add_attendee,
        actor=clerk,
        meeting_id=meeting.pk,
        person_id=office.general.pk,
    )
    for person in (office.important, second):
        ops.add_attendee(actor=clerk, meeting_id=meeting.pk, person_id=person.pk)
    ops.approve_list(actor=office.officer, meeting_id=meeting.pk)
    office.check(meeting, CheckKind.VENUE, "会场无异常")
    office.check(meeting, CheckKind.PHONES, "手机存放于会场外")
    ops.open_meeting(actor=clerk, meeting_id=meeting.pk)

    # The door: someone off the list, and a listed person no longer cleared, are turned away.
    refused(
        "MEET-ATTEND", ops.sign_in, actor=clerk, meeting_id=meeting.pk, person_id=office.general.pk
    )
    Person.objects.filter(pk=second.pk).update(clearance=Clearance.GENERAL)
    refused("MEET-ATTEND", ops.sign_in, actor=clerk, meeting_id=meeting.pk, person_id=second.pk)
    attendee = ops.sign_in(actor=clerk, meeting_id=meeting.pk, person_id=office.important.pk)

    # Papers: a SECRET copy, and a top-secret one collected at once.
    secret = document(office, people=[office.important], number="密评〔2026〕1号")[0]
    top = document(
        office, level=Level.TOP_SECRET, people=[office.important], number="绝评〔2026〕2号"
    )[0]
    kept_out = papers.hand_out(
        actor=clerk, meeting_id=meeting.pk, attendee_id=attendee.pk, copy_id=secret.pk
    )
    at_once = papers.hand_out(
        actor=clerk, meeting_id=meeting.pk, attendee_id=attendee.pk, copy_id=top.pk
    )
    assert at_once.collect_at_once and not kept_out.collect_at_once
    ended = refused("MEET-DOCS", ops.end_meeting, actor=clerk, meeting_id=meeting.pk)
    assert "绝评〔2026〕2号" in ended.message and "密评" not in ended.message
    papers.collect(actor=clerk, paper_id=at_once.pk)
    assert ops.end_meeting(actor=clerk, meeting_id=meeting.pk).state == MeetingState.ENDED

    # The close: swept, but a copy is still out — refused, naming it; collected, closed.
    office.check(meeting, CheckKind.SWEEP, "无遗留文件")
    closing = refused("MEET-DOCS", ops.close_meeting, actor=clerk, meeting_id=meeting.pk)
    assert "密评〔2026〕1号" in closing.message
    assert list(paper_queries.unaccounted(meeting)) == [kept_out]
    papers.collect(actor=clerk, paper_id=kept_out.pk)
    minutes_ops.record_minutes(
        actor=clerk, meeting_id=meeting.pk, custodian_id=clerk.person_id, body="会议纪要"
    )
    closed = ops.close_meeting(actor=clerk, meeting_id=meeting.pk)
    assert closed.state == MeetingState.CLOSED

    # Every copy is back with its custodian; the register says so.
    for copy in (secret, top):
        assert Copy.objects.get(pk=copy.pk).state == CopyState.WITH_CUSTODIAN
    lines = paper_queries.lines(clerk, closed)
    assert [x.paper.handling for x in lines] == [PaperHandling.COLLECTED] * 2
    # Once closed, nothing more is handed out or handled.
    refused("MEET-DOCS", papers.collect, actor=clerk, paper_id=kept_out.pk)
