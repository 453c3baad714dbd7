"""Entries into the secure areas by anyone not assigned to them (AREA-ACCESS).

- ``request_entry``: permission asked ahead — by the person who will enter, the host of the
  visitor who will, the area's keeper or the security office (MANAGE_AREAS). It opens an
  approval request (operation ``areas.enter``, subject the area) whose approvers are the rule's
  ``approvers`` (the department head) found in the chart from the *area's* department — the
  department that owns the area approves who comes in, never the one asking; its ``params``
  pin the area, the entrant and the day.
- ``log_entry``: the area's keeper or the security office logs the entry, under the approval
  asked ahead (used here: exactly this area, entrant and day) or — the keeper only — granted on
  the spot (``granted_by`` the keeper). Refused (AREA-ACCESS) without either; a visitor must be
  escorted, and so must a person whose clearance is below the area's level; the escort is an
  active person who keeps the area or is assigned to it. The keeper and the people assigned
  enter without permission: nothing is logged for them (422). Nobody logs their own entry
  (ROLE-SEPARATION). Logged using no approval (on the spot, or the rule switched off), it
  withdraws the requests still pending for the same area, entrant and day.
- ``log_exit``: the time out, not before the time in."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest, State
from baomi.approvals.operations import consume_approval, open_request, withdraw_with
from baomi.approvals.queries import same_params
from baomi.areas.models import AreaEntry, SecureArea, Visitor
from baomi.areas.policies import keeps_areas
from baomi.areas.queries.access import (
    MAX_AHEAD,
    OPERATION,
    RULE,
    SUBJECT,
    approval_params,
    assigned,
    cleared_for,
    may_escort,
    may_log,
)
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.inputs import past_moment
from baomi.core.text import fitted_text
from baomi.org.models import Employment, Person
from baomi.org.operations import refuse_oneself
from baomi.rulebook import book

ENTRY_REQUESTED = register_action(
    "areas.entry_requested", gettext_lazy("Entry to a secure area asked for")
)
ENTRY_LOGGED = register_action("areas.entry_logged", gettext_lazy("Entry to a secure area logged"))
EXIT_LOGGED = register_action("areas.exit_logged", gettext_lazy("Exit from a secure area logged"))

# How far back an entry or exit may be logged.
MAX_BACK = datetime.timedelta(days=31)


def _area(actor: Actor, area_id: int) -> SecureArea:
    area = (
        SecureArea.objects.select_related("department", "keeper")
        .filter(pk=area_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if area is None:
        raise NotFound(_("No such secure area."))
    if not area.active:
        raise InvalidInput(_("The area is no longer in use."), field="area_id")
    return area


def _entrant(
    actor: Actor, person_id: int | None, visitor_id: int | None, *, lock: bool = False
) -> tuple[Person | None, Visitor | None]:
    """The person or the visitor entering: exactly one, of the actor's organisation; ``lock``
    locks their row, so that two entries of the same entrant (or an entry and the visitor's
    signing out) wait for each other and the second sees the first."""
    if (person_id is None) == (visitor_id is None):
        raise InvalidInput(_("Name either a person or a visitor."), field="person_id")
    organisation_id = actor_organisation_id(actor)
    people = Person.objects.select_for_update(no_key=True) if lock else Person.objects
    visitors = Visitor.objects.select_for_update(no_key=True) if lock else Visitor.objects
    if person_id is not None:
        person = people.filter(pk=person_id, organisation_id=organisation_id).first()
        if person is None:
            raise NotFound(_("No such person."))
        if person.employment != Employment.ACTIVE:
            raise InvalidInput(_("The person is no longer in post."), field="person_id")
        return person, None
    visitor = visitors.filter(pk=visitor_id, organisation_id=organisation_id).first()
    if visitor is None:
        raise NotFound(_("No such visitor."))
    if visitor.left_at is not None:
        raise InvalidInput(
            _("The visitor is signed out: register their new visit first."), field="visitor_id"
        )
    return None, visitor


def _not_assigned(area: SecureArea, person: Person | None, day: datetime.date) -> None:
    if person is not None and assigned(area, person.pk, day):
        raise InvalidInput(
            _(
                "%(name)s keeps or is assigned to %(area)s: assigned people enter without "
                "permission; nothing to log."
            )
            % {"name": person.name, "area": area.name},
            field="person_id",
        )


def _chart_side(actor: Actor, area: SecureArea) -> Person:
    """The requester as the approvers are found for an entry: the actor's person, seen from
    the area's department (``approvers.resolve`` walks up from it and skips the actor)."""
    return Person(
        pk=actor.person_id,
        name=actor.person.name,
        organisation_id=area.organisation_id,
        department=area.department,
    )


def _moment(
    value: datetime.datetime | None, field: str, *, after: datetime.datetime | None = None
) -> datetime.datetime:
    return past_moment(
        value,
        field,
        max_back=MAX_BACK,
        after=after,
        after_message=_("The time out cannot come before the time in."),
    )


@operation
def request_entry(
    *,
    actor: Actor,
    area_id: int,
    day: datetime.date,
    purpose: str,
    person_id: int | None = None,
    visitor_id: int | None = None,
) -> ApprovalRequest:
    """Ask ahead for an entry into ``area_id`` on ``day`` (AREA-ACCESS): by the person
    entering, the visitor's host, the area's keeper or the office. Opens the approval request
    of the area's department head (the rule's ``approvers``)."""
    require(actor, Permission.REQUEST_APPROVAL)
    area = _area(actor, area_id)
    person, visitor = _entrant(actor, person_id, visitor_id)
    own = actor.person_id
    asks = (
        keeps_areas(actor)
        or area.keeper_id == own
        or (person is not None and person.pk == own)
        or (visitor is not None and visitor.host_id == own)
    )
    if not asks:
        raise AccessDenied(
            _(
                "An entry is asked for by the person entering, the visitor's host, the area's "
                "keeper or the security office."
            )
        )
    today = timezone.localdate()
    if not isinstance(day, datetime.date) or day < today:
        raise InvalidInput(_("The day cannot be in the past."), field="day")
    if day > today + MAX_AHEAD:
        raise InvalidInput(_("The day is too far ahead."), field="day")
    _not_assigned(area, person, day)
    purpose = fitted_text(purpose, "purpose", AreaEntry)
    organisation_id = area.organisation_id
    kinds = list(book.param(organisation_id, RULE, "approvers"))
    explicit = None
    if book.in_force(organisation_id, RULE):
        explicit = dict(approvers.resolve(RULE, kinds, _chart_side(actor, area)))
    params = approval_params(
        area.pk,
        day,
        person_id=person.pk if person else None,
        visitor_id=visitor.pk if visitor else None,
    )
    request = open_request(
        actor=actor,
        rule_id=RULE,
        operation_name=OPERATION,
        subject=(SUBJECT, area.pk),
        params=params,
        reason=purpose,
        kinds=kinds,
        explicit_approvers=explicit,
    )
    record_event(
        actor=actor,
        action=ENTRY_REQUESTED,
        subject=area,
        organisation_id=organisation_id,
        data={"rule": RULE, "rules": [RULE], "approval_id": request.pk, **params},
    )
    return request


def _withdraw_pending(actor: Actor, area: SecureArea, params: dict[str, object]) -> list[int]:
    """The requests still pending for exactly this area, entrant and day, withdrawn: the entry
    was logged without them (granted on the spot, or AREA-ACCESS switched off), so nobody is
    left to decide it. Granted ones stay: a permission for the day, used by a later entry."""
    pending = ApprovalRequest.objects.select_for_update().filter(
        organisation_id=area.organisation_id,
        operation=OPERATION,
        subject_type=SUBJECT,
        subject_id=str(area.pk),
        state=State.PENDING,
    )
    withdrawn = []
    for request in pending.order_by("pk"):
        if same_params(request, params):
            withdraw_with(actor=actor, request_id=request.pk)
            withdrawn.append(request.pk)
    return withdrawn


@operation
def log_entry(
    *,
    actor: Actor,
    area_id: int,
    purpose: str,
    person_id: int | None = None,
    visitor_id: int | None = None,
    escort_id: int | None = None,
    on_the_spot: bool = False,
    entered_at: datetime.datetime | None = None,
) -> AreaEntry:
    """Log an entry into ``area_id`` (AREA-ACCESS), by its keeper or the office: under the
    approval asked ahead for this area, entrant and day, or granted on the spot by the keeper
    logging it. A visitor, and a person not cleared for the area's level, enter escorted. An
    entry logged using no approval (on the spot, or AREA-ACCESS switched off) withdraws the
    requests still pending for it (this area, entrant and day)."""
    area = _area(actor, area_id)
    if not may_log(actor, area):
        raise AccessDenied(_("The area's keeper or the security office logs its entries."))
    # The entrant locked: the check that they are not inside already holds until the entry.
    person, visitor = _entrant(actor, person_id, visitor_id, lock=True)
    if person is not None:
        refuse_oneself(actor, person.pk, _("Nobody logs their own entry into an area."))
    organisation_id = area.organisation_id
    entered = _moment(entered_at, "entered_at")
    day = timezone.localdate(entered)
    _not_assigned(area, person, day)
    if visitor is not None and entered < visitor.arrived_at:
        raise InvalidInput(_("The visitor had not arrived then."), field="entered_at")
    inside = AreaEntry.objects.filter(area=area, left_at=None)
    inside = inside.filter(person=person) if person is not None else inside.filter(visitor=visitor)
    if inside.exists():
        raise Conflict(_("Already inside the area: log the exit first."))
    purpose = fitted_text(purpose, "purpose", AreaEntry)
    escort = None
    if escort_id is not None:
        escort = Person.objects.filter(pk=escort_id, organisation_id=organisation_id).first()
        if escort is None:
            raise NotFound(_("No such person."))
        book.require(
            organisation_id,
            RULE,
            may_escort(area, escort),
            _("The escort is a person in post who keeps %(area)s or is assigned to it.")
            % {"area": area.name},
        )
        book.require(
            organisation_id,
            RULE,
            person is None or escort.pk != person.pk,
            _("Nobody escorts themselves."),
        )
    book.require(
        organisation_id,
        RULE,
        visitor is None or escort is not None,
        _("A visitor enters a secure area escorted: name the escort."),
    )
    book.require(
        organisation_id,
        RULE,
        person is None or escort is not None or cleared_for(person, area),
        _("%(name)s is not cleared for the level of %(area)s: they enter escorted.")
        % {"name": person.name if person else "", "area": area.name},
    )
    approval = None
    granted_by = None
    params = approval_params(
        area.pk,
        day,
        person_id=person.pk if person else None,
        visitor_id=visitor.pk if visitor else None,
    )
    if on_the_spot:
        book.require(
            organisation_id,
            RULE,
            actor.person_id == area.keeper_id,
            _("Only the area's keeper grants entry on the spot, logging it themselves."),
        )
        granted_by = area.keeper
    else:
        approval = consume_approval(
            actor=actor,
            rule_id=RULE,
            operation_name=OPERATION,
            subject=(SUBJECT, area.pk),
            params=params,
        )
    withdrawn = _withdraw_pending(actor, area, params) if approval is None else []
    found = AreaEntry.objects.create(
        organisation_id=organisation_id,
        area=area,
        person=person,
        visitor=visitor,
        purpose=purpose,
        approval=approval,
        granted_by=granted_by,
        escort=escort,
        entered_at=entered,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=ENTRY_LOGGED,
        subject=found,
        organisation_id=organisation_id,
        data={
            "rule": RULE,
            "rules": [RULE],
            "area": area.pk,
            "person": person.pk if person else None,
            "visitor": visitor.pk if visitor else None,
            "escort": escort.pk if escort else None,
            "approval_id": approval.pk if approval else None,
            "on_the_spot": granted_by is not None,
            "withdrawn": withdrawn,
        },
    )
    return found


@operation
def log_exit(*, actor: Actor, entry_id: int, left_at: datetime.datetime | None = None) -> AreaEntry:
    """The time out of an entry (the keeper or the office): once, not before the time in."""
    found = (
        AreaEntry.objects.select_for_update()
        .select_related("area")
        .filter(pk=entry_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if found is None or not may_log(actor, found.area):
        raise NotFound(_("No such entry."))
    if found.left_at is not None:
        raise Conflict(_("The exit is logged already."))
    found.left_at = _moment(left_at, "left_at", after=found.entered_at)
    found.save(update_fields=["left_at"])
    record_event(
        actor=actor,
        action=EXIT_LOGGED,
        subject=found,
        organisation_id=found.organisation_id,
        data={"rule": RULE, "rules": [RULE], "area": found.area_id},
    )
    return found
