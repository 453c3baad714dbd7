"""Reads of travel abroad and the passports the organisation keeps (PPL-ABROAD), through what
the actor may know (``policies.TRAVELS``, ``policies.PASSPORTS``: the security office its
organisation's, anyone else their own).

A trip's ``status`` is its recorded state, except while it is *requested*: then it follows
its approval request — *approved* once granted (and still valid), *refused* once rejected,
withdrawn or lapsed. The approval is consumed at the pre-departure briefing (the next step),
so the stored state never has to follow the approvals app. ``next_steps`` is the one answer to
"what can be done to this trip now" for the page and the API. ``printed`` is the trip's
出国（境）审批表 (a ``core.paper`` form), read as the trip's page reads it; printing it is
``operations.travel.print_travel_form``, which records the print."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals.models import ApprovalStep
from baomi.approvals.models import State as ApprovalState
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import exports, paper, rules
from baomi.core.errors import NotFound
from baomi.core.levels import Clearance, Level
from baomi.core.registers import export_name
from baomi.org.models import Employment, Person
from baomi.people.models import CoolingOff, Passport, Travel, TravelState
from baomi.people.policies import PASSPORTS, TRAVELS, keeps_files
from baomi.rulebook import book

RULE = "PPL-ABROAD"
# The approval operation and subject type of a trip's request.
OPERATION = "travel_abroad"
SUBJECT = "people.travel"

# What a status is called where it is not a stored state.
STATUS_LABELS: dict[str, Any] = {**dict(TravelState.choices)}

# States in which the trip has not yet begun and may be cancelled.
NOT_STARTED = (TravelState.REQUESTED, TravelState.APPROVED, TravelState.BRIEFED)
# States after departure: the return report is owed.
STARTED = (TravelState.ABROAD, TravelState.RETURNED, TravelState.REPORTED)


def with_status(qs: QuerySet[Travel]) -> QuerySet[Travel]:
    """``qs`` with ``status``: the stored state, or what its approval request says while the
    trip is requested (one CASE in the query, so the list filters on it)."""
    now = timezone.now()
    requested = Q(state=TravelState.REQUESTED, approval__isnull=False)
    return qs.annotate(
        status=Case(
            When(
                requested & Q(approval__state=ApprovalState.GRANTED, approval__expires_at__gt=now),
                then=Value(TravelState.APPROVED.value),
            ),
            When(
                requested
                & (
                    Q(approval__state__in=[ApprovalState.REJECTED, ApprovalState.WITHDRAWN])
                    | Q(approval__expires_at__lte=now)
                ),
                then=Value(TravelState.REFUSED.value),
            ),
            default="state",
            output_field=CharField(),
        )
    )


def travels(actor: Actor, *, status: str = "", person_id: int | None = None) -> QuerySet[Travel]:
    """The trips ``actor`` may know, latest departure first, with their ``status``;
    ``status`` and ``person_id`` narrow them."""
    qs = with_status(TRAVELS.known(actor)).select_related(
        "person", "person__department", "requested_by", "approval", "briefed_by"
    )
    if status:
        qs = qs.filter(status=status)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


def travel(actor: Actor, travel_id: int) -> Travel:
    """One trip the actor may know; NotFound otherwise (another's, another organisation's)."""
    found = travels(actor).filter(pk=travel_id).first()
    if found is None:
        raise NotFound(_("No such trip."))
    return found


def abroad_now(actor: Actor) -> QuerySet[Travel]:
    """The trips under way: departed and not yet back."""
    return travels(actor, status=TravelState.ABROAD)


def status_label(status: str) -> Any:
    return STATUS_LABELS.get(status, status)


def passports(actor: Actor, *, person_id: int | None = None) -> QuerySet[Passport]:
    """The passports the organisation keeps that ``actor`` may know (the office's, else one's
    own), by person."""
    qs = PASSPORTS.known(actor).select_related("person", "person__department")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


def passport(actor: Actor, passport_id: int) -> Passport:
    found = passports(actor).filter(pk=passport_id).first()
    if found is None:
        raise NotFound(_("No such passport."))
    return found


def lasting_cooling_off(person_id: int, day: datetime.date | None = None) -> CoolingOff | None:
    """The person's cooling-off period (脱密期) lasting on ``day`` (today), if any."""
    day = day or timezone.localdate()
    return CoolingOff.objects.filter(person_id=person_id, ends__gte=day).first()


def class_of(person: Person) -> int:
    """The clearance class a trip is approved by: the person's own while in post, their class
    at leaving while their cooling-off period lasts, else none."""
    if person.is_active:
        return person.clearance
    cooling = lasting_cooling_off(person.pk)
    return cooling.clearance if cooling is not None else Clearance.NONE


def approver_param(clearance: int) -> str:
    """The PPL-ABROAD parameter naming the approvers of a person of ``clearance``."""
    return "core_approvers" if clearance == Clearance.CORE else "approvers"


def report_days(organisation_id: int) -> int:
    return book.param(organisation_id, RULE, "report_days")


def with_report_days(trips: Any) -> list[Travel]:
    """``trips`` as a list, each told its organisation's ``report_days`` (read once per
    organisation, not once per trip)."""
    found = list(trips)
    days: dict[int, int] = {}
    for trip in found:
        if trip.organisation_id not in days:
            days[trip.organisation_id] = report_days(trip.organisation_id)
        trip.report_days = days[trip.organisation_id]
    return found


def report_due(trip: Travel) -> datetime.date | None:
    """The last day of the trip's return report: ``report_days`` after its return (the day
    recorded, else the approved one); None before departure."""
    if trip.state not in STARTED:
        return None
    back = trip.returned_on or trip.returns
    days = getattr(trip, "report_days", None)
    if days is None:
        days = report_days(trip.organisation_id)
    return back + datetime.timedelta(days=days)


def report_overdue(trip: Travel, day: datetime.date | None = None) -> bool:
    due = report_due(trip)
    return (
        due is not None
        and trip.state != TravelState.REPORTED
        and due < (day or timezone.localdate())
    )


def approval_params(trip: Travel) -> dict[str, Any]:
    """What the approval of a trip authorises: who, where and the dates (the approval's
    ``params``, compared for equality when it is used)."""
    return {
        "person_id": trip.person_id,
        "destination": trip.destination,
        "departs": trip.departs.isoformat(),
        "returns": trip.returns.isoformat(),
    }


def status(trip: Travel) -> str:
    """The trip's status (``with_status``'s), read from the row when it was not annotated."""
    found = getattr(trip, "status", None)
    if found is not None:
        return found
    return with_status(Travel.objects.filter(pk=trip.pk)).values_list("status", flat=True)[0]


# The steps of a trip, in the order the work comes, with their labels.
STEP_LABELS: dict[str, Any] = {
    "brief": gettext_lazy("Record the pre-departure briefing"),
    "hand_out_passport": gettext_lazy("Hand out the passport"),
    "depart": gettext_lazy("Record the departure"),
    "return": gettext_lazy("Record the return"),
    "return_passport": gettext_lazy("Record the passport's return"),
    "report": gettext_lazy("File the return report"),
    "cancel": gettext_lazy("Cancel the trip"),
}


def next_steps(actor: Actor, trip: Travel) -> list[str]:
    """What ``actor`` may do to the trip now (keys of ``STEP_LABELS``): the office briefs and
    hands the passport out and back (never on its own trip, ROLE-SEPARATION); the office or
    the traveller records departure, return and the report, and cancels a trip not begun."""
    office = keeps_files(actor)
    own = getattr(actor, "person_id", None) == trip.person_id
    if not (office or own):
        return []
    current = status(trip)
    steps: list[str] = []
    office_on_other = office and not own
    if current == TravelState.APPROVED and office_on_other:
        steps.append("brief")
    if current == TravelState.BRIEFED:
        if office_on_other and trip.passport_out_at is None and _has_passport_in(trip):
            steps.append("hand_out_passport")
        steps.append("depart")
    if current == TravelState.ABROAD:
        steps.append("return")
    if (
        office_on_other
        and trip.passport_out_at is not None
        and trip.passport_back_at is None
        and current in (TravelState.ABROAD, TravelState.RETURNED, TravelState.REPORTED)
    ):
        steps.append("return_passport")
    if current == TravelState.RETURNED:
        steps.append("report")
    if current in NOT_STARTED and not (
        trip.passport_out_at is not None and trip.passport_back_at is None
    ):
        steps.append("cancel")
    return steps


def _has_passport_in(trip: Travel) -> bool:
    return Passport.objects.filter(
        organisation_id=trip.organisation_id, person_id=trip.person_id, out=False
    ).exists()


def passport_out_for(trip: Travel) -> Passport | None:
    """The traveller's passport that is handed out, if any (to record its return)."""
    return Passport.objects.filter(
        organisation_id=trip.organisation_id, person_id=trip.person_id, out=True
    ).first()


def passports_in(actor: Actor, trip: Travel) -> QuerySet[Passport]:
    """The traveller's passports kept in the office (to hand one out)."""
    return passports(actor, person_id=trip.person_id).filter(out=False)


def travellers(actor: Actor) -> QuerySet[Person]:
    """Whom the office may record a request for: the organisation's cleared people in post
    and those whose cooling-off period lasts (the office only; anyone else nobody)."""
    if not keeps_files(actor):
        return Person.objects.none()
    organisation_id = actor.person.organisation_id
    cooling = CoolingOff.objects.filter(
        organisation_id=organisation_id, ends__gte=timezone.localdate()
    ).values("person_id")
    return (
        Person.objects.filter(organisation_id=organisation_id)
        .filter(
            (Q(employment=Employment.ACTIVE) & ~Q(clearance=Clearance.NONE)) | Q(pk__in=cooling)
        )
        .select_related("department")
        .order_by("department__path", "name")
    )


def person_travels(actor: Actor, person_id: int) -> list[Travel]:
    """A person's trips, for their page (the office) or their own file."""
    return with_report_days(travels(actor, person_id=person_id)[:50])


def asked_about(actor: Actor, travel_id: int) -> Travel | None:
    """A trip as its approval request shows it: one the actor may know, or one about which
    their person is (or was) asked to approve; else None."""
    found = TRAVELS.known(actor).filter(pk=travel_id).select_related("person").first()
    if found is not None:
        return found
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return None
    asked = ApprovalStep.objects.filter(
        approver_id=person_id,
        request__subject_type=SUBJECT,
        request__subject_id=str(travel_id),
        request__organisation_id=actor_organisation_id(actor),
    ).exists()
    if not asked:
        return None
    return Travel.objects.filter(pk=travel_id).select_related("person").first()


# The register of travel abroad (出国（境）审批登记), as printed.
EXPORTED = register_action(
    "people.travel_register_exported", gettext_lazy("Travel abroad register exported")
)
REGISTER_TITLE = gettext_lazy("Travel abroad register")


def _approved_by(trip: Travel) -> str:
    """The approvers of the trip's request who decided, with the day, as printed."""
    if trip.approval is None:
        return ""
    steps = [s for s in trip.approval.steps.all() if s.decided_at is not None]
    return "；".join(
        f"{s.approver.name} {timezone.localdate(s.decided_at):%Y-%m-%d}" for s in steps
    )


def _when(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


def register_table(actor: Actor, *, status: str = "") -> exports.Table:
    """The travel abroad register of the organisation (the security office's), one line per
    trip: person, class, destination, purpose, dates, approver and day, briefing, passport
    out and back, return report."""
    require(actor, Permission.SET_CLEARANCE)
    trips = list(travels(actor, status=status).prefetch_related("approval__steps__approver"))
    classes = dict(Clearance.choices)
    columns = [
        ("person", _("Person")),
        ("department", _("Department")),
        ("class", _("Class")),
        ("destination", _("Destination")),
        ("purpose", _("Purpose")),
        ("dates", _("Dates")),
        ("approved", _("Approved by")),
        ("briefing", _("Briefing")),
        ("passport_out", _("Passport handed out")),
        ("passport_back", _("Passport returned")),
        ("travelled", _("Departed – returned")),
        ("report", _("Return report")),
        ("status", _("State")),
    ]
    rows = []
    for trip in trips:
        briefing = ""
        if trip.briefed_on:
            by = trip.briefed_by.name if trip.briefed_by else ""
            briefing = f"{trip.briefed_on:%Y-%m-%d} {by}".strip()
        travelled = ""
        if trip.departed_on:
            back = f"{trip.returned_on:%Y-%m-%d}" if trip.returned_on else ""
            travelled = f"{trip.departed_on:%Y-%m-%d} – {back}"
        rows.append(
            [
                trip.person.name,
                trip.person.department.name,
                str(classes.get(class_of(trip.person), "")),
                trip.destination,
                trip.purpose,
                f"{trip.departs:%Y-%m-%d} – {trip.returns:%Y-%m-%d}",
                _approved_by(trip),
                briefing,
                _when(trip.passport_out_at),
                _when(trip.passport_back_at),
                travelled,
                f"{trip.reported_on:%Y-%m-%d}" if trip.reported_on else "",
                str(status_label(trip.status)),
            ]
        )
    organisation = actor.person.organisation.name
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=organisation,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Registered by"),),
    )


def export_register(actor: Actor, file_format: str, *, status: str = "") -> exports.Export:
    """The register as an .xlsx or PDF file; the export is recorded in the audit log with
    the format, the filter and the number of lines."""
    exports.require_format(file_format)
    printed = register_table(actor, status=status)
    exported = exports.export_file(
        printed, file_format, export_name(str(printed.title), file_format)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            data={
                "rule": RULE,
                "format": file_format,
                "status": status,
                "lines": len(printed.rows),
            },
        )
    return exported


def reports_overdue(actor: Actor) -> QuerySet[Travel]:
    """The trips the actor may know whose return report is overdue: departed, not reported,
    and ``report_days`` past their return (recorded, else approved)."""
    organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        return Travel.objects.none()
    cutoff = timezone.localdate() - datetime.timedelta(days=report_days(organisation_id))
    return (
        TRAVELS.known(actor)
        .filter(state__in=[TravelState.ABROAD, TravelState.RETURNED])
        .annotate(back=Coalesce("returned_on", "returns"))
        .filter(back__lt=cutoff)
    )


# The approval form of a trip (出国（境）审批表), printed for the file.


def printed(actor: Actor, travel_id: int) -> tuple[Travel, paper.Printed]:
    """出国（境）审批表 of a trip the actor may know (NotFound otherwise, as its page): the
    person, department, class, destination, purpose and dates, each approval step (approver,
    decision, day, comment), the briefing (day, by whom, what was said), the passport handed
    out and returned, departure and return, the return report's day; signature lines for the
    traveller, the department head and the approver; marked 内部 (a person's security file)."""
    trip = travel(actor, travel_id)
    person = trip.person
    steps = list(trip.approval.steps.select_related("approver")) if trip.approval else []
    label = status_label(status(trip))

    def make() -> paper.Form:
        step_rows = [
            [
                str(n),
                str(rules.APPROVER_LABELS.get(step.approver_kind, step.approver_kind)),
                step.approver.name,
                str(step.get_decision_display()),
                paper.day_text(timezone.localtime(step.decided_at) if step.decided_at else None),
                step.comment or "",
            ]
            for n, step in enumerate(steps, 1)
        ]
        briefed_by = trip.briefed_by.name if trip.briefed_by else ""
        blocks: list[Any] = [
            paper.Fields(
                [
                    ("姓名", person.name),
                    ("工号", person.staff_number),
                    ("部门", person.department.name),
                    ("涉密等级", str(Clearance(class_of(person)).label)),
                    ("前往国家（地区）", trip.destination),
                    ("出行事由", trip.purpose),
                    ("出境日期", paper.day_text(trip.departs)),
                    ("入境日期", paper.day_text(trip.returns)),
                    ("申请人", trip.requested_by.name),
                    ("申请日期", paper.day_text(timezone.localtime(trip.requested_at))),
                    ("状态", str(label)),
                ]
            ),
            paper.Text("一、审批"),
        ]
        if step_rows:
            blocks.append(
                paper.Rows(
                    ["序号", "审批环节", "审批人", "意见", "日期", "说明"],
                    step_rows,
                    widths=[0.6, 1.6, 1.2, 0.9, 1.2, 2.0],
                )
            )
        else:
            blocks.append(paper.Text("未发起审批。"))
        blocks += [
            paper.Text("二、行前保密提醒谈话"),
            paper.Fields(
                [
                    ("谈话日期", paper.day_text(trip.briefed_on) or "—"),
                    ("谈话人", briefed_by or "—"),
                    ("谈话内容", trip.briefing or "—"),
                ],
                columns=1,
            ),
            paper.Text("三、证件及行程"),
            paper.Fields(
                [
                    ("证件领取", paper.day_text(_local(trip.passport_out_at)) or "—"),
                    ("证件交回", paper.day_text(_local(trip.passport_back_at)) or "—"),
                    ("实际出境", paper.day_text(trip.departed_on) or "—"),
                    ("实际入境", paper.day_text(trip.returned_on) or "—"),
                    ("回国报告日期", paper.day_text(trip.reported_on) or "—"),
                ]
            ),
            paper.Text(
                "出行人在境外期间遵守保密纪律，不携带涉密载体出境，回国后按规定交回证件并报告有关情况。"
            ),
            paper.Signatures(
                [
                    ("出行人", person.name),
                    ("部门负责人", ""),
                    ("审批人", steps[-1].approver.name if steps else ""),
                ]
            ),
        ]
        return paper.Form(
            title="出国（境）审批表",
            level=Level.INTERNAL,
            organisation=person.organisation.name,
            blocks=tuple(blocks),
        )

    return trip, paper.print_form(make, str(trip.pk))


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None
