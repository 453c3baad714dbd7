"""An office to run the paper trail in: the clerk of the general office, the office director,
the tech department's head and leader in charge, the head of the organisation, readers."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connections

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest, Decision
from baomi.carriers.models import Copy, Document, IncomingEntry
from baomi.carriers.operations import incoming
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import World


@dataclass
class Office:
    world: World
    clerk: Account  # 机要员 of the general office: the custodian
    director: Account  # head of the general office (办公室主任)
    tech_head: Account  # head of the tech department
    leader: Account  # leader in charge of the tech department (分管领导)
    head: Account  # head of the organisation
    officer: Account  # security officer
    readers: list[Account]  # three cleared staff of the tech department

    def incoming(
        self,
        *,
        level: int = Level.SECRET,
        copies: int = 3,
        readers: list[Account] | None = None,
        **kw: Any,
    ) -> IncomingEntry:
        """A registered incoming document whose scope names ``readers`` (all by default)."""
        named = [a.person_id for a in (self.readers if readers is None else readers)]
        n = Document.objects.count() + 1
        return incoming.register_incoming(
            actor=self.clerk,
            number=kw.pop("number", f"市保发〔2026〕{n}号"),
            title=kw.pop("title", f"关于第{n}项工作的通知"),
            level=level,
            term_years=kw.pop("term_years", 10 if level >= Level.CONFIDENTIAL else None),
            issuer=kw.pop("issuer", "市保密局"),
            copies=copies,
            named_people_ids=named,
            **kw,
        )

    def copies(self, entry: IncomingEntry | Document) -> list[Copy]:
        doc = entry.document if isinstance(entry, IncomingEntry) else entry
        return list(Copy.objects.filter(document=doc).order_by("number"))

    def approve_all(self, request: ApprovalRequest) -> ApprovalRequest:
        """Every approver of ``request`` approves, in order (their accounts are in this office)."""
        accounts = {
            a.person_id: a
            for a in (self.director, self.tech_head, self.leader, self.head, self.officer)
        }
        accounts.update({a.person_id: a for a in self.readers})
        for step in request.steps.order_by("order"):
            if step.decision == Decision.PENDING:
                approvals.decide(
                    actor=accounts[step.approver_id], request_id=request.pk, approve=True
                )
        request.refresh_from_db()
        return request


@pytest.fixture
def office(world: World) -> Office:
    return build_office(world)


def build_office(world: World) -> Office:
    """The office of ``world``: its people, department heads and leaders set."""
    core = Clearance.CORE
    clerk = world.account(Role.CLERK, dept="office", clearance=core, name="王机要")
    director = world.account(
        Role.LEADER, dept="office", rank="director", clearance=core, name="李主任"
    )
    tech_head = world.account(
        Role.LEADER, dept="tech", rank="manager", clearance=core, name="赵部长"
    )
    leader = world.account(
        Role.LEADER, dept="root", rank="general_manager", clearance=core, name="钱副总"
    )
    head = world.account(Role.LEADER, dept="root", rank="board", clearance=core, name="孙总")
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=core, name="周保密")
    readers = [
        world.account(Role.STAFF, dept="tech", clearance=Clearance.IMPORTANT, name=name)
        for name in ("张一", "张二", "张三")
    ]
    o = world.organisation
    departments = world.departments
    org.set_department_leaders(
        actor=None,
        department_id=departments["office"].pk,
        head_id=director.person_id,
        leader_in_charge_id=leader.person_id,
    )
    org.set_department_leaders(
        actor=None,
        department_id=departments["tech"].pk,
        head_id=tech_head.person_id,
        leader_in_charge_id=leader.person_id,
    )
    org.set_organisation_head(actor=None, organisation_id=o.pk, person_id=head.person_id)
    return Office(world, clerk, director, tech_head, leader, head, officer, readers)


def register_at_once(account_ids: list[int], mark: str) -> list[int]:
    """Each clerk of ``account_ids`` registers a classified incoming document at the same
    moment, in a thread with its own connection (IN-NUMBER); the register numbers they got.
    Fails the test if any registration failed."""
    start = threading.Barrier(len(account_ids))
    numbers: list[int] = []
    failures: list[BaseException] = []

    def register(account_id: int) -> None:
        try:
            clerk = Account.objects.select_related("person__rank").get(pk=account_id)
            start.wait()
            entry = incoming.register_incoming(
                actor=clerk,
                number=f"{mark}〔2026〕{account_id}号",
                title="同时登记",
                level=Level.SECRET,
                term_years=10,
                issuer="市保密局",
            )
            numbers.append(entry.sequence)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(pk,)) for pk in account_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return numbers
