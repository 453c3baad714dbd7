"""Seals and letters of introduction (SEAL-LOG): the register and its keepers; a use asked for,
approved by the office director through the chart and logged by the keeper within the
impressions approved; taking a seal out only as an approved exception, back by its time; the
keeper's lock-up after work, refused while the seal is out; the deadlines of both; a keeper
or a person with a seal out is not marked as left."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import State as ApprovalState
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.seals.deadlines.seals import seals_due
from baomi.seals.models import SealKind, SealLockUp, TakeOutState, UseState
from baomi.seals.operations import seals as ops
from baomi.seals.queries import seals as queries
from baomi.seams.deadlines import State
from tests.factories import World, audit_events, prepare_leaving
from tests.seals.conftest import Office, approved_use, ask, ask_out, grant, out_now

TODAY = timezone.localdate


# The register -------------------------------------------------------------------------------


def test_the_office_registers_a_seal_with_a_keeper_in_post__SEAL_LOG(office: Office):
    seal = ops.register_seal(
        actor=office.officer,
        name="合同专用章",
        kind=SealKind.CONTRACT,
        keeper_id=office.clerk.person_id,
    )
    assert seal.keeper_id == office.clerk.person_id and seal.active
    [event] = audit_events("seals.registered")[-1:]
    assert event["data"]["rules"] == ["SEAL-LOG"] and event["data"]["keeper"] == seal.keeper_id
    with pytest.raises(AccessDenied):
        ops.register_seal(
            actor=office.staff,
            name="部门章",
            kind=SealKind.DEPARTMENT,
            keeper_id=office.staff.person_id,
        )
    stranger = World.build().person()
    with pytest.raises(InvalidInput) as refused:
        ops.register_seal(
            actor=office.officer, name="部门章", kind=SealKind.DEPARTMENT, keeper_id=stranger.pk
        )
    assert refused.value.field == "keeper_id"
    with pytest.raises(InvalidInput) as bad_kind:
        ops.register_seal(
            actor=office.officer, name="部门章", kind="seal", keeper_id=office.clerk.person_id
        )
    assert bad_kind.value.field == "kind"
    with pytest.raises(Conflict):
        ops.register_seal(
            actor=office.officer,
            name="单位公章",
            kind=SealKind.OFFICIAL,
            keeper_id=office.clerk.person_id,
        )


def test_the_keeper_changes_and_a_seal_goes_out_of_use__SEAL_LOG(office: Office):
    ops.change_keeper(
        actor=office.officer, seal_id=office.seal.pk, keeper_id=office.other.person_id
    )
    office.seal.refresh_from_db()
    assert office.seal.keeper_id == office.other.person_id
    pending = ask(office)
    ops.deactivate_seal(actor=office.officer, seal_id=office.seal.pk)
    pending.refresh_from_db()
    assert pending.state == UseState.WITHDRAWN
    assert pending.approval.state == ApprovalState.WITHDRAWN
    with pytest.raises(InvalidInput):
        ask(office)


def test_a_seal_out_changes_no_hands_and_stays_in_use__SEAL_LOG(office: Office):
    out_now(office)
    with pytest.raises(RuleViolation) as refused:
        ops.change_keeper(
            actor=office.officer, seal_id=office.seal.pk, keeper_id=office.other.person_id
        )
    assert refused.value.rule_id == "SEAL-LOG"
    with pytest.raises(RuleViolation):
        ops.deactivate_seal(actor=office.officer, seal_id=office.seal.pk)


# Uses ------------------------------------------------------------------------------------


def test_a_use_asks_the_office_director_pinning_document_and_impressions__SEAL_LOG(
    office: Office,
):
    use = ask(office, impressions=3)
    assert use.approval.rule_id == "SEAL-LOG" and use.approval.operation == "seals.use"
    assert (use.approval.subject_type, use.approval.subject_id) == (
        "seals.seal",
        str(office.seal.pk),
    )
    assert [s.approver_id for s in use.approval.steps.all()] == [office.director.person_id]
    assert use.approval.params == {
        "use_id": use.pk,
        "seal_id": office.seal.pk,
        "document": "关于项目结题的报告",
        "recipient": "市科技局",
        "impressions": 3,
    }
    assert queries.use_status(queries.use(office.staff, use.pk)) == UseState.REQUESTED
    grant(use.approval)
    assert queries.use_status(queries.use(office.staff, use.pk)) == UseState.APPROVED
    assert queries.use_steps(office.clerk, queries.use(office.clerk, use.pk)) == ["log", "withdraw"]


def test_a_use_is_not_logged_without_its_approval__SEAL_LOG(office: Office):
    use = ask(office)
    with pytest.raises(RuleViolation) as refused:
        ops.log_use(actor=office.clerk, use_id=use.pk)
    assert refused.value.rule_id == "SEAL-LOG"
    use.refresh_from_db()
    assert use.state == UseState.REQUESTED and use.used_at is None


def test_a_rejected_use_is_not_logged__SEAL_LOG(office: Office):
    from baomi.accounts.models import Account
    from baomi.approvals import operations as approvals

    use = ask(office)
    approvals.decide(
        actor=Account.objects.get(person_id=office.director.person_id),
        request_id=use.approval_id,
        approve=False,
        comment="不同意",
    )
    assert queries.use_status(queries.use(office.staff, use.pk)) == UseState.REFUSED
    with pytest.raises(RuleViolation) as refused:
        ops.log_use(actor=office.clerk, use_id=use.pk)
    assert refused.value.rule_id == "SEAL-LOG"


def test_only_the_keeper_logs_a_use__SEAL_LOG(office: Office):
    use = approved_use(office)
    for actor in (office.officer, office.staff):
        with pytest.raises(AccessDenied) as refused:
            ops.log_use(actor=actor, use_id=use.pk)
        assert "SEAL-LOG" in str(refused.value)
    with pytest.raises(NotFound):
        ops.log_use(actor=office.other, use_id=use.pk)


def test_no_more_impressions_are_logged_than_approved__SEAL_LOG(office: Office):
    use = approved_use(office, impressions=2)
    with pytest.raises(RuleViolation) as refused:
        ops.log_use(actor=office.clerk, use_id=use.pk, impressions=3)
    assert refused.value.rule_id == "SEAL-LOG"
    with pytest.raises(InvalidInput) as zero:
        ops.log_use(actor=office.clerk, use_id=use.pk, impressions=0)
    assert zero.value.field == "impressions"
    logged = ops.log_use(actor=office.clerk, use_id=use.pk, impressions=1, note="少盖一处")
    assert logged.state == UseState.USED and logged.impressions_made == 1
    assert logged.approval.state == ApprovalState.CONSUMED
    assert logged.used_by_id == office.clerk.pk
    with pytest.raises(Conflict):
        ops.log_use(actor=office.clerk, use_id=use.pk)
    [event] = audit_events("seals.use_logged")
    assert event["data"]["impressions"] == 1 and event["data"]["rule"] == "SEAL-LOG"


def test_an_approval_covers_only_its_own_request__SEAL_LOG(office: Office):
    first = approved_use(office)
    second = ask(office)  # the same document and count, not approved
    with pytest.raises(RuleViolation):
        ops.log_use(actor=office.clerk, use_id=second.pk)
    ops.log_use(actor=office.clerk, use_id=first.pk)


def test_a_letter_of_introduction_records_its_number__SEAL_LOG(office: Office):
    use = approved_use(office, seal_id=office.letters.pk, impressions=1, recipient="市档案馆")
    with pytest.raises(InvalidInput) as missing:
        ops.log_use(actor=office.clerk, use_id=use.pk)
    assert missing.value.field == "letter_number"
    logged = ops.log_use(actor=office.clerk, use_id=use.pk, letter_number="JSX-007")
    assert logged.letter_number == "JSX-007"


def test_a_request_is_withdrawn_by_its_requester_or_the_office__SEAL_LOG(office: Office):
    use = approved_use(office)
    with pytest.raises(NotFound):
        ops.withdraw_use(actor=office.other, use_id=use.pk)
    ops.withdraw_use(actor=office.staff, use_id=use.pk)
    use.refresh_from_db()
    assert use.state == UseState.WITHDRAWN and use.approval.state == ApprovalState.WITHDRAWN
    with pytest.raises(Conflict):
        ops.log_use(actor=office.clerk, use_id=use.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"document": ""}, "document"),
        ({"document": "文" * 201}, "document"),
        ({"impressions": 0}, "impressions"),
        ({"impressions": 1000}, "impressions"),
        ({"recipient": "x\x00y"}, "recipient"),
    ],
)
def test_bad_input_names_the_field__SEAL_LOG(office: Office, change, field):
    with pytest.raises(InvalidInput) as refused:
        ask(office, **change)
    assert refused.value.field == field


# Taking a seal out --------------------------------------------------------------------------


def test_a_seal_is_not_taken_out_without_approval__SEAL_LOG(office: Office):
    item = ask_out(office)
    assert [s.approver_id for s in item.approval.steps.order_by("order")] == [
        office.director.person_id,
        office.boss.person_id,
    ]
    with pytest.raises(RuleViolation) as refused:
        ops.hand_out(actor=office.clerk, take_out_id=item.pk)
    assert refused.value.rule_id == "SEAL-LOG"
    grant(item.approval)
    assert queries.take_out_steps(office.clerk, queries.take_out(office.clerk, item.pk)) == [
        "hand_out",
        "withdraw",
    ]
    with pytest.raises(AccessDenied):
        ops.hand_out(actor=office.officer, take_out_id=item.pk)
    out = ops.hand_out(actor=office.clerk, take_out_id=item.pk)
    assert out.state == TakeOutState.OUT and out.approval.state == ApprovalState.CONSUMED
    assert queries.out_now(office.seal.pk) == out
    back = ops.return_seal(actor=office.clerk, take_out_id=item.pk)
    assert back.state == TakeOutState.RETURNED
    assert back.return_confirmed_by_id == office.clerk.person_id
    assert queries.out_now(office.seal.pk) is None


def test_a_seal_comes_back_within_the_approvals_validity__SEAL_LOG(office: Office):
    with pytest.raises(InvalidInput) as far:
        ask_out(office, due_back_at=timezone.now() + datetime.timedelta(days=30))
    assert far.value.field == "due_back_at"
    with pytest.raises(InvalidInput) as past:
        ask_out(office, due_back_at=timezone.now() - datetime.timedelta(hours=1))
    assert past.value.field == "due_back_at"


def test_a_take_out_past_its_return_time_is_not_handed_out__SEAL_LOG(office: Office):
    item = ask_out(office)
    grant(item.approval)
    item.__class__.objects.filter(pk=item.pk).update(
        due_back_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(RuleViolation) as refused:
        ops.hand_out(actor=office.clerk, take_out_id=item.pk)
    assert refused.value.rule_id == "SEAL-LOG"


# Locking away --------------------------------------------------------------------------------


def test_the_keeper_confirms_the_lock_up_of_a_day__SEAL_LOG(office: Office):
    lock = ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk)
    assert lock.day == TODAY() and lock.confirmed_by_id == office.clerk.person_id
    with pytest.raises(Conflict):
        ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk)
    # The office may confirm too; anyone else does not know the seal.
    yesterday = TODAY() - datetime.timedelta(days=1)
    ops.confirm_locked(actor=office.officer, seal_id=office.seal.pk, day=yesterday)
    with pytest.raises(NotFound):
        ops.confirm_locked(actor=office.staff, seal_id=office.seal.pk)
    with pytest.raises(InvalidInput) as future:
        ops.confirm_locked(
            actor=office.clerk, seal_id=office.seal.pk, day=TODAY() + datetime.timedelta(days=1)
        )
    assert future.value.field == "day"
    assert SealLockUp.objects.filter(seal=office.seal).count() == 2


def test_a_seal_that_is_out_is_not_confirmed_locked__SEAL_LOG(office: Office):
    item = out_now(office)
    with pytest.raises(RuleViolation) as refused:
        ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk)
    assert refused.value.rule_id == "SEAL-LOG"
    ops.return_seal(actor=office.clerk, take_out_id=item.pk)
    assert ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk).day == TODAY()


def test_a_seal_handed_out_after_hours_is_not_confirmed_locked_that_day__SEAL_LOG(
    office: Office, monkeypatch
):
    """Whatever the clock says when the suite runs: the day's work ended an hour ago, and the
    seal went out since — it is not in the safe tonight."""
    ended = timezone.now() - datetime.timedelta(hours=1)
    monkeypatch.setattr(ops, "end_of_work", lambda organisation_id, day: ended)
    item = out_now(office)
    with pytest.raises(RuleViolation) as refused:
        ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk)
    assert refused.value.rule_id == "SEAL-LOG"
    ops.return_seal(actor=office.clerk, take_out_id=item.pk)
    assert ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk).day == TODAY()


def test_a_working_day_ended_unconfirmed_is_flagged__SEAL_LOG(office: Office):
    record = queries.lock_up_record(office.clerk, office.seal)
    flagged = [line.day for line in record if line.flagged]
    assert flagged and all(line.working for line in record if line.flagged)
    assert flagged == queries.unconfirmed_days(office.seal)
    day = flagged[0]
    ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk, day=day)
    assert day not in queries.unconfirmed_days(office.seal)
    # The deadlines: that day done, the others overdue.
    found = [d for d in seals_due(office.world.organisation.pk, timezone.now())]
    lock_ups = [
        d for d in found if d.subject_type == "seals.seal" and d.subject_id == office.seal.pk
    ]
    overdue = {
        timezone.localtime(d.due_at).date()
        for d in lock_ups
        if d.state(timezone.now()) == State.OVERDUE
    }
    assert overdue == set(flagged[1:])


def test_a_seal_out_past_its_time_is_overdue__SEAL_LOG(office: Office):
    item = out_now(office)
    later = item.due_back_at + datetime.timedelta(minutes=1)
    [deadline] = [
        d
        for d in seals_due(office.world.organisation.pk, later)
        if d.subject_type == "seals.sealtakeout"
    ]
    assert deadline.subject_id == item.pk and deadline.state(later) == State.OVERDUE
    assert deadline.person_id == office.staff.person_id
    ops.return_seal(actor=office.clerk, take_out_id=item.pk)
    [back] = [
        d
        for d in seals_due(office.world.organisation.pk, later)
        if d.subject_type == "seals.sealtakeout"
    ]
    assert back.done


# Holdings ------------------------------------------------------------------------------------


def test_a_keeper_or_a_person_with_a_seal_out_is_not_marked_as_left__SEAL_LOG(office: Office):
    with pytest.raises(RuleViolation) as keeper:
        org.mark_left(actor=office.officer, person_id=office.clerk.person_id)
    assert keeper.value.rule_id == "HANDOVER" and "单位公章" in str(keeper.value)
    item = out_now(office)
    prepare_leaving(office.staff.person_id)
    with pytest.raises(RuleViolation) as out:
        org.mark_left(actor=office.officer, person_id=office.staff.person_id)
    assert "单位公章" in str(out.value)
    ops.return_seal(actor=office.clerk, take_out_id=item.pk)
    assert not org.mark_left(actor=office.officer, person_id=office.staff.person_id).is_active
    for seal in (office.seal, office.letters):
        ops.change_keeper(actor=office.officer, seal_id=seal.pk, keeper_id=office.other.person_id)
    prepare_leaving(office.clerk.person_id)
    assert not org.mark_left(actor=office.officer, person_id=office.clerk.person_id).is_active


# The register --------------------------------------------------------------------------------


def test_the_use_register_lists_logged_uses_with_their_approvers__SEAL_LOG(office: Office):
    use = approved_use(office)
    ask(office, document="未批准的申请")
    ops.log_use(actor=office.clerk, use_id=use.pk, note="已核对")
    table = queries.register_table(office.officer)
    [row] = table.rows
    assert "关于项目结题的报告" in row and office.staff.person.name in row
    assert office.director.person.name in row and office.clerk.person.name in row
    with pytest.raises(AccessDenied):
        queries.register_table(office.staff)
    for file_format in ("xlsx", "pdf"):
        assert queries.export_register(office.officer, file_format).content
    assert [e["data"]["format"] for e in audit_events("seals.use_register_exported")] == [
        "xlsx",
        "pdf",
    ]


def test_the_rule_switched_off_lets_a_use_be_logged_without_approval__SEAL_LOG(office: Office):
    from tests.seals.test_switch import use_without_approval

    call, done = use_without_approval(office.world)
    with pytest.raises(RuleViolation):
        call()
    from baomi.rulebook.operations import set_rule

    set_rule(actor=office.officer, rule_id="SEAL-LOG", enabled=False)
    assert done(call())


def test_another_organisation_sees_nothing__SEAL_LOG(office: Office):
    stranger = World.build().account(Role.CLERK, clearance=Clearance.IMPORTANT)
    assert not queries.seals(stranger).exists()
    with pytest.raises(NotFound):
        queries.seal(stranger, office.seal.pk)
    use = ask(office)
    with pytest.raises(NotFound):
        ops.log_use(actor=stranger, use_id=use.pk)
    with pytest.raises(NotFound):
        ops.confirm_locked(actor=stranger, seal_id=office.seal.pk)
