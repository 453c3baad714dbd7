"""API tokens: created for one's own account, shown once, stored as a digest, revoked with the
account."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.accounts import operations
from baomi.accounts.models import ApiToken
from baomi.accounts.queries import account_for_token
from baomi.core.errors import NotFound
from tests.factories import audit_events


def test_a_token_authenticates_its_account(world):
    account = world.account(Role.STAFF)
    token = operations.create_token(actor=account, account_id=account.pk, label="脚本")
    assert account_for_token(token) == account
    row = ApiToken.objects.get(account=account)
    assert token.startswith(f"bm_{row.prefix}_")
    assert token.split("_", 2)[2] not in row.digest
    [event] = audit_events("auth.token_created")
    assert event["data"] == {"prefix": row.prefix}
    assert token.split("_", 2)[2] not in str(event)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "xx" + t[2:],
        lambda t: t.rsplit("_", 1)[0],
        lambda t: "",
    ],
)
def test_a_wrong_token_authenticates_nobody(world, mangle):
    account = world.account(Role.STAFF)
    token = operations.create_token(actor=account, account_id=account.pk)
    assert account_for_token(mangle(token)) is None


def test_nobody_creates_a_token_for_someone_else(world):
    account, other = world.account(Role.SYSADMIN), world.account(Role.STAFF)
    with pytest.raises(NotFound):
        operations.create_token(actor=account, account_id=other.pk)
    assert not ApiToken.objects.exists()


def test_deactivating_an_account_revokes_its_tokens(world):
    admin, account = world.account(Role.SYSADMIN), world.account(Role.STAFF)
    token = operations.create_token(actor=account, account_id=account.pk)
    operations.deactivate_account(actor=admin, account_id=account.pk)
    assert account_for_token(token) is None
    assert ApiToken.objects.get(account=account).revoked_at is not None
    assert audit_events("accounts.deactivated")[-1]["subject_id"] == str(account.pk)
