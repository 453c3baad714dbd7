"""Circulation (传阅): the custodian hands a copy to a reader and takes it back before the
next reader has it (CIRC-DIRECT); the reader signs for it and the custodian confirms the
return, the two signatures of one line of the circulation register (CIRC-SIGN); the copy is
due back by the end of the working day (CIRC-SAMEDAY) or soon after (CIRC-NO-KEEP)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy, CopyState, Custody, CustodyKind
from baomi.carriers.operations._common import (
    end_of_today,
    end_of_working_day_after,
    lock_copies,
    lock_copy,
    me,
    move,
    now,
    open_custody,
    person_in,
    require_held,
    require_knows,
    require_state,
)
from baomi.carriers.operations.incoming import finish_circulation
from baomi.core.errors import InvalidInput
from baomi.org.models import Person
from baomi.rulebook import book

CIRCULATED = register_action("carriers.copy_circulated", gettext_lazy("Copy handed to a reader"))
RECEIPT_SIGNED = register_action(
    "carriers.receipt_signed", gettext_lazy("Receipt of a copy signed")
)
RETURNED = register_action("carriers.copy_returned", gettext_lazy("Return of a copy confirmed"))
STORED = register_action("carriers.copies_stored", gettext_lazy("Copies locked in a cabinet"))


def _due(copy: Copy, at: datetime.datetime) -> datetime.datetime:
    """CIRC-SAMEDAY: a copy at or above CIRC-SAMEDAY.min_level is back by the end of today's
    working day; CIRC-NO-KEEP: any other copy within the IN-URGENT.normal_days working days
    that circulation may take."""
    org = copy.organisation_id
    if copy.document.level >= book.param(org, "CIRC-SAMEDAY", "min_level"):
        return end_of_today(org, at)
    return end_of_working_day_after(org, book.param(org, "IN-URGENT", "normal_days"), at)


def _refuse_passing_on(copy: Copy, person: Person) -> None:
    """CIRC-DIRECT: custodian → reader → custodian → next reader. Only the custodian hands a
    copy to a reader, and only a copy that is back with them."""
    if copy.holder_id == person.pk:
        message = _("Readers may not pass a copy on: return %(copy)s to its custodian.")
    else:
        message = _("Only the custodian of %(copy)s hands it to a reader.")
    book.require(
        copy.organisation_id,
        "CIRC-DIRECT",
        copy.custodian_id == person.pk,
        message % {"copy": copy.label},
    )
    require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="CIRC-DIRECT")


@operation
def circulate(*, actor: Actor, copy_id: int, reader_id: int) -> Custody:
    """Hand a copy from its custodian to a reader (CIRC-DIRECT), who must be allowed to know
    the document (CLS-MAC). Opens a line of the circulation register (CIRC-SIGN), due back by
    the end of the working day for CONFIDENTIAL and above (CIRC-SAMEDAY), otherwise within
    IN-URGENT.normal_days working days (CIRC-NO-KEEP)."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    copy = lock_copy(actor, copy_id)
    _refuse_passing_on(copy, person)
    reader = person_in(copy.organisation_id, reader_id)
    if reader.pk == copy.custodian_id:
        raise InvalidInput(_("The custodian already has this copy."), field="reader_id")
    require_knows(reader, copy.document)
    at = now()
    due = _due(copy, at)
    custody = Custody.objects.create(
        organisation_id=copy.organisation_id,
        copy=copy,
        kind=CustodyKind.CIRCULATION,
        holder=reader,
        handed_by=actor,
        started_at=at,
        due_at=due,
    )
    move(
        copy,
        actor=actor,
        action="circulated",
        state=CopyState.CIRCULATING,
        holder=reader,
        person=reader,
        due_at=due,
        at=at,
    )
    record_event(
        actor=actor,
        action=CIRCULATED,
        subject=copy,
        data={
            "document": copy.document_id,
            "custody": custody.pk,
            "reader": reader.pk,
            "due_at": due.isoformat(),
            "rules": ["CIRC-DIRECT", "CIRC-SAMEDAY", "CIRC-NO-KEEP", "CLS-MAC"],
        },
    )
    return custody


@operation
def confirm_receipt(*, actor: Actor, copy_id: int, on_paper: bool = False) -> Custody:
    """The reader who holds a copy signs for it with the time of receipt, the first
    signature of its register line (CIRC-SIGN); once. With ``on_paper`` the custodian records
    a receipt the reader signed on the printed slip (JOURNEYS §1.4), a timeline line of its
    own."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    copy = lock_copy(actor, copy_id)
    custody = open_custody(copy)
    signer = copy.custodian_id if on_paper else (custody.holder_id if custody else None)
    message = (
        _("Only the custodian of %(copy)s records a receipt signed on paper.")
        if on_paper
        else _("Only the reader who holds %(copy)s signs for it.")
    )
    org = copy.organisation_id
    signed_by_signer = custody is not None and signer == person.pk
    book.require(org, "CIRC-SIGN", signed_by_signer, message % {"copy": copy.label})
    book.require(
        org,
        "CIRC-SIGN",
        custody.received_at is None,
        _("The receipt has already been signed."),
        conflict=True,
    )
    at = now()
    custody.received_at = at
    custody.save(update_fields=["received_at"])
    move(
        copy,
        actor=actor,
        action="receipt_signed_on_paper" if on_paper else "receipt_signed",
        state=copy.state,
        holder=copy.holder,
        person=custody.holder,
        due_at=copy.due_at,
        at=at,
    )
    record_event(
        actor=actor,
        action=RECEIPT_SIGNED,
        subject=copy,
        data={
            "document": copy.document_id,
            "custody": custody.pk,
            "on_paper": bool(on_paper),
            "rules": ["CIRC-SIGN"],
        },
    )
    return custody


def back_with_custodian(actor: Actor, copy: Copy, custody: Custody, at: datetime.datetime) -> None:
    """Close ``custody`` (the copy's open period away) as confirmed by ``actor`` at ``at`` and
    put the copy back with its custodian, with the timeline's line."""
    custody.returned_at = at
    custody.return_confirmed_by = actor
    custody.save(update_fields=["returned_at", "return_confirmed_by"])
    move(
        copy,
        actor=actor,
        action="returned",
        state=CopyState.WITH_CUSTODIAN,
        holder=copy.custodian,
        person=custody.holder,
        due_at=None,
        at=at,
    )


@operation
def return_copy(*, actor: Actor, copy_id: int) -> Custody:
    """The custodian confirms that a copy is back, ending whichever period away it was on
    (circulation, loan, take-out, meeting): the return time is the second signature of the
    register line (CIRC-SIGN). When every reader the office director named has had and
    returned a copy of an incoming document, its circulation is finished (IN-URGENT)."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    copy = lock_copy(actor, copy_id)
    org = copy.organisation_id
    book.require(
        org,
        "CIRC-SIGN",
        copy.custodian_id == person.pk,
        _("Only the custodian of %(copy)s confirms its return.") % {"copy": copy.label},
    )
    custody = open_custody(copy)
    book.require(
        org,
        "CIRC-SIGN",
        custody is not None,
        _("%(copy)s is not out: there is nothing to return.") % {"copy": copy.label},
        conflict=True,
    )
    require_held(copy, rule_id="CIRC-SIGN")
    at = now()
    back_with_custodian(actor, copy, custody, at)
    finish_circulation(copy.document_id, at)
    record_event(
        actor=actor,
        action=RETURNED,
        subject=copy,
        data={
            "document": copy.document_id,
            "custody": custody.pk,
            "kind": custody.kind,
            "holder": custody.holder_id,
            "late": custody.due_at is not None and at > custody.due_at,
            "rules": ["CIRC-SIGN", "CIRC-DIRECT"],
        },
    )
    return custody


@operation
def store(*, actor: Actor, copy_ids: list[int], location: str) -> list[Copy]:
    """CIRC-OFFICE: the custodian records the locked secure cabinet each copy is kept in; a
    copy with its custodian and no cabinet on record is listed on the desk until it has one."""
    require(actor, Permission.REGISTER_ITEMS)
    keeper = me(actor)
    copies = lock_copies(actor, copy_ids)
    location = (location or "").strip()
    if not location:
        raise InvalidInput(_("Name the secure cabinet."), field="location")
    for copy in copies:
        book.require(
            keeper.organisation_id,
            "CIRC-OFFICE",
            copy.custodian_id == keeper.pk,
            _("Only the custodian of %(copy)s stores it.") % {"copy": copy.label},
        )
        require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="CIRC-OFFICE")
        copy.location = location[:200]
        copy.save(update_fields=["location"])
        move(
            copy,
            actor=actor,
            action="stored",
            state=copy.state,
            holder=copy.holder,
            note=copy.location,
        )
    record_event(
        actor=actor,
        action=STORED,
        data={"copies": [c.pk for c in copies], "rule": "CIRC-OFFICE"},
        organisation_id=keeper.organisation_id,
    )
    return copies
