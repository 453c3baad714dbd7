"""The deadline engine's reads: every domain's open deadlines (``baomi.seams.deadlines``) as a
person sees them."""

from __future__ import annotations

import datetime

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.cockpit.policies import part_of
from baomi.org.models import Department
from baomi.seams.deadlines import Deadline, deadlines


def seen(actor: Actor | None, moment: datetime.datetime) -> list[Deadline]:
    """Every open deadline of ``actor``'s organisation that ``actor`` sees, soonest first: all
    of them with SEE_DASHBOARD, those of the departments they head, and those they answer
    for."""
    person = knower(actor)
    if person is None:
        return []
    found = deadlines(person.organisation_id, moment)
    part = part_of(actor)
    if part is not None and part.whole:
        return found
    departments: set[int] = set()
    if part is not None:
        departments = set(
            Department.objects.filter(part.departments("")).values_list("pk", flat=True)
        )
    return [d for d in found if d.person_id == person.pk or d.department_id in departments]
