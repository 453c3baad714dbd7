"""Travel abroad (出国（境）, PPL-ABROAD) and the passports the organisation keeps.

- ``request_travel``: a cleared person asks for themselves; the security office (SET_CLEARANCE)
  records the request of any cleared person of the organisation or of one in their
  cooling-off period (脱密期, who has left and keeps no account). It opens the approval
  request at once: the approvers are the rule's ``core_approvers`` for a core (核心) person,
  ``approvers`` for the others (the class at leaving during the 脱密期), found in the chart
  from the *traveller's* department; its ``params`` pin the person, destination and dates, so
  an approval of other dates or another destination covers nothing.
- ``record_briefing`` (the office, never on its own trip): the pre-departure briefing, which
  uses (consumes) the granted approval — a trip is briefed only once approved.
- ``depart`` is refused (PPL-ABROAD) unless the trip was approved and briefed; the office hands
  a kept passport out only for such a trip (``hand_out_passport``) and records its return.
- ``record_return`` and ``file_report``: the return report is due ``report_days`` after the
  return (deadlines/travel.py flags it overdue); ``cancel_travel`` withdraws the approval.

The traveller or the office records departure, return, report and cancellation.

``print_travel_form`` prints the trip's 出国（境）审批表 (``queries.travel.printed``) for whoever
may see the trip and records the print."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.approvals.operations import consume_approval, open_request, withdraw_with
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import paper
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.levels import Clearance
from baomi.core.text import fitted_text
from baomi.org.models import Person
from baomi.org.operations import refuse_oneself
from baomi.people.models import Passport, Travel, TravelState
from baomi.people.policies import keeps_files
from baomi.people.queries.travel import (
    NOT_STARTED,
    OPERATION,
    RULE,
    SUBJECT,
    approval_params,
    approver_param,
    class_of,
    printed,
)
from baomi.rulebook import book

TRAVEL_REQUESTED = register_action(
    "people.travel_requested", gettext_lazy("Travel abroad requested")
)
TRAVEL_BRIEFED = register_action(
    "people.travel_briefed", gettext_lazy("Pre-departure briefing recorded")
)
TRAVEL_DEPARTED = register_action("people.travel_departed", gettext_lazy("Departure abroad"))
TRAVEL_RETURNED = register_action("people.travel_returned", gettext_lazy("Return from abroad"))
TRAVEL_REPORTED = register_action("people.travel_reported", gettext_lazy("Return report filed"))
TRAVEL_CANCELLED = register_action(
    "people.travel_cancelled", gettext_lazy("Travel abroad cancelled")
)
PASSPORT_REGISTERED = register_action(
    "people.passport_registered", gettext_lazy("Passport registered for safekeeping")
)
PASSPORT_OUT = register_action("people.passport_out", gettext_lazy("Passport handed out"))
TRAVEL_PRINTED = register_action(
    "people.travel_form_printed", gettext_lazy("Travel approval form printed")
)
PASSPORT_BACK = register_action("people.passport_back", gettext_lazy("Passport returned"))

# How far ahead a trip may be asked for, and how long it may last.
MAX_AHEAD = datetime.timedelta(days=2 * 366)
MAX_LENGTH = datetime.timedelta(days=366)


def _office(actor: Actor) -> None:
    require(actor, Permission.SET_CLEARANCE)


def _person_of_org(actor: Actor, person_id: int) -> Person:
    person = (
        Person.objects.select_related("department", "organisation")
        .filter(pk=person_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if person is None:
        raise NotFound(_("No such person."))
    return person


def _trip(actor: Actor, travel_id: int) -> Travel:
    """The trip, locked, if the actor is its traveller or the office of its organisation;
    NotFound for anyone else (nothing said about whether it exists)."""
    trip = (
        Travel.objects.select_for_update()
        .filter(pk=travel_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if trip is None or not (keeps_files(actor) or actor.person_id == trip.person_id):
        raise NotFound(_("No such trip."))
    return trip


def _day(value: datetime.date | None, field: str) -> datetime.date:
    today = timezone.localdate()
    day = value or today
    if day > today:
        raise InvalidInput(_("The day cannot be in the future."), field=field)
    if day < today - MAX_AHEAD:
        raise InvalidInput(_("The day is too far in the past."), field=field)
    return day


def _dates(departs: datetime.date, returns: datetime.date) -> None:
    today = timezone.localdate()
    if departs < today:
        raise InvalidInput(_("The departure cannot be in the past."), field="departs")
    if departs > today + MAX_AHEAD:
        raise InvalidInput(_("The departure is too far ahead."), field="departs")
    if returns < departs:
        raise InvalidInput(_("The return cannot come before the departure."), field="returns")
    if returns - departs > MAX_LENGTH:
        raise InvalidInput(_("A trip lasts at most a year."), field="returns")


def _event(actor: Actor, action: str, trip: Travel, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=trip,
        organisation_id=trip.organisation_id,
        data={"rule": RULE, "person": trip.person_id, **data},
    )


@operation
def request_travel(
    *,
    actor: Actor,
    destination: str,
    purpose: str,
    departs: datetime.date,
    returns: datetime.date,
    person_id: int | None = None,
) -> Travel:
    """Ask approval to travel abroad (PPL-ABROAD): for oneself, or — the security office — for
    a person of the organisation, also one in their cooling-off period. Opens the approval
    request of the person's class, whose parameters pin the person, destination and dates."""
    require(actor, Permission.REQUEST_APPROVAL)
    own = actor.person
    if person_id is None or person_id == own.pk:
        person = own
    else:
        if not keeps_files(actor):
            raise AccessDenied(_("Only the security office records a trip for another person."))
        person = _person_of_org(actor, person_id)
    organisation_id = person.organisation_id
    clearance = class_of(person)
    if clearance == Clearance.NONE:
        raise InvalidInput(
            _(
                "Only cleared people, and people in their cooling-off period, ask approval "
                "for travel abroad here."
            ),
            field="person_id",
        )
    destination = fitted_text(destination, "destination", Travel)
    purpose = fitted_text(purpose, "purpose", Travel)
    _dates(departs, returns)
    trip = Travel.objects.create(
        organisation_id=organisation_id,
        person=person,
        destination=destination,
        purpose=purpose,
        departs=departs,
        returns=returns,
        requested_by=own,
    )
    kinds = list(book.param(organisation_id, RULE, approver_param(clearance)))
    approval = None
    if book.in_force(organisation_id, RULE):
        # The approvers are the traveller's chart, not the clerk's who records the request:
        # resolved from the traveller (never the traveller themselves), then open_request
        # refuses the one recording it as well (nobody approves their own request).
        explicit = None
        if person.pk != own.pk:
            explicit = dict(approvers.resolve(RULE, kinds, person))
        approval = open_request(
            actor=actor,
            rule_id=RULE,
            operation_name=OPERATION,
            subject=(SUBJECT, trip.pk),
            params=approval_params(trip),
            reason=purpose,
            kinds=kinds,
            explicit_approvers=explicit,
        )
        trip.approval = approval
        trip.save(update_fields=["approval"])
    _event(
        actor,
        TRAVEL_REQUESTED,
        trip,
        clearance=clearance,
        approvers=kinds,
        approval_id=approval.pk if approval else None,
        departs=departs.isoformat(),
        returns=returns.isoformat(),
    )
    return trip


@operation
def record_briefing(
    *,
    actor: Actor,
    travel_id: int,
    briefing: str,
    briefed_on: datetime.date | None = None,
    briefed_by_id: int | None = None,
) -> Travel:
    """The security office records the pre-departure briefing (保密教育) of an approved trip:
    when, by whom (the actor unless named) and what it covered. It uses the trip's granted
    approval (PPL-ABROAD): an approval of other dates or another destination does not cover it.
    Nobody briefs on their own trip (ROLE-SEPARATION)."""
    _office(actor)
    trip = _trip(actor, travel_id)
    refuse_oneself(actor, trip.person_id, _("Nobody records the briefing of their own trip."))
    if trip.state != TravelState.REQUESTED:
        raise Conflict(_("The trip is not awaiting its briefing."))
    briefing = fitted_text(briefing, "briefing", Travel)
    day = _day(briefed_on, "briefed_on")
    if day > trip.departs:
        raise InvalidInput(_("The briefing comes before the departure."), field="briefed_on")
    by = actor.person if briefed_by_id is None else _person_of_org(actor, briefed_by_id)
    book.require(
        trip.organisation_id,
        "ROLE-SEPARATION",
        by.pk != trip.person_id,
        _("Nobody briefs themselves."),
    )
    used = consume_approval(
        actor=actor,
        rule_id=RULE,
        operation_name=OPERATION,
        subject=(SUBJECT, trip.pk),
        params=approval_params(trip),
    )
    trip.state = TravelState.BRIEFED
    trip.briefed_on, trip.briefed_by, trip.briefing = day, by, briefing
    fields = ["state", "briefed_on", "briefed_by", "briefing"]
    if used is not None:
        trip.approval = used
        fields.append("approval")
    trip.save(update_fields=fields)
    _event(
        actor,
        TRAVEL_BRIEFED,
        trip,
        briefed_on=day.isoformat(),
        briefed_by=by.pk,
        approval_id=used.pk if used else None,
    )
    return trip


@operation
def depart(*, actor: Actor, travel_id: int, departed_on: datetime.date | None = None) -> Travel:
    """The traveller leaves (recorded by them or the office): refused (PPL-ABROAD) unless the
    trip was approved and then briefed, and outside the approved dates."""
    trip = _trip(actor, travel_id)
    org = trip.organisation_id
    if trip.state in (TravelState.ABROAD, TravelState.RETURNED, TravelState.REPORTED):
        raise Conflict(_("The departure is recorded already."))
    if trip.state in (TravelState.CANCELLED, TravelState.REFUSED):
        raise Conflict(_("The trip was cancelled or refused."))
    approval = (
        ApprovalRequest.objects.filter(pk=trip.approval_id).first() if trip.approval_id else None
    )
    approved = trip.state == TravelState.BRIEFED or (
        approval is not None and approval.state == ApprovalState.GRANTED
    )
    book.require(
        org,
        RULE,
        approved,
        _("The trip has no approval for this person, destination and dates: it may not start."),
    )
    book.require(
        org,
        RULE,
        trip.state == TravelState.BRIEFED and trip.briefed_on is not None,
        _("The pre-departure briefing is not recorded: the trip may not start."),
    )
    day = _day(departed_on, "departed_on")
    book.require(
        org,
        RULE,
        trip.departs <= day <= trip.returns,
        _("The approval covers departures from %(departs)s to %(returns)s.")
        % {"departs": trip.departs.isoformat(), "returns": trip.returns.isoformat()},
    )
    trip.state, trip.departed_on = TravelState.ABROAD, day
    trip.save(update_fields=["state", "departed_on"])
    _event(actor, TRAVEL_DEPARTED, trip, departed_on=day.isoformat())
    return trip


@operation
def record_return(
    *, actor: Actor, travel_id: int, returned_on: datetime.date | None = None
) -> Travel:
    """The traveller is back (recorded by them or the office); the return report is due
    ``report_days`` after this day."""
    trip = _trip(actor, travel_id)
    if trip.state != TravelState.ABROAD:
        raise Conflict(_("The trip is not under way."))
    day = _day(returned_on, "returned_on")
    if trip.departed_on and day < trip.departed_on:
        raise InvalidInput(_("The return cannot come before the departure."), field="returned_on")
    trip.state, trip.returned_on = TravelState.RETURNED, day
    trip.save(update_fields=["state", "returned_on"])
    _event(actor, TRAVEL_RETURNED, trip, returned_on=day.isoformat())
    return trip


@operation
def file_report(*, actor: Actor, travel_id: int, report: str) -> Travel:
    """The return report (出行情况报告), by the traveller or recorded by the office."""
    trip = _trip(actor, travel_id)
    if trip.state != TravelState.RETURNED:
        raise Conflict(_("The return report follows the recorded return, once."))
    text = ("" if report is None else str(report)).strip()
    if not text:
        raise InvalidInput(_("This field is required."), field="report")
    if len(text) > 4000:
        raise InvalidInput(_("The text is too long."), field="report")
    trip.state, trip.report, trip.reported_on = TravelState.REPORTED, text, timezone.localdate()
    trip.save(update_fields=["state", "report", "reported_on"])
    _event(actor, TRAVEL_REPORTED, trip, reported_on=trip.reported_on.isoformat())
    return trip


@operation
def cancel_travel(*, actor: Actor, travel_id: int) -> Travel:
    """Cancel a trip not begun (the traveller or the office); its approval request, pending
    or granted, is withdrawn with it. Refused while its passport is out."""
    trip = _trip(actor, travel_id)
    if trip.state not in NOT_STARTED:
        raise Conflict(_("Only a trip not yet begun is cancelled."))
    if trip.passport_out_at is not None and trip.passport_back_at is None:
        raise Conflict(_("Record the passport's return first."))
    if trip.approval_id:
        withdraw_with(actor=actor, request_id=trip.approval_id)
    trip.state = TravelState.CANCELLED
    trip.save(update_fields=["state"])
    _event(actor, TRAVEL_CANCELLED, trip)
    return trip


def _passport(actor: Actor, passport_id: int) -> Passport:
    found = (
        Passport.objects.select_for_update()
        .filter(pk=passport_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if found is None:
        raise NotFound(_("No such passport."))
    return found


def _passport_event(actor: Actor, action: str, passport: Passport, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=passport,
        organisation_id=passport.organisation_id,
        data={"rule": RULE, "person": passport.person_id, **data},
    )


@operation
def register_passport(
    *,
    actor: Actor,
    person_id: int,
    number: str,
    kind: str = "",
    expires: datetime.date | None = None,
) -> Passport:
    """The security office takes a person's passport or travel permit into safekeeping
    (never its own, ROLE-SEPARATION)."""
    _office(actor)
    person = _person_of_org(actor, person_id)
    refuse_oneself(actor, person.pk, _("Nobody registers their own passport."))
    number = fitted_text(number, "number", Passport)
    kind = fitted_text(kind, "kind", Passport, required=False) or "护照"
    if Passport.objects.filter(organisation_id=person.organisation_id, number=number).exists():
        raise Conflict(_("A passport of this number is kept already."))
    passport = Passport.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        number=number,
        kind=kind,
        expires=expires,
    )
    _passport_event(actor, PASSPORT_REGISTERED, passport)
    return passport


@operation
def hand_out_passport(*, actor: Actor, passport_id: int, travel_id: int) -> Passport:
    """The office hands a kept passport to its holder for an approved and briefed trip
    (PPL-ABROAD); never its own (ROLE-SEPARATION)."""
    _office(actor)
    passport = _passport(actor, passport_id)
    refuse_oneself(actor, passport.person_id, _("Nobody hands out their own passport."))
    trip = _trip(actor, travel_id)
    if trip.person_id != passport.person_id:
        raise InvalidInput(_("The passport is not the traveller's."), field="passport_id")
    if passport.out:
        raise Conflict(_("The passport is handed out already."))
    book.require(
        trip.organisation_id,
        RULE,
        trip.state == TravelState.BRIEFED,
        _("A passport is handed out only for an approved trip whose briefing is recorded."),
    )
    if passport.expires is not None and passport.expires < trip.returns:
        raise InvalidInput(_("The passport expires before the return."), field="passport_id")
    at = timezone.now()
    passport.out = True
    passport.save(update_fields=["out"])
    trip.passport_out_at, trip.passport_back_at = at, None
    trip.save(update_fields=["passport_out_at", "passport_back_at"])
    _passport_event(actor, PASSPORT_OUT, passport, travel=trip.pk)
    return passport


@operation
def return_passport(*, actor: Actor, passport_id: int) -> Passport:
    """The passport is back in the office's keeping; the trip it was handed out for records
    the day."""
    _office(actor)
    passport = _passport(actor, passport_id)
    refuse_oneself(actor, passport.person_id, _("Nobody records the return of their own passport."))
    if not passport.out:
        raise Conflict(_("The passport is not handed out."))
    passport.out = False
    passport.save(update_fields=["out"])
    trip = (
        Travel.objects.select_for_update()
        .filter(
            person_id=passport.person_id,
            passport_out_at__isnull=False,
            passport_back_at__isnull=True,
        )
        .order_by("-passport_out_at")
        .first()
    )
    if trip is not None:
        trip.passport_back_at = timezone.now()
        trip.save(update_fields=["passport_back_at"])
    _passport_event(actor, PASSPORT_BACK, passport, travel=trip.pk if trip else None)
    return passport


@operation
def print_travel_form(*, actor: Actor, travel_id: int) -> paper.Printed:
    """The trip's 出国（境）审批表 as a PDF (PPL-ABROAD), for whoever may see the trip ("not
    found" otherwise, as its page); the print is recorded."""
    trip, form = printed(actor, travel_id)
    record_event(
        actor=actor,
        action=TRAVEL_PRINTED,
        subject=trip,
        organisation_id=trip.organisation_id,
        data={"rule": RULE, "form": "travel_approval", "level": form.form.level},
    )
    return form
