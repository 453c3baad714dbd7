"""Reads of the list of secure areas (AREA-LIST), through ``policies.AREAS`` (the office:
every area of its organisation; a knowing person: the areas they keep or are assigned to) and
``policies.VENUES`` (the meetings' venue picker): the office's filtered list, one area with
its people, one's own areas, the register (要害部门部位登记表) as .xlsx and PDF, the keys a
person holds (HANDOVER) and the candidates the forms offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import actor_organisation_id, require
from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.areas.policies import AREA_OFFICE, AREAS, VENUES, current_assignments
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports, paper
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance, Level
from baomi.org.models import Employment, Organisation, Person

PAGE_SIZE = 50
REGISTER_TITLE = gettext_lazy("Register of key secure areas")
EXPORTED = register_action(
    "areas.register_exported", gettext_lazy("Register of key secure areas exported")
)


@dataclass(frozen=True)
class AreaFilters:
    """The list's filters, each optional: kind, level, department, in use or not."""

    kind: str = ""
    level: int | None = None
    department_id: int | None = None
    active: bool | None = None


def _with_people(found: QuerySet[SecureArea]) -> QuerySet[SecureArea]:
    return found.select_related("department", "keeper", "keeper__department").annotate(
        assigned=Count("assignments", filter=Q(assignments__until=None))
    )


def known_areas(actor: Actor) -> QuerySet[SecureArea]:
    """Every area ``actor`` may know, with ``assigned`` (the people assigned now) annotated."""
    return _with_people(AREAS.known(actor))


def office_areas(actor: Actor, filters: AreaFilters | None = None) -> QuerySet[SecureArea]:
    """The office's list of the organisation's areas, filtered: the security office only."""
    require(actor, AREA_OFFICE)
    found = known_areas(actor)
    f = filters or AreaFilters()
    if f.kind:
        found = found.filter(kind=f.kind)
    if f.level is not None:
        found = found.filter(level=f.level)
    if f.department_id is not None:
        found = found.filter(department_id=f.department_id)
    if f.active is not None:
        found = found.filter(active=f.active)
    return found.order_by("-active", "name", "pk")


def area(actor: Actor, area_id: int) -> SecureArea:
    """One area ``actor`` may know, or NotFound (another's, another organisation's)."""
    found = known_areas(actor).filter(pk=area_id).first()
    if found is None:
        raise NotFound(_("No such secure area."))
    return found


def assignments(actor: Actor, area_id: int, *, ended: bool = False) -> QuerySet[AreaAssignment]:
    """The people assigned to an area the actor may know: now (or those ended)."""
    found = area(actor, area_id)
    qs = AreaAssignment.objects.filter(area=found, until__isnull=not ended)
    return qs.select_related("person", "person__department", "assigned_by").order_by(
        "-until" if ended else "since", "person__name", "pk"
    )


def mine(actor: Actor) -> list[tuple[SecureArea, str]]:
    """The areas in use the actor's own person keeps or is assigned to, each with how
    (keeper, assigned): the home panel's "my secure areas"."""
    person = knower(actor)
    if person is None:
        return []
    found = (
        AREAS.known(actor)
        .filter(active=True)
        .filter(
            Q(keeper_id=person.pk)
            | Q(pk__in=current_assignments().filter(person_id=person.pk).values("area_id"))
        )
        .select_related("department")
        .order_by("name", "pk")
    )
    return [
        (a, str(_("Keeper")) if a.keeper_id == person.pk else str(_("Assigned"))) for a in found
    ]


def venues(actor: Actor) -> QuerySet[SecureArea]:
    """The areas in use a meeting may be held in, for the meetings' venue picker: the
    organisation's, to whoever organises meetings (MANAGE_MEETINGS) or keeps the list
    (MANAGE_AREAS); none to anyone else. Meeting rooms first."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        VENUES.known(actor)
        .annotate(
            room_first=Case(
                When(kind=AreaKind.MEETING_ROOM, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("department", "keeper")
        .order_by("room_first", "name", "pk")
    )


def candidates(actor: Actor) -> QuerySet[Person]:
    """The people the office may choose as keeper or assign: the organisation's people in
    post (their clearance is the operation's question, the forms show it)."""
    require(actor, AREA_OFFICE)
    return (
        Person.objects.filter(
            organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
        )
        .select_related("department")
        .order_by("department__path", "name", "pk")
    )


def held_keys(person: Person) -> list[str]:
    """HANDOVER (``org.holdings``): the keys ``person`` holds — one line per area in use they
    keep; a person keeping one cannot be marked as left until the key is handed over."""
    names = SecureArea.objects.filter(keeper_id=person.pk, active=True).order_by("name", "pk")
    return [
        _("keeps the key of %(name)s") % {"name": name}
        for name in names.values_list("name", flat=True)
    ]


# The register (要害部门部位登记表, AREA-LIST), as printed.


def _people_text(names: list[str]) -> str:
    return "、".join(names) if len(names) <= 8 else _("%(n)d people") % {"n": len(names)}


def register_table(actor: Actor, filters: AreaFilters | None = None) -> exports.Table:
    """The register of the organisation's key secure areas (the office's), one line per
    area as the list filters it: number, name, kind, level, department, keeper, location,
    protective measures, the people assigned (their names, or how many beyond eight)."""
    found = list(office_areas(actor, filters))
    assigned: dict[int, list[str]] = {}
    for area_id, name in (
        AreaAssignment.objects.filter(area__in=[a.pk for a in found], until=None)
        .order_by("person__name", "pk")
        .values_list("area_id", "person__name")
    ):
        assigned.setdefault(area_id, []).append(name)
    kinds = dict(AreaKind.choices)
    columns = [
        ("number", _("No.")),
        ("name", _("Name")),
        ("kind", _("Kind")),
        ("level", _("Level")),
        ("department", _("Department")),
        ("keeper", _("Keeper")),
        ("location", _("Location")),
        ("measures", _("Protective measures")),
        ("people", _("People assigned")),
    ]
    rows = [
        [
            str(n),
            a.name,
            str(kinds.get(a.kind, a.kind)),
            paper.level_text(a.level),
            a.department.name,
            a.keeper.name,
            a.location,
            a.measures,
            _people_text(assigned.get(a.pk, [])),
        ]
        for n, a in enumerate(found, start=1)
    ]
    organisation = Organisation.objects.filter(pk=actor_organisation_id(actor)).first()
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=organisation.name if organisation else "",
        period="",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        level=paper.highest(a.level for a in found),
    )


def export(actor: Actor, file_format: str, filters: AreaFilters | None = None) -> exports.Export:
    """The register as .xlsx or PDF; the export is recorded in the audit log."""
    exports.require_format(file_format)
    table = register_table(actor, filters)
    f = filters or AreaFilters()
    return recorded_export(
        actor,
        table,
        file_format,
        action=EXPORTED,
        organisation_id=actor_organisation_id(actor),
        data={
            "rules": ["AREA-LIST"],
            "kind": f.kind,
            "level": f.level,
            "department": f.department_id,
            "active": f.active,
        },
    )


def covers(person: Person, level: int) -> bool:
    """Whether ``person``'s clearance covers ``level`` (what the pickers show)."""
    return Clearance(person.clearance).dominates(level)


def level_label(level: Any) -> str:
    return str(Level(level).label) if level in Level.values else "—"
