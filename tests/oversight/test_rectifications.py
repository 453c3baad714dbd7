"""Rectifications (整改, INSP-RECTIFY): a task from a finding or free-standing, with its owner
and due date; marked done by the owner (or the department head); closed only when someone
other than the owner and whoever marked it done verifies it (the office or the department
head); a rejection reopens it; overdue tasks escalate to the head and then the office."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.oversight.deadlines import rectifications as deadline
from baomi.oversight.models import (
    Answer,
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.oversight.operations import rectifications as ops
from baomi.oversight.queries import rectifications as queries
from baomi.rulebook import book
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import DEADLINE_PROVIDERS, State
from tests.factories import World, audit_events


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def head(world):
    account = world.account(Role.STAFF, dept="tech")
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=account.person_id,
        leader_in_charge_id=None,
    )
    return account


@pytest.fixture
def owner(world):
    return world.account(Role.STAFF, dept="lab")


def free_task(officer, owner, *, days=10, rule_id="MEDIA-REGISTERED"):
    return ops.open_rectification(
        actor=officer,
        owner_id=owner.person_id,
        due=today() + datetime.timedelta(days=days),
        rule_id=rule_id,
        description="补登涉密载体",
    )


def finding(world, inspector, *, verdict=Verdict.PROBLEM, submitted=True, note="两台未登记"):
    checklist = Checklist.objects.create(
        name="部门月度自查", kind=InspectionKind.DEPARTMENT_MONTHLY
    )
    item = ChecklistItem.objects.create(
        checklist=checklist, text="移动存储介质造册登记", rule_id="MEDIA-REGISTER"
    )
    inspection = Inspection.objects.create(
        organisation=world.organisation,
        kind=InspectionKind.DEPARTMENT_MONTHLY,
        checklist=checklist,
        department=world.departments["lab"],
        period_start=today().replace(day=1),
        period_end=today(),
        inspector=inspector.person,
        state=InspectionState.SUBMITTED if submitted else InspectionState.OPEN,
        opened_at=timezone.now(),
        submitted_at=timezone.now() if submitted else None,
        opened_by=inspector,
    )
    return Answer.objects.create(inspection=inspection, item=item, verdict=verdict, note=note)


def test_a_finding_becomes_a_task_with_its_rule_and_department__INSP_RECTIFY(world, officer, owner):
    answer = finding(world, officer)
    task = ops.open_rectification(
        actor=officer, answer_id=answer.pk, owner_id=owner.person_id, due=today()
    )
    assert task.rule_id == "MEDIA-REGISTER" and task.answer_id == answer.pk
    assert task.description == "移动存储介质造册登记\n两台未登记"
    assert task.department_id == world.departments["lab"].pk
    assert task.state == RectificationState.OPEN
    [event] = audit_events("oversight.rectification_opened")
    assert event["data"]["rules"] == ["INSP-RECTIFY"]
    with pytest.raises(Conflict):
        ops.open_rectification(
            actor=officer, answer_id=answer.pk, owner_id=owner.person_id, due=today()
        )
    assert list(queries.open_findings(officer)) == []


def test_only_a_problem_of_a_submitted_inspection_becomes_a_task__INSP_RECTIFY(
    world, officer, owner
):
    fine = finding(world, officer, verdict=Verdict.OK)
    with pytest.raises(InvalidInput) as refused:
        ops.open_rectification(
            actor=officer, answer_id=fine.pk, owner_id=owner.person_id, due=today()
        )
    assert refused.value.field == "answer"
    draft = finding(world, officer, submitted=False)
    with pytest.raises(InvalidInput) as refused:
        ops.open_rectification(
            actor=officer, answer_id=draft.pk, owner_id=owner.person_id, due=today()
        )
    assert refused.value.field == "answer_id"
    elsewhere = World.build()
    stranger = elsewhere.account(Role.SECURITY_OFFICER, dept="office")
    answer = finding(world, officer)
    with pytest.raises(NotFound):
        ops.open_rectification(
            actor=stranger, answer_id=answer.pk, owner_id=stranger.person_id, due=today()
        )


def test_the_owner_and_the_due_date_are_checked__INSP_RECTIFY(world, officer, owner):
    with pytest.raises(InvalidInput) as refused:
        free_task(officer, owner, days=-1)
    assert refused.value.field == "due"
    with pytest.raises(InvalidInput) as refused:
        free_task(officer, owner, days=400)
    assert refused.value.field == "due"
    other = World.build().person()
    with pytest.raises(InvalidInput) as refused:
        ops.open_rectification(
            actor=officer,
            owner_id=other.pk,
            due=today(),
            rule_id="MEDIA-REGISTERED",
            description="x",
        )
    assert refused.value.field == "owner"
    with pytest.raises(InvalidInput) as refused:
        free_task(officer, owner, rule_id="NO-SUCH-RULE")
    assert refused.value.field == "rule_id"


def test_only_the_office_opens_and_reassigns__INSP_RECTIFY(world, officer, owner, head):
    with pytest.raises(AccessDenied):
        free_task(head, owner)
    task = free_task(officer, owner)
    with pytest.raises(AccessDenied):
        ops.reassign(actor=head, rectification_id=task.pk, owner_id=head.person_id, due=today())
    moved = ops.reassign(
        actor=officer, rectification_id=task.pk, owner_id=head.person_id, due=today()
    )
    assert moved.owner_id == head.person_id and moved.due == today()


def test_the_owner_cannot_verify__INSP_RECTIFY(world, officer, owner, head):
    task = free_task(officer, owner)
    ops.mark_done(actor=owner, rectification_id=task.pk, note="已补登")
    with pytest.raises(RuleViolation) as refused:
        ops.verify(actor=owner, rectification_id=task.pk, accept=True)
    assert refused.value.rule_id == "INSP-RECTIFY"
    closed = ops.verify(actor=head, rectification_id=task.pk, accept=True)
    assert closed.state == RectificationState.VERIFIED
    assert closed.verified_by_id == head.person_id and closed.verified_at is not None


def test_the_security_officer_owning_a_task_cannot_verify_it__INSP_RECTIFY(world, officer, head):
    task = free_task(officer, officer)
    ops.mark_done(actor=officer, rectification_id=task.pk, note="已整改")
    with pytest.raises(RuleViolation):
        ops.verify(actor=officer, rectification_id=task.pk, accept=True)


def test_whoever_marked_it_done_cannot_verify__INSP_RECTIFY(world, officer, owner, head):
    task = free_task(officer, owner)
    ops.mark_done(actor=head, rectification_id=task.pk, note="部门已整改")
    assert Rectification.objects.get(pk=task.pk).done_by_id == head.person_id
    with pytest.raises(RuleViolation) as refused:
        ops.verify(actor=head, rectification_id=task.pk, accept=True)
    assert refused.value.rule_id == "INSP-RECTIFY"
    assert ops.verify(actor=officer, rectification_id=task.pk, accept=True).state == "verified"


def test_someone_else_neither_marks_done_nor_verifies__INSP_RECTIFY(world, officer, owner):
    task = free_task(officer, owner)
    colleague = world.account(Role.STAFF, dept="lab")
    with pytest.raises(NotFound):
        ops.mark_done(actor=colleague, rectification_id=task.pk, note="x")
    inspector = world.account(Role.STAFF, dept="office")
    answer = finding(world, inspector)
    found = ops.open_rectification(
        actor=officer, answer_id=answer.pk, owner_id=owner.person_id, due=today()
    )
    # The inspector knows the task, and may do nothing to it.
    with pytest.raises(RuleViolation):
        ops.mark_done(actor=inspector, rectification_id=found.pk, note="x")
    ops.mark_done(actor=owner, rectification_id=found.pk, note="已整改")
    with pytest.raises(RuleViolation):
        ops.verify(actor=inspector, rectification_id=found.pk, accept=True)


def test_a_rejection_reopens_the_task_with_its_reason__INSP_RECTIFY(world, officer, owner):
    task = free_task(officer, owner)
    with pytest.raises(Conflict):
        ops.verify(actor=officer, rectification_id=task.pk, accept=True)
    ops.mark_done(actor=owner, rectification_id=task.pk, note="已补登")
    with pytest.raises(InvalidInput) as refused:
        ops.verify(actor=officer, rectification_id=task.pk, accept=False, note="")
    assert refused.value.field == "note"
    back = ops.verify(actor=officer, rectification_id=task.pk, accept=False, note="仍缺一台")
    assert back.state == RectificationState.OPEN and back.done_at is None
    assert "仍缺一台" in back.done_note
    with pytest.raises(Conflict):
        ops.verify(actor=officer, rectification_id=task.pk, accept=True)
    ops.mark_done(actor=owner, rectification_id=task.pk, note="全部补登")
    done = ops.verify(actor=officer, rectification_id=task.pk, accept=True)
    assert done.state == RectificationState.VERIFIED
    with pytest.raises(Conflict):
        ops.mark_done(actor=owner, rectification_id=task.pk, note="x")
    with pytest.raises(Conflict):
        ops.reassign(actor=officer, rectification_id=task.pk, owner_id=owner.person_id, due=today())
    assert [e["data"]["accept"] for e in audit_events("oversight.rectification_rejected")] == [
        False
    ]


def test_a_committee_decision_opens_its_task__INSP_RECTIFY(world, officer, owner):
    from baomi.oversight.models import CommitteeDecision, CommitteeMeeting

    meeting = CommitteeMeeting.objects.create(
        organisation=world.organisation,
        held_on=today(),
        agenda="议程",
        recorded_by=officer,
        recorded_at=timezone.now(),
    )
    decided = CommitteeDecision.objects.create(meeting=meeting, text="开展清查")
    task = ops.open_from_decision(officer, decided, owner=owner.person_id, due=today())
    assert task.rule_id == "COMMITTEE" and task.department_id == owner.person.department_id
    with pytest.raises(Conflict):
        ops.open_from_decision(officer, decided, owner=owner.person_id, due=today())


def _late(task, days):
    Rectification.objects.filter(pk=task.pk).update(due=today() - datetime.timedelta(days=days))
    return Rectification.objects.get(pk=task.pk)


def test_an_overdue_task_escalates_to_the_head_then_the_office__INSP_RECTIFY(
    world, officer, owner, head
):
    task = free_task(officer, owner)
    org_id = world.organisation.pk
    assert "INSP-RECTIFY" in DEADLINE_PROVIDERS
    [line] = deadline.rectifications_due(org_id, timezone.now())
    assert (line.person_id, line.department_id) == (owner.person_id, task.department_id)
    noon = timezone.make_aware(datetime.datetime.combine(task.due, datetime.time(12)))
    assert line.state(noon) == State.DUE
    assert line.state(noon + datetime.timedelta(days=1)) == State.OVERDUE
    assert line.state(noon - datetime.timedelta(days=9)) == State.UPCOMING
    assert list(queries.overdue_in_departments(head)) == []
    # One day overdue: the head's (head_after_days 0), not yet the office's (7).
    _late(task, 1)
    assert list(queries.overdue_in_departments(head)) == [task]
    assert list(queries.escalated_to_office(officer)) == []
    [entry] = queries.lines(queries.tasks(officer, state="overdue"))
    assert entry["status"] == "head" and entry["late"] == 1
    _late(task, 7)
    assert list(queries.escalated_to_office(officer)) == [task]
    [entry] = queries.lines(queries.tasks(officer, state="escalated"))
    assert entry["status"] == "office"
    # The organisation's own parameter moves the office's threshold.
    set_rule(actor=officer, rule_id="INSP-RECTIFY", params={"office_after_days": 10})
    assert list(queries.escalated_to_office(officer)) == []
    assert book.param(org_id, "INSP-RECTIFY", "head_after_days") == 0
    # Done but not verified: still overdue; verified: closed, no longer a deadline.
    ops.mark_done(actor=owner, rectification_id=task.pk, note="已整改")
    assert list(queries.overdue_in_departments(head)) == [task]
    ops.verify(actor=officer, rectification_id=task.pk, accept=True)
    assert deadline.rectifications_due(org_id, timezone.now()) == []
    assert list(queries.escalated_to_office(officer)) == []
    assert list(queries.tasks(officer, state="closed")) == [task]


def test_the_deadlines_are_the_organisations_own__INSP_RECTIFY(world, officer, owner):
    free_task(officer, owner)
    other = World.build()
    assert deadline.rectifications_due(other.organisation.pk, timezone.now()) == []
