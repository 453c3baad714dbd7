"""JSON routes of accounts: the caller (GET /me) and the system administrator's accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from baomi.access.roles import MATRIX, Role
from baomi.accounts import operations, queries
from baomi.accounts.models import Account, AdminChange
from baomi.accounts.passwords import MAX_LENGTH
from baomi.core.inputs import Id, Line, text

router = Router(tags=["accounts"])

# A password, bounded like every input (AUTH-PASSWORD: at most passwords.MAX_LENGTH).
Password = Annotated[Line, Field(max_length=MAX_LENGTH)]


class PersonRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    username: str
    role: Role
    role_label: str
    person: PersonRef
    organisation_id: int
    permissions: list[str]
    password_must_change: bool

    @staticmethod
    def resolve_role_label(account: Any) -> str:
        return str(Role(account.role).label)

    @staticmethod
    def resolve_organisation_id(account: Any) -> int:
        return account.person.organisation_id

    @staticmethod
    def resolve_permissions(account: Any) -> list[str]:
        return sorted(p.value for p in MATRIX[Role(account.role)])


class AccountOut(Schema):
    id: int
    username: str
    role: Role
    person: PersonRef
    is_active: bool
    locked_until: datetime | None
    password_must_change: bool


class AccountIn(Schema):
    """A new staff account: the security officer grants any other role (ROLE-SEPARATION)."""

    username: Line = text(Account, "username")
    role: Role = Role.STAFF
    password: Password
    person_id: Id


class AdminChangeOut(Schema):
    """A change of an administrator awaiting a second administrator's agreement (ADMIN-DUAL)."""

    id: int
    kind: str
    account_id: int
    username: str
    role: Role | None
    requested_by: str
    requested_at: datetime
    expires_at: datetime
    state: str

    @staticmethod
    def resolve_username(change: Any) -> str:
        return change.account.username

    @staticmethod
    def resolve_role(change: Any) -> str | None:
        return change.role or None

    @staticmethod
    def resolve_requested_by(change: Any) -> str:
        return change.requested_by.username


class TokenOut(Schema):
    id: int
    prefix: str
    label: str
    created_at: datetime
    revoked_at: datetime | None


class PasswordIn(Schema):
    password: Password


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    """The calling account: its role, its person and the permissions its role holds."""
    return request.auth


class OwnPasswordIn(Schema):
    current_password: Password
    new_password: Password


@router.post("/me/password", response=MeOut)
def change_own_password(request: HttpRequest, payload: OwnPasswordIn) -> Any:
    """Change the caller's own password, proving the current one (422 when it is wrong)."""
    return operations.change_own_password(actor=request.auth, **payload.dict())


@router.get("/accounts", response=list[AccountOut])
def list_accounts(request: HttpRequest) -> Any:
    """The accounts of the organisation (system administrator only)."""
    return queries.accounts(request.auth)


@router.post("/accounts", response={201: AccountOut})
def create_account(request: HttpRequest, payload: AccountIn) -> Any:
    """Create a login for a person (system administrator; ROLE-SEPARATION: nobody holds two
    of the three administrator roles)."""
    return Status(201, operations.create_account(actor=request.auth, **payload.dict()))


@router.post("/accounts/{account_id}/unlock", response=AccountOut)
def unlock_account(request: HttpRequest, account_id: Id) -> Any:
    """Unlock an account locked after failed logins (AUTH-LOCKOUT)."""
    return operations.unlock_account(actor=request.auth, account_id=account_id)


def _done_or_pending(result: Any) -> Any:
    """200 with the account when the change is done, 202 with the change when it waits for a
    second administrator (ADMIN-DUAL)."""
    return Status(202, result) if isinstance(result, AdminChange) else result


@router.post("/accounts/{account_id}/password", response={200: AccountOut, 202: AdminChangeOut})
def set_password(request: HttpRequest, account_id: Id, payload: PasswordIn) -> Any:
    """Reset another account's password (system administrator only). The password is
    one-time and the account's tokens are revoked (AUTH-PASSWORD); an administrator's password
    is reset once a second administrator agrees (202, ADMIN-DUAL)."""
    return _done_or_pending(
        operations.set_password(
            actor=request.auth, account_id=account_id, password=payload.password
        )
    )


class RoleIn(Schema):
    role: Role


@router.put("/accounts/{account_id}/role", response={200: AccountOut, 202: AdminChangeOut})
def change_role(request: HttpRequest, account_id: Id, payload: RoleIn) -> Any:
    """Grant another account a role (security officer only; ROLE-SEPARATION: nobody changes
    their own role, and no person holds two of the three administrator roles). Granting or
    taking away an administrator role waits for a second administrator (202, ADMIN-DUAL)."""
    return _done_or_pending(
        operations.change_role(actor=request.auth, account_id=account_id, role=payload.role)
    )


@router.get("/accounts/changes", response=list[AdminChangeOut])
def admin_changes(request: HttpRequest) -> Any:
    """Changes of administrators awaiting a second administrator's agreement (ADMIN-DUAL)."""
    return queries.pending_admin_changes(request.auth)


@router.post("/accounts/changes/{change_id}/agree", response=AccountOut)
def agree_admin_change(request: HttpRequest, change_id: Id) -> Any:
    """Agree to a change as a second administrator (neither the one who asked nor the one it
    changes) and carry it out (ADMIN-DUAL)."""
    return operations.agree_admin_change(actor=request.auth, change_id=change_id)


@router.post("/accounts/changes/{change_id}/refuse", response=AdminChangeOut)
def refuse_admin_change(request: HttpRequest, change_id: Id) -> Any:
    """Refuse a change as a second administrator, or withdraw one's own request."""
    return operations.refuse_admin_change(actor=request.auth, change_id=change_id)


@router.get("/me/tokens", response=list[TokenOut])
def my_tokens(request: HttpRequest) -> Any:
    """The caller's API tokens still in force (never their secrets)."""
    return queries.tokens(request.auth)


@router.get("/accounts/{account_id}/tokens", response=list[TokenOut])
def account_tokens(request: HttpRequest, account_id: Id) -> Any:
    """An account's API tokens still in force (system administrator, or one's own)."""
    return queries.tokens(request.auth, account_id)


@router.post("/tokens/{token_id}/revoke", response=TokenOut)
def revoke_token(request: HttpRequest, token_id: Id) -> Any:
    """Revoke one API token: one's own, or any of the organisation's (system administrator)."""
    return operations.revoke_token(actor=request.auth, token_id=token_id)


@router.post("/accounts/{account_id}/deactivate", response=AccountOut)
def deactivate_account(request: HttpRequest, account_id: Id) -> Any:
    """Deactivate an account; its API tokens are revoked with it."""
    return operations.deactivate_account(actor=request.auth, account_id=account_id)


# Mounted by baomi.api under /api/v1.
ROUTERS = [("", router)]
