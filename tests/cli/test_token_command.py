"""``baomi token create USERNAME``: an API token for scripts."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.accounts.operations import TOKEN_CREATED, deactivate_account
from baomi.accounts.queries import account_for_token
from tests.cli.conftest import one_line
from tests.factories import audit_events


def test_create_prints_a_token_that_authenticates_the_account(baomi, world):
    clerk = world.account(Role.CLERK, username="clerk-cli")
    result = baomi("token", "create", "clerk-cli", "--label", "nightly export")
    assert result.code == 0
    token = one_line(result.out)
    assert account_for_token(token) == clerk
    assert "not shown again" in result.err
    [event] = audit_events(TOKEN_CREATED)
    assert (event["actor"], event["subject_id"]) == ("system", str(clerk.pk))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["token", "create", "nobody"], 1, "CommandError: There is no account named nobody."),
        (
            ["token", "create", "clerk-cli", "--label", "x" * 101],
            1,
            "CommandError: A label has at most 100 characters.",
        ),
        (
            ["token", "create"],
            2,
            "baomi token create: error: the following arguments are required: USERNAME",
        ),
        (["token", "renew", "clerk-cli"], 2, "baomi token: error: argument COMMAND"),
        (["token", "revoke", "nosuch"], 1, "CommandError: There is no token nosuch."),
        (["token"], 2, "baomi token: error: the following arguments are required: COMMAND"),
    ],
)
def test_bad_input_gets_a_one_line_error(baomi, world, args, code, message):
    world.account(Role.CLERK, username="clerk-cli")
    result = baomi(*args)
    assert result.code == code
    assert one_line(result.err).startswith(message)
    assert result.out == ""


def test_an_inactive_account_gets_no_token(baomi, world):
    admin = world.account(Role.SYSADMIN)
    clerk = world.account(Role.CLERK, username="clerk-gone")
    deactivate_account(actor=admin, account_id=clerk.pk)
    result = baomi("token", "create", "clerk-gone")
    assert result.code == 1
    assert one_line(result.err) == "CommandError: The account is not active."


def test_a_token_is_revoked_by_its_prefix_and_then_refused(baomi, world, client):
    """``baomi token revoke`` takes the bm_PREFIX part (never echoing a whole token given)."""
    world.account(Role.CLERK, username="clerk-rv")
    token = baomi("token", "create", "clerk-rv").out.strip()
    prefix = token.split("_")[1]
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    result = baomi("token", "revoke", token)
    assert result.code == 0 and token not in result.out and prefix in result.out
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    again = baomi("token", "revoke", prefix)
    assert again.code == 1 and "already revoked" in again.err
