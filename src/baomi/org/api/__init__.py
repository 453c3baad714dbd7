"""JSON routes of the organisation chart, clearances and security staff."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from baomi.access.roles import actor_organisation_id
from baomi.core import holidays
from baomi.core.imports import PassedOver, SheetRead, read_from
from baomi.core.inputs import ClockTime, Id, Line, Text, TimeOfDay, Year, rfc3339_time, text
from baomi.core.levels import Clearance
from baomi.core.workdays import parse_weekdays
from baomi.org import imports, operations, queries
from baomi.org.models import CalendarDay, DayKind, Department, Person, StaffRole

router = Router(tags=["org"])


class DepartmentOut(Schema):
    id: int
    name: str
    parent_id: int | None
    path: str
    head_id: int | None
    leader_in_charge_id: int | None
    is_general_office: bool


class PersonOut(Schema):
    id: int
    name: str
    staff_number: str
    department_id: int
    department: str
    rank: str
    rank_name: str
    on_probation: bool
    employment: str
    clearance: int | None
    clearance_label: str | None

    @staticmethod
    def resolve_department(person: Any) -> str:
        return person.department.name

    @staticmethod
    def resolve_rank(person: Any) -> str:
        return person.rank.key

    @staticmethod
    def resolve_rank_name(person: Any) -> str:
        return person.rank.name

    @staticmethod
    def resolve_clearance(person: Any, context: dict[str, Any]) -> int | None:
        return person.clearance if queries.sees_clearances(context["request"].auth) else None

    @staticmethod
    def resolve_clearance_label(person: Any, context: dict[str, Any]) -> str | None:
        if not queries.sees_clearances(context["request"].auth):
            return None
        return str(Clearance(person.clearance).label)


class ClearanceIn(Schema):
    clearance: int


class ProbationEndIn(Schema):
    on: date


class AppointmentOut(Schema):
    id: int
    person_id: int
    person: str
    role: StaffRole
    department_id: int | None
    since: date
    until: date | None

    @staticmethod
    def resolve_person(appointment: Any) -> str:
        return appointment.person.name


class AppointmentIn(Schema):
    person_id: Id
    role: StaffRole
    department_id: Id | None = None
    since: date | None = None


@router.get("/departments", response=list[DepartmentOut])
def list_departments(request: HttpRequest) -> Any:
    """The departments of the caller's organisation in tree order; ``path`` lists the ids
    from the root down."""
    return queries.departments(request.auth)


class DepartmentIn(Schema):
    name: Line = text(Department, "name")
    parent_id: Id | None = None
    is_general_office: bool = False


class LeadersIn(Schema):
    head_id: Id | None = None
    leader_in_charge_id: Id | None = None


class PersonIn(Schema):
    name: Line = text(Person, "name")
    staff_number: Line = text(Person, "staff_number")
    department_id: Id
    rank_id: Id
    on_probation: bool = False


class HeadIn(Schema):
    person_id: Id


@router.post("/departments", response={201: DepartmentOut})
def create_department(request: HttpRequest, payload: DepartmentIn) -> Any:
    """Add a department, under ``parent_id`` or at the top (system administrator only)."""
    created = operations.create_department(
        actor=request.auth, organisation_id=actor_organisation_id(request.auth), **payload.dict()
    )
    return Status(201, created)


@router.put("/departments/{department_id}/leaders", response=DepartmentOut)
def set_department_leaders(request: HttpRequest, department_id: Id, payload: LeadersIn) -> Any:
    """Name the department's head and its leader in charge, the approvers the org chart
    gives (system administrator only); null clears one."""
    return operations.set_department_leaders(
        actor=request.auth, department_id=department_id, **payload.dict()
    )


@router.put("/head", response=PersonOut)
def set_organisation_head(request: HttpRequest, payload: HeadIn) -> Any:
    """Name the head of the organisation (system administrator only)."""
    org = operations.set_organisation_head(
        actor=request.auth,
        organisation_id=actor_organisation_id(request.auth),
        person_id=payload.person_id,
    )
    return org.head


@router.post("/people", response={201: PersonOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Any:
    """Add a person (system administrator only). A new person has no clearance until the
    security officer sets it (PPL-CLASS)."""
    return Status(201, operations.create_person(actor=request.auth, **payload.dict()))


class ImportRowOut(Schema):
    row: int
    name: str
    staff_number: str
    department_id: int
    department: str
    rank_id: int
    rank: str
    on_probation: bool
    id: int | None

    @staticmethod
    def resolve_id(parsed: Any) -> int | None:
        return parsed.person_id

    @staticmethod
    def resolve_row(parsed: Any) -> int:
        return parsed.number


class ImportOut(Schema):
    created: int | None = None
    would_create: int | None = None
    rows: list[ImportRowOut]
    # Which row of each sheet read was the header, its columns (field "" where none reads
    # it), and the sheets not read with the reason.
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


@router.post("/people/import", response=ImportOut)
def import_people(request: HttpRequest, file: File[UploadedFile], dry_run: bool = False) -> Any:
    """Import people from an .xlsx or .csv file (multipart field ``file``; system
    administrator only). Its header row names the columns 姓名/name, 工号/staff_number,
    部门/department (a name or a path such as 技术部/研发一室), 职级/rank (name or key) and
    optionally 试用期/on_probation (是/否, yes/no, 1/0).

    ``dry_run=true`` answers ``would_create`` and the rows, changing nothing. Otherwise
    every row is created (``created``, each row with the new person's ``id``) or, when any
    row is rejected, none. A rejected row answers 422 with ``detail`` listing each rejected
    ``row`` (its number in the file) with every reason; an unreadable file answers 422 with
    ``field`` "file" and the reason in ``message``."""
    reading = imports.reading(file, file.name or "")
    if dry_run:
        checked = imports.check(request.auth, reading.rows)
        if checked.rejected:
            raise imports.ImportRejected(checked.rejected)
        return {"would_create": len(checked.rows), "rows": checked.rows, **read_from(reading)}
    created = operations.import_people(actor=request.auth, rows=reading.rows)
    return {"created": len(created), "rows": created, **read_from(reading)}


@router.get("/people", response=list[PersonOut])
def list_people(request: HttpRequest, department_id: Id | None = None) -> Any:
    """The people of the caller's organisation, or of one department.

    Everyone of the organisation may list them: the org chart (names, staff numbers,
    departments, ranks, probation, employment) is what the system administrator needs to
    create accounts, the auditor to read the log, and everybody to name readers and
    approvers. The clearance class (PPL-CLASS) is shown only to the security officer, who
    sets it; for every other caller ``clearance`` and ``clearance_label`` are null."""
    return queries.people(request.auth, department_id=department_id)


@router.put("/people/{person_id}/clearance", response=PersonOut)
def set_clearance(request: HttpRequest, person_id: Id, payload: ClearanceIn) -> Any:
    """Set a person's clearance class (PPL-CLASS; security officer only). ``clearance`` is
    the highest level the class may know: 1 none, 2 general, 3 important, 4 core."""
    return operations.set_clearance(
        actor=request.auth, person_id=person_id, clearance=payload.clearance
    )


class PersonLeftOut(PersonOut):
    """The person marked as left, and what the apps' leaving steps answered about it
    (``baomi.org.leaving``): ``leaving.cooling_off`` is the 脱密期 that starts (``starts``,
    ``ends``, ``years``, ``clearance``, ``clearance_label``; PPL-EXIT), absent for a person
    without a clearance."""

    leaving: dict[str, Any] = {}


@router.post("/people/{person_id}/left", response=PersonLeftOut)
def mark_left(request: HttpRequest, person_id: Id) -> Any:
    """Mark a person as having left (security officer only). Refused (403, ``rule``
    HANDOVER) while they still hold or keep any item, listing what: hand everything over
    first (``POST /api/v1/handovers``); a cleared person is refused (403, ``rule`` PPL-EXIT)
    without an open exit case whose commitment letter is recorded (``POST
    /api/v1/people/{id}/exit-cases``); a person who has left already is 409. The answer
    carries the cooling-off period that starts (``leaving.cooling_off``)."""
    return operations.mark_left(actor=request.auth, person_id=person_id)


@router.post("/people/{person_id}/probation-end", response=PersonOut)
def end_probation(request: HttpRequest, person_id: Id, payload: ProbationEndIn) -> Any:
    """Record the end of a person's probation (转正) on ``on``, today or earlier (security
    officer only; PPL-PROBATION: until then they may not carry, take out, courier or borrow
    classified items). A person not on probation, or who has left, is 409."""
    return operations.end_probation(actor=request.auth, person_id=person_id, on=payload.on)


@router.get("/appointments", response=list[AppointmentOut])
def list_appointments(request: HttpRequest, current: bool = False) -> Any:
    """The security committee, office and department officers (PPL-SECURITY-STAFF), known to
    everyone of the organisation; ``current=true`` leaves out ended appointments."""
    return queries.appointments(request.auth, current=current)


@router.post("/appointments", response={201: AppointmentOut})
def appoint(request: HttpRequest, payload: AppointmentIn) -> Any:
    """Appoint security staff (PPL-SECURITY-STAFF; security officer only). A department has
    one officer at a time: appointing a new one ends the previous appointment."""
    return Status(201, operations.appoint(actor=request.auth, **payload.dict()))


@router.post("/appointments/{appointment_id}/end", response=AppointmentOut)
def end_appointment(request: HttpRequest, appointment_id: Id) -> Any:
    """End an appointment today (security officer only)."""
    return operations.end_appointment(actor=request.auth, appointment_id=appointment_id)


class WorkingHoursOut(Schema):
    """Times of day on the installation's clock, with its offset (RFC 3339)."""

    day_start: TimeOfDay
    day_end: TimeOfDay
    weekdays: list[int]

    @staticmethod
    def resolve_day_start(hours: Any) -> str:
        return rfc3339_time(hours.day_start)

    @staticmethod
    def resolve_day_end(hours: Any) -> str:
        return rfc3339_time(hours.day_end)

    @staticmethod
    def resolve_weekdays(hours: Any) -> list[int]:
        return sorted(parse_weekdays(hours.weekdays))


class WorkingHoursIn(Schema):
    """Times of day such as 08:30, or with an offset (08:30:00+08:00), read on the
    installation's clock."""

    day_start: ClockTime
    day_end: ClockTime
    weekdays: list[int]


class CalendarDayOut(Schema):
    date: date
    kind: DayKind
    name: str


class CalendarDayIn(Schema):
    kind: DayKind
    name: Line = text(CalendarDay, "name", "")


@router.get("/calendar/hours", response=WorkingHoursOut)
def get_working_hours(request: HttpRequest) -> Any:
    """The working hours of the caller's organisation (the defaults 08:30–17:30, Monday to
    Friday, until the system administrator sets them); ``weekdays`` are ISO weekdays, 1
    Monday … 7 Sunday. Known to everyone of the organisation: deadlines such as CIRC-SAMEDAY
    end with the working day."""
    return queries.working_hours(actor_organisation_id(request.auth))


@router.put("/calendar/hours", response=WorkingHoursOut)
def set_working_hours(request: HttpRequest, payload: WorkingHoursIn) -> Any:
    """Set the working hours and the working weekdays (system administrator only)."""
    return operations.set_working_hours(actor=request.auth, **payload.dict())


@router.get("/calendar/days", response=list[CalendarDayOut])
def list_calendar_days(request: HttpRequest, year: Year | None = None) -> Any:
    """The holidays (法定节假日, days off) and extra working days (调休上班, worked) of the
    caller's organisation by date, of one ``year`` or of all years."""
    return queries.calendar_days(request.auth, year=year)


@router.put("/calendar/days/{day}", response=CalendarDayOut)
def set_calendar_day(request: HttpRequest, day: date, payload: CalendarDayIn) -> Any:
    """Make ``day`` (YYYY-MM-DD) a holiday or an extra working day, or change it (system
    administrator only)."""
    return operations.set_calendar_day(actor=request.auth, date=day, **payload.dict())


@router.delete("/calendar/days/{day}", response={204: None})
def remove_calendar_day(request: HttpRequest, day: date) -> Any:
    """Let ``day`` follow the working weekdays again (system administrator only); 404 when
    it is no holiday or extra working day."""
    operations.remove_calendar_day(actor=request.auth, date=day)
    return Status(204, None)


class NoticeIn(Schema):
    text: Text = Field(max_length=20_000, description="The notice's text, or its lines 一、… 二、…")
    year: Year | None = Field(None, description="Default: the year the notice names")
    dry_run: bool = False


class NoticeDayOut(Schema):
    date: date
    kind: DayKind
    name: str
    before: DayKind | None = Field(description="What the organisation had set on the date")


@router.post("/calendar/notice", response=list[NoticeDayOut])
def import_notice(request: HttpRequest, payload: NoticeIn) -> Any:
    """Import a year's State Council notice on holidays (国务院办公厅关于…部分节假日安排的通知)
    from its text: its days off and weekend days worked become the organisation's holidays
    and extra working days, all or none (system administrator only). ``dry_run=true``
    answers the days found, changing nothing. A notice that cannot be read is 422 with every
    problem and its line in ``detail``: a date outside the year or given twice, a weekday
    that is not the date's, a count of days that is not the range's. The years whose notice
    is published when baomi is released apply without an import."""
    days = holidays.read_notice(payload.text, payload.year)
    found = operations.import_holidays(
        actor=request.auth,
        year=days[0].date.year,
        days=days,
        source=holidays.title_of(payload.text) or "API",
        dry_run=payload.dry_run,
    )
    return [
        {"date": d.date, "kind": d.kind, "name": d.name, "before": b.kind if b else None}
        for d, b in found
    ]


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/org", router)]
