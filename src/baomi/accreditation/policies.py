"""Who may see and keep the self-score: the security office (OVERSEE).

The built-in scoring standards (no organisation) are everyone's in the office's eyes; an
imported edition and every assessment are its own organisation's only. Nobody else — not a
leader, a clerk, staff, the administrators — and nobody of another organisation sees any."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.accreditation.models import Assessment, Item, Standard

# --- the self-score ---
OFFICE = Permission.OVERSEE


def office_organisation(actor: Actor | None) -> int | None:
    """The organisation whose self-score ``actor`` keeps: the security office's (OVERSEE, a
    knowing person, password their own), else None."""
    if getattr(actor, "password_must_change", False) or not has_permission(actor, OFFICE):
        return None
    person = knower(actor)
    return None if person is None else person.organisation_id


def keeps_score(actor: Actor | None) -> bool:
    return office_organisation(actor) is not None


class StandardPolicy:
    """The built-in standards and the organisation's own editions, to the security office."""

    def may_know(self, actor: Actor | None, item: Standard) -> bool:
        organisation_id = office_organisation(actor)
        return organisation_id is not None and item.organisation_id in (None, organisation_id)

    def known(self, actor: Actor | None) -> QuerySet[Standard]:
        organisation_id = office_organisation(actor)
        if organisation_id is None:
            return Standard.objects.none()
        return Standard.objects.filter(Q(organisation=None) | Q(organisation_id=organisation_id))


class ItemPolicy:
    """The items of the standards the office may know."""

    def may_know(self, actor: Actor | None, item: Item) -> bool:
        return STANDARDS.may_know(actor, item.standard)

    def known(self, actor: Actor | None) -> QuerySet[Item]:
        organisation_id = office_organisation(actor)
        if organisation_id is None:
            return Item.objects.none()
        return Item.objects.filter(
            Q(standard__organisation=None) | Q(standard__organisation_id=organisation_id)
        )


class AssessmentPolicy:
    """The organisation's own assessments, to its security office."""

    def may_know(self, actor: Actor | None, item: Assessment) -> bool:
        organisation_id = office_organisation(actor)
        return organisation_id is not None and item.organisation_id == organisation_id

    def known(self, actor: Actor | None) -> QuerySet[Assessment]:
        organisation_id = office_organisation(actor)
        if organisation_id is None:
            return Assessment.objects.none()
        return Assessment.objects.filter(organisation_id=organisation_id)


STANDARDS = StandardPolicy()
ITEMS = ItemPolicy()
ASSESSMENTS = AssessmentPolicy()
