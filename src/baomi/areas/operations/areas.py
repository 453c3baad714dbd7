"""The list of key secure departments and places (要害部门部位, AREA-LIST): the security
office (MANAGE_AREAS) registers each area with its level, owning department, keeper,
location and protective measures (技防/物防措施), changes it, hands its key from one keeper
to the next, assigns the people who work in it and ends their assignments, and takes an area
out of use.

The keeper and every assigned person are active people of the organisation whose clearance
covers the area's level (AREA-LIST names the person refused). An assignment is a standing
entry right, so AREA-ACCESS would also fit its clearance check; it is refused with AREA-LIST
because the assigned people are part of the list itself — the list registers each area with
its level and who works in it, and a list naming someone not cleared for the level is a list
that is wrong, whatever the entries — while AREA-ACCESS stays the rule of the access log, the
entries of those *not* assigned. Nobody makes themselves keeper or assigns themselves, nor
ends their own assignment (ROLE-SEPARATION). Taking an area out of use ends its assignments
on that day (recorded in the event); its keeper stays on the record but holds no key
(``queries.areas.held_keys``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require_or_installer
from baomi.areas.models import AreaAssignment, AreaKind, SecureArea
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.inputs import past_day
from baomi.core.levels import Clearance, Level
from baomi.core.text import bounded_text
from baomi.org.models import Department, Person
from baomi.org.operations import refuse_oneself
from baomi.rulebook import book

AREA_REGISTERED = register_action("areas.registered", gettext_lazy("Secure area registered"))
AREA_CHANGED = register_action("areas.changed", gettext_lazy("Secure area changed"))
KEEPER_CHANGED = register_action(
    "areas.keeper_changed", gettext_lazy("Secure area's keeper changed (key handed over)")
)
AREA_ASSIGNED = register_action("areas.assigned", gettext_lazy("Assigned to a secure area"))
ASSIGNMENT_ENDED = register_action(
    "areas.assignment_ended", gettext_lazy("Assignment to a secure area ended")
)
AREA_DEACTIVATED = register_action(
    "areas.deactivated", gettext_lazy("Secure area taken out of use")
)

RULE = "AREA-LIST"
MAX_NAME = 100
MAX_LOCATION = 200
MAX_MEASURES = 2000
# A secure area is controlled: internal and up (a public place is no 要害部位).
AREA_LEVELS = (Level.INTERNAL, Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)


def _organisation(actor: Actor | None, organisation_id: int | None) -> int:
    if actor is not None:
        found = actor_organisation_id(actor)
        if found is None:
            raise NotFound(_("No such secure area."))
        return found
    if organisation_id is None:
        raise InvalidInput(_("Name the organisation."), field="organisation")
    return organisation_id


def _area(actor: Actor | None, area_id: Any, *, lock: bool = False) -> SecureArea:
    qs = SecureArea.objects.select_for_update() if lock else SecureArea.objects
    area = qs.filter(pk=area_id).first() if isinstance(area_id, int) else None
    # Another organisation's area answers exactly like a missing one.
    if area is None or (actor is not None and area.organisation_id != actor_organisation_id(actor)):
        raise NotFound(_("No such secure area."))
    return area


def _person(organisation_id: int, person_id: Any, field: str, *, lock: bool = False) -> Person:
    qs = Person.objects.select_for_update() if lock else Person.objects
    person = (
        qs.filter(pk=person_id, organisation_id=organisation_id).first()
        if isinstance(person_id, int) and not isinstance(person_id, bool)
        else None
    )
    if person is None:
        raise InvalidInput(_("No such person."), field=field)
    return person


def _level_label(level: int) -> str:
    return str(Level(level).label)


def _fits(organisation_id: int, person: Person, level: int, role: str) -> None:
    """AREA-LIST: ``person`` is active and cleared for ``level``; the refusal names them."""
    book.require(
        organisation_id,
        RULE,
        person.is_active,
        _("%(name)s has left and cannot be %(role)s of a secure area.")
        % {"name": person.name, "role": role},
    )
    book.require(
        organisation_id,
        RULE,
        Clearance(person.clearance).dominates(level),
        _("The area is %(level)s but %(name)s is cleared %(class)s: they cannot be %(role)s.")
        % {
            "level": _level_label(level),
            "name": person.name,
            "class": Clearance(person.clearance).label,
            "role": role,
        },
    )


def _keeper_word() -> str:
    return _("its keeper")


def _assigned_word() -> str:
    return _("assigned to it")


def _fields(
    organisation_id: int,
    *,
    name: Any,
    kind: Any,
    level: Any,
    department_id: Any,
    location: Any,
    measures: Any,
) -> dict[str, Any]:
    if kind not in AreaKind.values:
        raise InvalidInput(_("Choose the kind of area."), field="kind")
    if isinstance(level, bool) or level not in AREA_LEVELS:
        raise InvalidInput(
            _("A secure area is internal, confidential, secret or top secret."), field="level"
        )
    department = (
        Department.objects.filter(pk=department_id, organisation_id=organisation_id).first()
        if isinstance(department_id, int) and not isinstance(department_id, bool)
        else None
    )
    if department is None:
        raise InvalidInput(_("No such department."), field="department")
    return {
        "name": bounded_text(name, "name", MAX_NAME, required=True),
        "kind": kind,
        "level": int(level),
        "department": department,
        "location": bounded_text(location, "location", MAX_LOCATION),
        "measures": bounded_text(measures, "measures", MAX_MEASURES, multiline=True),
    }


def _saved(area: SecureArea) -> None:
    taken = SecureArea.objects.filter(organisation_id=area.organisation_id, name=area.name)
    if taken.exclude(pk=area.pk).exists():
        raise InvalidInput(_("The organisation already lists an area of that name."), field="name")
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError:
        raise InvalidInput(
            _("The organisation already lists an area of that name."), field="name"
        ) from None


def _event(actor: Actor | None, action: Any, area: SecureArea, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=area,
        organisation_id=area.organisation_id,
        data={"rules": [RULE], "level": area.level, **data},
    )


def _current(area: SecureArea) -> Any:
    return AreaAssignment.objects.filter(area=area, until=None)


@operation
def register_area(
    *,
    actor: Actor | None,
    name: str,
    kind: str,
    level: int,
    department_id: int,
    keeper_id: int,
    location: str = "",
    measures: str = "",
    organisation_id: int | None = None,
) -> SecureArea:
    """Put a key secure department or place on the list (AREA-LIST): the security office
    only (the installer names ``organisation_id``); its keeper an active person of the
    organisation cleared for its level, never the officer themselves (ROLE-SEPARATION)."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    organisation = _organisation(actor, organisation_id)
    fields = _fields(
        organisation,
        name=name,
        kind=kind,
        level=level,
        department_id=department_id,
        location=location,
        measures=measures,
    )
    keeper = _person(organisation, keeper_id, "keeper")
    refuse_oneself(actor, keeper.pk, _("Nobody makes themselves the keeper of a secure area."))
    _fits(organisation, keeper, fields["level"], _keeper_word())
    area = SecureArea(organisation_id=organisation, keeper=keeper, **fields)
    _saved(area)
    _event(actor, AREA_REGISTERED, area, keeper=keeper.pk, kind=area.kind)
    return area


@operation
def edit_area(
    *,
    actor: Actor | None,
    area_id: int,
    name: str,
    kind: str,
    level: int,
    department_id: int,
    location: str = "",
    measures: str = "",
) -> SecureArea:
    """Change an area in use: its name, kind, level, department, location or measures. A
    level raised above what the keeper or an assigned person is cleared for is refused
    (AREA-LIST, naming them): change the keeper or end the assignment first."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    area = _area(actor, area_id, lock=True)
    if not area.active:
        raise Conflict(_("The area is no longer in use."))
    fields = _fields(
        area.organisation_id,
        name=name,
        kind=kind,
        level=level,
        department_id=department_id,
        location=location,
        measures=measures,
    )
    keeper = Person.objects.get(pk=area.keeper_id)
    _fits(area.organisation_id, keeper, fields["level"], _keeper_word())
    short = [
        a.person.name
        for a in _current(area).select_related("person")
        if not Clearance(a.person.clearance).dominates(fields["level"])
    ]
    book.require(
        area.organisation_id,
        RULE,
        not short,
        _(
            "%(names)s are assigned to the area but not cleared %(level)s: end their assignments "
            "first."
        )
        % {"names": ", ".join(short), "level": _level_label(fields["level"])},
    )
    old_level = area.level
    for key, value in fields.items():
        setattr(area, key, value)
    _saved(area)
    _event(actor, AREA_CHANGED, area, old_level=old_level)
    return area


@operation
def change_keeper(
    *, actor: Actor | None, area_id: int, keeper_id: int, note: str = ""
) -> SecureArea:
    """Give the area a new keeper: the old keeper hands over the key (recorded in the event,
    with who handed it to whom and the note). The new keeper as on registering (AREA-LIST,
    ROLE-SEPARATION)."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    area = _area(actor, area_id, lock=True)
    if not area.active:
        raise Conflict(_("The area is no longer in use."))
    keeper = _person(area.organisation_id, keeper_id, "keeper")
    if keeper.pk == area.keeper_id:
        raise InvalidInput(
            _("%(name)s already keeps the area.") % {"name": keeper.name}, field="keeper"
        )
    refuse_oneself(actor, keeper.pk, _("Nobody makes themselves the keeper of a secure area."))
    _fits(area.organisation_id, keeper, area.level, _keeper_word())
    note = bounded_text(note, "note", 500, multiline=True)
    old = area.keeper_id
    area.keeper = keeper
    area.save(update_fields=["keeper"])
    _event(
        actor,
        KEEPER_CHANGED,
        area,
        old_keeper=old,
        keeper=keeper.pk,
        key_handed_over={"from": old, "to": keeper.pk, "on": timezone.localdate().isoformat()},
        note=note,
    )
    return area


@operation
def assign(
    *,
    actor: Actor | None,
    area_id: int,
    person_id: int,
    since: datetime.date | None = None,
) -> AreaAssignment:
    """Assign a person to work in an area in use from ``since`` (today): they then enter
    without asking. An active person of the organisation cleared for the area's level
    (AREA-LIST — see the module's note on why not AREA-ACCESS), never oneself."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    area = _area(actor, area_id, lock=True)
    if not area.active:
        raise Conflict(_("The area is no longer in use."))
    person = _person(area.organisation_id, person_id, "person")
    refuse_oneself(actor, person.pk, _("Nobody assigns themselves to a secure area."))
    _fits(area.organisation_id, person, area.level, _assigned_word())
    since = past_day(since if since is not None else timezone.localdate(), "since")
    if _current(area).filter(person=person).exists():
        raise Conflict(_("%(name)s is already assigned to the area.") % {"name": person.name})
    if actor is None:
        # The record names the account that assigned (the installer's shell has none).
        raise InvalidInput(_("An assignment is made by an account."), field="actor")
    try:
        with transaction.atomic():
            assignment = AreaAssignment.objects.create(
                area=area, person=person, since=since, assigned_by_id=actor.pk
            )
    except IntegrityError:
        raise Conflict(
            _("%(name)s is already assigned to the area.") % {"name": person.name}
        ) from None
    record_event(
        actor=actor,
        action=AREA_ASSIGNED,
        subject=area,
        organisation_id=area.organisation_id,
        data={
            "rules": [RULE],
            "assignment": assignment.pk,
            "person": person.pk,
            "level": area.level,
            "since": since.isoformat(),
        },
    )
    return assignment


@operation
def end_assignment(
    *, actor: Actor | None, assignment_id: int, until: datetime.date | None = None
) -> AreaAssignment:
    """End an assignment on ``until`` (today): the security office, never one's own."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    qs = AreaAssignment.objects.select_for_update().select_related("area", "person")
    assignment = qs.filter(pk=assignment_id).first() if isinstance(assignment_id, int) else None
    if assignment is None or (
        actor is not None and assignment.area.organisation_id != actor_organisation_id(actor)
    ):
        raise NotFound(_("No such assignment."))
    refuse_oneself(actor, assignment.person_id, _("Nobody ends their own assignment."))
    if assignment.until is not None:
        raise Conflict(_("The assignment has already ended."))
    until = past_day(until if until is not None else timezone.localdate(), "until")
    if until < assignment.since:
        raise InvalidInput(_("The end cannot be before the start."), field="until")
    assignment.until = until
    assignment.save(update_fields=["until"])
    record_event(
        actor=actor,
        action=ASSIGNMENT_ENDED,
        subject=assignment.area,
        organisation_id=assignment.area.organisation_id,
        data={
            "rules": [RULE],
            "assignment": assignment.pk,
            "person": assignment.person_id,
            "until": until.isoformat(),
        },
    )
    return assignment


@operation
def deactivate_area(*, actor: Actor | None, area_id: int, reason: str = "") -> SecureArea:
    """Take an area out of use (it stays on the record): its running assignments end today,
    each named in the event; its keeper no longer holds its key."""
    require_or_installer(actor, Permission.MANAGE_AREAS)
    area = _area(actor, area_id, lock=True)
    if not area.active:
        raise Conflict(_("The area is no longer in use."))
    reason = bounded_text(reason, "reason", 500, multiline=True)
    today = timezone.localdate()
    running = list(_current(area).select_for_update().order_by("pk"))
    for assignment in running:
        # An assignment starting today or later ends on its first day.
        assignment.until = max(today, assignment.since)
        assignment.save(update_fields=["until"])
    area.active = False
    area.save(update_fields=["active"])
    _event(
        actor,
        AREA_DEACTIVATED,
        area,
        ended_assignments=[a.pk for a in running],
        ended_people=[a.person_id for a in running],
        keeper=area.keeper_id,
        reason=reason,
    )
    return area
