"""Who may know the records of this domain: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.publication.models import ForeignRequest, Submission, Version

# The permission of the security officer who reviews what goes out and keeps the registers.
REVIEWER = Permission.REVIEW_PUBLICATIONS


def reviews(actor: Actor | None) -> bool:
    """Whether ``actor`` reviews publications (the security officer)."""
    return has_permission(actor, REVIEWER)


def _person_id(actor: Actor | None) -> int | None:
    person = knower(actor)
    return person.pk if person is not None else None


# --- publication review (PUB-REVIEW) ---


class Submissions:
    """A submission is known to its submitter, to the reviewers (REVIEW_PUBLICATIONS) of its
    organisation, and to the people asked to approve one of its versions — each as a knowing
    person of that organisation (``access.mac.knower``)."""

    def _asked(self, person_id: int) -> QuerySet[Version]:
        return Version.objects.filter(approval__steps__approver_id=person_id)

    def may_know(self, actor: Actor | None, item: Submission) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if reviews(actor):
            return True
        person_id = _person_id(actor)
        if person_id is None:
            return False
        return (
            item.submitted_by_id == person_id
            or self._asked(person_id).filter(submission_id=item.pk).exists()
        )

    def known(self, actor: Actor | None) -> QuerySet[Submission]:
        manager = Submission.objects
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return manager.none()
        if reviews(actor):
            return manager.filter(organisation_id=organisation_id)
        person_id = _person_id(actor)
        if person_id is None:
            return manager.none()
        asked = self._asked(person_id).values("submission_id")
        return manager.filter(
            Q(submitted_by_id=person_id) | Q(pk__in=asked), organisation_id=organisation_id
        )


SUBMISSIONS = Submissions()


# --- foreign press and visits (PRESS-FOREIGN) ---


class ForeignRequests:
    """A foreign journalist's request or a foreign visit is known to the reviewers
    (REVIEW_PUBLICATIONS) of its organisation, to whoever recorded it and to the people named
    to meet them — each as a knowing person of that organisation."""

    def may_know(self, actor: Actor | None, item: ForeignRequest) -> bool:
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None or item.organisation_id != organisation_id:
            return False
        if reviews(actor):
            return True
        person_id = _person_id(actor)
        if person_id is None:
            return False
        return item.recorded_by_id == person_id or item.hosts.filter(pk=person_id).exists()

    def known(self, actor: Actor | None) -> QuerySet[ForeignRequest]:
        manager = ForeignRequest.objects
        organisation_id = actor_organisation_id(actor) if actor is not None else None
        if organisation_id is None:
            return manager.none()
        if reviews(actor):
            return manager.filter(organisation_id=organisation_id)
        person_id = _person_id(actor)
        if person_id is None:
            return manager.none()
        hosted = ForeignRequest.hosts.through.objects.filter(person_id=person_id).values(
            "foreignrequest_id"
        )
        return manager.filter(
            Q(recorded_by_id=person_id) | Q(pk__in=hosted), organisation_id=organisation_id
        )


FOREIGN_REQUESTS = ForeignRequests()
