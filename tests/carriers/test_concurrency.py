"""Concurrency on PostgreSQL: simultaneous clients get what the rules promise."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.audit import verification
from baomi.carriers.models import IncomingEntry, RegisterCounter, Series
from baomi.core.levels import Clearance
from tests.carriers.conftest import register_at_once
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
    numbers = register_at_once(incoming_clerks(REGISTRARS), "并发")
    assert sorted(numbers) == list(range(1, REGISTRARS + 1))
    stored = IncomingEntry.objects.filter(series=Series.CLASSIFIED).values_list(
        "sequence", flat=True
    )
    assert sorted(stored) == list(range(1, REGISTRARS + 1))
    assert RegisterCounter.objects.get(series=Series.CLASSIFIED).last == REGISTRARS
    assert verification.verify(deep=True).ok
