"""JSON routes of accounts: the caller (GET /me) and the system administrator's accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from baomi.access.roles import MATRIX, Role
from baomi.accounts import operations, queries

router = Router(tags=["accounts"])


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


class AccountIn(Schema):
    username: str
    role: Role
    password: str
    person_id: int


class PasswordIn(Schema):
    password: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    """The calling account: its role, its person and the permissions its role holds."""
    return request.auth


class OwnPasswordIn(Schema):
    current_password: str
    new_password: str


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
def unlock_account(request: HttpRequest, account_id: int) -> Any:
    """Unlock an account locked after failed logins (AUTH-LOCKOUT)."""
    return operations.unlock_account(actor=request.auth, account_id=account_id)


@router.post("/accounts/{account_id}/password", response=AccountOut)
def set_password(request: HttpRequest, account_id: int, payload: PasswordIn) -> Any:
    """Reset another account's password (system administrator only)."""
    return operations.set_password(
        actor=request.auth, account_id=account_id, password=payload.password
    )


class RoleIn(Schema):
    role: Role


@router.put("/accounts/{account_id}/role", response=AccountOut)
def change_role(request: HttpRequest, account_id: int, payload: RoleIn) -> Any:
    """Change another account's role (system administrator only; ROLE-SEPARATION: nobody
    changes their own role, and no person holds two of the three administrator roles)."""
    return operations.change_role(actor=request.auth, account_id=account_id, role=payload.role)


@router.post("/accounts/{account_id}/deactivate", response=AccountOut)
def deactivate_account(request: HttpRequest, account_id: int) -> Any:
    """Deactivate an account; its API tokens are revoked with it."""
    return operations.deactivate_account(actor=request.auth, account_id=account_id)
