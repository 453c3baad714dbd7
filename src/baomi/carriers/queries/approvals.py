"""Reads of the approval requests about documents, copies and people, for the pages that
carry out what was approved. A request is shown only when the actor may know its subject
(CLS-MAC for a document or a copy; a person of their own organisation), and a request that
names copies only when the actor may know every one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.queries import among, granted, latest_about, same_params
from baomi.carriers.models import Copy, CopyState, Document
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries.copies import known_copies
from baomi.org.models import Person

_LIVE = (State.PENDING, State.GRANTED)


def _people(actor: Actor) -> QuerySet[Person]:
    person = knower(actor)
    if person is None:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=person.organisation_id)


# What the actor may know of each kind of subject asked about.
_KNOWN: dict[str, Callable[[Any], QuerySet]] = {
    "carriers.copy": known_copies,
    "carriers.document": lambda actor: DOCUMENTS.known(actor),
    "org.person": _people,
}


def _requests(actor: Actor) -> QuerySet[ApprovalRequest]:
    """The requests of the actor's organisation, nothing for anyone who may know nothing."""
    person = knower(actor)
    if person is None:
        return ApprovalRequest.objects.none()
    return ApprovalRequest.objects.filter(organisation_id=person.organisation_id)


def about(
    actor: Actor, subject_type: str, subject_id: Any, *operations: str
) -> list[ApprovalRequest]:
    """The latest approval requests of ``operations`` about one subject, newest first; none
    when the actor may not know the subject (CLS-MAC)."""
    known = _KNOWN.get(subject_type)
    if known is None or not known(actor).filter(pk=subject_id).exists():
        return []
    return latest_about(_requests(actor), subject_type, subject_id, operations)


def granted_reclassifications(actor: Actor) -> list[tuple[ApprovalRequest, Document]]:
    """The granted, unexpired requests to change a classification (CLS-TERM) not yet carried
    out, each with its document, for the documents the actor may know (CLS-MAC)."""
    person = knower(actor)
    if person is None:
        return []
    approved = list(granted(person.organisation_id, "reclassify"))
    docs = DOCUMENTS.known(actor).in_bulk([int(r.subject_id) for r in approved])
    return [(r, docs[int(r.subject_id)]) for r in approved if int(r.subject_id) in docs]


def destruction_requests(actor: Actor, limit: int) -> list[tuple[ApprovalRequest, list[Copy]]]:
    """The latest ``limit`` pending and granted destruction requests (DESTROY-APPROVE), with
    their copies, whose every copy the actor may know (CLS-MAC)."""
    known = known_copies(actor)
    requests = (
        _requests(actor)
        .filter(operation="destroy", state__in=_LIVE)
        .prefetch_related("steps__approver")
        .order_by("-pk")[:limit]
    )
    rows = []
    for r in requests:
        ids = r.params.get("copies", [])
        copies = list(known.filter(pk__in=ids))
        if len(copies) == len(ids):
            rows.append((r, copies))
    return rows


def destruction_params(copies: list[Copy]) -> dict[str, Any]:
    """What a destruction is approved for (DESTROY-APPROVE): these copies (by primary key)
    and which of them are archived, for archives are destroyed on the archive approvers'
    word: an approval given for copies with their custodian does not cover them archived."""
    ordered = sorted(copies, key=lambda c: c.pk)
    return {
        "copies": [c.pk for c in ordered],
        "archived": [c.pk for c in ordered if c.state == CopyState.ARCHIVED],
    }


def usable_destructions(rows: list[tuple[ApprovalRequest, list[Copy]]]) -> set[int]:
    """The ids of the requests among ``rows`` (from ``destruction_requests``) that ``destroy``
    may use now for exactly their copies as they are (DESTROY-APPROVE): granted, unexpired and
    unused, with the parameters the copies give today."""
    now_usable = {r.pk for r in among([r for r, _copies in rows])}
    return {
        r.pk
        for r, copies in rows
        if r.pk in now_usable and same_params(r, destruction_params(copies))
    }
