"""The seals' test organisation: the security officer and the confidential clerk (MANAGE_SEALS,
the clerk keeps the seals), the head of the general office (the office director, who approves
uses), the head of the organisation (who approves a take-out after the office director) and
two staff of tech who ask."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.seals.models import Seal, SealKind, SealTakeOut, SealUse
from baomi.seals.operations import seals as ops
from tests.factories import World


@dataclass
class Office:
    world: World
    officer: Account  # the security office (MANAGE_SEALS)
    clerk: Account  # the confidential clerk of the general office, keeper of the seals
    director: Account  # the head of the general office: approves uses
    boss: Account  # the head of the organisation: approves a take-out second
    staff: Account  # asks to use a seal
    other: Account  # another staff member of tech
    seal: Seal  # the official seal, kept by the clerk
    letters: Seal  # the pad of letters of introduction, kept by the clerk


@pytest.fixture
def office(world: World) -> Office:
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
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
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=boss.person_id
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    other = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    seal = ops.register_seal(
        actor=clerk,
        name="单位公章",
        kind=SealKind.OFFICIAL,
        keeper_id=clerk.person_id,
        number="GZ-1",
        location="保险柜一号",
        since=timezone.localdate() - datetime.timedelta(days=12),
    )
    letters = ops.register_seal(
        actor=clerk, name="单位介绍信", kind=SealKind.LETTER, keeper_id=clerk.person_id
    )
    return Office(world, officer, clerk, director, boss, staff, other, seal, letters)


def grant(request: ApprovalRequest) -> None:
    """Every approver of the request approves, in order."""
    for step in request.steps.order_by("order"):
        approvals.decide(
            actor=Account.objects.get(person=step.approver), request_id=request.pk, approve=True
        )


def ask(office: Office, actor: Any = None, **kw: Any) -> SealUse:
    kw.setdefault("seal_id", office.seal.pk)
    kw.setdefault("document", "关于项目结题的报告")
    kw.setdefault("impressions", 2)
    kw.setdefault("recipient", "市科技局")
    return ops.request_use(actor=actor or office.staff, **kw)


def approved_use(office: Office, **kw: Any) -> SealUse:
    use = ask(office, **kw)
    grant(use.approval)
    return use


def ask_out(office: Office, actor: Any = None, **kw: Any) -> SealTakeOut:
    kw.setdefault("seal_id", office.seal.pk)
    kw.setdefault("destination", "合同签约现场")
    kw.setdefault("purpose", "签订采购合同")
    kw.setdefault("due_back_at", timezone.now() + datetime.timedelta(hours=4))
    return ops.request_take_out(actor=actor or office.staff, **kw)


def out_now(office: Office) -> SealTakeOut:
    """The official seal handed out to the staff member for an approved take-out."""
    item = ask_out(office)
    grant(item.approval)
    return ops.hand_out(actor=office.clerk, take_out_id=item.pk)
