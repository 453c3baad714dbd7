"""The carriers' answer to the self-inspection checklist (seams.evidence, INSP-CHECKLIST):
the copies held in the scope past their due time."""

from __future__ import annotations

import datetime

from baomi.carriers.models import Custody
from baomi.carriers.operations import circulation
from baomi.core.levels import Level
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope


def test_an_overdue_copy_held_in_the_department__INSP_CHECKLIST(office):
    world = office.world
    entry = office.incoming(level=Level.SECRET, copies=1)
    copy = office.copies(entry)[0]
    reader = office.readers[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    due = Custody.objects.get(copy=copy).due_at
    tech = world.departments["tech"]
    scope = Scope(department_id=tech.pk, department_path=tech.path)
    provide = EVIDENCE_PROVIDERS["carriers.overdue"].provide
    before = provide(world.organisation.pk, scope, due - datetime.timedelta(minutes=1))
    assert before.verdict == Finding.OK
    after = provide(world.organisation.pk, scope, due + datetime.timedelta(minutes=1))
    assert after.verdict == Finding.PROBLEM
    assert [f.url for f in after.facts] == [f"/documents/{copy.document_id}/"]
    # The document's number and the copy's, never its title.
    assert copy.document.number in after.facts[0].text
    assert copy.document.title not in after.facts[0].text
    # The reader's own inspection sees it; the general office's does not.
    mine = provide(
        world.organisation.pk,
        Scope(person_id=reader.person_id),
        due + datetime.timedelta(minutes=1),
    )
    assert mine.verdict == Finding.PROBLEM
    other = world.departments["office"]
    assert (
        provide(
            world.organisation.pk, Scope(other.pk, other.path), due + datetime.timedelta(minutes=1)
        ).verdict
        == Finding.OK
    )
