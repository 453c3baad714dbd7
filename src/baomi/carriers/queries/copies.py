"""Where every copy is: a document's copies and their timelines, what a person holds, what is
due and overdue, and the clerk's desk. Every read passes through CLS-MAC: a copy is known
exactly when its document is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import Knowing, knower
from baomi.access.policy import known_rows
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.queries import granted
from baomi.carriers import due
from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    CopyEvent,
    CopyState,
    Custody,
    Document,
    IncomingEntry,
)
from baomi.carriers.policies import COPIES, DOCUMENTS
from baomi.carriers.queries import document as read_document
from baomi.core.errors import NotFound
from baomi.org import queries as org_queries
from baomi.org.models import Department, Person


def _visible_documents(actor: Actor) -> QuerySet[Document]:
    return DOCUMENTS.known(actor)


def known_copies(actor: Actor) -> QuerySet[Copy]:
    """Every copy whose document ``actor`` may know (CLS-MAC), nothing for anyone else
    (``policies.COPIES``), each with ``due_rule``: the rule it is due back under while away
    from its custodian (``carriers.due``)."""
    return (
        COPIES.known(actor)
        .select_related("document", "holder", "custodian", "volume")
        .annotate(due_rule=due.copy_rule(actor_organisation_id(actor)))
    )


# The columns of a copy in the list (``copies_page``): no join beyond its document's number and
# copy count.
LIST_COLUMNS = (
    "id",
    "document_id",
    "number",
    "state",
    "holder_id",
    "custodian_id",
    "due_at",
    "due_rule",
    "document_number",
    "copies_count",
)


def copies_page(
    actor: Actor,
    *,
    holder_id: int | None = None,
    document_id: int | None = None,
    state: str | None = None,
    overdue: bool | None = None,
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """The copies ``actor`` may know (CLS-MAC) narrowed by the filters, from ``offset``, at
    most ``limit``, as rows of ``LIST_COLUMNS``: in the order they were registered, or with
    ``overdue`` the most overdue first; ``holder_id`` who has them in hand. The query the list
    route runs on every request, compiled once per shape (``core.prepared``)."""
    return known_rows(
        actor,
        "carriers.copies",
        _copy_rows,
        limit=limit,
        offset=offset,
        same_day=due.same_day_level(actor_organisation_id(actor)),
        holder_id=holder_id,
        document_id=document_id,
        state=state,
        overdue=overdue,
        now=None if overdue is None else timezone.now(),  # a parameter only then
    )


def _copy_rows(
    knowing: Knowing,
    same_day: int,
    holder_id: int | None,
    document_id: int | None,
    state: str | None,
    overdue: bool | None,
    now: datetime.datetime | None,
) -> QuerySet[Any]:
    qs = COPIES.known_to(knowing)
    order = ["pk"]
    # Pages follow the primary key: the indexes on (organisation), (holder) and (document)
    # deliver their rows in that order, so a page stops after ``limit`` rows the person may
    # know instead of sorting every copy of the organisation. A holder's copies through the
    # holder's index: without statistics SQLite would rather walk every copy of the
    # organisation in key order than look up the few this person holds.
    if holder_id is not None:
        qs = qs.filter(pk__in=Copy.objects.filter(holder_id=holder_id).values("pk"))
    if document_id is not None:
        qs = qs.filter(document_id=document_id)
    if state is not None:
        qs = qs.filter(state=state)
    if overdue is not None:
        late = Q(due_at__lt=now)
        if overdue:  # the most overdue first, along the index on due times
            qs, order = qs.filter(late), ["due_at", "pk"]
        else:
            qs = qs.exclude(late)
    return (
        qs.annotate(due_rule=due.copy_rule_from(same_day))
        .order_by(*order)
        .values(
            *LIST_COLUMNS[:-2],
            document_number=F("document__number"),
            copies_count=F("document__copies_count"),
        )
    )


def known_copy(actor: Actor, copy_id: int) -> Copy:
    """One copy whose document the actor may know; "not found" otherwise (CLS-MAC)."""
    copy = known_copies(actor).filter(pk=copy_id).first()
    if copy is None:
        raise NotFound(_("No such copy."))
    return copy


def _open_custodies() -> Prefetch:
    return Prefetch(
        "custodies",
        queryset=Custody.objects.filter(returned_at=None).select_related("holder"),
        to_attr="open_custodies",
    )


def document_copies(actor: Actor, document_id: int) -> tuple[Document, list[Copy]]:
    """ "Where is every copy of this document": the document (its read recorded) and each copy
    with its holder, state, due time and open custody; "not found" when it is unknowable."""
    doc = read_document(actor, document_id)
    copies = list(
        Copy.objects.filter(document=doc)
        .select_related("holder", "custodian", "volume", "reproduced_from")
        .prefetch_related(_open_custodies())
        .order_by("number")
    )
    for c in copies:
        c.document = doc
    return doc, copies


def timeline(actor: Actor, document_id: int) -> list[CopyEvent]:
    """The custody timeline of every copy of a document, oldest first."""
    if not _visible_documents(actor).filter(pk=document_id).exists():
        raise NotFound(_("No such document."))
    return list(
        CopyEvent.objects.filter(copy__document_id=document_id)
        .select_related("copy", "actor", "person")
        .order_by("at", "pk")
    )


def copy_timeline(actor: Actor, copy_id: int) -> list[CopyEvent]:
    """The custody timeline of one copy, oldest first; empty for a copy the actor may not
    know (CLS-MAC)."""
    return list(
        CopyEvent.objects.filter(copy__in=known_copies(actor).filter(pk=copy_id).values("pk"))
        .select_related("actor", "person")
        .order_by("at", "pk")
    )


def copies_in_department(actor: Actor, department_id: int) -> QuerySet[Copy]:
    """ "Where is every copy" for a department: the copies its people keep or hold (with its
    sub-departments), in the organisation's hands."""
    person = knower(actor)
    dept = (
        Department.objects.filter(organisation_id=person.organisation_id, pk=department_id).first()
        if person
        else None
    )
    if dept is None:
        raise NotFound(_("No such department."))
    depts = Department.objects.filter(
        organisation_id=dept.organisation_id, path__startswith=dept.path
    ).values("pk")
    return (
        known_copies(actor)
        .filter(Q(custodian__department__in=depts) | Q(holder__department__in=depts))
        .filter(state__in=HELD_STATES)
        .order_by("document_id", "number")
    )


def _person_for(actor: Actor, person_id: int | None) -> Person:
    """The actor's own person, or (for the register keepers) another person of the org."""
    me = knower(actor)
    if me is None:
        raise NotFound(_("No such person."))
    if person_id is None or person_id == me.pk:
        return me
    require(actor, Permission.REGISTER_ITEMS)
    other = Person.objects.filter(organisation_id=me.organisation_id, pk=person_id).first()
    if other is None:
        raise NotFound(_("No such person."))
    return other


def holdings(actor: Actor, person_id: int | None = None) -> QuerySet[Copy]:
    """ "What I hold": the copies a person has in hand now (received from a custodian, on
    loan, taken out, at a meeting — or, for a custodian, what is in their cabinet), with due
    times; only copies the actor may know."""
    person = _person_for(actor, person_id)
    return (
        known_copies(actor)
        .filter(holder=person, state__in=HELD_STATES)
        .prefetch_related(_open_custodies())
        .order_by("due_at", "document_id", "number")
    )


def receipts_to_sign(actor: Actor) -> QuerySet[Copy]:
    """The copies in the actor's hands whose receipt they have not signed yet (CIRC-SIGN),
    of those they may know."""
    person = knower(actor)
    if person is None:
        return Copy.objects.none()
    return known_copies(actor).filter(
        holder=person,
        state__in=HELD_STATES,
        custodies__holder=person,
        custodies__returned_at=None,
        custodies__received_at=None,
    )


def kept(actor: Actor, person_id: int | None = None) -> QuerySet[Copy]:
    """The copies a person keeps as custodian, wherever they are now (handed out included)."""
    person = _person_for(actor, person_id)
    return (
        known_copies(actor)
        .filter(custodian=person, state__in=HELD_STATES)
        .order_by("document_id", "number")
    )


def due_back(copies: QuerySet[Copy]) -> QuerySet[Copy]:
    """Those of ``copies`` away from their custodian with a time they are due back by
    (CIRC-SAMEDAY, CIRC-NO-KEEP, LOAN-DUE, CARRY-APPROVE, CIRC-MEETING-RETURN): what
    ``overdue`` and ``due_today`` list, and the carriers' deadline providers."""
    # "IS NOT NULL", as the partial index copy_away says it.
    return copies.filter(state__in=HELD_STATES, due_at__isnull=False)


def overdue(actor: Actor, at: datetime.datetime | None = None) -> QuerySet[Copy]:
    """Every copy past its due time (CIRC-SAMEDAY, LOAN-DUE, CARRY-APPROVE,
    CIRC-MEETING-RETURN), most overdue first."""
    return (
        due_back(known_copies(actor))
        .filter(due_at__lt=at or timezone.now())
        .order_by("due_at", "pk")
    )


def due_today(actor: Actor, at: datetime.datetime | None = None) -> QuerySet[Copy]:
    """Copies due back by the end of the current working day (after hours, on a day off:
    the next working day's, by the organisation's calendar) and not yet overdue."""
    at = at or timezone.now()
    person = knower(actor)
    if person is None:
        return Copy.objects.none()
    end = org_queries.calendar(person.organisation_id).end_of_current_working_day(at)
    return (
        due_back(known_copies(actor))
        .filter(due_at__gte=at, due_at__lte=end)
        .order_by("due_at", "pk")
    )


def to_recall(copies: QuerySet[Copy]) -> QuerySet[Copy]:
    """RECALL-DUE: those of ``copies`` still in the organisation's hands whose document has a
    recall date (what ``recall_due`` lists once the date has come, and the deadline
    provider)."""
    return copies.filter(state__in=HELD_STATES).exclude(document__recall_date=None)


def recall_due(actor: Actor, today: datetime.date | None = None) -> QuerySet[Copy]:
    """RECALL-DUE: copies still in the organisation's hands whose document's recall date has
    come, per holder."""
    today = today or timezone.localdate()
    return (
        to_recall(known_copies(actor))
        .filter(document__recall_date__lte=today)
        .order_by("document__recall_date", "holder_id", "pk")
    )


def incoming_entries(actor: Actor) -> QuerySet[IncomingEntry]:
    """The lines of the incoming register whose document ``actor`` may know (CLS-MAC)."""
    return (
        IncomingEntry.objects.filter(document__in=_visible_documents(actor).values("pk"))
        .select_related("document", "director")
        .prefetch_related("readers")
    )


def incoming_entry(actor: Actor, entry_id: int) -> IncomingEntry:
    """One line of the incoming register and its routing slip, the read of its document
    recorded; "not found" when it is missing or not knowable."""
    entry = incoming_entries(actor).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such entry."))
    entry.document = read_document(actor, entry.document_id)
    return entry


def first_receipt(actor: Actor, entry: IncomingEntry) -> IncomingEntry | None:
    """The line of the first receipt a confirmed second receipt names (IN-NUMBER), when the
    actor may know its document; else None."""
    if entry.repeat_of_id is None:
        return None
    return incoming_entries(actor).filter(pk=entry.repeat_of_id).first()


def awaiting_instruction(actor: Actor) -> QuerySet[IncomingEntry]:
    """The routing slips sent to ``actor`` as office director and not yet instructed
    (IN-ROUTE), oldest first."""
    person = knower(actor)
    if person is None:
        return IncomingEntry.objects.none()
    return (
        incoming_entries(actor)
        .filter(director=person, instructed_at=None)
        .exclude(routed_at=None)
        .order_by("routed_at", "pk")
    )


def not_in_cabinet(actor: Actor) -> QuerySet[Copy]:
    """CIRC-OFFICE (a check): copies with their custodian and no secure cabinet on record."""
    return (
        known_copies(actor)
        .filter(state=CopyState.WITH_CUSTODIAN, location="")
        .order_by("document_id", "number")
    )


def unrouted(entries: QuerySet[IncomingEntry]) -> QuerySet[IncomingEntry]:
    """IN-ROUTE: those of ``entries`` whose routing slip is due and not yet sent (the desk's
    and the deadline provider's). Lines imported from a paper register were routed on paper:
    they have no due time."""
    return entries.filter(routed_at=None).exclude(route_due_at=None)


def uncirculated(entries: QuerySet[IncomingEntry]) -> QuerySet[IncomingEntry]:
    """IN-URGENT: those of ``entries`` instructed by the office director whose circulation is
    not finished (the desk's and the deadline provider's)."""
    return entries.filter(circulated_at=None).exclude(instructed_at=None)


@dataclass
class Desk:
    """The clerk's desk (JOURNEYS §1): one screen of what needs doing today."""

    incoming_today: list[IncomingEntry] = field(default_factory=list)
    to_route: list[IncomingEntry] = field(default_factory=list)
    to_circulate: list[tuple[IncomingEntry, list[Person]]] = field(default_factory=list)
    circulating: list[Copy] = field(default_factory=list)
    due_today: list[Copy] = field(default_factory=list)
    overdue: list[Copy] = field(default_factory=list)
    late_routing: list[IncomingEntry] = field(default_factory=list)
    late_circulation: list[IncomingEntry] = field(default_factory=list)
    recall_due: list[Copy] = field(default_factory=list)
    not_in_cabinet: list[Copy] = field(default_factory=list)
    approvals_to_use: list[ApprovalRequest] = field(default_factory=list)


DESK_LIMIT = 50


def had_a_copy(document_ids: list[int]) -> dict[int, frozenset[int]]:
    """Who has ever had a copy of each document in hand (its custodies' holders), by
    document: one read for all of them, not one per routing slip."""
    pairs = (
        Custody.objects.filter(copy__document_id__in=document_ids)
        .order_by("copy__document_id")
        .values_list("copy__document_id", "holder_id")
        .distinct()
    )
    return {
        document_id: frozenset(holder for _document, holder in rows)
        for document_id, rows in groupby(pairs, key=itemgetter(0))
    }


def desk(actor: Actor, at: datetime.datetime | None = None) -> Desk:
    """Today's incoming, what to route and circulate, what is out and with whom, what is due
    back today and everything overdue (IN-SAMEDAY, IN-ROUTE, IN-URGENT, CIRC-SAMEDAY,
    LOAN-DUE, RECALL-DUE), copies not locked away (CIRC-OFFICE), and the approvals granted
    to the clerk and not yet used."""
    require(actor, Permission.REGISTER_ITEMS)
    at = at or timezone.now()
    board = Desk()
    person = knower(actor)
    if person is None:
        return board
    entries = incoming_entries(actor)
    start = timezone.localtime(at).replace(hour=0, minute=0, second=0, microsecond=0)
    board.incoming_today = list(entries.filter(registered_at__gte=start)[:DESK_LIMIT])
    board.to_route = list(unrouted(entries).order_by("route_due_at")[:DESK_LIMIT])
    board.late_routing = [e for e in board.to_route if e.route_due_at and e.route_due_at < at]
    unfinished = uncirculated(entries)
    board.late_circulation = list(
        unfinished.filter(circulation_due_at__lt=at).order_by("circulation_due_at")[:DESK_LIMIT]
    )
    slips = list(unfinished.order_by("circulation_due_at")[:DESK_LIMIT])
    had = had_a_copy([entry.document_id for entry in slips])
    for entry in slips:
        waiting = [r for r in entry.readers.all() if r.pk not in had.get(entry.document_id, ())]
        if waiting:
            board.to_circulate.append((entry, waiting))
    copies = known_copies(actor).filter(custodian=person)
    board.circulating = list(
        copies.exclude(state=CopyState.WITH_CUSTODIAN)
        .filter(state__in=HELD_STATES)
        .prefetch_related(_open_custodies())
        .order_by("due_at")[:DESK_LIMIT]
    )
    board.due_today = list(due_today(actor, at).filter(custodian=person)[:DESK_LIMIT])
    board.overdue = list(overdue(actor, at).filter(custodian=person)[:DESK_LIMIT])
    board.recall_due = list(recall_due(actor).filter(custodian=person)[:DESK_LIMIT])
    board.not_in_cabinet = list(not_in_cabinet(actor).filter(custodian=person)[:DESK_LIMIT])
    board.approvals_to_use = list(
        granted(person.organisation_id, at=at)
        .filter(requested_by=actor)
        .order_by("expires_at")[:DESK_LIMIT]
    )
    return board
