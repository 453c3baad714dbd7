"""The roles of an account, and the permission matrix (三员分立)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.access.actor import Actor
from baomi.core.errors import AccessDenied


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", _("System administrator")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    AUDITOR = "auditor", _("Security auditor")
    CLERK = "clerk", _("Confidential clerk")
    LEADER = "leader", _("Leader")
    STAFF = "staff", _("Staff")


# 三员分立: no person holds two of these (enforced by a unique constraint on accounts).
ADMIN_ROLES = (Role.SYSADMIN, Role.SECURITY_OFFICER, Role.AUDITOR)
# Roles whose account acts as its person and may therefore know controlled items (CLS-MAC).
# The system administrator and the auditor never know controlled items, whatever the person.
KNOWING_ROLES = (Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER, Role.STAFF)


class Permission(StrEnum):
    """Every operation a role may be permitted; the matrix below is the single source."""

    MANAGE_ACCOUNTS = "manage_accounts"
    GRANT_ROLES = "grant_roles"
    AGREE_ADMIN_CHANGE = "agree_admin_change"
    UNLOCK_ACCOUNTS = "unlock_accounts"
    CONFIGURE = "configure"
    MANAGE_ORGANISATION = "manage_organisation"
    SET_CLEARANCE = "set_clearance"
    APPOINT_SECURITY_STAFF = "appoint_security_staff"
    EDIT_RULEBOOK = "edit_rulebook"
    READ_AUDIT = "read_audit"
    CHECKPOINT_AUDIT = "checkpoint_audit"
    KNOW_ITEMS = "know_items"
    REGISTER_ITEMS = "register_items"
    CHANGE_SCOPE = "change_scope"
    CLASSIFY = "classify"
    MANAGE_DEVICES = "manage_devices"
    REQUEST_APPROVAL = "request_approval"
    DECIDE_APPROVAL = "decide_approval"
    CREATE_OWN_TOKEN = "create_own_token"
    FILE_SCAN_REPORT = "file_scan_report"
    READ_SCAN_REPORTS = "read_scan_reports"
    MANAGE_MEETINGS = "manage_meetings"
    MANAGE_AREAS = "manage_areas"
    MANAGE_SEALS = "manage_seals"
    REVIEW_PUBLICATIONS = "review_publications"
    OVERSEE = "oversee"
    SEE_DASHBOARD = "see_dashboard"


_P = Permission
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.SYSADMIN: frozenset(
        {
            _P.MANAGE_ACCOUNTS,
            _P.UNLOCK_ACCOUNTS,
            _P.CONFIGURE,
            _P.MANAGE_ORGANISATION,
            _P.AGREE_ADMIN_CHANGE,
            _P.CREATE_OWN_TOKEN,
        }
    ),
    Role.SECURITY_OFFICER: frozenset(
        {
            _P.GRANT_ROLES,
            _P.AGREE_ADMIN_CHANGE,
            _P.SET_CLEARANCE,
            _P.APPOINT_SECURITY_STAFF,
            _P.EDIT_RULEBOOK,
            _P.KNOW_ITEMS,
            _P.REGISTER_ITEMS,
            _P.CHANGE_SCOPE,
            _P.CLASSIFY,
            _P.MANAGE_DEVICES,
            _P.REQUEST_APPROVAL,
            _P.DECIDE_APPROVAL,
            _P.CREATE_OWN_TOKEN,
            _P.FILE_SCAN_REPORT,
            _P.READ_SCAN_REPORTS,
            _P.MANAGE_MEETINGS,
            _P.MANAGE_AREAS,
            _P.MANAGE_SEALS,
            _P.REVIEW_PUBLICATIONS,
            _P.OVERSEE,
            _P.SEE_DASHBOARD,
        }
    ),
    Role.AUDITOR: frozenset(
        {_P.READ_AUDIT, _P.CHECKPOINT_AUDIT, _P.AGREE_ADMIN_CHANGE, _P.CREATE_OWN_TOKEN}
    ),
    Role.CLERK: frozenset(
        {
            _P.KNOW_ITEMS,
            _P.REGISTER_ITEMS,
            _P.REQUEST_APPROVAL,
            _P.CREATE_OWN_TOKEN,
            _P.FILE_SCAN_REPORT,
            _P.MANAGE_MEETINGS,
            _P.MANAGE_SEALS,
        }
    ),
    Role.LEADER: frozenset(
        {
            _P.KNOW_ITEMS,
            _P.CLASSIFY,
            _P.REQUEST_APPROVAL,
            _P.DECIDE_APPROVAL,
            _P.CREATE_OWN_TOKEN,
            _P.FILE_SCAN_REPORT,
            _P.SEE_DASHBOARD,
        }
    ),
    Role.STAFF: frozenset(
        {_P.KNOW_ITEMS, _P.REQUEST_APPROVAL, _P.CREATE_OWN_TOKEN, _P.FILE_SCAN_REPORT}
    ),
}


def has_permission(actor: Actor | None, permission: Permission) -> bool:
    """Whether the actor's role grants ``permission``. An account whose password was set by
    someone else holds no permission until its holder changes it (AUTH-PASSWORD)."""
    if actor is None or not getattr(actor, "is_active", False):
        return False
    if getattr(actor, "password_must_change", False):
        return False
    role = getattr(actor, "role", None)
    return role in MATRIX and permission in MATRIX[Role(role)]


def require(actor: Actor | None, permission: Permission) -> None:
    """Raise AccessDenied unless the actor's role grants ``permission``."""
    if not has_permission(actor, permission):
        if getattr(actor, "password_must_change", False):
            raise AccessDenied(_("Change your password first (AUTH-PASSWORD)."))
        raise AccessDenied(_("Your role does not permit this operation."))


def require_or_installer(actor: Actor | None, permission: Permission) -> None:
    """Like ``require``, but ``actor=None`` (the installer's shell: ``baomi demo``, set-up
    commands run by whoever operates the server) passes. Never reachable from the web or API."""
    if actor is not None:
        require(actor, permission)


def actor_organisation_id(actor: Actor | None) -> int | None:
    person = getattr(actor, "person", None)
    return getattr(person, "organisation_id", None)


# One line per permission: what it lets a role do (the rows of docs/permissions.md).
PERMISSION_HELP: dict[Permission, Any] = {
    _P.MANAGE_ACCOUNTS: _(
        "Create and deactivate accounts, reset passwords (one-time), revoke API tokens"
    ),
    _P.GRANT_ROLES: _("Grant and take away roles (ROLE-SEPARATION)"),
    _P.AGREE_ADMIN_CHANGE: _(
        "Agree, as a second administrator, to a change of an administrator's role or password "
        "(ADMIN-DUAL)"
    ),
    _P.UNLOCK_ACCOUNTS: _("Unlock an account locked after failed logins"),
    _P.CONFIGURE: _("Set working hours, holidays and other installation settings"),
    _P.MANAGE_ORGANISATION: _("Maintain departments, ranks, people and leaders"),
    _P.SET_CLEARANCE: _("Set a person's clearance class"),
    _P.APPOINT_SECURITY_STAFF: _("Appoint the security committee, office and department officers"),
    _P.EDIT_RULEBOOK: _("Change the organisation's rulebook (only ever stricter for BLOCK rules)"),
    _P.READ_AUDIT: _("Read and export the audit log"),
    _P.CHECKPOINT_AUDIT: _("Sign and export audit checkpoints"),
    _P.KNOW_ITEMS: _("Know controlled items, within clearance and need-to-know (CLS-MAC)"),
    _P.REGISTER_ITEMS: _(
        "Register documents and keep their registers: print, dispatch, circulate, archive, "
        "destroy, hand over, inventory"
    ),
    _P.CHANGE_SCOPE: _("Change an item's need-to-know scope (CLS-NO-WIDEN)"),
    _P.MANAGE_DEVICES: _(
        "Keep the equipment ledger: register, assign, change network or level, physical checks"
    ),
    _P.CLASSIFY: _(
        "Keep the classification catalogue; review, downgrade and declassify items (CLS-REVIEW)"
    ),
    _P.REQUEST_APPROVAL: _("Ask for an approval and withdraw one's own request"),
    _P.DECIDE_APPROVAL: _("Approve or reject a request awaiting one's decision"),
    _P.CREATE_OWN_TOKEN: _("Create an API token for one's own account"),
    _P.FILE_SCAN_REPORT: _("File the report of a computer scan (baomi scan --upload)"),
    _P.READ_SCAN_REPORTS: _("Read the filed scan reports and their findings"),
    _P.MANAGE_MEETINGS: _(
        "Organise classified meetings: attendee lists, venue checks, sign-in, meeting papers, "
        "the sweep and the minutes (MEET-*)"
    ),
    _P.MANAGE_AREAS: _(
        "Keep the list of key secure areas, who is assigned to them, and the visitors' register "
        "(AREA-LIST, AREA-ACCESS)"
    ),
    _P.MANAGE_SEALS: _(
        "Register seals and letters of introduction and keep their use log (SEAL-LOG)"
    ),
    _P.REVIEW_PUBLICATIONS: _(
        "Review material for publication or external provision, and foreign press requests "
        "(PUB-REVIEW, PRESS-FOREIGN)"
    ),
    _P.OVERSEE: _(
        "Keep the checklists, supervise the self-inspections and verify rectifications, record "
        "incidents, the security committee's meetings and the budget (INSP-*, INC-RECORD, "
        "COMMITTEE, BUDGET)"
    ),
    _P.SEE_DASHBOARD: _(
        "See the whole organisation's dashboard, deadlines and annual report (a department head "
        "sees their departments' part without it)"
    ),
}


def matrix_markdown() -> str:
    """The permission matrix as a Markdown table, in the active language: one row per
    permission with its description, one column per role, ✓ where the role holds it."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    roles = list(Role)
    lines = [
        row([str(_("Permission")), str(_("What it allows")), *(str(r.label) for r in roles)]),
        row(["---", "---", *(":-:" for _r in roles)]),
    ]
    for permission in Permission:
        marks = ["✓" if permission in MATRIX[role] else "" for role in roles]
        lines.append(row([f"`{permission.value}`", str(PERMISSION_HELP[permission]), *marks]))
    return "\n".join(lines) + "\n"
