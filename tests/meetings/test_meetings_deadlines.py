"""The meetings' deadlines: a meeting starting within a day with its list unapproved or its
venue unchecked (MEET-ATTEND), an ended meeting not swept by the end of its day (MEET-SWEEP);
the organiser answers; never another organisation's."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.meetings.models import CheckKind
from baomi.meetings.operations import meetings as ops
from baomi.seams.deadlines import State, deadlines, end_of_day
from tests.factories import World


def _of(found, rule_id, pk):
    return [d for d in found if d.rule_id == rule_id and d.subject_id == pk]


def test_a_meeting_within_a_day_unready_is_due__MEET_ATTEND(office):
    org = office.world.organisation.pk
    soon = office.meeting()
    later_start = timezone.now() + datetime.timedelta(days=5)
    later = office.meeting(starts_at=later_start, ends_at=later_start + datetime.timedelta(hours=1))
    now = timezone.now()
    (due,) = _of(deadlines(org, now), "MEET-ATTEND", soon.pk)
    assert due.due_at == soon.starts_at and due.person_id == office.leader.person_id
    assert due.state(now) is State.DUE
    assert due.state(soon.starts_at + datetime.timedelta(minutes=1)) is State.OVERDUE
    assert not _of(deadlines(org, now), "MEET-ATTEND", later.pk)
    office.ready(soon)
    assert not _of(deadlines(org, now), "MEET-ATTEND", soon.pk)
    assert not _of(deadlines(World.build().organisation.pk, now), "MEET-ATTEND", soon.pk)


def test_an_ended_meeting_is_swept_by_the_end_of_its_day__MEET_SWEEP(office):
    org = office.world.organisation.pk
    meeting = office.opened()
    ended = ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
    now = timezone.now()
    (due,) = _of(deadlines(org, now), "MEET-SWEEP", meeting.pk)
    assert due.due_at == end_of_day(timezone.localdate(ended.ended_at)) and not due.done
    office.check(meeting, CheckKind.SWEEP, "无遗留")
    (done,) = _of(deadlines(org, now), "MEET-SWEEP", meeting.pk)
    assert done.done and done.state(now) is State.DONE
