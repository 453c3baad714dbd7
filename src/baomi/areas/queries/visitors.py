"""Reads of the visitors' register (外来人员, AREA-ACCESS), through ``policies.VISITORS`` (the
security office: its organisation's visitors; a host: the visitors they host).

- ``check_id_number``: the identity document's number as the register keeps it — a resident
  identity card (居民身份证) is 18 characters, 17 digits and a check character (a digit or X)
  computed as GB 11643-1999 says, with a real birth date; any other document at most 40
  characters without a control character. A bad number is InvalidInput naming ``id_number``.
- ``on_premises``: a visitor is on the premises from their arrival until they are signed out.
- A visitor never receives a document or material (AREA-ACCESS): ``refuse_documents`` is the
  one refusal for any domain that would hand one to a visitor (the meetings' papers).
- The register 来访人员登记簿 (``register_table``/``export``): the office's .xlsx keeps the
  document number in full (the office identifies the visitor with it); the PDF, a printed page
  that travels, shows only its last four characters (``masked``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.areas.models import IdKind, Visitor
from baomi.areas.policies import AREA_OFFICE, VISITORS, keeps_areas
from baomi.areas.queries.registers import (
    MAX_LINES,
    check_period,
    heading,
    inside_first,
)
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.paper import moment_text
from baomi.core.registers import Filters
from baomi.core.text import bounded_text
from baomi.rulebook import book

RULE = "AREA-ACCESS"
PAGE_SIZE = 50

REGISTER_EXPORTED = register_action(
    "areas.visitors_exported", gettext_lazy("Visitors' register exported")
)

# GB 11643-1999: the weights of the 17 digits and the check character of the sum mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
ID_CARD_LENGTH = 18
OTHER_MAX = 40


def id_card_check(first17: str) -> str:
    """The check character of a resident identity card's first 17 digits (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def check_id_number(kind: str, number: Any) -> str:
    """The document number as kept (stripped; an identity card's x as X), or InvalidInput
    naming ``id_number`` (``id_kind`` for a kind that is none)."""
    if kind not in IdKind.values:
        raise InvalidInput(_("Choose the kind of identity document."), field="id_kind")
    text = bounded_text(number, "id_number", OTHER_MAX, required=True)
    if kind != IdKind.ID_CARD:
        return text
    text = text.upper()
    if len(text) != ID_CARD_LENGTH:
        raise InvalidInput(
            _("A resident identity card number has 18 characters."), field="id_number"
        )
    first17, last = text[:17], text[17]
    if not (first17.isascii() and first17.isdigit()) or last not in "0123456789X":
        raise InvalidInput(
            _("A resident identity card number is 17 digits and a digit or X."),
            field="id_number",
        )
    try:
        born = datetime.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > timezone.localdate():
        raise InvalidInput(
            _("The birth date in the identity card number is not a date."), field="id_number"
        )
    if id_card_check(first17) != last:
        raise InvalidInput(
            _("The identity card number's check character does not match (GB 11643)."),
            field="id_number",
        )
    return text


def masked(number: str) -> str:
    """The number as a printed page shows it: its last four characters, the rest starred."""
    return "*" * max(len(number) - 4, 0) + number[-4:]


def on_premises(visitor: Visitor) -> bool:
    """Whether the visitor is on the premises: arrived and not signed out."""
    return visitor.left_at is None and visitor.arrived_at <= timezone.now()


# The name kept for the meetings and any other domain asking about one visitor.
visitor_on_premises = on_premises


def refuse_documents(organisation_id: int | None) -> None:
    """AREA-ACCESS: a visitor never receives a document or material. Raises RuleViolation
    (AREA-ACCESS) — for an operation that would hand one to a visitor (a meeting's paper to a
    visitor attending). Switched off with the rule, as every check of the rulebook."""
    book.require(
        organisation_id,
        RULE,
        False,
        _("A visitor never receives a document or material (AREA-ACCESS)."),
    )


def visitors(
    actor: Actor,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    unit: str = "",
    host_id: int | None = None,
    present: bool = False,
) -> QuerySet[Visitor]:
    """The visitors ``actor`` may know, those on the premises first, then the latest arrival;
    narrowed to arrivals from ``since`` to ``until`` (local days), a ``unit`` (part of its
    name), a host, or those still on the premises."""
    qs = VISITORS.known(actor).select_related("host", "host__department")
    if since is not None:
        qs = qs.filter(arrived_at__date__gte=since)
    if until is not None:
        qs = qs.filter(arrived_at__date__lte=until)
    if unit:
        qs = qs.filter(unit__icontains=unit)
    if host_id is not None:
        qs = qs.filter(host_id=host_id)
    if present:
        qs = qs.filter(left_at=None)
    return inside_first(qs, "arrived_at")


def visitor(actor: Actor, visitor_id: int) -> Visitor:
    """One visitor the actor may know, or NotFound (another host's, another organisation's)."""
    found = VISITORS.known(actor).select_related("host").filter(pk=visitor_id).first()
    if found is None:
        raise NotFound(_("No such visitor."))
    return found


def present_today(actor: Actor) -> QuerySet[Visitor]:
    """The visitors on the premises now (not signed out), latest arrival first."""
    return visitors(actor, present=True)


def not_signed_out(organisation_id: int, moment: datetime.datetime) -> QuerySet[Visitor]:
    """Every visitor of the organisation arrived before ``moment`` and not signed out (the
    deadlines read it; no actor, the engine's)."""
    return Visitor.objects.filter(
        organisation_id=organisation_id, left_at=None, arrived_at__lte=moment
    )


def hosts(actor: Actor) -> Any:
    """The people who may host a visitor, as a register form offers them: the organisation's
    active people for the office (their name and department only, what the picker and the
    filter show), else the actor's own person."""
    from baomi.org.models import Employment, Person

    if keeps_areas(actor):
        return (
            Person.objects.filter(
                organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
            )
            .select_related("department")
            .only("pk", "name", "department__name")
            .order_by("department__path", "name", "pk")
        )
    person = getattr(actor, "person", None)
    return [person] if person is not None and person.is_active else []


# The register 来访人员登记簿 ---------------------------------------------------------------

COLUMNS = (
    ("day", gettext_lazy("Date")),
    ("name", gettext_lazy("Name")),
    ("id_kind", gettext_lazy("Identity document")),
    ("id_number", gettext_lazy("Document number")),
    ("unit", gettext_lazy("Unit")),
    ("foreign", gettext_lazy("Foreign")),
    ("host", gettext_lazy("Host")),
    ("purpose", gettext_lazy("Purpose")),
    ("arrived", gettext_lazy("Arrived")),
    ("left", gettext_lazy("Left")),
    ("areas", gettext_lazy("Areas entered (escort)")),
)


def register_table(
    actor: Actor,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    mask: bool = False,
) -> exports.Table:
    """来访人员登记簿 of the period, the office's (AREA-ACCESS): a line per visitor, oldest
    first, with the areas they entered and their escorts; ``mask`` shows only the document
    number's last four characters."""
    require(actor, AREA_OFFICE)
    check_period(since, until)
    found = list(
        visitors(actor, since=since, until=until)
        .order_by("arrived_at", "pk")
        .prefetch_related("entries__area", "entries__escort")[:MAX_LINES]
    )
    rows = []
    for v in found:
        number = masked(v.id_number) if mask else v.id_number
        areas = "；".join(
            f"{e.area.name}（{e.escort.name if e.escort else '—'}）"
            for e in sorted(v.entries.all(), key=lambda e: e.entered_at)
        )
        rows.append(
            [
                timezone.localtime(v.arrived_at).strftime("%Y-%m-%d"),
                v.name,
                str(IdKind(v.id_kind).label),
                number,
                v.unit,
                _("yes") if v.foreign else "",
                v.host.name,
                v.purpose,
                moment_text(v.arrived_at),
                moment_text(v.left_at),
                areas,
            ]
        )
    return exports.Table(
        title=_("Visitors' register"),
        **heading(actor, since, until),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=rows,
    )


def export(
    actor: Actor,
    file_format: str,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> exports.Export:
    """The register as .xlsx (numbers in full) or PDF (numbers masked); recorded in the audit
    log."""
    exports.require_format(file_format)
    table = register_table(actor, since=since, until=until, mask=file_format == exports.PDF)
    return recorded_export(
        actor,
        table,
        file_format,
        action=REGISTER_EXPORTED,
        filters=Filters(date_from=since, date_to=until),
        data={
            "rule": RULE,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
    )
