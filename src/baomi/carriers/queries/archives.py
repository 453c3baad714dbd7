"""Reads of the archives (ARCH-FILE, ARCH-ACCESS, ARCH-EXCERPT): the organisation's archive
volumes, what may be consulted and the consultations. A volume belongs to its organisation
(its filed copies are read through ``known_copies``); a consultation is seen only when the
actor may know every document in its scope (CLS-MAC)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.carriers.models import ArchiveAccess, ArchiveVolume, Copy, CopyState, Document
from baomi.carriers.queries import documents
from baomi.core.errors import NotFound


def volumes(actor: Actor, *, counted: bool = False) -> QuerySet[ArchiveVolume]:
    """The archive volumes of the actor's organisation; ``counted``: each with the number of
    copies ``filed`` in it."""
    person = knower(actor)
    if person is None:
        return ArchiveVolume.objects.none()
    qs = ArchiveVolume.objects.filter(organisation_id=person.organisation_id)
    if counted:
        qs = qs.annotate(filed=Count("copies", filter=Q(copies__state=CopyState.ARCHIVED)))
    return qs


def volume(actor: Actor, volume_id: int) -> ArchiveVolume:
    """One archive volume of the actor's organisation; "not found" otherwise."""
    found = volumes(actor).filter(pk=volume_id).first()
    if found is None:
        raise NotFound(_("No such archive volume."))
    return found


def archivable_documents(actor: Actor) -> QuerySet[Document]:
    """The documents the actor may know with an archived copy: what may be consulted,
    newest first."""
    archived = Copy.objects.filter(state=CopyState.ARCHIVED).values("document_id")
    return documents(actor).filter(pk__in=archived)


def consultations(actor: Actor) -> QuerySet[ArchiveAccess]:
    """The archive consultations of the actor's organisation whose every document the actor
    may know (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return ArchiveAccess.objects.none()
    unknowable = Document.objects.exclude(pk__in=documents(actor).order_by().values("pk"))
    return ArchiveAccess.objects.filter(organisation_id=person.organisation_id).exclude(
        documents__in=unknowable
    )


def consultation(actor: Actor, access_id: int) -> tuple[ArchiveAccess, list[Document]]:
    """One consultation and the documents of its scope; "not found" when it is of another
    organisation or names a document the actor may not know (CLS-MAC)."""
    access = (
        consultations(actor)
        .filter(pk=access_id)
        .select_related("applicant", "approval", "registered_by")
        .first()
    )
    if access is None:
        raise NotFound(_("No such archive consultation."))
    return access, list(access.documents.order_by("pk"))
