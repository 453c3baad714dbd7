"""SEAL-LOG's switch scenario (a use logged with no approval), in the shape of the SCENARIOS
of ``tests/rulebook/test_switches.py``, where it belongs as
``SCENARIOS["SEAL-LOG"] = use_without_approval``."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.approvals.models import State as ApprovalState
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.rulebook.operations import set_rule
from baomi.seals.models import SealKind, SealUse, TakeOutState, UseState
from baomi.seals.operations import seals as ops
from tests.factories import World
from tests.seals.conftest import Office, ask_out, grant


def use_without_approval(world: World):
    """SEAL-LOG: the keeper logs a use of the official seal nobody approved."""
    clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.IMPORTANT)
    director = world.account(
        Role.LEADER, dept="office", rank="manager", clearance=Clearance.IMPORTANT
    )
    boss = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["office"].pk,
        head_id=director.person_id,
        leader_in_charge_id=boss.person_id,
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    seal = ops.register_seal(
        actor=clerk, name="公章", kind=SealKind.OFFICIAL, keeper_id=clerk.person_id
    )
    use = ops.request_use(actor=staff, seal_id=seal.pk, document="报告", impressions=1)

    def call():
        return ops.log_use(actor=clerk, use_id=use.pk)

    def done(logged: SealUse) -> bool:
        return logged.state == UseState.USED and logged.used_at is not None

    return call, done


# SEAL-LOG switched off: a use or take-out going ahead without an approval withdraws the
# request still asked.


def test_a_use_logged_with_the_rule_off_withdraws_its_pending_request__SEAL_LOG(office: Office):
    use = ops.request_use(
        actor=office.staff, seal_id=office.seal.pk, document="报告", impressions=1
    )
    assert use.approval.state == ApprovalState.PENDING
    set_rule(actor=office.officer, rule_id="SEAL-LOG", enabled=False)
    logged = ops.log_use(actor=office.clerk, use_id=use.pk)
    assert logged.state == UseState.USED
    logged.approval.refresh_from_db()
    assert logged.approval.state == ApprovalState.WITHDRAWN


def test_a_take_out_with_the_rule_off_withdraws_its_request_even_granted__SEAL_LOG(
    office: Office,
):
    """Granted but not used, it would otherwise stay usable for another take-out."""
    item = ask_out(office)
    grant(item.approval)
    set_rule(actor=office.officer, rule_id="SEAL-LOG", enabled=False)
    out = ops.hand_out(actor=office.clerk, take_out_id=item.pk)
    assert out.state == TakeOutState.OUT
    out.approval.refresh_from_db()
    assert out.approval.state == ApprovalState.WITHDRAWN


def test_a_take_out_with_the_rule_in_force_uses_its_approval__SEAL_LOG(office: Office):
    item = ask_out(office)
    grant(item.approval)
    out = ops.hand_out(actor=office.clerk, take_out_id=item.pk)
    out.approval.refresh_from_db()
    assert out.approval.state == ApprovalState.CONSUMED
