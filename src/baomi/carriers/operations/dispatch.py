"""The end of the outgoing workflow (发文): seal and file copy, dispatch in marked
envelopes, the recipient's signature (OUT-*). The general office's clerk who seals and
dispatches must know the document (see ``outgoing``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy, CopyState, DispatchMethod, Document, Envelope, Stage
from baomi.carriers.operations._common import (
    in_general_office,
    is_count,
    me,
    move,
    now,
    person_in,
    require_stage,
    require_state,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries import lock_document
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import house_text
from baomi.org.models import Person
from baomi.org.posts import not_on_probation
from baomi.rulebook import book

SEALED = register_action("carriers.sealed", gettext_lazy("Document sealed, file copy kept"))
DISPATCHED = register_action("carriers.dispatched", gettext_lazy("Document dispatched"))
DISPATCH_SIGNED = register_action(
    "carriers.dispatch_signed", gettext_lazy("Dispatch signed for by the recipient")
)


@operation
def seal(*, actor: Actor, document_id: int, file_copy_number: int) -> Document:
    """盖印: the general office seals a printed document and keeps one copy as the file copy
    (OUT-SEAL)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    doc = lock_document(actor, document_id)
    require_stage(doc, Stage.PRINTED, "OUT-SEAL")
    book.require(
        doc.organisation_id,
        "OUT-SEAL",
        in_general_office(clerk),
        _("Outgoing documents are sealed by the general office."),
    )
    copy = (
        Copy.objects.select_for_update()
        .filter(document=doc, number=file_copy_number, reproduced_from=None)
        .first()
    )
    if copy is None:
        raise NotFound(_("No such copy."))
    require_state(copy, CopyState.WITH_CUSTODIAN, rule_id="OUT-SEAL")
    at = now()
    move(copy, actor=actor, action="sealed", state=CopyState.ARCHIVED, holder=None, at=at)
    copy.location = house_text(gettext_lazy("file copy"))
    copy.save(update_fields=["location"])
    doc.stage, doc.sealed_at, doc.sealed_by = Stage.SEALED, at, actor
    doc.save(update_fields=["stage", "sealed_at", "sealed_by"])
    record_event(
        actor=actor,
        action=SEALED,
        subject=doc,
        data={"file_copy": copy.number, "rule": "OUT-SEAL"},
    )
    return doc


def _letters(envelopes: Any) -> list[tuple[str, list[int], bool]]:
    """(recipient, copy numbers, addressee only) of each envelope to send."""
    letters = []
    for raw in envelopes if isinstance(envelopes, list) else []:
        recipient = raw.get("recipient") if isinstance(raw, dict) else None
        numbers = raw.get("copy_numbers") if isinstance(raw, dict) else None
        if not isinstance(recipient, str) or not recipient.strip():
            raise InvalidInput(_("Every envelope names its recipient."), field="envelopes")
        letters.append(
            (recipient.strip(), _numbers(numbers, "envelopes"), bool(raw.get("addressee_only")))
        )
    if not letters:
        raise InvalidInput(_("Give at least one envelope."), field="envelopes")
    return letters


def _numbers(value: Any, field: str) -> list[int]:
    if not isinstance(value, list) or not all(is_count(n) for n in value):
        raise InvalidInput(_("Copy numbers are a list of whole numbers."), field=field)
    return value


def _courier(org: int, method: str, courier_id: int | None, level: int) -> Person | None:
    """OUT-COURIER: a designated courier (active, cleared for the level) or confidential
    mail; never ordinary post. A courier of a classified item is past probation
    (PPL-PROBATION)."""
    book.require(
        org,
        "OUT-COURIER",
        method in DispatchMethod.values,
        _("Classified items go by a designated courier or confidential mail, never by post."),
    )
    if method != DispatchMethod.COURIER:
        if courier_id is not None:
            raise InvalidInput(_("Only a courier dispatch names a courier."), field="courier_id")
        return None
    book.require(org, "OUT-COURIER", courier_id is not None, _("Name the designated courier."))
    courier = person_in(org, courier_id)
    book.require(
        org,
        "OUT-COURIER",
        courier.is_active and courier.clearance >= level,
        _("%(name)s may not carry this item: couriers are in post, past probation and cleared.")
        % {"name": courier.name},
    )
    not_on_probation(org, courier, Level(level).is_classified)
    return courier


def _unaccounted(printed: list[int], sent: list[int], kept: list[int]) -> str:
    """OUT-CHECK in numbers: how many copies should go out (printed minus kept and filed) and
    how many do, which copies are neither sent nor kept, which are counted twice."""
    counted = Counter(sent + kept)
    missing = [n for n in printed if not counted[n]]
    twice = sorted(n for n, times in counted.items() if times > 1)
    expected = len(printed) - len(set(kept))
    parts = [
        ngettext(
            "%(expected)d copy should go out, %(actual)d did.",
            "%(expected)d copies should go out, %(actual)d did.",
            expected,
        )
        % {"expected": expected, "actual": len(sent)}
    ]
    if missing:
        parts.append(
            ngettext(
                "Copy no. %(missing)s was neither sent nor kept.",
                "Copies no. %(missing)s were neither sent nor kept.",
                len(missing),
            )
            % {"missing": ", ".join(map(str, missing))}
        )
    if twice:
        parts.append(
            ngettext(
                "Copy no. %(twice)s is sent, kept or filed more than once.",
                "Copies no. %(twice)s are sent, kept or filed more than once.",
                len(twice),
            )
            % {"twice": ", ".join(map(str, twice))}
        )
    return " ".join(parts)


@operation
def dispatch(
    *,
    actor: Actor,
    document_id: int,
    envelopes: list[dict[str, Any]],
    kept_copy_numbers: list[int],
    method: str,
    courier_id: int | None = None,
) -> list[Envelope]:
    """分送: send a sealed document's copies in envelopes. Every printed copy is sent, kept or
    the file copy, exactly once, and every recipient is in the approved distribution
    (OUT-CHECK); a designated courier or confidential mail carries them (OUT-COURIER); each
    envelope carries the level, urgency and addressee-only marks and the document number
    (OUT-ENVELOPE)."""
    require(actor, Permission.REGISTER_ITEMS)
    me(actor)
    doc = lock_document(actor, document_id)
    org = doc.organisation_id
    require_stage(doc, Stage.SEALED, "OUT-SEAL")
    letters = _letters(envelopes)
    kept = _numbers(kept_copy_numbers, "kept_copy_numbers")
    copies = {
        c.number: c
        for c in Copy.objects.select_for_update()
        .filter(document=doc, reproduced_from=None)
        .order_by("pk")
    }
    filed = list(
        Copy.objects.filter(document=doc, timeline__action="sealed").values_list(
            "number", flat=True
        )
    )
    sent = [n for _recipient, numbers, _only in letters for n in numbers]
    if not set(sent + kept) <= set(copies):
        raise NotFound(_("No such copy."))
    if sorted(sent + kept + filed) != sorted(copies):
        book.require(org, "OUT-CHECK", False, _unaccounted(sorted(copies), sent, kept + filed))
    strangers = sorted({r for r, _n, _o in letters} - set(doc.distribution))
    book.require(
        org,
        "OUT-CHECK",
        not strangers,
        _("Not in the approved distribution: %(names)s.") % {"names": ", ".join(strangers)},
    )
    courier = _courier(org, method, courier_id, doc.level)
    for n in sent:
        require_state(copies[n], CopyState.WITH_CUSTODIAN, rule_id="OUT-CHECK")
    at = now()
    result = []
    for recipient, numbers, addressee_only in letters:
        envelope = Envelope.objects.create(
            organisation_id=org,
            document=doc,
            recipient=recipient,
            level=doc.level,
            urgency=doc.urgency,
            addressee_only=addressee_only or doc.addressee_only,
            contents=doc.number,
            method=method,
            courier=courier,
            dispatched_at=at,
            dispatched_by=actor,
        )
        envelope.copies.set([copies[n] for n in numbers])
        for n in numbers:
            move(
                copies[n],
                actor=actor,
                action="dispatched",
                state=CopyState.DISPATCHED,
                holder=None,
                note=recipient,
                at=at,
            )
        result.append(envelope)
    doc.stage = Stage.DISPATCHED
    doc.save(update_fields=["stage"])
    record_event(
        actor=actor,
        action=DISPATCHED,
        subject=doc,
        data={
            "envelopes": [e.pk for e in result],
            "sent": sorted(sent),
            "kept": sorted(kept),
            "method": method,
            "courier": courier.pk if courier else None,
            "rules": ["OUT-CHECK", "OUT-COURIER", "OUT-ENVELOPE"],
        },
    )
    return result


@operation
def sign_dispatch(
    *,
    actor: Actor,
    envelope_id: int,
    signed_by_name: str,
    signed_by_title: str,
    head_or_designee: bool,
) -> Envelope:
    """签收: record the recipient's signature for an envelope: name, post and time; a
    classified envelope only by the recipient's department head or their designee
    (OUT-SIGN)."""
    require(actor, Permission.REGISTER_ITEMS)
    visible = DOCUMENTS.known(actor).values("pk")
    envelope = (
        Envelope.objects.select_for_update(of=("self",))
        .filter(pk=envelope_id, document__in=visible)
        .first()
    )
    if envelope is None:
        raise NotFound(_("No such envelope."))
    book.require(
        envelope.organisation_id,
        "OUT-SIGN",
        envelope.signed_at is None,
        _("The envelope has been signed for."),
        conflict=True,
    )
    name, title = signed_by_name.strip(), signed_by_title.strip()
    if not name or not title:
        raise InvalidInput(_("Record who signed for it and their post."), field="signed_by_name")
    book.require(
        envelope.organisation_id,
        "OUT-SIGN",
        bool(head_or_designee) or not Level(envelope.level).is_classified,
        _("A classified item is signed for only by the department head or their designee."),
    )
    at = now()
    envelope.signed_by_name, envelope.signed_by_title, envelope.signed_at = name, title, at
    envelope.save(update_fields=["signed_by_name", "signed_by_title", "signed_at"])
    copies = list(envelope.copies.select_for_update(of=("self",)).order_by("pk"))
    for copy in copies:
        move(
            copy,
            actor=actor,
            action="dispatch_signed",
            state=CopyState.DISPATCHED,
            holder=None,
            note=name,
            at=at,
        )
    record_event(
        actor=actor,
        action=DISPATCH_SIGNED,
        subject=envelope,
        data={
            "document": envelope.document_id,
            "copies": [c.number for c in copies],
            "head_or_designee": bool(head_or_designee),
            "rule": "OUT-SIGN",
        },
    )
    return envelope
