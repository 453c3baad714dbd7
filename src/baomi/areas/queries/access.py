"""Reads of the access log of the secure areas (要害部位出入登记, AREA-ACCESS), through
``policies.ENTRIES`` (the security office: its organisation's entries; a keeper: the entries
of the areas they keep).

Who needs permission: anyone entering an area they are not assigned to. The area's keeper
and the people with a current assignment (``assigned``) enter without one, and nothing is
logged for them. Permission is either asked ahead — an approval request (operation
``areas.enter``, subject the area) whose ``params`` pin the area, the entrant (a person or a
visitor) and the day (``approval_params``), used when the entry is logged — or granted on the
spot by the area's keeper, who logs the entry themselves.

Who escorts: a visitor always, and a person whose clearance is below the area's level; the
escort is an active person of the organisation who is the area's keeper or assigned to it
(``escorts``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import actor_organisation_id, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.queries import granted
from baomi.areas.models import AreaEntry, SecureArea
from baomi.areas.policies import AREA_OFFICE, ENTRIES, current_assignments, keeps_areas
from baomi.areas.queries.registers import (
    MAX_LINES,
    check_period,
    heading,
    inside_first,
)
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports
from baomi.core.errors import NotFound
from baomi.core.levels import Level
from baomi.core.paper import moment_text
from baomi.core.registers import Filters
from baomi.org.models import Employment, Person

RULE = "AREA-ACCESS"
# The approval operation and subject type of an entry asked ahead.
OPERATION = "areas.enter"
SUBJECT = "areas.securearea"
PAGE_SIZE = 50
# How far ahead an entry may be asked for.
MAX_AHEAD = datetime.timedelta(days=90)

REGISTER_EXPORTED = register_action(
    "areas.access_log_exported", gettext_lazy("Secure areas' access log exported")
)


def approval_params(
    area_id: int, day: datetime.date, *, person_id: int | None, visitor_id: int | None
) -> dict[str, Any]:
    """What an approval of an entry authorises: this area, this entrant, this day (compared
    for equality when the entry is logged)."""
    entrant = {"person_id": person_id} if person_id is not None else {"visitor_id": visitor_id}
    return {"area_id": area_id, **entrant, "day": day.isoformat()}


def assigned(area: SecureArea, person_id: int, day: datetime.date | None = None) -> bool:
    """Whether the person enters ``area`` without permission on ``day`` (today): its keeper,
    or assigned to it then (since that day, not ended before it)."""
    if area.keeper_id == person_id:
        return True
    day = day or timezone.localdate()
    from baomi.areas.models import AreaAssignment

    return (
        AreaAssignment.objects.filter(area_id=area.pk, person_id=person_id, since__lte=day)
        .filter(Q(until=None) | Q(until__gte=day))
        .exists()
    )


def escorts(area: SecureArea) -> QuerySet[Person]:
    """Who may escort someone into ``area``: its keeper and the people currently assigned to
    it, active, of its organisation."""
    assignees = current_assignments().filter(area_id=area.pk).values("person_id")
    return (
        Person.objects.filter(
            Q(pk=area.keeper_id) | Q(pk__in=assignees),
            organisation_id=area.organisation_id,
            employment=Employment.ACTIVE,
        )
        .select_related("department")
        .order_by("name", "pk")
    )


def may_escort(area: SecureArea, person: Person) -> bool:
    return (
        person.is_active
        and person.organisation_id == area.organisation_id
        and (
            person.pk == area.keeper_id
            or current_assignments().filter(area_id=area.pk, person_id=person.pk).exists()
        )
    )


def cleared_for(person: Person, area: SecureArea) -> bool:
    """Whether the person's clearance covers the area's level (else they enter escorted)."""
    return int(area.level) <= int(person.clearance)


def loggable_areas(actor: Actor) -> QuerySet[SecureArea]:
    """The areas whose entries ``actor`` logs: the office's every area in use, a keeper's the
    areas they keep."""
    organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        return SecureArea.objects.none()
    qs = SecureArea.objects.filter(organisation_id=organisation_id, active=True)
    if keeps_areas(actor):
        return qs.select_related("keeper", "department")
    person = knower(actor)
    if person is None:
        return SecureArea.objects.none()
    return qs.filter(keeper_id=person.pk).select_related("keeper", "department")


def may_log(actor: Actor, area: SecureArea) -> bool:
    """Whether ``actor`` logs entries into ``area``: the security office or its keeper."""
    if actor_organisation_id(actor) != area.organisation_id:
        return False
    if keeps_areas(actor):
        return True
    person = knower(actor)
    return person is not None and area.keeper_id == person.pk


def keeps_some_area(actor: Actor) -> bool:
    """Whether ``actor`` is the keeper of an area in use (the access log's tab for them)."""
    person = knower(actor)
    return (
        person is not None and SecureArea.objects.filter(keeper_id=person.pk, active=True).exists()
    )


def entries(
    actor: Actor,
    *,
    area_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    open_only: bool = False,
) -> QuerySet[AreaEntry]:
    """The entries ``actor`` may know, open ones first, then the latest; narrowed to an area,
    entries from ``since`` to ``until`` (local days) or those without an exit."""
    qs = ENTRIES.known(actor).select_related(
        "area", "person", "person__department", "visitor", "escort", "granted_by", "approval"
    )
    if area_id is not None:
        qs = qs.filter(area_id=area_id)
    if since is not None:
        qs = qs.filter(entered_at__date__gte=since)
    if until is not None:
        qs = qs.filter(entered_at__date__lte=until)
    if open_only:
        qs = qs.filter(left_at=None)
    return inside_first(qs, "entered_at")


def entry(actor: Actor, entry_id: int) -> AreaEntry:
    found = entries(actor).filter(pk=entry_id).first()
    if found is None:
        raise NotFound(_("No such entry."))
    return found


def open_entries(actor: Actor) -> QuerySet[AreaEntry]:
    """The entries the actor may know that have no exit yet."""
    return entries(actor, open_only=True)


def open_at(organisation_id: int, moment: datetime.datetime) -> QuerySet[AreaEntry]:
    """Every entry of the organisation begun before ``moment`` without an exit (the
    deadlines; the engine's read, no actor)."""
    return AreaEntry.objects.filter(
        organisation_id=organisation_id, left_at=None, entered_at__lte=moment
    )


def entrant_name(found: AreaEntry) -> str:
    if found.person_id:
        return found.person.name
    return f"{found.visitor.name}（{found.visitor.unit}）"


def permission_text(found: AreaEntry) -> str:
    """How the entry was permitted, as the register says it: the approval's number, or the
    keeper who granted it on the spot."""
    if found.approval_id:
        return _("Approval no. %(id)d") % {"id": found.approval_id}
    if found.granted_by_id:
        return _("On the spot: %(name)s") % {"name": found.granted_by.name}
    return _("Rule switched off")


def approved_ahead(actor: Actor, day: datetime.date | None = None) -> list[ApprovalRequest]:
    """The granted, unused approvals of entries into the areas the actor logs, for ``day``
    (today): what the keeper will see arrive."""
    organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        return []
    area_ids = [str(pk) for pk in loggable_areas(actor).values_list("pk", flat=True)]
    if not area_ids:
        return []
    day_text = (day or timezone.localdate()).isoformat()
    found = granted(organisation_id, OPERATION).filter(
        subject_type=SUBJECT, subject_id__in=area_ids
    )
    return [r for r in found.order_by("created_at", "pk")[:200] if r.params.get("day") == day_text]


def areas_by_id(ids: Any) -> dict[int, SecureArea]:
    return {a.pk: a for a in SecureArea.objects.filter(pk__in=list(ids))}


# The register 要害部位出入登记簿 -----------------------------------------------------------

COLUMNS = (
    ("area", gettext_lazy("Area")),
    ("level", gettext_lazy("Level")),
    ("who", gettext_lazy("Who entered")),
    ("kind", gettext_lazy("Person or visitor")),
    ("purpose", gettext_lazy("Purpose")),
    ("permission", gettext_lazy("Permission")),
    ("escort", gettext_lazy("Escort")),
    ("entered", gettext_lazy("In")),
    ("left", gettext_lazy("Out")),
)


def register_table(
    actor: Actor,
    *,
    area_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> exports.Table:
    """要害部位出入登记簿 of the period (AREA-ACCESS): the office's every area, a keeper's
    their own areas; a line per entry, oldest first."""
    if not keeps_areas(actor) and not keeps_some_area(actor):
        require(actor, AREA_OFFICE)
    check_period(since, until)
    found = list(
        entries(actor, area_id=area_id, since=since, until=until).order_by("entered_at", "pk")[
            :MAX_LINES
        ]
    )
    rows = [
        [
            e.area.name,
            str(Level(e.area.level).label),
            entrant_name(e),
            str(_("Person")) if e.person_id else str(_("Visitor")),
            e.purpose,
            permission_text(e),
            e.escort.name if e.escort_id else "",
            moment_text(e.entered_at),
            moment_text(e.left_at),
        ]
        for e in found
    ]
    return exports.Table(
        title=_("Secure areas' access log"),
        **heading(actor, since, until),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=rows,
        level=max((int(e.area.level) for e in found), default=None),
    )


def export(
    actor: Actor,
    file_format: str,
    *,
    area_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> exports.Export:
    """The access log as .xlsx or PDF; the export is recorded in the audit log."""
    exports.require_format(file_format)
    table = register_table(actor, area_id=area_id, since=since, until=until)
    return recorded_export(
        actor,
        table,
        file_format,
        action=REGISTER_EXPORTED,
        filters=Filters(date_from=since, date_to=until),
        data={
            "rule": RULE,
            "area": area_id,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
    )


# What the pages show beside the log ------------------------------------------------------------


def present_visitors(actor: Actor) -> Any:
    """The visitors on the premises an entry form offers: the office's (its organisation's)
    and a keeper's (the organisation's: a keeper logs any visitor they see in escorted); a
    host's own otherwise."""
    from baomi.areas.models import Visitor
    from baomi.areas.queries.visitors import present_today

    if not keeps_areas(actor) and keeps_some_area(actor):
        return Visitor.objects.filter(
            organisation_id=actor_organisation_id(actor), left_at=None
        ).order_by("-arrived_at")[:200]
    return present_today(actor)


def request_areas(actor: Actor) -> QuerySet[SecureArea]:
    """The areas an entry may be asked for: the organisation's in use (their names only)."""
    return SecureArea.objects.filter(
        organisation_id=actor_organisation_id(actor), active=True
    ).order_by("name", "pk")


def area_of(actor: Actor, area_id: Any) -> SecureArea | None:
    """An area of the actor's organisation by id (an approval's subject or parameter), or
    None."""
    if not isinstance(area_id, int):
        return None
    return SecureArea.objects.filter(
        pk=area_id, organisation_id=actor_organisation_id(actor)
    ).first()


def visitor_label(actor: Actor, visitor_id: Any) -> str | None:
    """A visitor of the actor's organisation as an approval's sentence names them, or None."""
    from baomi.areas.models import Visitor

    if not isinstance(visitor_id, int):
        return None
    found = Visitor.objects.filter(
        pk=visitor_id, organisation_id=actor_organisation_id(actor)
    ).first()
    return f"{found.name}（{found.unit}）" if found else None
