"""The permission matrix of 三员分立, proved operation by operation: for every role and every
permission a real operation succeeds exactly when MATRIX grants the permission, and is refused
with AccessDenied otherwise. docs/permissions.md is the same matrix, generated."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from baomi.access.roles import KNOWING_ROLES, MATRIX, Permission, Role, matrix_markdown
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account, AdminChange, ChangeKind
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest, ApprovalStep
from baomi.areas.operations import areas as area_operations
from baomi.audit import operations as audit_operations
from baomi.audit import queries as audit_queries
from baomi.budget.operations import budget as budget_operations
from baomi.carriers import operations as carriers
from baomi.carriers import queries as carrier_queries
from baomi.carriers.models import Document
from baomi.carriers.operations import classification
from baomi.cockpit.queries import dashboard as dashboard_queries
from baomi.core.errors import AccessDenied, NotFound
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import ledger as devices
from baomi.meetings.operations import meetings as meeting_operations
from baomi.org import operations as org
from baomi.org.models import Person, StaffRole
from baomi.publication.queries import review as publication_queries
from baomi.rulebook.operations import set_rule
from baomi.scans import operations as scans
from baomi.scans import queries as scan_queries
from baomi.seals.operations import seals as seal_operations
from baomi.seams.figures import Range
from tests.factories import PASSWORD, World
from tests.scans.reports import report

ROOT = Path(__file__).resolve().parents[2]
_unique = itertools.count(1)


@dataclass
class Stage:
    """What the representative operations act on, in one organisation."""

    world: World
    internal: Document  # known to everyone of the organisation
    secret: Document  # known to directors and above
    reader: Person  # cleared for SECRET, outside its scope


def account(world: World, role: str, **person_kw: Any) -> Account:
    """An account written directly (no password hashing: these tests never log in)."""
    person_kw.setdefault("clearance", Clearance.CORE)
    person_kw.setdefault("rank", "board")
    person = world.person(**person_kw)
    return Account.objects.select_related("person__department", "person__rank").get(
        pk=Account.objects.create(username=f"m{next(_unique)}", role=role, person=person).pk
    )


def request_for(stage: Stage, actor: Account, *, approver: Person) -> ApprovalRequest:
    now = timezone.now()
    request = ApprovalRequest.objects.create(
        organisation=stage.world.organisation,
        rule_id="DRAFT-CHAIN",
        operation="draft",
        subject_type="carriers.document",
        subject_id=str(stage.internal.pk),
        requested_by=actor,
        requester=actor.person,
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    ApprovalStep.objects.create(
        request=request, order=0, approver_kind="department_head", approver=approver
    )
    return request


def _locked_account(stage: Stage) -> Account:
    target = account(stage.world, Role.STAFF, rank="staff")
    target.locked_until = timezone.now() + timedelta(minutes=30)
    target.save(update_fields=["locked_until"])
    return target


def _pending_change(stage: Stage, agreeing: Account) -> AdminChange:
    """An auditor's password reset asked by an administrator in another role than the one
    who is to agree, awaiting a second."""
    now = timezone.now()
    asking = Role.SECURITY_OFFICER if agreeing.role == Role.SYSADMIN else Role.SYSADMIN
    return AdminChange.objects.create(
        organisation=stage.world.organisation,
        account=account(stage.world, Role.AUDITOR, rank="staff"),
        kind=ChangeKind.PASSWORD,
        password="!",
        requested_by=account(stage.world, asking, rank="staff"),
        requested_at=now,
        expires_at=now + timedelta(hours=1),
    )


def _meeting(stage: Stage, actor: Account) -> Any:
    """A CONFIDENTIAL meeting planned by ``actor`` in a meeting room of the organisation."""
    from baomi.areas.models import SecureArea

    room = SecureArea.objects.create(
        organisation=stage.world.organisation,
        name=f"会议室{next(_unique)}",
        kind="meeting_room",
        level=Level.SECRET,
        department=stage.world.departments["office"],
        keeper=stage.reader,
    )
    start = timezone.now() + timedelta(days=1)
    return meeting_operations.create_meeting(
        actor=actor,
        title="保密工作会",
        level=Level.CONFIDENTIAL,
        organiser_id=stage.reader.pk,
        department_id=stage.world.departments["office"].pk,
        venue_id=room.pk,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


# Permission → a real operation performed by ``actor``; every other precondition holds.
REPRESENTATIVES: dict[Permission, Callable[[Stage, Account], Any]] = {
    Permission.MANAGE_ACCOUNTS: lambda s, a: accounts.create_account(
        actor=a,
        username=f"new{next(_unique)}",
        role=Role.STAFF,
        password=PASSWORD,
        person_id=s.world.person().pk,
    ),
    Permission.GRANT_ROLES: lambda s, a: accounts.change_role(
        actor=a, account_id=account(s.world, Role.STAFF, rank="staff").pk, role=Role.CLERK
    ),
    Permission.AGREE_ADMIN_CHANGE: lambda s, a: accounts.agree_admin_change(
        actor=a, change_id=_pending_change(s, a).pk
    ),
    Permission.UNLOCK_ACCOUNTS: lambda s, a: accounts.unlock_account(
        actor=a, account_id=_locked_account(s).pk
    ),
    Permission.CONFIGURE: lambda s, a: org.set_working_hours(
        actor=a, day_start=time(9), day_end=time(17, 30), weekdays=[1, 2, 3, 4, 5]
    ),
    Permission.MANAGE_ORGANISATION: lambda s, a: org.create_department(
        actor=a,
        organisation_id=s.world.organisation.pk,
        name=f"新部门{next(_unique)}",
        parent_id=s.world.departments["root"].pk,
    ),
    Permission.SET_CLEARANCE: lambda s, a: org.set_clearance(
        actor=a, person_id=s.world.vet(s.world.person()).pk, clearance=Clearance.GENERAL
    ),
    Permission.APPOINT_SECURITY_STAFF: lambda s, a: org.appoint(
        actor=a, person_id=s.world.person().pk, role=StaffRole.COMMITTEE_MEMBER
    ),
    Permission.EDIT_RULEBOOK: lambda s, a: set_rule(
        actor=a, rule_id="AUTH-LOCKOUT", params={"max_failures": 4}
    ),
    Permission.READ_AUDIT: lambda s, a: list(audit_queries.events(a)),
    Permission.CHECKPOINT_AUDIT: lambda s, a: audit_operations.create_checkpoint(actor=a),
    Permission.KNOW_ITEMS: lambda s, a: carrier_queries.document(a, s.internal.pk),
    Permission.REGISTER_ITEMS: lambda s, a: carriers.register_document(
        actor=a, number=f"内{next(_unique)}", title="通知", level=Level.INTERNAL
    ),
    Permission.CHANGE_SCOPE: lambda s, a: carriers.widen_scope(
        actor=a, document_id=s.secret.pk, person_id=s.reader.pk
    ),
    Permission.CLASSIFY: lambda s, a: classification.add_catalogue_entry(
        actor=a, matter=f"事项{next(_unique)}", level=Level.SECRET, term_years=10
    ),
    Permission.REQUEST_APPROVAL: lambda s, a: approvals.withdraw(
        actor=a, request_id=request_for(s, a, approver=s.reader).pk
    ),
    Permission.DECIDE_APPROVAL: lambda s, a: approvals.decide(
        actor=a, request_id=request_for(s, a, approver=a.person).pk, approve=True
    ),
    Permission.CREATE_OWN_TOKEN: lambda s, a: accounts.create_token(actor=a, account_id=a.pk),
    Permission.FILE_SCAN_REPORT: lambda s, a: scans.file_scan_report(
        actor=a, department_id=s.world.departments["tech"].pk, report=report()
    ),
    Permission.READ_SCAN_REPORTS: lambda s, a: list(scan_queries.scan_records(a)),
    Permission.MANAGE_DEVICES: lambda s, a: devices.register_asset(
        actor=a, type="desktop", number=f"JSJ-{next(_unique)}"
    ),
    Permission.MANAGE_SEALS: lambda s, a: seal_operations.register_seal(
        actor=a, name=f"公章{next(_unique)}", kind="official", keeper_id=s.reader.pk
    ),
    Permission.MANAGE_MEETINGS: lambda s, a: _meeting(s, a),
    Permission.MANAGE_AREAS: lambda s, a: area_operations.register_area(
        actor=a,
        name=f"档案室{next(_unique)}",
        kind="archive_room",
        level=Level.CONFIDENTIAL,
        department_id=s.world.departments["office"].pk,
        keeper_id=s.reader.pk,
    ),
    Permission.REVIEW_PUBLICATIONS: lambda s, a: publication_queries.register_table(a),
    # The whole organisation's dashboard: the account heads no department, so only the
    # permission opens it (a head without it sees their departments' part).
    Permission.SEE_DASHBOARD: lambda s, a: dashboard_queries.dashboard(a, Range.MONTH),
    Permission.OVERSEE: lambda s, a: budget_operations.set_up_budget(
        actor=a,
        year=timezone.localdate().year,
        lines=[
            {"part": "management", "category": "training", "planned": "1"},
            {"part": "special", "category": "physical", "planned": "1"},
        ],
    ),
}
# Non-disclosure: an item one may not know answers "not found", never "access denied".
DENIAL = {Permission.KNOW_ITEMS: NotFound}


@pytest.fixture
def stage(world: World, settings: Any, tmp_path: Path) -> Stage:
    settings.AUDIT_SIGNING_KEY = tmp_path / "audit-ed25519.pem"
    clerk = account(world, Role.CLERK, rank="staff")
    internal = carriers.register_document(
        actor=clerk, number="内1", title="内部通知", level=Level.INTERNAL
    )
    secret = carriers.register_document(
        actor=clerk, number="机1", title="机密方案", level=Level.SECRET, term_years=10
    )
    reader = world.person(rank="staff", clearance=Clearance.IMPORTANT)
    return Stage(world, internal, secret, reader)


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_an_operation_succeeds_iff_the_matrix_grants_it__ROLE_SEPARATION(
    stage: Stage, role: Role, permission: Permission
) -> None:
    """The role's account performs the permission's representative operation: done when
    MATRIX grants the permission, refused (AccessDenied) when it does not."""
    actor = account(stage.world, role)
    perform = REPRESENTATIVES[permission]
    if permission in MATRIX[role]:
        perform(stage, actor)
    else:
        with pytest.raises(DENIAL.get(permission, AccessDenied)):
            perform(stage, actor)


def test_every_permission_has_a_representative() -> None:
    """Every permission is proved by the matrix test above: a new permission fails here
    until an operation requires it and that operation is its representative."""
    assert set(REPRESENTATIVES) == set(Permission)


def test_only_the_knowing_roles_know_items__CLS_MAC() -> None:
    """The roles that act as their person (and may know items) are exactly those granted
    KNOW_ITEMS: never the system administrator, never the auditor."""
    knowing = {role for role, granted in MATRIX.items() if Permission.KNOW_ITEMS in granted}
    assert knowing == set(KNOWING_ROLES)
    assert not knowing & {Role.SYSADMIN, Role.AUDITOR}


def test_the_three_administrators_share_no_permission__ROLE_SEPARATION() -> None:
    """三员分立: the system administrator shares with the security officer and the auditor
    only the right to an own API token and to agree as the second to a change of an
    administrator (ADMIN-DUAL), and so do the officer and the auditor; only the security
    officer grants roles; the auditor reads and signs the audit log but changes nothing else;
    nobody holds every permission."""
    admin, officer, auditor = (
        MATRIX[r] for r in (Role.SYSADMIN, Role.SECURITY_OFFICER, Role.AUDITOR)
    )
    shared = {Permission.CREATE_OWN_TOKEN, Permission.AGREE_ADMIN_CHANGE}
    assert admin & officer == admin & auditor == shared
    assert officer & auditor == shared
    assert auditor == shared | {Permission.READ_AUDIT, Permission.CHECKPOINT_AUDIT}
    assert {r for r, granted in MATRIX.items() if Permission.GRANT_ROLES in granted} == {
        Role.SECURITY_OFFICER
    }
    assert all(granted != set(Permission) for granted in MATRIX.values())
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize(
    "perform",
    [
        lambda o, p: org.set_clearance(actor=o, person_id=p.pk, clearance=Clearance.GENERAL),
        lambda o, p: org.appoint(actor=o, person_id=p.pk, role=StaffRole.COMMITTEE_MEMBER),
    ],
    ids=["set_clearance", "appoint"],
)
def test_another_organisations_people_are_not_found(world: World, perform: Callable) -> None:
    """A permitted role acting on another organisation is answered "not found", exactly like
    a person that does not exist."""
    officer = account(world, Role.SECURITY_OFFICER, rank="manager")
    stranger = World.build().person(clearance=Clearance.NONE)
    with pytest.raises(NotFound) as foreign:
        perform(officer, stranger)
    stranger.pk += 10_000
    with pytest.raises(NotFound) as missing:
        perform(officer, stranger)
    assert foreign.value.message == missing.value.message


HEADER = """\
# Permissions (三员分立)

Who may do what in baomi. Every account has exactly one role and a person one working
account; no account holds every permission, nobody holds two of the first three roles
(ROLE-SEPARATION), and nobody acts on their own account, role or clearance. The system
administrator creates staff accounts and never grants a role; the security officer does.
Changing who holds one of the first three roles, or resetting one's password, waits for a
second of the three (ADMIN-DUAL). Knowing a controlled item needs more than the permission:
the person must be cleared for its level and inside its need-to-know scope (CLS-MAC).

This table is generated from `baomi.access.roles.MATRIX` by `matrix_markdown()`; a test keeps
it equal (regenerate: `BAOMI_WRITE_DOCS=1 pytest tests/access/test_permission_matrix.py`).

"""


def test_docs_permissions_is_the_matrix() -> None:
    """docs/permissions.md is the header above and the generated table, in English."""
    path = ROOT / "docs" / "permissions.md"
    with translation.override("en"):
        wanted = HEADER + matrix_markdown()
    if os.environ.get("BAOMI_WRITE_DOCS") == "1":
        path.write_text(wanted, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == wanted


def test_matrix_markdown_marks_each_granted_permission() -> None:
    with translation.override("en"):
        table = matrix_markdown().splitlines()
    assert len(table) == 2 + len(Permission)
    for permission, line in zip(Permission, table[2:], strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == f"`{permission.value}`" and cells[1]
        assert cells[2:] == ["✓" if permission in MATRIX[r] else "" for r in Role]
