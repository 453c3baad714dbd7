"""The incoming register (收文): registration with a gapless number per year and series, the
routing slip to the office director and the director's instruction (IN-*)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    CarrierType,
    Copy,
    CopyState,
    DocumentKind,
    IncomingEntry,
    RegisterCounter,
    Series,
    Urgency,
)
from baomi.carriers.operations._common import (
    create_document,
    end_of_today,
    end_of_working_day_after,
    level_of,
    me,
    move,
    now,
)
from baomi.core.errors import InvalidInput
from baomi.core.levels import Level
from baomi.org.models import Department
from baomi.rulebook import book

REGISTERED = register_action("carriers.incoming_registered", gettext_lazy("Incoming registered"))

MAX_COPIES = 999


def next_number(org: int, year: int, series: str) -> int:
    """IN-NUMBER: the next number of one register, gapless and never reused. The counter row
    is created once (a concurrent creator's insert is ignored) and then locked: concurrent
    registrations queue on it, and a rolled-back registration gives its number back."""
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(organisation_id=org, year=year, series=series)], ignore_conflicts=True
    )
    counter = RegisterCounter.objects.select_for_update().get(
        organisation_id=org, year=year, series=series
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


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


def _office_director(org: int):
    office = (
        Department.objects.filter(organisation_id=org, is_general_office=True)
        .select_related("head")
        .first()
    )
    head = office.head if office else None
    return head if head is not None and head.is_active else None


@operation
def register_incoming(
    *,
    actor: Any,
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
) -> IncomingEntry:
    """收文登记: register a received document and the copies that came with it.

    The register number comes from the year's classified or general register (IN-NUMBER);
    a registration on a later day than the envelope was opened is flagged late
    (IN-SAMEDAY); the routing slip is due to the office director within IN-ROUTE.route_days
    working days; circulation is due at once for urgent items and within IN-URGENT.normal_days
    otherwise. Unclassified documents of the central committee go into the classified register
    and are kept apart (CLS-CENTRAL-DOCS)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    org = clerk.organisation_id
    at = now()
    opened = opened_at or at
    if opened > at:
        raise InvalidInput(_("The envelope cannot be opened in the future."), field="opened_at")
    if urgency not in Urgency.values:
        raise InvalidInput(_("Unknown urgency."), field="urgency")
    if carrier_type not in CarrierType.values:
        raise InvalidInput(_("Unknown carrier type."), field="carrier_type")
    numbers = _copy_numbers(copies, copy_numbers)
    director = _office_director(org)
    named = list(named_people_ids or [])
    if director is not None and director.clearance >= level_of(level):
        # The routing slip goes to the director (IN-ROUTE), who must be able to read it.
        named.append(director.pk)
    doc = create_document(
        actor,
        clerk,
        number=number,
        title=title,
        level=level,
        term_years=term_years,
        issuer=issuer,
        named_people_ids=named,
        department_ids=department_ids,
        kind=DocumentKind.INCOMING,
        urgency=urgency,
        addressee_only=bool(addressee_only),
        carrier_type=carrier_type,
        recall_date=recall_date,
        central=bool(central),
        subject_words=subject_words.strip(),
        copies_count=copies,
    )
    # IN-NUMBER: classified and general items are numbered apart; CLS-CENTRAL-DOCS: central
    # committee documents are handled as classified whatever their level.
    series = Series.CLASSIFIED if doc.level >= Level.CONFIDENTIAL or central else Series.GENERAL
    year = timezone.localdate(at).year
    register_days = book.param(org, "IN-SAMEDAY", "register_days")
    late = timezone.localdate(at) > timezone.localdate(opened) + datetime.timedelta(
        days=register_days
    )
    if urgency == Urgency.NORMAL:
        circulation_due = end_of_working_day_after(
            org, book.param(org, "IN-URGENT", "normal_days"), at
        )
    else:
        circulation_due = end_of_today(org, at)
    entry = IncomingEntry.objects.create(
        organisation_id=org,
        document=doc,
        year=year,
        series=series,
        sequence=next_number(org, year, series),
        received_from=issuer.strip(),
        opened_at=opened,
        registered_at=at,
        late=late,
        director=director,
        route_due_at=end_of_working_day_after(org, book.param(org, "IN-ROUTE", "route_days"), at),
        circulation_due_at=circulation_due,
    )
    location = _("central documents cabinet") if central else ""
    for n in numbers:
        copy = Copy.objects.create(
            organisation_id=org,
            document=doc,
            number=n,
            custodian=clerk,
            holder=clerk,
            state=CopyState.WITH_CUSTODIAN,
            location=location,
            updated_at=at,
        )
        move(
            copy,
            actor=actor,
            action="registered",
            state=CopyState.WITH_CUSTODIAN,
            holder=clerk,
            at=at,
        )
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=doc,
        data={
            "year": year,
            "series": series,
            "sequence": entry.sequence,
            "level": doc.level,
            "copies": numbers,
            "late": late,
            "rules": ["IN-NUMBER", "IN-SAMEDAY", "CLS-MARK"],
        },
    )
    return entry
