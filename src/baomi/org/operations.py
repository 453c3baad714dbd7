"""Every change to the organisation chart, clearances and security staff."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import holidays, refdata
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Clearance
from baomi.core.workdays import parse_weekdays, weekdays_text
from baomi.org import granting, holdings, imports, leaving
from baomi.org.models import (
    CalendarDay,
    DayKind,
    Department,
    Employment,
    Organisation,
    Person,
    Rank,
    SecurityAppointment,
    StaffRole,
    WorkingHours,
)
from baomi.rulebook import book

ORGANISATION_CREATED = register_action(
    "org.organisation_created", gettext_lazy("Organisation created")
)
ORGANISATION_HEAD_SET = register_action("org.head_set", gettext_lazy("Head of organisation set"))
DEPARTMENT_CREATED = register_action("org.department_created", gettext_lazy("Department created"))
DEPARTMENT_LEADERS_SET = register_action(
    "org.department_leaders_set", gettext_lazy("Department leaders set")
)
RANK_CREATED = register_action("org.rank_created", gettext_lazy("Rank created"))
PERSON_CREATED = register_action("org.person_created", gettext_lazy("Person created"))
CLEARANCE_SET = register_action("org.clearance_set", gettext_lazy("Clearance set"))
MARKED_LEFT = register_action("org.marked_left", gettext_lazy("Person marked as left"))
PROBATION_ENDED = register_action("org.probation_ended", gettext_lazy("Probation ended"))
APPOINTED = register_action("org.appointed", gettext_lazy("Security staff appointed"))
APPOINTMENT_ENDED = register_action(
    "org.appointment_ended", gettext_lazy("Security staff appointment ended")
)
WORKING_HOURS_SET = register_action("org.working_hours_set", gettext_lazy("Working hours set"))
CALENDAR_DAY_SET = register_action(
    "org.calendar_day_set", gettext_lazy("Holiday or extra working day set")
)
CALENDAR_DAY_REMOVED = register_action(
    "org.calendar_day_removed", gettext_lazy("Holiday or extra working day removed")
)
PEOPLE_IMPORTED = register_action("org.people_imported", gettext_lazy("People imported"))
HOLIDAYS_IMPORTED = register_action(
    "org.holidays_imported", gettext_lazy("Holidays and extra working days imported")
)
# The longest source an import of holidays records (a notice's title, a file's name).
SOURCE_LENGTH = 200


def _in_scope(actor: Actor | None, organisation_id: int) -> None:
    """Refuse to act on another organisation, answered as "not found"."""
    own = actor_organisation_id(actor)
    if actor is not None and own != organisation_id:
        raise NotFound(_("No such organisation."))


def refuse_oneself(actor: Actor | None, person_id: int, message: str) -> None:
    """ROLE-SEPARATION: nobody acts on their own account, role, clearance, employment or
    security post (a helper for the operations of the chart and of accounts)."""
    book.require(None, "ROLE-SEPARATION", actor is None or actor.person_id != person_id, message)


def _get(
    model: type, actor: Actor | None, pk: int | None, message: str, *, lock: bool = False
) -> Any:
    if pk is None:
        return None
    qs = model.objects.select_for_update() if lock else model.objects
    obj = qs.filter(pk=pk).first()
    org_id = getattr(obj, "organisation_id", getattr(obj, "pk", None))
    # Another organisation's row answers exactly like a missing one (non-disclosure).
    if obj is None or (actor is not None and actor_organisation_id(actor) != org_id):
        raise NotFound(message)
    return obj


@operation
def create_organisation(
    *, actor: Actor | None, name: str, parent_id: int | None = None
) -> Organisation:
    """A new organisation (the installer only: ``baomi demo`` and set-up)."""
    if actor is not None:
        raise NotFound(_("No such organisation."))
    name = name.strip()
    if not name:
        raise InvalidInput(_("A name is required."), field="name")
    if Organisation.objects.filter(name=name).exists():
        raise Conflict(_("An organisation named %(name)s exists.") % {"name": name})
    org = Organisation.objects.create(name=name, parent_id=parent_id)
    record_event(
        actor=actor,
        action=ORGANISATION_CREATED,
        subject=org,
        organisation_id=org.pk,
        data={"name": name},
    )
    return org


@operation
def create_rank(
    *, actor: Actor | None, organisation_id: int, key: str, name: str, seniority: int
) -> Rank:
    require_or_installer(actor, Permission.MANAGE_ORGANISATION)
    _in_scope(actor, organisation_id)
    try:
        rank = Rank.objects.create(
            organisation_id=organisation_id, key=key, name=name, seniority=seniority
        )
    except IntegrityError:
        raise Conflict(_("A rank with this key or seniority exists.")) from None
    record_event(
        actor=actor,
        action=RANK_CREATED,
        subject=rank,
        organisation_id=organisation_id,
        data={"key": key, "seniority": seniority},
    )
    return rank


@operation
def create_department(
    *,
    actor: Actor | None,
    organisation_id: int,
    name: str,
    parent_id: int | None = None,
    is_general_office: bool = False,
) -> Department:
    require_or_installer(actor, Permission.MANAGE_ORGANISATION)
    _in_scope(actor, organisation_id)
    parent = _get(Department, actor, parent_id, _("No such department."))
    if parent is not None and parent.organisation_id != organisation_id:
        raise NotFound(_("No such department."))
    name = name.strip()
    if not name:
        raise InvalidInput(_("A name is required."), field="name")
    try:
        dept = Department.objects.create(
            organisation_id=organisation_id,
            parent=parent,
            name=name,
            is_general_office=is_general_office,
            path="",
        )
    except IntegrityError:
        raise Conflict(_("A department of this name exists here.")) from None
    dept.path = f"{parent.path if parent else '/'}{dept.pk}/"
    dept.save(update_fields=["path"])
    record_event(
        actor=actor,
        action=DEPARTMENT_CREATED,
        subject=dept,
        organisation_id=organisation_id,
        data={"name": name, "parent_id": parent_id},
    )
    return dept


@operation
def create_person(
    *,
    actor: Actor | None,
    department_id: int,
    rank_id: int,
    name: str,
    staff_number: str,
    on_probation: bool = False,
) -> Person:
    """Register a person. Clearance starts at none; only the security officer raises it."""
    require_or_installer(actor, Permission.MANAGE_ORGANISATION)
    dept = _get(Department, actor, department_id, _("No such department."))
    rank = _get(Rank, actor, rank_id, _("No such rank."))
    if rank.organisation_id != dept.organisation_id:
        raise InvalidInput(_("The rank belongs to another organisation."), field="rank_id")
    if not name.strip() or not staff_number.strip():
        raise InvalidInput(_("Name and staff number are required."), field="name")
    try:
        person = Person.objects.create(
            organisation_id=dept.organisation_id,
            department=dept,
            rank=rank,
            name=name.strip(),
            staff_number=staff_number.strip(),
            on_probation=on_probation,
        )
    except IntegrityError:
        raise Conflict(_("The staff number %(n)s is taken.") % {"n": staff_number}) from None
    record_event(
        actor=actor,
        action=PERSON_CREATED,
        subject=person,
        organisation_id=person.organisation_id,
        data={"department_id": dept.pk, "rank_id": rank.pk},
    )
    return person


@operation
def set_organisation_head(
    *, actor: Actor | None, organisation_id: int, person_id: int
) -> Organisation:
    require_or_installer(actor, Permission.MANAGE_ORGANISATION)
    org = _get(Organisation, actor, organisation_id, _("No such organisation."), lock=True)
    person = _get(Person, actor, person_id, _("No such person."))
    if person.organisation_id != org.pk:
        raise NotFound(_("No such person."))
    org.head = person
    org.save(update_fields=["head"])
    record_event(
        actor=actor,
        action=ORGANISATION_HEAD_SET,
        subject=org,
        organisation_id=org.pk,
        data={"person_id": person.pk},
    )
    return org


@operation
def set_department_leaders(
    *, actor: Actor | None, department_id: int, head_id: int | None, leader_in_charge_id: int | None
) -> Department:
    require_or_installer(actor, Permission.MANAGE_ORGANISATION)
    dept = _get(Department, actor, department_id, _("No such department."), lock=True)
    for pid in (head_id, leader_in_charge_id):
        p = _get(Person, actor, pid, _("No such person."))
        if p is not None and p.organisation_id != dept.organisation_id:
            raise NotFound(_("No such person."))
    dept.head_id, dept.leader_in_charge_id = head_id, leader_in_charge_id
    dept.save(update_fields=["head", "leader_in_charge"])
    record_event(
        actor=actor,
        action=DEPARTMENT_LEADERS_SET,
        subject=dept,
        organisation_id=dept.organisation_id,
        data={"head_id": head_id, "leader_in_charge_id": leader_in_charge_id},
    )
    return dept


@operation
def set_clearance(*, actor: Actor | None, person_id: int, clearance: int) -> Person:
    """Set a person's clearance class (PPL-CLASS): the security officer only. The steps
    registered in ``baomi.org.granting`` run before the class is saved: the people app refuses
    a clearance granted without a passed vetting and a signed agreement (PPL-VET) and writes
    the clearance history."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    if clearance not in Clearance.values:
        raise InvalidInput(_("Unknown clearance class."), field="clearance")
    person = _get(Person, actor, person_id, _("No such person."), lock=True)
    refuse_oneself(actor, person.pk, _("Nobody sets their own clearance."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    granting.check(actor=actor, person=person, old=person.clearance, new=clearance)
    old, person.clearance = person.clearance, clearance
    person.save(update_fields=["clearance"])
    record_event(
        actor=actor,
        action=CLEARANCE_SET,
        subject=person,
        organisation_id=person.organisation_id,
        data={"from": old, "to": clearance, "rule": "PPL-CLASS"},
    )
    return person


@operation
def mark_left(*, actor: Actor | None, person_id: int) -> Person:
    """Mark a person as having left the organisation: the security officer only. Refused
    (HANDOVER) while they still hold or keep any item: every item is handed over first; the
    refusal lists what they still hold (``baomi.org.holdings``). Their logins are deactivated
    and their API tokens revoked in the same transaction (``baomi.org.leaving``); what those
    steps answer (the 脱密期 that starts, PPL-EXIT) is kept on the person returned, as
    ``person.leaving``."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    person = _get(Person, actor, person_id, _("No such person."), lock=True)
    refuse_oneself(actor, person.pk, _("Nobody marks themselves as left."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    held = holdings.held_by(person)
    book.require(
        person.organisation_id,
        "HANDOVER",
        not held,
        _("%(name)s still holds %(items)s: hand everything over before marking them as left.")
        % {"name": person.name, "items": "; ".join(held)},
    )
    person.employment = Employment.LEFT
    person.save(update_fields=["employment"])
    person.leaving = leaving.close(actor=actor, person=person)
    record_event(
        actor=actor,
        action=MARKED_LEFT,
        subject=person,
        organisation_id=person.organisation_id,
        data={"rule": "HANDOVER"},
    )
    return person


@operation
def end_probation(*, actor: Actor | None, person_id: int, on: Any) -> Person:
    """Record the end of a person's probation (转正) on the day ``on``: the security officer
    only. From then on PPL-PROBATION no longer keeps them from carrying, taking out,
    couriering or borrowing classified items. The day is today or earlier."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise InvalidInput(_("Give a date such as 2026-10-01."), field="on")
    if on > timezone.localdate():
        raise InvalidInput(_("Probation cannot end on a day still to come."), field="on")
    person = _get(Person, actor, person_id, _("No such person."), lock=True)
    refuse_oneself(actor, person.pk, _("Nobody ends their own probation."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    if not person.on_probation:
        raise Conflict(_("%(name)s is not on probation.") % {"name": person.name})
    person.on_probation = False
    person.save(update_fields=["on_probation"])
    record_event(
        actor=actor,
        action=PROBATION_ENDED,
        subject=person,
        organisation_id=person.organisation_id,
        data={"on": on.isoformat(), "rule": "PPL-PROBATION"},
    )
    return person


@operation
def appoint(
    *,
    actor: Actor | None,
    person_id: int,
    role: str,
    department_id: int | None = None,
    since: datetime.date | None = None,
) -> SecurityAppointment:
    """Appoint a member of the security committee or office, or a department's part-time
    security officer (PPL-SECURITY-STAFF). A department has one officer, the committee one
    chair and the office one head at a time: appointing a new one ends the previous
    appointment."""
    require_or_installer(actor, Permission.APPOINT_SECURITY_STAFF)
    if role not in StaffRole.values:
        raise InvalidInput(_("Unknown security staff role."), field="role")
    person = _get(Person, actor, person_id, _("No such person."))
    refuse_oneself(actor, person.pk, _("Nobody appoints themselves."))
    if not person.is_active:
        raise Conflict(_("The person has left."))
    dept = None
    if role == StaffRole.DEPARTMENT_OFFICER:
        dept = _get(Department, actor, department_id, _("No such department."), lock=True)
        if dept is None:
            raise InvalidInput(
                _("A department security officer needs a department."), field="department_id"
            )
        if dept.organisation_id != person.organisation_id:
            raise NotFound(_("No such department."))
    elif department_id is not None:
        raise InvalidInput(
            _("Only a department security officer has a department."), field="department_id"
        )
    today = since or timezone.localdate()
    current = SecurityAppointment.objects.filter(
        organisation_id=person.organisation_id, role=role, until=None
    )
    if dept is not None:
        current = current.filter(department=dept)
    elif role not in (StaffRole.COMMITTEE_CHAIR, StaffRole.OFFICE_HEAD):
        current = current.filter(person=person)
    for previous in current.select_for_update().order_by("pk"):
        previous.until = today
        previous.save(update_fields=["until"])
        record_event(
            actor=actor,
            action=APPOINTMENT_ENDED,
            subject=previous,
            organisation_id=person.organisation_id,
            data={"replaced": True},
        )
    appointment = SecurityAppointment.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        role=role,
        department=dept,
        since=today,
    )
    record_event(
        actor=actor,
        action=APPOINTED,
        subject=appointment,
        organisation_id=person.organisation_id,
        data={
            "person_id": person.pk,
            "role": role,
            "department_id": department_id,
            "rule": "PPL-SECURITY-STAFF",
        },
    )
    return appointment


@operation
def end_appointment(*, actor: Actor | None, appointment_id: int) -> SecurityAppointment:
    require_or_installer(actor, Permission.APPOINT_SECURITY_STAFF)
    appointment = _get(
        SecurityAppointment, actor, appointment_id, _("No such appointment."), lock=True
    )
    if appointment.until is not None:
        raise Conflict(_("The appointment has already ended."))
    appointment.until = timezone.localdate()
    appointment.save(update_fields=["until"])
    record_event(
        actor=actor,
        action=APPOINTMENT_ENDED,
        subject=appointment,
        organisation_id=appointment.organisation_id,
    )
    return appointment


def _calendar_owner(actor: Actor | None, organisation_id: int | None) -> Organisation:
    """The organisation whose calendar changes, locked: an account's own (naming another
    answers "not found"); the installer (``actor=None``) names it."""
    if actor is not None and organisation_id is None:
        organisation_id = actor_organisation_id(actor)
    org = _get(Organisation, actor, organisation_id, _("No such organisation."), lock=True)
    if org is None:
        raise NotFound(_("No such organisation."))
    return org


def _clock(value: Any, field: str) -> datetime.time:
    """A local time of day to the minute."""
    if not isinstance(value, datetime.time) or value.tzinfo is not None:
        raise InvalidInput(_("Give a time of day such as 08:30."), field=field)
    return value.replace(second=0, microsecond=0)


def _day(value: Any) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InvalidInput(_("Give a date such as 2026-10-01."), field="date")
    return value


def _hours_data(hours: WorkingHours | None) -> dict[str, str] | None:
    if hours is None:
        return None
    return {
        "day_start": hours.day_start.strftime("%H:%M"),
        "day_end": hours.day_end.strftime("%H:%M"),
        "weekdays": hours.weekdays,
    }


@operation
def set_working_hours(
    *,
    actor: Actor | None,
    day_start: datetime.time,
    day_end: datetime.time,
    weekdays: Iterable[int] | str,
    organisation_id: int | None = None,
) -> WorkingHours:
    """Set when the working day starts and ends (its end drives CIRC-SAMEDAY) and which ISO
    weekdays (1 Monday … 7 Sunday) are worked: the system administrator only."""
    require_or_installer(actor, Permission.CONFIGURE)
    day_start, day_end = _clock(day_start, "day_start"), _clock(day_end, "day_end")
    if day_start >= day_end:
        raise InvalidInput(_("The working day must start before it ends."), field="day_end")
    try:
        days = weekdays_text(parse_weekdays(weekdays))
    except (TypeError, ValueError):
        raise InvalidInput(
            _("Choose at least one working weekday, from 1 (Monday) to 7 (Sunday)."),
            field="weekdays",
        ) from None
    org = _calendar_owner(actor, organisation_id)
    before = _hours_data(WorkingHours.objects.filter(organisation=org).first())
    hours, _created = WorkingHours.objects.update_or_create(
        organisation=org, defaults={"day_start": day_start, "day_end": day_end, "weekdays": days}
    )
    record_event(
        actor=actor,
        action=WORKING_HOURS_SET,
        subject=hours,
        organisation_id=org.pk,
        data={"from": before, "to": _hours_data(hours)},
    )
    return hours


@operation
def set_calendar_day(
    *,
    actor: Actor | None,
    date: datetime.date,
    kind: str,
    name: str = "",
    organisation_id: int | None = None,
) -> CalendarDay:
    """Make ``date`` a holiday (法定节假日, a day off) or an extra working day (调休上班, worked)
    whatever its weekday, or change what it was: the system administrator only."""
    require_or_installer(actor, Permission.CONFIGURE)
    date = _day(date)
    if kind not in DayKind.values:
        raise InvalidInput(_("Unknown kind of calendar day."), field="kind")
    name = name.strip()
    if len(name) > CalendarDay._meta.get_field("name").max_length:
        raise InvalidInput(_("The name is too long."), field="name")
    org = _calendar_owner(actor, organisation_id)
    previous = CalendarDay.objects.filter(organisation=org, date=date).first()
    day, _created = CalendarDay.objects.update_or_create(
        organisation=org, date=date, defaults={"kind": kind, "name": name}
    )
    record_event(
        actor=actor,
        action=CALENDAR_DAY_SET,
        subject=day,
        organisation_id=org.pk,
        data={
            "date": date.isoformat(),
            "kind": kind,
            "name": name,
            "from": {"kind": previous.kind, "name": previous.name} if previous else None,
        },
    )
    return day


@operation
def remove_calendar_day(
    *, actor: Actor | None, date: datetime.date, organisation_id: int | None = None
) -> None:
    """Make ``date`` follow the working weekdays again: the system administrator only."""
    require_or_installer(actor, Permission.CONFIGURE)
    date = _day(date)
    org = _calendar_owner(actor, organisation_id)
    day = CalendarDay.objects.filter(organisation=org, date=date).first()
    if day is None:
        raise NotFound(_("No holiday or extra working day on this date."))
    record_event(
        actor=actor,
        action=CALENDAR_DAY_REMOVED,
        subject=day,
        organisation_id=org.pk,
        data={"date": date.isoformat(), "kind": day.kind, "name": day.name},
    )
    day.delete()


@operation
def import_holidays(
    *,
    actor: Actor | None,
    year: int,
    days: list[holidays.NoticeDay],
    source: str,
    dry_run: bool = False,
    organisation_id: int | None = None,
) -> list[tuple[holidays.NoticeDay, CalendarDay | None]]:
    """Set the days of a year's State Council notice (read by ``core.holidays.read_notice``
    or ``read_sheet``) as the organisation's holidays and extra working days, all of them or
    none: none outside ``year``, no date twice. Answers each day with what the organisation
    had set on its date before (None: nothing). ``dry_run`` writes nothing; otherwise one
    audit event records the import, its ``source`` (the notice's title or the file's name)
    and the days it changed. The system administrator only."""
    require_or_installer(actor, Permission.CONFIGURE)
    days = holidays.checked(list(days), year)
    if not days:
        raise InvalidInput(_("The notice gives no date."), field="text")
    source = source.strip()[:SOURCE_LENGTH]
    org = _calendar_owner(actor, organisation_id)
    before = {d.date: d for d in CalendarDay.objects.filter(organisation=org, date__year=year)}
    found = [(day, before.get(day.date)) for day in days]
    if dry_run:
        return found
    for day in days:
        CalendarDay.objects.update_or_create(
            organisation=org, date=day.date, defaults={"kind": day.kind, "name": day.name}
        )
    record_event(
        actor=actor,
        action=HOLIDAYS_IMPORTED,
        subject=org,
        organisation_id=org.pk,
        data={
            "year": year,
            "source": source,
            "holidays": [d.date.isoformat() for d in days if d.kind == DayKind.HOLIDAY],
            "workdays": [d.date.isoformat() for d in days if d.kind == DayKind.WORKDAY],
            "replaced": {
                old.date.isoformat(): {"kind": old.kind, "name": old.name}
                for day, old in found
                if old is not None and (old.kind, old.name) != (day.kind, day.name)
            },
        },
    )
    return found


@operation
def import_people(*, actor: Actor, rows: list[imports.Row]) -> list[imports.Parsed]:
    """Create every person of ``rows`` (read by ``imports.read_upload``) in the actor's
    organisation, or none: the rows are checked again here, and any rejected row refuses the
    whole import with ``imports.ImportRejected`` listing every rejected row and its reasons.
    New people start without clearance (PPL-CLASS). One audit event records the import.
    Answers the imported rows, each with the id of the person it created."""
    require(actor, Permission.MANAGE_ORGANISATION)
    accepted = imports.SPEC.accepted(imports.check(actor, rows))
    organisation_id = actor_organisation_id(actor)
    try:
        people = Person.objects.bulk_create(
            Person(
                organisation_id=organisation_id,
                department_id=row.department_id,
                rank_id=row.rank_id,
                name=row.name,
                staff_number=row.staff_number,
                on_probation=row.on_probation,
            )
            for row in accepted
        )
        imported = imports.created(accepted, people)
        # A bulk insert sends no signal: the chart's stamp is set here (core.refdata).
        refdata.bump(organisation_id, refdata.CHART)
    except IntegrityError:
        # Another import took a staff number between the check and now.
        raise Conflict(_("A staff number of the file was taken meanwhile; try again.")) from None
    record_event(
        actor=actor,
        action=PEOPLE_IMPORTED,
        organisation_id=organisation_id,
        data={
            "count": len(imported),
            "rows": [row.number for row in imported],
            "person_ids": [row.person_id for row in imported],
        },
    )
    return imported
