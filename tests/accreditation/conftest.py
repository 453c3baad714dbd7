"""The self-score's fixtures: a security office (OVERSEE) with the built-in profiles loaded,
and helpers to find an item and to give the 军工 profile's unknown points."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest

from baomi.access.roles import Role
from baomi.accreditation.models import Item, Standard
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.operations import profiles
from baomi.core.levels import Clearance


@pytest.fixture
def officer(world):
    profiles.ensure_builtin()
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def builtin(key: str) -> Standard:
    return Standard.objects.filter(organisation=None, key=key).order_by("-version").first()


def item(standard: Standard, code: str) -> Item:
    return Item.objects.get(standard=standard, code=code)


def fill_unknown(officer, standard: Standard, points: str = "0") -> None:
    """The unit's own points for every scored item whose points the standard leaves empty;
    the first such item of each chapter with known points takes what the chapter lacks, and
    the rest of the 500 goes to the first item of the unknown chapters, so the known points
    add up to the total."""
    left = standard.total_points
    items = list(Item.objects.filter(standard=standard).select_related("chapter"))
    for it in items:
        if it.points is not None:
            left -= it.points
    given: dict[int, Decimal] = {}
    for it in items:
        if not it.scored or it.points is not None:
            continue
        chapter = it.chapter
        if chapter.points is not None and chapter.pk not in given:
            known = sum((i.points or 0 for i in items if i.chapter_id == chapter.pk), Decimal(0))
            own = chapter.points - known
        else:
            own = Decimal(points)
        given[chapter.pk] = own
        left -= own
        assessing.assess_item(actor=officer, item_id=it.pk, own_points=own)
    assert left >= 0
    # The rest of the total to the first outline item of a chapter without points.
    spare = next(
        it
        for it in items
        if it.scored and it.points is None and it.chapter.points is None and not it.veto
    )
    assessing.assess_item(actor=officer, item_id=spare.pk, own_points=left)


def plant(world, officer, count: int = 1, prefix: str = "JM") -> list:
    """``count`` classified computers registered offline, each with a refused attempt to put
    it on the internet (DEV-AIRGAP's open alert): ``devices.airgap`` finds each."""
    from baomi.access.roles import Role
    from baomi.core.errors import RuleViolation
    from baomi.core.levels import Clearance, Level
    from baomi.devices.operations import ledger

    keeper = world.account(Role.STAFF, dept="tech", clearance=Clearance.IMPORTANT)
    computers = []
    for n in range(1, count + 1):
        computer = ledger.register_asset(
            actor=officer,
            type="desktop",
            number=f"{prefix}-{n:04d}",
            level=Level.SECRET,
            network="isolated",
            custodian_id=keeper.person_id,
        )
        with contextlib.suppress(RuleViolation):
            ledger.change_network(actor=officer, asset_id=computer.pk, network="internet")
        computers.append(computer)
    return computers
