"""The people's files' answer to the self-inspection checklist (seams.evidence,
INSP-CHECKLIST): cleared people in post without a signed confidentiality agreement."""

from __future__ import annotations

from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope


def test_cleared_people_without_a_signed_agreement__INSP_CHECKLIST(world):
    signed = world.vet(world.person(dept="lab"))
    from baomi.org import operations as org

    org.set_clearance(actor=None, person_id=signed.pk, clearance=Clearance.GENERAL)
    unsigned = world.person(dept="lab", clearance=Clearance.GENERAL)
    world.person(dept="lab")  # not cleared: nothing asked
    tech = world.departments["tech"]
    found = EVIDENCE_PROVIDERS["people.commitments"].provide(
        world.organisation.pk, Scope(tech.pk, tech.path), timezone.now()
    )
    assert found.verdict == Finding.PROBLEM
    assert [f.url for f in found.facts] == [f"/people/{unsigned.pk}/"]
    mine = EVIDENCE_PROVIDERS["people.commitments"].provide(
        world.organisation.pk, Scope(person_id=signed.pk), timezone.now()
    )
    assert mine.verdict == Finding.OK
