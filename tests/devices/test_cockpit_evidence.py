"""The ledger's evidence for the accreditation self-score (seams.evidence): classified
computers found in fewer physical checks than INSP-QUARTERLY asks over the last twelve
months, one query over the scope's computers, each fact linking to the computer's page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.core.levels import Level
from baomi.devices.models import Asset, PhysicalCheck
from baomi.devices.operations import checks
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


def provide(ledger, scope=None, moment=None):
    return EVIDENCE_PROVIDERS["devices.physical_checks"].provide(
        ledger.world.organisation.pk, scope or Scope(), moment or timezone.now()
    )


def computer(ledger, number, *, registered=LONG_AGO, **kw):
    kw.setdefault("level", Level.SECRET)
    found = ledger.register(number=number, **kw)
    Asset.objects.filter(pk=found.pk).update(registered_at=registered)
    return found


def check(ledger, *numbers, started=None):
    done = checks.start_check(actor=ledger.officer)
    for number in numbers:
        checks.observe(actor=ledger.officer, check_id=done.pk, identifier=number)
    checks.close_check(actor=ledger.officer, check_id=done.pk)
    if started:
        PhysicalCheck.objects.filter(pk=done.pk).update(started_at=started)
    return done


def test_computers_checked_three_times_a_year_are_ok__INSP_QUARTERLY(ledger):
    computer(ledger, "JSJ-1")
    computer(ledger, "JSJ-2", level=Level.PUBLIC)  # not classified: not held to it
    computer(ledger, "JSJ-3", registered=timezone.now())  # new: not yet held to it
    for _ in range(3):
        check(ledger, "JSJ-1")
    assert provide(ledger).verdict == Finding.OK


def test_a_computer_checked_twice_in_twelve_months_is_a_problem__INSP_QUARTERLY(ledger):
    seen = computer(ledger, "JSJ-1")
    office = ledger.world.departments["office"]
    computer(ledger, "JSJ-9", department_id=office.pk, custodian_id=ledger.office.person_id)
    check(ledger, "JSJ-1", "JSJ-9")
    check(ledger, "JSJ-1", "JSJ-9")
    # A check more than twelve months ago no longer counts.
    check(ledger, "JSJ-1", "JSJ-9", started=timezone.now() - datetime.timedelta(days=366))
    check(ledger, "JSJ-9")
    found = provide(ledger)
    assert found.verdict == Finding.PROBLEM
    assert [f.url for f in found.facts] == [f"/devices/{seen.pk}/"]
    assert "JSJ-1" in found.facts[0].text and "2" in found.facts[0].text
    tech = ledger.world.departments["tech"]
    assert provide(ledger, Scope(tech.pk, tech.path)).verdict == Finding.PROBLEM
    assert provide(ledger, Scope(office.pk, office.path)).verdict == Finding.OK
    mine = Scope(person_id=ledger.office.person_id)
    assert provide(ledger, mine).verdict == Finding.OK
