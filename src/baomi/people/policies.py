"""Who may know the people's security files. They are kept by the security office — the role
that sets clearances (SET_CLEARANCE) — which knows every file of its own organisation; anyone
else knows the records about themselves (their own posts, vettings, signed papers, training,
travel, self-checks, letters, commendations and penalties), never another's, and never
another organisation's. The cooling-off periods follow from the clearance classes, so only
those who may see the classes (``org.queries.sees_clearances``) know them, and the person
their own."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.people.models import (
    Assessment,
    Attendance,
    ClassifiedPost,
    ClearanceChange,
    CoolingOff,
    ExitCase,
    Merit,
    Passport,
    PostHolding,
    ResponsibilityLetter,
    SelfCheck,
    SignedDocument,
    TrainingSession,
    Travel,
    Vetting,
)

M = TypeVar("M", bound=models.Model)

# The permission of the office that keeps the files.
OFFICE = Permission.SET_CLEARANCE


def keeps_files(actor: Actor | None) -> bool:
    """Whether ``actor`` keeps the organisation's security files (the security office)."""
    return has_permission(actor, OFFICE)


def _own_person(actor: Actor | None) -> int | None:
    """The person whose own records ``actor`` may read: an active account of a person still
    with the organisation (``access.mac.knower``'s conditions without the role's)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if not getattr(actor, "is_active", False) or getattr(actor, "password_must_change", False):
        return None
    person = getattr(actor, "person", None)
    if person is None or not person.is_active:
        return None
    return person.pk


class FileRecords(Generic[M]):
    """Records of a security file: every one of the organisation for the office, the records
    whose ``people`` fields name the actor's person for anyone else."""

    def __init__(self, model: type[M], *people: str) -> None:
        self.model = model
        self.people = people or ("person",)

    def _own(self, person_id: int) -> Q:
        condition = Q()
        for field in self.people:
            condition |= Q(**{f"{field}_id": person_id})
        return condition

    def may_know(self, actor: Actor | None, item: M) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or getattr(item, "organisation_id", None) != organisation_id:
            return False
        if keeps_files(actor):
            return True
        person_id = _own_person(actor)
        return person_id is not None and any(
            getattr(item, f"{field}_id") == person_id for field in self.people
        )

    def known(self, actor: Actor | None) -> QuerySet[M]:
        manager = self.model._default_manager
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return manager.none()
        if keeps_files(actor):
            return manager.filter(organisation_id=organisation_id)
        person_id = _own_person(actor)
        if person_id is None:
            return manager.none()
        return manager.filter(self._own(person_id), organisation_id=organisation_id)


class OrganisationKnown(Generic[M]):
    """What every knowing person of the organisation may read (its classified posts, its
    training sessions): the organisation's, for the office and for any ``knower``."""

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def _organisation(self, actor: Actor | None) -> int | None:
        if keeps_files(actor) or knower(actor) is not None:
            return actor_organisation_id(actor)
        return None

    def may_know(self, actor: Actor | None, item: M) -> bool:
        organisation_id = self._organisation(actor)
        return organisation_id is not None and item.organisation_id == organisation_id

    def known(self, actor: Actor | None) -> QuerySet[M]:
        organisation_id = self._organisation(actor)
        if organisation_id is None:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(organisation_id=organisation_id)


POSTS = OrganisationKnown(ClassifiedPost)
POST_HOLDINGS = FileRecords(PostHolding)
VETTINGS = FileRecords(Vetting)
SIGNED_DOCUMENTS = FileRecords(SignedDocument)
CLEARANCE_CHANGES = FileRecords(ClearanceChange)
TRAINING_SESSIONS = OrganisationKnown(TrainingSession)
ATTENDANCES = FileRecords(Attendance)
TRAVELS = FileRecords(Travel)
PASSPORTS = FileRecords(Passport)
EXIT_CASES = FileRecords(ExitCase)
COOLING_OFFS = FileRecords(CoolingOff)
SELF_CHECKS = FileRecords(SelfCheck)
LETTERS = FileRecords(ResponsibilityLetter, "first", "second")
MERITS = FileRecords(Merit)
# A department's assessment is the office's record (the department head learns it from them).
ASSESSMENTS = FileRecords(Assessment, "assessor")


def may_know(actor: Actor) -> bool:
    """Whether ``actor`` may read every cooling-off period of the organisation: the office."""
    return keeps_files(actor)


def known(actor: Actor) -> QuerySet[CoolingOff]:
    """The cooling-off periods ``actor`` may know: their organisation's for the office, their
    own for anyone else."""
    return COOLING_OFFS.known(actor)


def known_self_checks(actor: Actor) -> QuerySet[SelfCheck]:
    """The self-checks ``actor`` may know: their organisation's for the office, else their
    own."""
    return SELF_CHECKS.known(actor)
