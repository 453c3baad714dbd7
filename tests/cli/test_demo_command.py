"""`baomi demo` builds 示例单位 once, with every clearance class and one login per role, and
prints the logins every time."""

from __future__ import annotations

from django.core.management import call_command

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.org.models import Organisation, Person


def test_demo_is_idempotent_and_prints_every_login(db, capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = (Organisation.objects.count(), Person.objects.count(), Account.objects.count())
    call_command("demo")
    again = capsys.readouterr().out
    assert (Organisation.objects.count(), Person.objects.count(), Account.objects.count()) == counts
    assert counts[0] == 1 and counts[1] >= 30
    assert {a.role for a in Account.objects.all()} == set(Role)
    assert set(Person.objects.values_list("clearance", flat=True)) == set(Clearance)
    for username in Account.objects.values_list("username", flat=True):
        assert username in first and username in again
