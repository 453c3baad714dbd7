"""Recall to the issuer and archives (RULES.md §6): copies recalled (RECALL-DUE), filed
into archive volumes (ARCH-FILE), archives consulted in the archive room (ARCH-ACCESS) and
excerpts checked and stamped (ARCH-EXCERPT).

Archived copies stay in the archive room: every operation that lets a copy leave its
custodian (circulate, lend, take out, take to a meeting, reproduce) requires the state "with
the custodian", which an archived copy never has (ARCH-FILE, ARCH-ACCESS: nothing leaves)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveExcerpt,
    ArchiveVolume,
    Copy,
    CopyEvent,
    CopyState,
    Document,
)
from baomi.carriers.operations._common import (
    ids_of,
    knows_all,
    lock_copies,
    lock_register_row,
    me,
    move,
    now,
    require_knows,
    require_state,
)
from baomi.carriers.operations.recordings import is_recording, require_archiving
from baomi.carriers.policies import DOCUMENTS
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import fitted_text
from baomi.org.posts import person_in_post
from baomi.rulebook import book

RECALLED = register_action("carriers.recalled", gettext_lazy("Copies recalled to the issuer"))
VOLUME_CREATED = register_action("carriers.volume_created", gettext_lazy("Archive volume created"))
ARCHIVED = register_action("carriers.archived", gettext_lazy("Copies filed into archives"))
ACCESS_REGISTERED = register_action(
    "carriers.archive_access_registered", gettext_lazy("Archive consultation registered")
)
READING_OPENED = register_action(
    "carriers.archive_reading_opened", gettext_lazy("Archive reading opened")
)
CONSULTED = register_action("carriers.archive_consulted", gettext_lazy("Archive consulted"))
EXCERPT_RECORDED = register_action(
    "carriers.archive_excerpt_recorded", gettext_lazy("Archive excerpt checked and stamped")
)
ACCESS_CLOSED = register_action(
    "carriers.archive_access_closed", gettext_lazy("Archive consultation closed")
)


# Recall (RECALL-DUE) ------------------------------------------------------------------------


@operation
def recall(*, actor: Actor, copy_ids: list[int], note: str = "") -> list[Copy]:
    """清退: copies go back to their issuer (RECALL-DUE). Only copies with their custodian
    (returned by their readers first); each is then out of the organisation's hands: state
    recalled, nobody holds it. Copies recalled after their document's recall date are
    recorded as late."""
    require(actor, Permission.REGISTER_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="RECALL-DUE")
    note = fitted_text(note, "note", CopyEvent, required=False)
    today = timezone.localdate()
    late = [c.pk for c in copies if c.document.recall_date and c.document.recall_date < today]
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="recalled",
            state=CopyState.RECALLED,
            holder=None,
            note=note,
        )
    record_event(
        actor=actor,
        action=RECALLED,
        data={"copies": ids_of(copies), "late": late, "rule": "RECALL-DUE"},
    )
    return copies


# Archives (ARCH-FILE, ARCH-ACCESS, ARCH-EXCERPT) --------------------------------------------


@operation
def create_volume(
    *, actor: Actor, number: str, title: str, year: int, retention_years: int | None = None
) -> ArchiveVolume:
    """立卷: a new archive volume into which finished copies are filed (ARCH-FILE)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    number = fitted_text(number, "number", ArchiveVolume)
    title = fitted_text(title, "title", ArchiveVolume)
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
        raise InvalidInput(_("Give the year of the volume."), field="year")
    if retention_years is not None and (
        isinstance(retention_years, bool)
        or not isinstance(retention_years, int)
        or retention_years < 1
    ):
        raise InvalidInput(_("The retention is a number of years."), field="retention_years")
    try:
        volume = ArchiveVolume.objects.create(
            organisation_id=clerk.organisation_id,
            number=number,
            title=title,
            year=year,
            retention_years=retention_years,
            created_by=actor,
            created_at=now(),
        )
    except IntegrityError:
        raise Conflict(_("A volume numbered %(n)s exists.") % {"n": number}) from None
    record_event(
        actor=actor,
        action=VOLUME_CREATED,
        subject=volume,
        data={"number": number, "year": year, "retention_years": retention_years},
    )
    return volume


@operation
def archive(*, actor: Actor, copy_ids: list[int], volume_id: int) -> list[Copy]:
    """归档: file copies into an archive volume (ARCH-FILE). Only copies with their custodian
    (readers return them first); archives are held centrally, by nobody: the copy is
    archived, in the volume, without a holder. An archived copy cannot be circulated, lent
    or taken out, which all require the state "with the custodian" (ARCH-ACCESS)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    volume = ArchiveVolume.objects.filter(
        pk=volume_id, organisation_id=clerk.organisation_id
    ).first()
    if volume is None:
        raise NotFound(_("No such archive volume."))
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="ARCH-FILE")
    recordings = [c.pk for c in copies if is_recording(c.document)]
    if recordings:
        require_archiving(clerk)  # AV-RECORD: recordings are archived by the general office
    for copy in copies:
        copy.volume = volume
        copy.save(update_fields=["volume"])
        move(
            copy,
            actor=actor,
            action="archived",
            state=CopyState.ARCHIVED,
            holder=None,
            note=volume.number,
        )
    record_event(
        actor=actor,
        action=ARCHIVED,
        subject=volume,
        data={
            "copies": ids_of(copies),
            "rules": ["ARCH-FILE", *(["AV-RECORD"] if recordings else [])],
        },
    )
    return copies


def _read_approval(access: ArchiveAccess, documents: list[Document]) -> dict[str, Any] | None:
    """The approval request's identity, when the scope holds classified archives (which
    need the office director's approval, ARCH-ACCESS); None otherwise."""
    if not any(Level(d.level).is_classified for d in documents):
        return None
    return {
        "rule_id": "ARCH-ACCESS",
        "operation_name": "read_archives",
        "subject": ("carriers.archiveaccess", access.pk),
        "params": {"documents": sorted(d.pk for d in documents)},
    }


@operation
def register_archive_access(
    *,
    actor: Actor,
    document_ids: list[int],
    purpose: str,
    applicant_id: int | None = None,
    outside_unit: str = "",
    outside_reader: str = "",
    introduction_letter: str = "",
) -> ArchiveAccess:
    """查档登记: register an application to consult archives (ARCH-ACCESS).

    The applicant is a person of the organisation (who must be allowed to know each
    document, CLS-MAC), or a reader of an outside unit, who brings an introduction letter
    stating what they seek: without it the application is refused. The registered scope is
    the documents asked for, each with archived copies; only that scope may be read. A scope
    with classified documents needs the office director's approval: the request is opened
    here, and opening the reading uses it."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    org = clerk.organisation_id
    purpose = fitted_text(purpose, "purpose", ArchiveAccess)
    outside_unit = fitted_text(outside_unit, "outside_unit", ArchiveAccess, required=False)
    applicant = None
    if applicant_id is not None:
        if outside_unit:
            raise InvalidInput(
                _("An application is either a person's or an outside unit's."),
                field="outside_unit",
            )
        applicant = person_in_post(org, applicant_id, rule_id="ARCH-ACCESS")
        outside_reader = introduction_letter = ""
    elif not outside_unit:
        raise InvalidInput(_("Name the applicant or the outside unit."), field="applicant_id")
    else:
        outside_reader = fitted_text(outside_reader, "outside_reader", ArchiveAccess)
        introduction_letter = fitted_text(
            introduction_letter, "introduction_letter", ArchiveAccess, required=False
        )
        book.require(
            org,
            "ARCH-ACCESS",
            bool(introduction_letter),
            _("An outside unit needs an introduction letter stating what it seeks."),
        )
    wanted = sorted(set(document_ids or []))
    documents = list(DOCUMENTS.known(actor).filter(pk__in=wanted).order_by("pk"))
    if not wanted or len(documents) != len(wanted):
        raise NotFound(_("No such document."))
    archived = set(
        Copy.objects.filter(document_id__in=wanted, state=CopyState.ARCHIVED).values_list(
            "document_id", flat=True
        )
    )
    for doc in documents:
        book.require(
            org,
            "ARCH-ACCESS",
            doc.pk in archived,
            _("%(number)s has no archived copy.") % {"number": doc.number},
        )
        if applicant is not None:
            require_knows(applicant, doc)
    access = ArchiveAccess.objects.create(
        organisation_id=org,
        applicant=applicant,
        outside_unit=outside_unit,
        outside_reader=outside_reader,
        introduction_letter=introduction_letter,
        purpose=purpose,
        registered_at=now(),
        registered_by=actor,
    )
    access.documents.set(documents)
    approval = _read_approval(access, documents)
    if approval is not None:
        access.approval = open_request(actor=actor, reason=purpose, **approval)
        access.save(update_fields=["approval"])
    record_event(
        actor=actor,
        action=ACCESS_REGISTERED,
        subject=access,
        data={
            "documents": wanted,
            "applicant_id": applicant_id,
            "outside": bool(outside_unit),
            "approval_id": access.approval_id,
            "rule": "ARCH-ACCESS",
        },
    )
    return access


def _lock_access(actor: Actor, access_id: int, *, reading: bool) -> ArchiveAccess:
    """A registered consultation whose every document the actor may know; ``reading``: one
    whose reading has been opened and not closed (reading happens in the archive room)."""
    require(actor, Permission.REGISTER_ITEMS)
    access = lock_register_row(
        ArchiveAccess, me(actor).organisation_id, access_id, _("No such archive consultation.")
    )
    if not knows_all(actor, access.documents.all()):
        raise NotFound(_("No such archive consultation."))
    org = access.organisation_id
    book.require(
        org,
        "ARCH-ACCESS",
        access.closed_at is None,
        _("This consultation has been closed."),
        conflict=True,
    )
    book.require(
        org,
        "ARCH-ACCESS",
        not reading or access.read_at is not None,
        _("Open the reading in the archive room first."),
        conflict=True,
    )
    return access


def _in_scope(access: ArchiveAccess, document_id: int) -> None:
    """ARCH-ACCESS: only the registered scope may be read."""
    book.require(
        access.organisation_id,
        "ARCH-ACCESS",
        access.documents.filter(pk=document_id).exists(),
        _("Only the documents registered for this consultation may be read."),
    )


def _knowable_document(actor: Actor, document_id: int) -> Document:
    doc = DOCUMENTS.known(actor).filter(pk=document_id).first()
    if doc is None:
        raise NotFound(_("No such document."))
    return doc


@operation
def open_reading(*, actor: Actor, access_id: int) -> ArchiveAccess:
    """The reader sits down in the archive room (ARCH-ACCESS): a scope with classified
    archives uses the office director's approval (one approval, one reading)."""
    access = _lock_access(actor, access_id, reading=False)
    book.require(
        access.organisation_id,
        "ARCH-ACCESS",
        access.read_at is None,
        _("The reading is already open."),
        conflict=True,
    )
    approval = _read_approval(access, list(access.documents.all()))
    if approval is not None:
        consume_approval(actor=actor, **approval)
    access.read_at = now()
    access.save(update_fields=["read_at"])
    record_event(
        actor=actor,
        action=READING_OPENED,
        subject=access,
        data={"approved": approval is not None, "rule": "ARCH-ACCESS"},
    )
    return access


@operation
def consult(*, actor: Actor, access_id: int, document_id: int) -> ArchiveAccess:
    """Hand a file of the registered scope to the reader in the archive room; a document
    outside the scope is refused (ARCH-ACCESS). Each file read is recorded."""
    access = _lock_access(actor, access_id, reading=True)
    doc = _knowable_document(actor, document_id)
    _in_scope(access, doc.pk)
    record_event(
        actor=actor,
        action=CONSULTED,
        subject=access,
        data={"document_id": doc.pk, "rule": "ARCH-ACCESS"},
    )
    return access


@operation
def record_excerpt(
    *, actor: Actor, access_id: int, document_id: int, description: str, checked_by_id: int
) -> ArchiveExcerpt:
    """An excerpt leaves the archive room only checked and stamped (ARCH-EXCERPT): by a
    person in post other than the reader, who may know the document; from a document of the
    registered scope (ARCH-ACCESS)."""
    access = _lock_access(actor, access_id, reading=True)
    doc = _knowable_document(actor, document_id)
    _in_scope(access, doc.pk)
    description = fitted_text(description, "description", ArchiveExcerpt)
    checker = person_in_post(access.organisation_id, checked_by_id, rule_id="ARCH-EXCERPT")
    book.require(
        access.organisation_id,
        "ARCH-EXCERPT",
        checker.pk != access.applicant_id,
        _("The excerpt is checked by someone other than its reader."),
    )
    require_knows(checker, doc)
    excerpt = ArchiveExcerpt.objects.create(
        access=access,
        document=doc,
        description=description,
        checked_by=checker,
        stamped_at=now(),
    )
    record_event(
        actor=actor,
        action=EXCERPT_RECORDED,
        subject=access,
        data={"document_id": doc.pk, "checked_by": checker.pk, "rule": "ARCH-EXCERPT"},
    )
    return excerpt


@operation
def close_access(*, actor: Actor, access_id: int) -> ArchiveAccess:
    """The reader leaves the archive room; the consultation is closed in the register."""
    access = _lock_access(actor, access_id, reading=False)
    access.closed_at = now()
    access.save(update_fields=["closed_at"])
    record_event(actor=actor, action=ACCESS_CLOSED, subject=access, data={"rule": "ARCH-ACCESS"})
    return access
