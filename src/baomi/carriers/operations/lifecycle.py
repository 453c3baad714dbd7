"""The end of a copy's life (RULES.md §6): recall to the issuer, filing into archive volumes
and consulting archives, destruction, hand-over when a holder changes post or leaves, loss
and leaks, and inventories.

Archived copies stay in the archive room: every operation that lets a copy leave its
custodian (circulate, lend, take out, take to a meeting, reproduce) requires the state "with
the custodian", which an archived copy never has (ARCH-FILE, ARCH-ACCESS: nothing leaves)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.mac import visible_to
from baomi.access.roles import Permission, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    HELD_STATES,
    ArchiveAccess,
    ArchiveExcerpt,
    ArchiveVolume,
    Copy,
    CopyEvent,
    CopyState,
    Custody,
    Destruction,
    DestructionMethod,
    Document,
    Handover,
    HandoverReason,
    Inventory,
    InventoryLine,
    LossReport,
)
from baomi.carriers.operations._common import (
    lock_copies,
    lock_copy,
    me,
    move,
    now,
    open_custody,
    person_in,
    require_knows,
    require_state,
)
from baomi.carriers.queries.lifecycle import held_copies, reconcile
from baomi.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.org.models import Department, Person
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
DESTROYED = register_action("carriers.destroyed", gettext_lazy("Copies destroyed"))
HANDOVER_LISTED = register_action("carriers.handover_listed", gettext_lazy("Hand-over listed"))
HANDOVER_SIGNED = register_action("carriers.handover_signed", gettext_lazy("Hand-over signed"))
LOSS_REPORTED = register_action("carriers.loss_reported", gettext_lazy("Loss or leak reported"))
LOSS_PROGRESS = register_action(
    "carriers.loss_progress", gettext_lazy("Loss report progress recorded")
)
FOUND = register_action("carriers.found_again", gettext_lazy("Lost copy found again"))
INVENTORY_STARTED = register_action("carriers.inventory_started", gettext_lazy("Inventory started"))
INVENTORY_CHECKED = register_action(
    "carriers.inventory_checked", gettext_lazy("Copy checked in an inventory")
)
INVENTORY_CLOSED = register_action("carriers.inventory_closed", gettext_lazy("Inventory closed"))

# The hand-over reasons for which the list must hold every copy the person holds or keeps.
_EVERYTHING_REASONS = (HandoverReason.LEAVING, HandoverReason.POST_CHANGE)


# Shared steps -------------------------------------------------------------------------------


def _text(value: str, field: str, model: type[Model], *, required: bool = True) -> str:
    """A stripped text that fits its column; refuse a missing required one."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(_("This field is required."), field=field)
    if len(text) > model._meta.get_field(field).max_length:
        raise InvalidInput(_("The text is too long."), field=field)
    return text


def _locked(model: type[Model], org: int, pk: int, message: str) -> Any:
    """One row of the organisation's register, locked; "not found" otherwise."""
    row = model.objects.select_for_update().filter(pk=pk, organisation_id=org).first()
    if row is None:
        raise NotFound(message)
    return row


def _all_knowable(actor: Any, documents: Any) -> bool:
    """Whether the actor may know every one of ``documents`` (a queryset; CLS-MAC)."""
    visible = visible_to(actor, Document.objects.all()).values("pk")
    return not documents.exclude(pk__in=visible).exists()


def _active(org: int, person_id: int | None, rule_id: str) -> Person:
    """A person of the organisation in post, or refuse with ``rule_id``."""
    person = person_in(org, person_id)
    if not person.is_active:
        raise RuleViolation(rule_id, _("%(name)s has left.") % {"name": person.name})
    return person


def _ids(copies: list[Copy]) -> list[int]:
    return [c.pk for c in copies]


# Recall (RECALL-DUE) ------------------------------------------------------------------------


@operation
def recall(*, actor: Any, copy_ids: list[int], note: str = "") -> list[Copy]:
    """清退: copies go back to their issuer (RECALL-DUE). Only copies with their custodian
    (returned by their readers first); each is then out of the organisation's hands: state
    recalled, nobody holds it. Copies recalled after their document's recall date are
    recorded as late."""
    require(actor, Permission.REGISTER_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="RECALL-DUE")
    note = _text(note, "note", CopyEvent, required=False)
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
        data={"copies": _ids(copies), "late": late, "rule": "RECALL-DUE"},
    )
    return copies


# Archives (ARCH-FILE, ARCH-ACCESS, ARCH-EXCERPT) --------------------------------------------


@operation
def create_volume(
    *, actor: Any, number: str, title: str, year: int, retention_years: int | None = None
) -> ArchiveVolume:
    """立卷: a new archive volume into which finished copies are filed (ARCH-FILE)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    number = _text(number, "number", ArchiveVolume)
    title = _text(title, "title", ArchiveVolume)
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
def archive(*, actor: Any, copy_ids: list[int], volume_id: int) -> list[Copy]:
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
        data={"copies": _ids(copies), "rule": "ARCH-FILE"},
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
    actor: Any,
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
    purpose = _text(purpose, "purpose", ArchiveAccess)
    outside_unit = _text(outside_unit, "outside_unit", ArchiveAccess, required=False)
    applicant = None
    if applicant_id is not None:
        if outside_unit:
            raise InvalidInput(
                _("An application is either a person's or an outside unit's."),
                field="outside_unit",
            )
        applicant = _active(org, applicant_id, "ARCH-ACCESS")
        outside_reader = introduction_letter = ""
    elif not outside_unit:
        raise InvalidInput(_("Name the applicant or the outside unit."), field="applicant_id")
    else:
        outside_reader = _text(outside_reader, "outside_reader", ArchiveAccess)
        introduction_letter = _text(
            introduction_letter, "introduction_letter", ArchiveAccess, required=False
        )
        if not introduction_letter:
            raise RuleViolation(
                "ARCH-ACCESS",
                _("An outside unit needs an introduction letter stating what it seeks."),
            )
    wanted = sorted(set(document_ids or []))
    documents = list(visible_to(actor, Document.objects.filter(pk__in=wanted)).order_by("pk"))
    if not wanted or len(documents) != len(wanted):
        raise NotFound(_("No such document."))
    archived = set(
        Copy.objects.filter(document_id__in=wanted, state=CopyState.ARCHIVED).values_list(
            "document_id", flat=True
        )
    )
    for doc in documents:
        if doc.pk not in archived:
            raise RuleViolation(
                "ARCH-ACCESS",
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


def _lock_access(actor: Any, access_id: int, *, reading: bool) -> ArchiveAccess:
    """A registered consultation whose every document the actor may know; ``reading``: one
    whose reading has been opened and not closed (reading happens in the archive room)."""
    require(actor, Permission.REGISTER_ITEMS)
    access = _locked(
        ArchiveAccess, me(actor).organisation_id, access_id, _("No such archive consultation.")
    )
    if not _all_knowable(actor, access.documents.all()):
        raise NotFound(_("No such archive consultation."))
    if access.closed_at is not None:
        raise RuleViolation("ARCH-ACCESS", _("This consultation has been closed."), conflict=True)
    if reading and access.read_at is None:
        raise RuleViolation(
            "ARCH-ACCESS",
            _("Open the reading in the archive room first."),
            conflict=True,
        )
    return access


def _in_scope(access: ArchiveAccess, document_id: int) -> None:
    """ARCH-ACCESS: only the registered scope may be read."""
    if not access.documents.filter(pk=document_id).exists():
        raise RuleViolation(
            "ARCH-ACCESS", _("Only the documents registered for this consultation may be read.")
        )


def _knowable_document(actor: Any, document_id: int) -> Document:
    doc = visible_to(actor, Document.objects.filter(pk=document_id)).first()
    if doc is None:
        raise NotFound(_("No such document."))
    return doc


@operation
def open_reading(*, actor: Any, access_id: int) -> ArchiveAccess:
    """The reader sits down in the archive room (ARCH-ACCESS): a scope with classified
    archives uses the office director's approval (one approval, one reading)."""
    access = _lock_access(actor, access_id, reading=False)
    if access.read_at is not None:
        raise RuleViolation("ARCH-ACCESS", _("The reading is already open."), conflict=True)
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
def consult(*, actor: Any, access_id: int, document_id: int) -> ArchiveAccess:
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
    *, actor: Any, access_id: int, document_id: int, description: str, checked_by_id: int
) -> ArchiveExcerpt:
    """An excerpt leaves the archive room only checked and stamped (ARCH-EXCERPT): by a
    person in post other than the reader, who may know the document; from a document of the
    registered scope (ARCH-ACCESS)."""
    access = _lock_access(actor, access_id, reading=True)
    doc = _knowable_document(actor, document_id)
    _in_scope(access, doc.pk)
    description = _text(description, "description", ArchiveExcerpt)
    checker = _active(access.organisation_id, checked_by_id, "ARCH-EXCERPT")
    if checker.pk == access.applicant_id:
        raise RuleViolation(
            "ARCH-EXCERPT", _("The excerpt is checked by someone other than its reader.")
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
def close_access(*, actor: Any, access_id: int) -> ArchiveAccess:
    """The reader leaves the archive room; the consultation is closed in the register."""
    access = _lock_access(actor, access_id, reading=False)
    access.closed_at = now()
    access.save(update_fields=["closed_at"])
    record_event(actor=actor, action=ACCESS_CLOSED, subject=access, data={"rule": "ARCH-ACCESS"})
    return access


# Destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) -------------------------------


def _destroyable(actor: Any, copy_ids: list[int]) -> tuple[list[Copy], dict[str, Any]]:
    """The copies to destroy, locked: each with its custodian or archived (a copy away with
    a reader, on loan or out comes back first); and the approval's identity."""
    require(actor, Permission.REGISTER_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, CopyState.WITH_CUSTODIAN, CopyState.ARCHIVED, rule_id="DESTROY-APPROVE")
    # Archives are destroyed on the archive approvers' word: an approval given for copies
    # still with their custodian does not cover them once they have been archived.
    archived = [c.pk for c in copies if c.state == CopyState.ARCHIVED]
    identity = {
        "rule_id": "DESTROY-APPROVE",
        "operation_name": "destroy",
        "subject": ("carriers.copy", copies[0].pk),
        "params": {"copies": _ids(copies), "archived": archived},
    }
    return copies, identity


@operation
def request_destruction(*, actor: Any, copy_ids: list[int], reason: str) -> ApprovalRequest:
    """Ask a leader to approve destroying copies (DESTROY-APPROVE): the leader in charge;
    when any copy is archived, the approvers of archives (the head of the organisation by
    default)."""
    _copies, identity = _destroyable(actor, copy_ids)
    if not (reason or "").strip():
        raise InvalidInput(_("Give the reason for the destruction."), field="reason")
    return open_request(
        actor=actor,
        reason=reason.strip(),
        approver_param="archive_approvers" if identity["params"]["archived"] else "approvers",
        **identity,
    )


@operation
def destroy(
    *,
    actor: Any,
    copy_ids: list[int],
    method: str,
    place: str,
    operator_id: int,
    witness_ids: list[int],
) -> Destruction:
    """销毁: destroy approved copies, item by item in the destruction register
    (DESTROY-APPROVE), by a designated method at a named place (DESTROY-PLACE: never sold as
    waste paper or used as wrapping), supervised by at least DESTROY-WITNESS.min_witnesses
    distinct people in post other than the operator, whose names are recorded."""
    copies, identity = _destroyable(actor, copy_ids)
    org = copies[0].organisation_id
    if method not in DestructionMethod.values:
        raise RuleViolation(
            "DESTROY-PLACE",
            _("Classified items are destroyed only by a designated method at a designated place."),
        )
    place = _text(place, "place", Destruction, required=False)
    if not place:
        raise RuleViolation("DESTROY-PLACE", _("Name the designated place of destruction."))
    operator = _active(org, operator_id, "DESTROY-WITNESS")
    witnesses = [_active(org, pk, "DESTROY-WITNESS") for pk in sorted(set(witness_ids or []))]
    if operator in witnesses:
        raise RuleViolation(
            "DESTROY-WITNESS", _("The operator cannot supervise their own destruction.")
        )
    least = book.param(org, "DESTROY-WITNESS", "min_witnesses")
    if len(witnesses) < least:
        raise RuleViolation(
            "DESTROY-WITNESS",
            _("At least %(n)d people supervise every destruction.") % {"n": least},
        )
    approval = consume_approval(actor=actor, **identity)
    at = now()
    destruction = Destruction.objects.create(
        organisation_id=org,
        approval=approval,
        method=method,
        place=place,
        operator=operator,
        destroyed_at=at,
        recorded_by=actor,
    )
    destruction.copies.set(copies)
    destruction.witnesses.set(witnesses)
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="destroyed",
            state=CopyState.DESTROYED,
            holder=None,
            person=operator,
            note=method,
            at=at,
        )
    record_event(
        actor=actor,
        action=DESTROYED,
        subject=destruction,
        data={
            "copies": _ids(copies),
            "method": method,
            "operator": operator.pk,
            "witnesses": [w.pk for w in witnesses],
            "approval_id": approval.pk,
            "rules": ["DESTROY-APPROVE", "DESTROY-WITNESS", "DESTROY-PLACE"],
        },
    )
    return destruction


# Hand-over (HANDOVER) -----------------------------------------------------------------------


def _kept_by(copy: Copy, person: Person) -> bool:
    """Whether the copy is still in the organisation's hands, held or kept by ``person``."""
    return copy.state in HELD_STATES and person.pk in (copy.holder_id, copy.custodian_id)


def _handover(
    actor: Any, from_person_id: int, to_person_id: int, reason: str, copy_ids: list[int]
) -> tuple[Person, Person, list[Copy], dict[str, Any]]:
    """Check a hand-over list (HANDOVER): the person themselves, or the clerk or security
    officer for them, lists copies the giver holds or keeps, every one of them when the
    giver leaves or changes post; the receiver must be allowed to know each (CLS-MAC).
    Answers giver, receiver, the copies locked, and the approval's identity."""
    person = me(actor)
    org = person.organisation_id
    require(
        actor,
        Permission.KNOW_ITEMS if person.pk == from_person_id else Permission.REGISTER_ITEMS,
    )
    giver = person_in(org, from_person_id)
    receiver = person_in(org, to_person_id)
    if reason not in HandoverReason.values:
        raise InvalidInput(_("Unknown reason for the hand-over."), field="reason")
    if receiver.pk == giver.pk:
        raise InvalidInput(_("Nobody hands over to themselves."), field="to_person_id")
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        if not _kept_by(copy, giver):
            raise RuleViolation(
                "HANDOVER",
                _("%(name)s neither holds nor keeps %(copy)s.")
                % {"name": giver.name, "copy": str(copy)},
            )
    if reason in _EVERYTHING_REASONS:
        missing = held_copies(giver).exclude(pk__in=_ids(copies)).count()
        if missing:
            raise RuleViolation(
                "HANDOVER",
                _(
                    "%(name)s holds or keeps %(n)d more copies: a person who leaves or changes "
                    "post hands over every one."
                )
                % {"name": giver.name, "n": missing},
            )
    for copy in copies:
        require_knows(receiver, copy.document)
    identity = {
        "rule_id": "HANDOVER",
        "operation_name": "hand_over",
        "subject": ("org.person", giver.pk),
        "params": {"to": receiver.pk, "copies": _ids(copies)},
    }
    return giver, receiver, copies, identity


@operation
def request_handover(
    *,
    actor: Any,
    from_person_id: int,
    to_person_id: int,
    reason: str,
    copy_ids: list[int],
) -> ApprovalRequest:
    """Ask the giver's leader to approve a hand-over (HANDOVER). The approvers of the rule
    (the department head by default) are found from the giver's department, whoever asks:
    the giver, or the clerk or security officer on their behalf."""
    giver, _receiver, _copies, identity = _handover(
        actor, from_person_id, to_person_id, reason, copy_ids
    )
    kinds = book.param(giver.organisation_id, "HANDOVER", "approvers")
    steps = approvers.resolve("HANDOVER", kinds, giver)
    return open_request(
        actor=actor,
        reason=str(HandoverReason(reason).label),
        explicit_approvers=dict(steps),
        **identity,
    )


@operation
def hand_over(
    *,
    actor: Any,
    from_person_id: int,
    to_person_id: int,
    reason: str,
    copy_ids: list[int],
) -> Handover:
    """移交清册: list an approved hand-over in the register (HANDOVER). Nothing moves yet:
    the giver and the receiver each sign (``sign_handover``); the giver's signature is taken
    now when the giver lists it."""
    giver, receiver, copies, identity = _handover(
        actor, from_person_id, to_person_id, reason, copy_ids
    )
    approval = consume_approval(actor=actor, **identity)
    at = now()
    handover = Handover.objects.create(
        organisation_id=giver.organisation_id,
        from_person=giver,
        to_person=receiver,
        reason=reason,
        approval=approval,
        created_at=at,
        created_by=actor,
        from_signed_at=at if actor.person_id == giver.pk else None,
    )
    handover.copies.set(copies)
    record_event(
        actor=actor,
        action=HANDOVER_LISTED,
        subject=handover,
        data={
            "from": giver.pk,
            "to": receiver.pk,
            "reason": reason,
            "copies": _ids(copies),
            "approval_id": approval.pk,
            "rule": "HANDOVER",
        },
    )
    return handover


def _end_custody(copy: Copy, actor: Any, at: datetime.datetime) -> Custody | None:
    """End the copy's current period away from its custodian, if any."""
    current = open_custody(copy)
    if current is not None:
        current.returned_at, current.return_confirmed_by = at, actor
        current.save(update_fields=["returned_at", "return_confirmed_by"])
    return current


def _pass_custody(copy: Copy, receiver: Person, actor: Any, at: datetime.datetime) -> None:
    """The giver's period of custody ends and the receiver's begins on the same terms."""
    current = _end_custody(copy, actor, at)
    if current is None:
        return
    Custody.objects.create(
        organisation_id=current.organisation_id,
        copy=copy,
        kind=current.kind,
        holder=receiver,
        handed_by=actor,
        started_at=at,
        due_at=current.due_at,
        received_at=at,
        approval=current.approval,
        purpose=current.purpose,
        destination=current.destination,
        abroad=current.abroad,
        lender_department=current.lender_department,
    )


def _complete(handover: Handover, actor: Any, at: datetime.datetime) -> list[Copy]:
    """Move every copy of a signed hand-over at once, or none (HANDOVER): each is locked and
    must still be held or kept by the giver; the receiver becomes custodian where the giver
    kept it and holder where the giver held it."""
    giver, receiver = handover.from_person, handover.to_person
    copies = lock_copies(actor, handover.copies.values_list("pk", flat=True))
    for copy in copies:
        if not _kept_by(copy, giver):
            raise RuleViolation(
                "HANDOVER",
                _("%(copy)s is no longer with %(name)s: the hand-over cannot be completed.")
                % {"copy": str(copy), "name": giver.name},
                conflict=True,
            )
        require_knows(receiver, copy.document)
    for copy in copies:
        if copy.custodian_id == giver.pk:
            copy.custodian = receiver
            copy.save(update_fields=["custodian"])
        holder = copy.holder
        if copy.holder_id == giver.pk:
            holder = receiver
            if copy.state != CopyState.WITH_CUSTODIAN:
                _pass_custody(copy, receiver, actor, at)
        move(
            copy,
            actor=actor,
            action="handed_over",
            state=copy.state,
            holder=holder,
            person=receiver,
            due_at=copy.due_at,
            note=str(handover.pk),
            at=at,
        )
    handover.completed_at = at
    return copies


@operation
def sign_handover(*, actor: Any, handover_id: int) -> Handover:
    """The giver or the receiver signs the hand-over register (HANDOVER); nobody else sees
    it. When both have signed, the copies move to the receiver, all at once or not at all
    (refused as a conflict when any copy left the giver meanwhile)."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    handover = _locked(Handover, person.organisation_id, handover_id, _("No such hand-over."))
    if person.pk not in (handover.from_person_id, handover.to_person_id):
        raise NotFound(_("No such hand-over."))
    if handover.completed_at is not None or handover.cancelled_at is not None:
        raise RuleViolation("HANDOVER", _("This hand-over is closed."), conflict=True)
    side = "from" if person.pk == handover.from_person_id else "to"
    if getattr(handover, f"{side}_signed_at") is not None:
        raise RuleViolation("HANDOVER", _("You have already signed."), conflict=True)
    at = now()
    setattr(handover, f"{side}_signed_at", at)
    copies = []
    if handover.from_signed_at and handover.to_signed_at:
        copies = _complete(handover, actor, at)
    handover.save(update_fields=[f"{side}_signed_at", "completed_at"])
    record_event(
        actor=actor,
        action=HANDOVER_SIGNED,
        subject=handover,
        data={
            "side": side,
            "completed": handover.completed_at is not None,
            "copies": _ids(copies),
            "rule": "HANDOVER",
        },
    )
    return handover


# Loss and leaks (LOSS-REPORT) ---------------------------------------------------------------


@operation
def report_loss(
    *,
    actor: Any,
    copy_ids: list[int],
    discovered_at: datetime.datetime,
    circumstances: str,
    leak: bool = False,
) -> LossReport:
    """报告: anyone who may know a missing or leaked copy reports it at once (LOSS-REPORT).
    The written report is due LOSS-REPORT.report_hours after the discovery, the
    investigation's result LOSS-REPORT.investigation_days after it; the copies are lost
    (nobody holds them) until found again."""
    require(actor, Permission.KNOW_ITEMS)
    copies = lock_copies(actor, copy_ids)
    for copy in copies:
        require_state(copy, *HELD_STATES, CopyState.ARCHIVED, rule_id="LOSS-REPORT")
    at = now()
    if not isinstance(discovered_at, datetime.datetime) or timezone.is_naive(discovered_at):
        raise InvalidInput(_("Give the date and time of the discovery."), field="discovered_at")
    if discovered_at > at:
        raise InvalidInput(_("The discovery cannot lie in the future."), field="discovered_at")
    if not (circumstances or "").strip():
        raise InvalidInput(_("Describe the circumstances."), field="circumstances")
    org = copies[0].organisation_id
    hours = book.param(org, "LOSS-REPORT", "report_hours")
    days = book.param(org, "LOSS-REPORT", "investigation_days")
    report = LossReport.objects.create(
        organisation_id=org,
        leak=bool(leak),
        discovered_at=discovered_at,
        reported_at=at,
        reported_by=actor,
        circumstances=circumstances.strip(),
        written_due_at=discovered_at + datetime.timedelta(hours=hours),
        investigation_due_at=discovered_at + datetime.timedelta(days=days),
    )
    report.copies.set(copies)
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="lost",
            state=CopyState.LOST,
            holder=None,
            person=me(actor),
            note=str(report.pk),
            at=at,
        )
    record_event(
        actor=actor,
        action=LOSS_REPORTED,
        subject=report,
        data={"copies": _ids(copies), "leak": bool(leak), "rule": "LOSS-REPORT"},
    )
    return report


@operation
def record_loss_progress(
    *,
    actor: Any,
    report_id: int,
    written: bool = False,
    remedies: str = "",
    findings: str = "",
    concluded: bool = False,
    reported_upward: bool = False,
) -> LossReport:
    """The security officer records how a loss is handled (LOSS-REPORT): the written report
    filed, the remedies taken, the findings, the investigation concluded (with findings),
    reported upward; each step is stamped with its time once.

    Permission SET_CLEARANCE: the security officer's own permission over people and their
    clearances, which a loss investigation ends in (sanctions, clearance); READ_SCAN_REPORTS,
    the officer's other exclusive permission, is a read of scan findings, not a write."""
    require(actor, Permission.SET_CLEARANCE)
    report = _locked(LossReport, me(actor).organisation_id, report_id, _("No such loss report."))
    if not _all_knowable(actor, Document.objects.filter(copies__in=report.copies.all())):
        raise NotFound(_("No such loss report."))
    remedies, findings = (remedies or "").strip(), (findings or "").strip()
    if not (written or remedies or findings or concluded or reported_upward):
        raise InvalidInput(_("Record at least one step."), field="written")
    if report.concluded_at is not None and (findings or concluded):
        raise RuleViolation(
            "LOSS-REPORT", _("The investigation has already been concluded."), conflict=True
        )
    at = now()
    fields = []
    if remedies:
        report.remedies = remedies
        fields.append("remedies")
    if findings:
        report.findings = findings
        fields.append("findings")
    if concluded and not report.findings:
        raise InvalidInput(_("Record the findings of the investigation."), field="findings")
    for flag, field in (
        (written, "written_at"),
        (concluded, "concluded_at"),
        (reported_upward, "reported_upward_at"),
    ):
        if flag and getattr(report, field) is None:
            setattr(report, field, at)
            fields.append(field)
    report.save(update_fields=fields)
    record_event(
        actor=actor,
        action=LOSS_PROGRESS,
        subject=report,
        data={
            "steps": sorted(fields),
            "written_late": bool(written and report.written_at > report.written_due_at),
            "concluded_late": bool(concluded and report.concluded_at > report.investigation_due_at),
            "rule": "LOSS-REPORT",
        },
    )
    return report


@operation
def found_again(*, actor: Any, copy_id: int) -> Copy:
    """A lost copy is found: back with its custodian (LOSS-REPORT); a period away from the
    custodian during which it was lost ends now. The report stays open for investigation."""
    require(actor, Permission.REGISTER_ITEMS)
    copy = lock_copy(actor, copy_id)
    require_state(copy, CopyState.LOST, rule_id="LOSS-REPORT")
    at = now()
    _end_custody(copy, actor, at)
    move(
        copy,
        actor=actor,
        action="found",
        state=CopyState.WITH_CUSTODIAN,
        holder=copy.custodian,
        person=copy.custodian,
        at=at,
    )
    record_event(actor=actor, action=FOUND, subject=copy, data={"rule": "LOSS-REPORT"})
    return copy


# Inventory (INVENTORY) ----------------------------------------------------------------------


@operation
def start_inventory(*, actor: Any, department_id: int | None = None) -> Inventory:
    """定期清查: open an inventory with one line per copy expected to be found: every copy
    still held or archived whose custodian belongs to the department (or one below it), or
    to the whole organisation, with its expected holder and state. Only copies the actor may
    know are listed (CLS-MAC): the one who checks must be allowed to see them (INVENTORY)."""
    require(actor, Permission.REGISTER_ITEMS)
    org = me(actor).organisation_id
    department = None
    if department_id is not None:
        department = Department.objects.filter(pk=department_id, organisation_id=org).first()
        if department is None:
            raise NotFound(_("No such department."))
    knowable = visible_to(actor, Document.objects.all()).values("pk")
    copies = Copy.objects.filter(
        organisation_id=org,
        state__in=(*HELD_STATES, CopyState.ARCHIVED),
        document__in=knowable,
    )
    if department is not None:
        copies = copies.filter(custodian__department__path__startswith=department.path)
    inventory = Inventory.objects.create(
        organisation_id=org, department=department, started_at=now(), started_by=actor
    )
    lines = InventoryLine.objects.bulk_create(
        InventoryLine(
            inventory=inventory,
            copy_id=pk,
            expected=True,
            expected_holder_id=holder,
            expected_state=state,
        )
        for pk, holder, state in copies.order_by("pk").values_list("pk", "holder_id", "state")
    )
    record_event(
        actor=actor,
        action=INVENTORY_STARTED,
        subject=inventory,
        data={"department_id": department_id, "lines": len(lines), "rule": "INVENTORY"},
    )
    return inventory


def _open_inventory(actor: Any, inventory_id: int) -> Inventory:
    require(actor, Permission.REGISTER_ITEMS)
    inventory = _locked(Inventory, me(actor).organisation_id, inventory_id, _("No such inventory."))
    if inventory.closed_at is not None:
        raise RuleViolation("INVENTORY", _("This inventory has been closed."), conflict=True)
    return inventory


@operation
def check_copy(
    *,
    actor: Any,
    inventory_id: int,
    copy_id: int,
    found_with_id: int | None = None,
    note: str = "",
) -> InventoryLine:
    """Record a copy physically found (INVENTORY), with whom if not in the cabinet: its
    expected line is marked found; a copy nobody expected here (destroyed, recalled, lost,
    another department's) gets a line of its own. The copy's timeline records the check."""
    inventory = _open_inventory(actor, inventory_id)
    copy = lock_copy(actor, copy_id)
    found_with = person_in(inventory.organisation_id, found_with_id) if found_with_id else None
    note = _text(note, "note", InventoryLine, required=False)
    at = now()
    line = InventoryLine.objects.filter(inventory=inventory, copy=copy).first()
    if line is None:
        line = InventoryLine(
            inventory=inventory,
            copy=copy,
            expected=False,
            expected_holder=copy.holder,
            expected_state=copy.state,
        )
    elif line.found_at is not None:
        raise RuleViolation("INVENTORY", _("This copy has already been checked."), conflict=True)
    line.found_at, line.found_with, line.note = at, found_with, note
    line.save()
    move(
        copy,
        actor=actor,
        action="checked",
        state=copy.state,
        holder=copy.holder,
        person=found_with,
        due_at=copy.due_at,
        note=str(inventory.pk),
        at=at,
    )
    record_event(
        actor=actor,
        action=INVENTORY_CHECKED,
        subject=inventory,
        data={
            "copy_id": copy.pk,
            "expected": line.expected,
            "found_with": found_with_id,
            "rule": "INVENTORY",
        },
    )
    return line


@operation
def close_inventory(*, actor: Any, inventory_id: int) -> Inventory:
    """Close an inventory (INVENTORY): its shortages, unexpected finds and copies found with
    someone else are counted into the register; the shortages are then traced (a loss
    report, LOSS-REPORT, for what stays missing)."""
    inventory = _open_inventory(actor, inventory_id)
    inventory.closed_at = now()
    inventory.save(update_fields=["closed_at"])
    shortages, unexpected, elsewhere = reconcile(inventory.lines.all())
    record_event(
        actor=actor,
        action=INVENTORY_CLOSED,
        subject=inventory,
        data={
            "shortages": [line.copy_id for line in shortages],
            "unexpected": [line.copy_id for line in unexpected],
            "elsewhere": [line.copy_id for line in elsewhere],
            "rule": "INVENTORY",
        },
    )
    return inventory
