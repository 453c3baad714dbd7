"""Concurrency on PostgreSQL: simultaneous clients get what the rules promise."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.audit import verification
from baomi.carriers.models import IncomingEntry, RegisterCounter, Series
from baomi.carriers.operations import incoming
from baomi.core.levels import Clearance, Level
from tests.factories import World

REGISTRARS = 32


def incoming_clerks(n: int) -> list[int]:
    """One organisation with its general office and ``n`` clerks; their account ids."""
    world = World.build()
    return [world.account(Role.CLERK, dept="office", clearance=Clearance.CORE).pk for _ in range(n)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_32_simultaneous_registrations_get_gapless_unique_numbers__IN_NUMBER():
    """32 clerks each register a classified incoming document at the same moment: the
    numbers are exactly 1..32, none repeated, none missing."""
    clerks = incoming_clerks(REGISTRARS)
    start = threading.Barrier(REGISTRARS)
    numbers: list[int] = []
    failures: list[BaseException] = []

    def register(account_id: int) -> None:
        try:
            clerk = Account.objects.select_related("person__rank").get(pk=account_id)
            start.wait()
            entry = incoming.register_incoming(
                actor=clerk,
                number=f"并发〔2026〕{account_id}号",
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

    threads = [threading.Thread(target=register, args=(pk,)) for pk in clerks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(numbers) == list(range(1, REGISTRARS + 1))
    stored = IncomingEntry.objects.filter(series=Series.CLASSIFIED).values_list(
        "sequence", flat=True
    )
    assert sorted(stored) == list(range(1, REGISTRARS + 1))
    assert RegisterCounter.objects.get(series=Series.CLASSIFIED).last == REGISTRARS
    assert verification.verify(deep=True).ok
