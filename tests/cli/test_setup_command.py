"""`baomi setup` creates the first organisation and its three separate administrators."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.org.models import Organisation

ARGS = [
    "--organisation",
    "新单位",
    "--sysadmin",
    "甲:sa",
    "--security-officer",
    "乙:so",
    "--auditor",
    "丙:au",
]


def test_setup_creates_three_administrators_with_printed_passwords__ROLE_SEPARATION(db, capsys):
    call_command("setup", *ARGS)
    out = capsys.readouterr().out
    accounts = {a.username: a for a in Account.objects.select_related("person")}
    assert {u: a.role for u, a in accounts.items()} == {
        "sa": Role.SYSADMIN,
        "so": Role.SECURITY_OFFICER,
        "au": Role.AUDITOR,
    }
    assert len({a.person_id for a in accounts.values()}) == 3
    org = Organisation.objects.get(name="新单位")
    assert {r.key for r in org.ranks.all()} >= {"board", "director", "manager", "staff"}
    for line in out.splitlines()[1:4]:
        username, *_, password = line.split()
        assert accounts[username].check_password(password)


def test_setup_refuses_an_existing_organisation_and_repeated_usernames(db):
    call_command("setup", *ARGS)
    with pytest.raises(CommandError):
        call_command("setup", *ARGS)
    with pytest.raises(CommandError):
        call_command(
            "setup",
            "--organisation",
            "另一单位",
            "--sysadmin",
            "甲:x",
            "--security-officer",
            "乙:x",
            "--auditor",
            "丙:y",
        )
    assert Organisation.objects.count() == 1


def test_a_taken_username_refuses_before_anything_is_made(world):
    world.account(Role.STAFF, username="so")
    with pytest.raises(CommandError):
        call_command("setup", *ARGS)
    assert not Organisation.objects.filter(name="新单位").exists()
