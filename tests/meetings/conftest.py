"""A small office for the meetings' tests: the security officer and a clerk who organise
meetings, a leader who approves lists, people cleared at each class, a SECRET meeting room
and an INTERNAL office (the areas are written straight to the database: tests may)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.areas.models import AreaKind, SecureArea, Visitor
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import CheckKind, Meeting
from baomi.meetings.operations import meetings as ops
from baomi.org.models import Person
from tests.factories import World


@dataclass
class Office:
    world: World
    officer: Account  # security officer: MANAGE_MEETINGS and DECIDE_APPROVAL
    clerk: Account  # MANAGE_MEETINGS
    leader: Account  # DECIDE_APPROVAL
    staff: Account  # a cleared person without either
    important: Person  # cleared for SECRET
    general: Person  # cleared for CONFIDENTIAL only
    uncleared: Person
    room: SecureArea  # SECRET meeting room
    small: SecureArea  # an INTERNAL area

    def meeting(self, **kw: Any) -> Meeting:
        start = timezone.now() + datetime.timedelta(hours=1)
        kw.setdefault("title", "项目评审会")
        kw.setdefault("level", Level.SECRET)
        kw.setdefault("organiser_id", self.leader.person_id)
        kw.setdefault("department_id", self.world.departments["office"].pk)
        kw.setdefault("venue_id", self.room.pk)
        kw.setdefault("starts_at", start)
        kw.setdefault("ends_at", start + datetime.timedelta(hours=2))
        return ops.create_meeting(actor=kw.pop("actor", self.clerk), **kw)

    def visitor(self, **kw: Any) -> Visitor:
        kw.setdefault("arrived_at", timezone.now())
        return Visitor.objects.create(
            organisation=self.world.organisation,
            name=kw.pop("name", "来访者"),
            id_kind="id_card",
            id_number="110101199001011234",
            unit="某研究所",
            host=self.leader.person,
            purpose="列席会议",
            registered_by=self.officer,
            **kw,
        )

    def ready(self, meeting: Meeting, *people: Person) -> Meeting:
        """``people`` (the important person by default) listed by the clerk, approved by the
        officer, the venue checked and the phones collected."""
        for person in people or (self.important,):
            ops.add_attendee(actor=self.clerk, meeting_id=meeting.pk, person_id=person.pk)
        ops.approve_list(actor=self.officer, meeting_id=meeting.pk)
        self.check(meeting, CheckKind.VENUE, "会场无异常")
        self.check(meeting, CheckKind.PHONES, "手机12部存放于会议室外手机柜")
        return Meeting.objects.get(pk=meeting.pk)

    def check(self, meeting: Meeting, kind: str, findings: str = "无遗留") -> Any:
        return ops.record_check(
            actor=self.clerk,
            meeting_id=meeting.pk,
            kind=kind,
            checked_by_id=self.officer.person_id,
            findings=findings,
        )

    def opened(self, *people: Person) -> Meeting:
        meeting = self.ready(self.meeting(), *people)
        return ops.open_meeting(actor=self.clerk, meeting_id=meeting.pk)


@pytest.fixture
def office(world: World) -> Office:
    return build_meetings_office(world)


def build_meetings_office(world: World) -> Office:
    """The office of ``world`` (also for tests outside this folder)."""
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    leader = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    staff = world.account(Role.STAFF, clearance=Clearance.IMPORTANT)
    room = SecureArea.objects.create(
        organisation=world.organisation,
        name="第一涉密会议室",
        kind=AreaKind.MEETING_ROOM,
        level=Level.SECRET,
        department=world.departments["office"],
        keeper=officer.person,
    )
    small = SecureArea.objects.create(
        organisation=world.organisation,
        name="小会议室",
        kind=AreaKind.MEETING_ROOM,
        level=Level.INTERNAL,
        department=world.departments["office"],
        keeper=officer.person,
    )
    return Office(
        world,
        officer,
        clerk,
        leader,
        staff,
        world.person(clearance=Clearance.IMPORTANT, name="王重要"),
        world.person(clearance=Clearance.GENERAL, name="李一般"),
        world.person(name="赵未定"),
        room,
        small,
    )
