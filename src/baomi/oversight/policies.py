"""Who may know the records of oversight: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.oversight.models import Checklist, Inspection

# --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---


class InspectionPolicy:
    """Self-inspections (INSP-MONTHLY, INSP-QUARTERLY): the security office (OVERSEE) knows
    every one of its organisation; a person (``knower``) those they inspect, those of the
    department they head, and those of themselves (a person's monthly one, a department
    head's quarterly assessment)."""

    def _people(self, person_id: int) -> Q:
        return Q(inspector_id=person_id) | Q(person_id=person_id) | Q(department__head_id=person_id)

    def may_know(self, actor: Actor | None, item: Inspection) -> bool:
        person = knower(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        if has_permission(actor, Permission.OVERSEE):
            return True
        head_id = item.department.head_id if item.department_id else None
        return person.pk in (item.inspector_id, item.person_id, head_id)

    def known(self, actor: Actor | None) -> QuerySet[Inspection]:
        person = knower(actor)
        if person is None:
            return Inspection.objects.none()
        found = Inspection.objects.filter(organisation_id=person.organisation_id)
        if has_permission(actor, Permission.OVERSEE):
            return found
        return found.filter(self._people(person.pk))


INSPECTIONS = InspectionPolicy()


def oversees(actor: Actor | None) -> bool:
    """Whether ``actor`` is of the security office that keeps the checklists and supervises
    every self-inspection (OVERSEE), with a person of an organisation."""
    return knower(actor) is not None and has_permission(actor, Permission.OVERSEE)


class ChecklistPolicy:
    """Checklists (INSP-CHECKLIST): the default ones (no organisation) and the
    organisation's own, known to whoever may know some inspection (a ``knower``: they answer
    them); the security office keeps the organisation's own."""

    def may_know(self, actor: Actor | None, item: Checklist) -> bool:
        person = knower(actor)
        if person is None:
            return False
        return item.organisation_id in (None, person.organisation_id)

    def known(self, actor: Actor | None) -> QuerySet[Checklist]:
        person = knower(actor)
        if person is None:
            return Checklist.objects.none()
        return Checklist.objects.filter(
            Q(organisation=None) | Q(organisation_id=person.organisation_id)
        )


CHECKLISTS = ChecklistPolicy()
# --- rectifications (INSP-RECTIFY) ---
# --- the security committee (COMMITTEE) ---
