"""The incoming register (收文): registration with a gapless number per year and series, the
routing slip to the office director and the director's instruction (IN-*), and the import of
an existing register."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import can_know
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers import imports
from baomi.carriers.models import (
    CarrierType,
    Custody,
    CustodyKind,
    DocumentKind,
    IncomingEntry,
    RegisterCounter,
    Series,
    Urgency,
)
from baomi.carriers.operations import recordings
from baomi.carriers.operations._common import (
    MAX_COPIES,
    create_document,
    end_of_today,
    end_of_working_day_after,
    level_of,
    me,
    new_copies,
    now,
    person_in,
    require_knows,
    series_of,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.receipts import receipt_key
from baomi.core import inserts
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.text import house_text
from baomi.org import queries as org_queries
from baomi.org.models import Person
from baomi.rulebook import book

REGISTERED = register_action("carriers.incoming_registered", gettext_lazy("Incoming registered"))
ROUTED = register_action(
    "carriers.incoming_routed", gettext_lazy("Routing slip sent to the office director")
)
INSTRUCTED = register_action(
    "carriers.incoming_instructed", gettext_lazy("Office director's instruction given")
)
IMPORTED = register_action("carriers.incoming_imported", gettext_lazy("Incoming register imported"))


def _counter(org: int, year: int, series: str) -> RegisterCounter:
    """One register's counter, locked (the import raises it to the highest number it
    brings). The row is created once (a concurrent creator's insert is ignored) and then
    locked: whoever numbers into the register queues on it."""
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(organisation_id=org, year=year, series=series)], ignore_conflicts=True
    )
    return RegisterCounter.objects.select_for_update().get(
        organisation_id=org, year=year, series=series
    )


_NEXT_NUMBER = (
    "INSERT INTO {table} (organisation_id, year, series, last) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (organisation_id, year, series) DO UPDATE SET last = {table}.last + 1 "
    "RETURNING last"
)


def next_number(org: int, year: int, series: str) -> int:
    """IN-NUMBER: the next number of one register, gapless and never reused, in one statement
    (an upsert returning the new number: SQLite ≥ 3.35, PostgreSQL). The statement creates
    the counter at 1 or moves it on and keeps its row locked (PostgreSQL's row lock, SQLite's
    write lock) until the registration's transaction ends: concurrent registrations queue on
    it, and a rolled-back registration gives its number back."""
    sql = _NEXT_NUMBER.format(table=connection.ops.quote_name(RegisterCounter._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [org, year, series])
        return cursor.fetchone()[0]


def _copy_numbers(copies: int, copy_numbers: list[int] | None) -> list[int]:
    """The numbers of the copies received: all of 1..copies, or the ones listed."""
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise InvalidInput(
            _("The number of copies must be between 1 and %(n)d.") % {"n": MAX_COPIES},
            field="copies",
        )
    numbers = sorted(set(copy_numbers)) if copy_numbers else list(range(1, copies + 1))
    if not numbers or numbers[0] < 1 or numbers[-1] > copies:
        raise InvalidInput(
            _("Copy numbers must lie between 1 and %(n)d.") % {"n": copies},
            field="copy_numbers",
        )
    return numbers


_FIRST_RECEIPT = (
    "SELECT id FROM carriers_incomingentry WHERE organisation_id = %s AND year = %s "
    "AND receipt_key = %s ORDER BY registered_at, id LIMIT 1"
)


def _first_receipt(clerk: Person, year: int, key: str, confirmed: bool) -> IncomingEntry | None:
    """IN-NUMBER: the year's first line registering the same document number from the same
    issuer (``key``). Registering it again is refused unless the clerk confirms a second
    receipt; then the first line is returned, for the new line to name. The refusal names the
    first line only to a clerk who may know its document."""
    # The index (organisation, year, receipt key) answers it; most receipts are first
    # receipts, so the line with its document is read only when there is one (one plain
    # index lookup on the hot path, not a join compiled by the ORM each time).
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_RECEIPT, [clerk.organisation_id, year, key])
        found = cursor.fetchone()
    if found is None:
        return None
    first = IncomingEntry.objects.select_related("document").get(pk=found[0])
    if can_know(clerk, first.document):
        message = _(
            "%(number)s from this issuer is already registered this year, as %(year)d %(register)s "
            "No. %(n)d. If this is a second receipt of it, confirm that and register it again."
        ) % {
            "number": first.document.number,
            "year": first.year,
            "register": Series(first.series).label,
            "n": first.sequence,
        }
    else:
        message = _(
            "A document with this number from this issuer is already registered this year. If "
            "this is a second receipt of it, confirm that and register it again."
        )
    book.require(clerk.organisation_id, "IN-NUMBER", confirmed, message)
    return first


def _office_director(org: int) -> Person | None:
    """The office director (IN-ROUTE) as the chart names them now, when in post (the chart
    read once per process, ``org.queries.general_office_head``)."""
    head = org_queries.general_office_head(org)
    return head if head is not None and head.is_active else None


def _register(
    actor: Actor,
    clerk: Person,
    *,
    at: datetime.datetime,
    opened: datetime.datetime,
    year: int,
    sequence: int | None,
    copies: int,
    numbers: list[int],
    deadlines: bool,
    level: Any,
    issuer: str,
    urgency: str,
    central: bool = False,
    second_receipt: bool = False,
    named_people_ids: list[int] | None = None,
    **document: Any,
) -> IncomingEntry:
    """The steps of one registration, shared with the import: the document (the office
    director named in its scope when cleared, so that the routing slip can reach them,
    IN-ROUTE), its line in the register (the next number, or ``sequence`` as imported,
    IN-NUMBER; a document number from one issuer once a year unless ``second_receipt``
    confirms another receipt, which the line records) and the copies received, with the
    clerk as their custodian. ``deadlines`` sets when the routing slip and the circulation
    are due (IN-ROUTE, IN-URGENT)."""
    org = clerk.organisation_id
    director = _office_director(org)
    also_named = []
    if director is not None and director.clearance >= level_of(level):
        # The routing slip goes to the director (IN-ROUTE), who must be able to read it.
        also_named.append(director)
    doc = create_document(
        actor,
        clerk,
        at=at,
        level=level,
        issuer=issuer,
        named_people_ids=named_people_ids,
        also_named=also_named,
        kind=DocumentKind.INCOMING,
        urgency=urgency,
        central=central,
        copies_count=copies,
        **document,
    )
    series = series_of(doc.level, central)
    register_days = book.param(org, "IN-SAMEDAY", "register_days")
    late = timezone.localdate(at) > timezone.localdate(opened) + datetime.timedelta(
        days=register_days
    )
    route_due = circulation_due = None
    if deadlines:
        route_due = end_of_working_day_after(org, book.param(org, "IN-ROUTE", "route_days"), at)
        if urgency == Urgency.NORMAL:
            circulation_due = end_of_working_day_after(
                org, book.param(org, "IN-URGENT", "normal_days"), at
            )
        else:
            circulation_due = end_of_today(org, at)
    # The register's counter is locked first: two receipts of one document registered at
    # once queue there, and the second then sees the first (IN-NUMBER).
    sequence = next_number(org, year, series) if sequence is None else sequence
    key = receipt_key(doc.number, issuer)
    first = _first_receipt(clerk, year, key, bool(second_receipt))
    entry = IncomingEntry(
        organisation_id=org,
        document=doc,
        year=year,
        series=series,
        sequence=sequence,
        receipt_key=key,
        repeat_of=first,
        received_from=issuer.strip(),
        opened_at=opened,
        registered_at=at,
        late=late,
        director=director,
        route_due_at=route_due,
        circulation_due_at=circulation_due,
    )
    inserts.insert([entry])  # the register line, one parameterised insert (core.inserts)
    location = house_text(gettext_lazy("central documents cabinet")) if central else ""
    new_copies(
        doc, numbers, actor=actor, action="registered", custodian=clerk, at=at, location=location
    )
    return entry


@operation
def register_incoming(
    *,
    actor: Actor,
    number: str,
    title: str,
    level: Any,
    term_years: int | None = None,
    issuer: str = "",
    copies: int = 1,
    copy_numbers: list[int] | None = None,
    urgency: str = Urgency.NORMAL,
    addressee_only: bool = False,
    carrier_type: str = CarrierType.PAPER,
    opened_at: datetime.datetime | None = None,
    recall_date: datetime.date | None = None,
    central: bool = False,
    subject_words: str = "",
    named_people_ids: list[int] | None = None,
    department_ids: list[int] | None = None,
    second_receipt: bool = False,
) -> IncomingEntry:
    """收文登记: register a received document and the copies that came with it.

    The register number comes from the year's classified or general register (IN-NUMBER);
    a document number from one issuer already registered this year is refused unless
    ``second_receipt`` confirms that the document came again (the line then names the first);
    a registration on a later day than the envelope was opened is flagged late
    (IN-SAMEDAY); the routing slip is due to the office director within IN-ROUTE.route_days
    working days; circulation is due at once for urgent items and within IN-URGENT.normal_days
    otherwise. Unclassified documents of the central committee go into the classified register
    and are kept apart (CLS-CENTRAL-DOCS). A recording received from another organisation is
    registered here with the level its issuer gave it (the AV-RECORD levelling by the
    designated department is for recordings made here, ``recordings.register_recording``),
    but never as public: a recording is a classified material (AV-RECORD)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    at = now()
    opened = opened_at or at
    if opened > at:
        raise InvalidInput(_("The envelope cannot be opened in the future."), field="opened_at")
    if urgency not in Urgency.values:
        raise InvalidInput(_("Unknown urgency."), field="urgency")
    if carrier_type not in CarrierType.values:
        raise InvalidInput(_("Unknown carrier type."), field="carrier_type")
    recordings.require_classified(clerk.organisation_id, carrier_type, level_of(level))
    numbers = _copy_numbers(copies, copy_numbers)
    entry = _register(
        actor,
        clerk,
        at=at,
        opened=opened,
        year=timezone.localdate(at).year,
        sequence=None,
        copies=copies,
        numbers=numbers,
        deadlines=True,
        number=number,
        title=title,
        level=level,
        term_years=term_years,
        issuer=issuer,
        urgency=urgency,
        central=bool(central),
        second_receipt=bool(second_receipt),
        named_people_ids=named_people_ids,
        department_ids=department_ids,
        addressee_only=bool(addressee_only),
        carrier_type=carrier_type,
        recall_date=recall_date,
        subject_words=subject_words.strip(),
    )
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=entry.document,
        data={
            "year": entry.year,
            "series": entry.series,
            "sequence": entry.sequence,
            "level": entry.document.level,
            "copies": numbers,
            "late": entry.late,
            "repeat_of": entry.repeat_of_id,
            "rules": ["IN-NUMBER", "IN-SAMEDAY", "CLS-MARK"],
        },
    )
    return entry


def _lock_entry(actor: Actor, entry_id: int) -> IncomingEntry:
    """Lock a register line; "not found" when the actor may not know its document."""
    visible = DOCUMENTS.known(actor).values("pk")
    entry = (
        IncomingEntry.objects.select_for_update(of=("self",))
        .filter(pk=entry_id, document__in=visible)
        .select_related("document")
        .first()
    )
    if entry is None:
        raise NotFound(_("No such register entry."))
    return entry


@operation
def route(*, actor: Actor, entry_id: int) -> IncomingEntry:
    """Send the routing slip (呈批传阅笺) to the office director's inbox (IN-ROUTE): the
    director the organisation chart names now, who must be allowed to know the document
    (register_incoming names a cleared director in its scope). A slip is routed once."""
    require(actor, Permission.REGISTER_ITEMS)
    me(actor)
    entry = _lock_entry(actor, entry_id)
    org = entry.organisation_id
    book.require(
        org,
        "IN-ROUTE",
        entry.routed_at is None,
        _("The routing slip has already been sent."),
        conflict=True,
    )
    director = _office_director(org)
    book.require(
        org,
        "IN-ROUTE",
        director is not None,
        _("The organisation chart names no head of the general office to route it to."),
    )
    book.require(
        org,
        "IN-ROUTE",
        can_know(director, entry.document),
        _("%(name)s, the office director, may not know this document: widen its scope first.")
        % {"name": director.name},
    )
    entry.director = director
    entry.routed_at = now()
    entry.save(update_fields=["director", "routed_at"])
    record_event(
        actor=actor,
        action=ROUTED,
        subject=entry.document,
        data={
            "entry": entry.pk,
            "director": director.pk,
            "late": entry.route_due_at is not None and entry.routed_at > entry.route_due_at,
            "rules": ["IN-ROUTE"],
        },
    )
    return entry


@operation
def instruct(
    *, actor: Actor, entry_id: int, instruction: str, reader_ids: list[int]
) -> IncomingEntry:
    """The office director's instruction on the routing slip (IN-ROUTE): who reads the
    document. Only the director the slip was routed to gives it, once; every reader must be
    allowed to know the document (CLS-MAC). With no reader named, circulation is finished
    at once (IN-URGENT)."""
    require(actor, Permission.KNOW_ITEMS)
    person = me(actor)
    entry = _lock_entry(actor, entry_id)
    if entry.director_id != person.pk:
        raise NotFound(_("No such register entry."))
    book.require(
        entry.organisation_id,
        "IN-ROUTE",
        entry.routed_at is not None,
        _("The routing slip has not been sent to you yet."),
        conflict=True,
    )
    book.require(
        entry.organisation_id,
        "IN-ROUTE",
        entry.instructed_at is None,
        _("The instruction on this slip has already been given."),
        conflict=True,
    )
    text = (instruction or "").strip()
    if not text:
        raise InvalidInput(_("Write the instruction."), field="instruction")
    readers = [person_in(entry.organisation_id, pk) for pk in dict.fromkeys(reader_ids or [])]
    for reader in readers:
        require_knows(reader, entry.document)
    entry.instruction = text
    entry.instructed_at = now()
    entry.save(update_fields=["instruction", "instructed_at"])
    entry.readers.set(readers)
    finish_circulation(entry.document_id, entry.instructed_at)
    record_event(
        actor=actor,
        action=INSTRUCTED,
        subject=entry.document,
        data={
            "entry": entry.pk,
            "readers": [r.pk for r in readers],
            "rules": ["IN-ROUTE", "CLS-MAC"],
        },
    )
    entry.refresh_from_db()
    return entry


def finish_circulation(document_id: int, at: datetime.datetime) -> None:
    """IN-URGENT: an incoming document's circulation is finished once every reader named by
    the director's instruction has had a copy and returned it. The register line is locked,
    so that two returns at once cannot both miss the other."""
    entry = (
        IncomingEntry.objects.select_for_update()
        .filter(document_id=document_id, instructed_at__isnull=False, circulated_at=None)
        .first()
    )
    if entry is None:
        return
    returned = Custody.objects.filter(
        copy__document_id=document_id, kind=CustodyKind.CIRCULATION, returned_at__isnull=False
    ).values_list("holder_id", flat=True)
    if set(entry.readers.values_list("pk", flat=True)) <= set(returned):
        entry.circulated_at = at
        entry.save(update_fields=["circulated_at"])


@operation
def import_incoming(
    *, actor: Actor, rows: list[imports.Row], dry_run: bool
) -> list[imports.Parsed]:
    """Import the lines of an existing incoming register (read by ``imports.read_upload``),
    all or none: any rejected row refuses the whole import with ``imports.ImportRejected``
    listing every rejected row and why (CLS-MARK, CLS-TERM, CLS-MAC, IN-NUMBER). Register
    numbers are kept as given, unique per year and register, and each register's counter
    moves past the highest imported number (IN-NUMBER); a document number from one issuer
    repeated in the year is a second receipt only where its row says so. The copies keep
    their numbers (份号) and are with the clerk; the slips of imported lines were handled on
    paper, so nothing is due (no IN-ROUTE or IN-URGENT deadline). ``dry_run`` checks and
    answers the rows, writing nothing; otherwise one audit event records the import and the
    rows come back with their entries' ids."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    accepted = imports.SPEC.accepted(imports.check(clerk, rows))
    if dry_run:
        return accepted
    org = clerk.organisation_id
    highest: dict[tuple[int, str], int] = {}
    for row in accepted:
        key = (row.year, row.series)
        highest[key] = max(highest.get(key, 0), row.sequence)
    # IN-NUMBER: lock the registers written into (in key order) before numbering into them.
    counters = [_counter(org, year, series) for year, series in sorted(highest)]
    try:
        entries = [
            _register(
                actor,
                clerk,
                at=row.received_at,
                opened=row.received_at,
                year=row.year,
                sequence=row.sequence,
                # 份号 as kept: copies 17-19 of a print run of at least 19.
                copies=max(row.copy_numbers),
                numbers=list(row.copy_numbers),
                deadlines=False,
                number=row.document_number,
                title=row.title,
                level=row.level,
                term_years=row.term_years,
                issuer=row.issuer,
                urgency=row.urgency,
                recall_date=row.recall_date,
                second_receipt=row.second_receipt,
            )
            for row in accepted
        ]
    except IntegrityError:
        # A registration took one of the file's numbers between the check and now.
        raise Conflict(_("A register number of the file was taken meanwhile; try again.")) from None
    for counter in counters:
        counter.last = max(counter.last, highest[(counter.year, counter.series)])
        counter.save(update_fields=["last"])
    imported = imports.created(accepted, entries)
    record_event(
        actor=actor,
        action=IMPORTED,
        data={
            "count": len(imported),
            "rows": [row.number for row in imported],
            "entries": [row.entry_id for row in imported],
            "documents": [row.document_id for row in imported],
            # [line, the first receipt's line] of each confirmed second receipt (IN-NUMBER)
            "second_receipts": [[e.pk, e.repeat_of_id] for e in entries if e.repeat_of_id],
            "counters": {f"{y}/{s}": highest[(y, s)] for y, s in sorted(highest)},
            "rules": ["IN-NUMBER", "CLS-MARK", "CLS-TERM"],
        },
    )
    return imported
