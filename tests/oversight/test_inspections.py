"""Self-inspections (INSP-MONTHLY, INSP-QUARTERLY) against the checklist as data
(INSP-CHECKLIST): opened pre-filled from the records, confirmed or corrected by the
inspector, submitted — every problem a rectification (INSP-RECTIFY)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import ledger
from baomi.org import operations as org
from baomi.org.models import StaffRole
from baomi.oversight.deadlines.inspections import monthly_due, quarterly_due
from baomi.oversight.models import (
    Checklist,
    InspectionKind,
    InspectionState,
    Rectification,
    Verdict,
)
from baomi.oversight.operations import checklists as lists
from baomi.oversight.operations.inspections import (
    answer_item,
    open_inspection,
    submit_inspection,
)
from baomi.oversight.policies import INSPECTIONS
from baomi.oversight.queries import inspections as queries
from tests.factories import audit_events

MONTHLY = InspectionKind.DEPARTMENT_MONTHLY


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def head(world):
    account = world.account(Role.LEADER, dept="tech", clearance=Clearance.IMPORTANT)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=account.person_id,
        leader_in_charge_id=None,
    )
    return account


@pytest.fixture
def dept_officer(world):
    account = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    org.appoint(
        actor=None,
        person_id=account.person_id,
        role=StaffRole.DEPARTMENT_OFFICER,
        department_id=world.departments["tech"].pk,
        since=datetime.date(2020, 1, 1),
    )
    return account


@pytest.fixture
def planted(world, officer):
    """A classified computer of the lab someone tried to put on the internet (refused, the
    alert open)."""
    keeper = world.person(dept="lab", clearance=Clearance.CORE)
    laptop = ledger.register_asset(
        actor=officer, type="laptop", number="JSJ-003", level=Level.SECRET, custodian_id=keeper.pk
    )
    with pytest.raises(RuleViolation):
        ledger.change_network(actor=officer, asset_id=laptop.pk, network="internet")
    return laptop


def test_the_default_checklist_is_the_one_of_pian5__INSP_CHECKLIST(db):
    default = Checklist.objects.get(organisation=None, kind=MONTHLY)
    items = list(default.checklist_items.all())
    assert len(items) == 8
    assert [i.evidence for i in items] == [
        "devices.airgap",
        "devices.antivirus",
        "devices.media_registered",
        "devices.cross_use",
        "devices.office_network",
        "",
        "carriers.overdue",
        "people.commitments",
    ]
    assert "不上网" in items[0].text and "承诺书" in items[7].text


def test_opens_pre_filled_from_the_records__INSP_MONTHLY(world, head, planted):
    found = open_inspection(actor=head, kind=MONTHLY, department_id=world.departments["tech"].pk)
    answers = queries.answers(found)
    assert len(answers) == 8
    airgap = answers[0]
    assert airgap.prefilled == Verdict.PROBLEM
    assert airgap.evidence[0]["url"] == f"/devices/{planted.pk}/"
    assert answers[5].prefilled == ""  # the inspector answers alone
    assert found.inspector_id == head.person_id
    assert found.period_start == timezone.localdate().replace(day=1)
    [event] = audit_events("oversight.inspection_opened")
    assert "INSP-MONTHLY" in event["data"]["rules"]


def test_one_inspection_a_period__INSP_MONTHLY(world, head):
    tech = world.departments["tech"].pk
    open_inspection(actor=head, kind=MONTHLY, department_id=tech)
    with pytest.raises(RuleViolation) as refused:
        open_inspection(actor=head, kind=MONTHLY, department_id=tech)
    assert refused.value.rule_id == "INSP-MONTHLY"


def test_only_those_who_inspect_open__INSP_MONTHLY(world, head, dept_officer, officer):
    tech = world.departments["tech"].pk
    stranger = world.account(Role.STAFF, dept="office", clearance=Clearance.GENERAL)
    with pytest.raises(RuleViolation):
        open_inspection(actor=stranger, kind=MONTHLY, department_id=tech)
    # The department's security officer may; the security office names the inspector.
    found = open_inspection(actor=dept_officer, kind=MONTHLY, department_id=tech)
    assert found.inspector_id == dept_officer.person_id
    with pytest.raises(RuleViolation):
        open_inspection(
            actor=officer,
            kind=InspectionKind.COMPUTERS,
            department_id=tech,
            inspector_id=stranger.person_id,
        )
    other = open_inspection(
        actor=officer,
        kind=InspectionKind.COMPUTERS,
        department_id=tech,
        inspector_id=head.person_id,
    )
    assert other.inspector_id == head.person_id


def test_bad_input_names_the_field__INSP_MONTHLY(world, head):
    with pytest.raises(InvalidInput) as bad:
        open_inspection(actor=head, kind="weekly", department_id=world.departments["tech"].pk)
    assert bad.value.field == "kind"
    with pytest.raises(InvalidInput) as bad:
        open_inspection(actor=head, kind=MONTHLY, department_id=None)
    assert bad.value.field == "department_id"
    with pytest.raises(InvalidInput) as bad:
        open_inspection(
            actor=head,
            kind=MONTHLY,
            department_id=world.departments["tech"].pk,
            day=timezone.localdate() + datetime.timedelta(days=40),
        )
    assert bad.value.field == "day"


def test_a_person_inspects_their_own_month__INSP_MONTHLY(world):
    me = world.account(Role.STAFF, dept="lab", clearance=Clearance.GENERAL)
    other = world.person(dept="lab", clearance=Clearance.GENERAL)
    found = open_inspection(actor=me, kind=InspectionKind.PERSON_MONTHLY, person_id=me.person_id)
    assert found.person_id == me.person_id
    with pytest.raises(RuleViolation):
        open_inspection(actor=me, kind=InspectionKind.PERSON_MONTHLY, person_id=other.pk)


def test_the_head_is_assessed_by_the_leader_in_charge_each_quarter__INSP_QUARTERLY(world, head):
    leader = world.account(Role.LEADER, dept="root", clearance=Clearance.CORE)
    tech = world.departments["tech"]
    org.set_department_leaders(
        actor=None,
        department_id=tech.pk,
        head_id=head.person_id,
        leader_in_charge_id=leader.person_id,
    )
    with pytest.raises(RuleViolation) as refused:
        open_inspection(actor=head, kind=InspectionKind.HEAD_QUARTERLY, department_id=tech.pk)
    assert refused.value.rule_id == "INSP-QUARTERLY"
    found = open_inspection(actor=leader, kind=InspectionKind.HEAD_QUARTERLY, department_id=tech.pk)
    assert (found.period_end - found.period_start).days > 80


def test_correcting_a_problem_needs_a_note_and_submission_every_answer__INSP_CHECKLIST(
    world, head, planted
):
    found = open_inspection(actor=head, kind=MONTHLY, department_id=world.departments["tech"].pk)
    answers = queries.answers(found)
    with pytest.raises(InvalidInput) as bad:
        answer_item(actor=head, inspection_id=found.pk, answer_id=answers[0].pk, verdict=Verdict.OK)
    assert bad.value.field == "note"
    with pytest.raises(InvalidInput) as bad:
        submit_inspection(actor=head, inspection_id=found.pk)
    assert bad.value.field == "answers"
    stranger = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    with pytest.raises(NotFound):
        answer_item(
            actor=stranger, inspection_id=found.pk, answer_id=answers[0].pk, verdict=Verdict.OK
        )


def test_every_problem_becomes_a_rectification__INSP_MONTHLY(world, head, planted):
    found = open_inspection(actor=head, kind=MONTHLY, department_id=world.departments["tech"].pk)
    for answer in queries.answers(found):
        verdict = answer.prefilled or Verdict.OK
        answer_item(actor=head, inspection_id=found.pk, answer_id=answer.pk, verdict=verdict)
    submit_inspection(actor=head, inspection_id=found.pk)
    found.refresh_from_db()
    assert found.state == InspectionState.SUBMITTED
    problems = found.answers.filter(verdict=Verdict.PROBLEM)
    tasks = Rectification.objects.filter(answer__inspection=found)
    assert tasks.count() == problems.count() >= 1
    assert {t.owner_id for t in tasks} == {head.person_id}
    with pytest.raises(RuleViolation):
        submit_inspection(actor=head, inspection_id=found.pk)


def test_a_changed_checklist_is_a_new_version_old_inspections_keep_theirs__INSP_CHECKLIST(
    world, officer, head
):
    made = lists.create_checklist(
        actor=officer,
        kind=MONTHLY,
        name="本单位自查表",
        items=[{"text": "涉密计算机不上网", "rule": "DEV-AIRGAP", "evidence": "devices.airgap"}],
    )
    tech = world.departments["tech"].pk
    first = open_inspection(actor=head, kind=MONTHLY, department_id=tech)
    assert first.checklist_id == made.pk
    newer = lists.change_checklist(
        actor=officer,
        checklist_id=made.pk,
        items=[{"text": "涉密载体清理完毕", "rule": "", "evidence": "carriers.overdue"}],
    )
    assert newer.version == 2 and newer.pk != made.pk
    made.refresh_from_db()
    assert not made.active
    first.refresh_from_db()
    assert first.checklist_id == made.pk
    assert queries.checklist_for(world.organisation.pk, MONTHLY).pk == newer.pk
    lists.retire_checklist(actor=officer, checklist_id=newer.pk)
    assert queries.checklist_for(world.organisation.pk, MONTHLY).organisation_id is None
    with pytest.raises(AccessDenied):
        lists.create_checklist(actor=head, kind=MONTHLY, name="x", items=[{"text": "x"}])
    with pytest.raises(InvalidInput) as bad:
        lists.create_checklist(
            actor=officer, kind=MONTHLY, name="y", items=[{"text": "x", "evidence": "nope"}]
        )
    assert bad.value.field == "items"


def test_known_to_the_office_the_inspector_the_head_and_the_person__INSP_MONTHLY(
    world, head, dept_officer, officer
):
    found = open_inspection(
        actor=dept_officer, kind=MONTHLY, department_id=world.departments["tech"].pk
    )
    stranger = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    for account, knows in ((officer, True), (head, True), (dept_officer, True), (stranger, False)):
        assert INSPECTIONS.may_know(account, found) is knows
        assert INSPECTIONS.known(account).filter(pk=found.pk).exists() is knows


def test_a_missing_monthly_inspection_is_flagged__INSP_MONTHLY(world, head):
    world.person(dept="tech", clearance=Clearance.GENERAL)
    tech = world.departments["tech"].pk
    now = timezone.now()
    mine = [d for d in monthly_due(world.organisation.pk, now) if d.subject_id == tech]
    assert len(mine) == 2  # last month's overdue, this month's open
    assert not any(d.done for d in mine)
    found = open_inspection(actor=head, kind=MONTHLY, department_id=tech)
    for answer in queries.answers(found):
        answer_item(
            actor=head,
            inspection_id=found.pk,
            answer_id=answer.pk,
            verdict=Verdict.OK,
            note="已核实" if answer.prefilled == Verdict.PROBLEM else "",
        )
    submit_inspection(actor=head, inspection_id=found.pk)
    mine = [d for d in monthly_due(world.organisation.pk, now) if d.subject_id == tech]
    assert [d.done for d in sorted(mine, key=lambda d: d.due_at)] == [False, True]


def test_heads_and_computers_are_flagged__INSP_QUARTERLY(world, officer, head):
    ledger.register_asset(
        actor=officer,
        type="desktop",
        number="JSJ-77",
        level=Level.SECRET,
        custodian_id=head.person_id,
    )
    tech = world.departments["tech"].pk
    found = quarterly_due(world.organisation.pk, timezone.now())
    assert any(d.subject_id == tech and d.rule_id == "INSP-QUARTERLY" for d in found)
    assert len([d for d in found if d.subject_id == tech]) >= 2
