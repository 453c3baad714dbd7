"""Reads of the classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP), through what the
actor may know (``policies.MEETINGS``): the list by phase, one meeting with its list and
checks, who may be put on the list (the picker's candidates, greyed with the reason), the
visitors who may sit in, "my meetings", the next steps of a meeting (``progress``: the one
answer for the page and the API), the meetings register (涉密会议登记) and the sign-in
sheet (签到表) as printed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.areas.models import SecureArea, Visitor
from baomi.areas.policies import VENUES
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports, paper
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.levels import Clearance, Level
from baomi.core.paper import moment_text
from baomi.meetings.models import Attendee, CheckKind, Meeting, MeetingCheck, MeetingState
from baomi.meetings.policies import MEETINGS, ORGANISE, organises
from baomi.meetings.queries import papers
from baomi.org.models import Employment, Person

RULES = ("MEET-ATTEND", "MEET-PHONES", "MEET-SWEEP")
# The rule each check answers.
CHECK_RULES = {
    CheckKind.VENUE: "MEET-ATTEND",
    CheckKind.PHONES: "MEET-PHONES",
    CheckKind.SWEEP: "MEET-SWEEP",
}
PAGE_SIZE = 50

# The list's filters: a phase of the meeting's life and the states it holds.
SHOWS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "upcoming": (gettext_lazy("Upcoming"), (MeetingState.PLANNED,)),
    "open": (gettext_lazy("In session"), (MeetingState.OPEN,)),
    "ended": (gettext_lazy("Ended, not closed"), (MeetingState.ENDED,)),
    "closed": (gettext_lazy("Closed"), (MeetingState.CLOSED,)),
    "cancelled": (gettext_lazy("Cancelled"), (MeetingState.CANCELLED,)),
}


def meetings(actor: Actor, *, show: str = "") -> QuerySet[Meeting]:
    """The meetings ``actor`` may know, latest first; ``show`` narrows them to a phase
    (``SHOWS``)."""
    qs = MEETINGS.known(actor).select_related("organiser", "department", "venue")
    if show:
        if show not in SHOWS:
            raise InvalidInput(_("Not a phase of a meeting."), field="show")
        qs = qs.filter(state__in=SHOWS[show][1])
        if show == "upcoming":
            qs = qs.order_by("starts_at", "pk")
    return qs


def meeting(actor: Actor, meeting_id: int) -> Meeting:
    """One meeting the actor may know; NotFound otherwise (another organisation's, one above
    their clearance, one they neither organise nor attend)."""
    found = meetings(actor).filter(pk=meeting_id).first()
    if found is None:
        raise NotFound(_("No such meeting."))
    return found


def attendees(meeting: Meeting) -> list[Attendee]:
    """The meeting's list: its people by department and name, then its visitors."""
    return list(
        meeting.attendees.select_related("person__department", "visitor", "added_by__person")
        .order_by("visitor_id", "person__department__path", "person__name", "pk")
        .all()
    )


def checks(meeting: Meeting) -> dict[str, MeetingCheck]:
    """The meeting's checks recorded, by kind."""
    return {c.kind: c for c in meeting.checks.select_related("checked_by").all()}


def is_today_or_past(moment: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    """Whether the local day of ``moment`` has come (a meeting opens on its day or later)."""
    now = now or timezone.now()
    return timezone.localdate(moment) <= timezone.localdate(now)


# The people who may be put on a list ------------------------------------------------------


def refusal_reason(person: Person, level: int) -> Any:
    """Why ``person`` may not attend a meeting of ``level`` (MEET-ATTEND), or "" if they may:
    they have left, or their clearance does not cover the level."""
    if not person.is_active:
        return _("has left")
    if not Clearance(person.clearance).dominates(level):
        return _("not cleared for this level")
    return ""


def candidates(actor: Actor, meeting: Meeting) -> list[tuple[Person, Any]]:
    """Every person of the organisation not yet on the list, with why they may not attend
    ("" if they may): the picker shows the others greyed with the reason."""
    listed = meeting.attendees.filter(person__isnull=False).values("person_id")
    people = (
        Person.objects.filter(organisation_id=meeting.organisation_id)
        .exclude(pk__in=listed)
        .select_related("department")
        .order_by("employment", "department__path", "name")
    )
    return [(p, refusal_reason(p, meeting.level)) for p in people]


def visitors_today(actor: Actor, meeting: Meeting) -> QuerySet[Visitor]:
    """The outside visitors registered today and not gone, not yet on the list: who may sit in
    (列席)."""
    today = timezone.localdate()
    listed = meeting.attendees.filter(visitor__isnull=False).values("visitor_id")
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return (
        Visitor.objects.filter(
            organisation_id=meeting.organisation_id,
            arrived_at__gte=start,
            arrived_at__lt=start + datetime.timedelta(days=1),
            left_at=None,
        )
        .exclude(pk__in=listed)
        .order_by("name", "pk")
    )


def venues(actor: Actor) -> QuerySet[SecureArea]:
    """The secure areas in use of the actor's organisation, as places to hold a meeting (the
    operation refuses one below the meeting's level)."""
    return VENUES.known(actor).order_by("-level", "name")


def organisers(actor: Actor) -> QuerySet[Person]:
    """Who may be named organiser: the organisation's people in post."""
    return (
        Person.objects.filter(
            organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
        )
        .select_related("department")
        .order_by("department__path", "name")
    )


# Where a meeting stands ------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    label: Any
    rule: str
    done: bool


@dataclass(frozen=True)
class Progress:
    """The steps of the meeting's current phase with whether each is done, and the next one
    (None once closed or cancelled)."""

    steps: list[Step]
    next_step: str | None


STEP_LABELS: dict[str, Any] = {
    "attendees": gettext_lazy("Draw up the attendee list"),
    "approve_list": gettext_lazy("Approve the attendee list"),
    "venue_check": gettext_lazy("Check the venue"),
    "phones_check": gettext_lazy("Collect the phones"),
    "open": gettext_lazy("Open the meeting"),
    "sign_in": gettext_lazy("Sign the attendees in"),
    "collect_top_secret": gettext_lazy("Collect the top secret papers"),
    "end": gettext_lazy("End the meeting"),
    "papers": gettext_lazy("Account for every paper"),
    "sweep": gettext_lazy("Sweep the venue"),
    "close": gettext_lazy("Close the meeting"),
}


def progress(meeting: Meeting) -> Progress:
    """The steps of the meeting's phase (planned: the list, its approval, the venue check and
    the phones before opening; open: sign-in, the top secret papers back, the end; ended:
    every paper accounted for, the sweep, the close) and the next one."""
    state = meeting.state
    found: list[tuple[str, str, bool]] = []
    if state == MeetingState.PLANNED:
        done = checks(meeting)
        found = [
            ("attendees", "MEET-ATTEND", meeting.attendees.exists()),
            ("approve_list", "MEET-ATTEND", meeting.list_approved_at is not None),
            ("venue_check", "MEET-ATTEND", CheckKind.VENUE in done),
            ("phones_check", "MEET-PHONES", CheckKind.PHONES in done),
            ("open", "MEET-ATTEND", False),
        ]
    elif state == MeetingState.OPEN:
        found = [
            (
                "sign_in",
                "MEET-ATTEND",
                not meeting.attendees.filter(signed_in_at=None).exists(),
            ),
            ("collect_top_secret", "MEET-DOCS", not papers.out_at_once(meeting).exists()),
            ("end", "MEET-DOCS", False),
        ]
    elif state == MeetingState.ENDED:
        found = [
            ("papers", "MEET-DOCS", not papers.unaccounted(meeting).exists()),
            ("sweep", "MEET-SWEEP", meeting.checks.filter(kind=CheckKind.SWEEP).exists()),
            ("close", "MEET-SWEEP", False),
        ]
    steps = [Step(key, STEP_LABELS[key], rule, done) for key, rule, done in found]
    return Progress(steps, next((s.key for s in steps if not s.done), None))


def next_steps(meeting: Meeting) -> list[str]:
    """The keys of the steps still to do in the meeting's phase, in order (the first is
    ``progress(meeting).next_step``)."""
    return [s.key for s in progress(meeting).steps if not s.done]


def papers_text(rows: Any) -> str:
    """Meeting papers as a refusal names them: document number, copy, to whom."""
    return "；".join(
        f"{p.copy.document.number} {paper.copy_mark(p.copy.number)} → {p.attendee}" for p in rows
    )


# The attendee's and the office's views ---------------------------------------------------


def my_meetings(actor: Actor) -> list[Meeting]:
    """The meetings still to come or in session that name the actor's person (organiser or on
    the list), soonest first."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return []
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return list(
        MEETINGS.known(actor)
        .filter(Q(organiser_id=person_id) | Q(attendees__person_id=person_id))
        .filter(state__in=[MeetingState.PLANNED, MeetingState.OPEN], ends_at__gte=today)
        .select_related("venue")
        .distinct()
        .order_by("starts_at", "pk")[:20]
    )


def needing_action(actor: Actor) -> QuerySet[Meeting]:
    """The organisers' work (the menu's badge): meetings in session or ended and not closed,
    and planned meetings whose day has come."""
    if not organises(actor):
        return Meeting.objects.none()
    tomorrow = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time.min
        )
    )
    return MEETINGS.known(actor).filter(
        Q(state__in=[MeetingState.OPEN, MeetingState.ENDED])
        | Q(state=MeetingState.PLANNED, starts_at__lt=tomorrow)
    )


# The meetings register (涉密会议登记) ------------------------------------------------------

EXPORTED = register_action(
    "meetings.register_exported", gettext_lazy("Classified meetings register exported")
)
REGISTER_TITLE = gettext_lazy("Classified meetings register")


def register_table(actor: Actor, *, show: str = "") -> exports.Table:
    """The meetings register of the organisation as the organisers know it: one line per
    meeting — title, level, time, venue, organiser, department, attendees (signed in / on
    the list), who approved the list, the checks, the state."""
    require(actor, ORGANISE)
    found = list(
        meetings(actor, show=show).prefetch_related("attendees", "checks__checked_by")[:5000]
    )
    columns = [
        ("title", _("Title")),
        ("level", _("Level")),
        ("time", _("Time")),
        ("venue", _("Venue")),
        ("organiser", _("Organiser")),
        ("department", _("Organising department")),
        ("attendees", _("Signed in / on the list")),
        ("approved", _("List approved by")),
        ("venue_check", _("Venue check")),
        ("phones", _("Phones kept by")),
        ("sweep", _("Sweep")),
        ("state", _("State")),
    ]
    rows = []
    for m in found:
        listed = list(m.attendees.all())
        done = {c.kind: c for c in m.checks.all()}

        def check(kind: str, done: dict[str, MeetingCheck] = done) -> str:
            c = done.get(kind)
            return f"{c.checked_by.name} {moment_text(c.checked_at)}" if c else ""

        rows.append(
            [
                m.title,
                str(Level(m.level).label),
                f"{moment_text(m.starts_at)} – {moment_text(m.ends_at)}",
                m.venue.name,
                m.organiser.name,
                m.department.name,
                f"{sum(1 for a in listed if a.signed_in_at)} / {len(listed)}",
                f"{m.list_approved_by.name} {moment_text(m.list_approved_at)}"
                if m.list_approved_by_id
                else "",
                check(CheckKind.VENUE),
                check(CheckKind.PHONES),
                check(CheckKind.SWEEP),
                str(m.get_state_display()),
            ]
        )
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=actor.person.organisation.name,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Registered by"),),
        level=paper.highest(m.level for m in found),
    )


def export_register(actor: Actor, file_format: str, *, show: str = "") -> exports.Export:
    """The register as an .xlsx or PDF file; the export is recorded in the audit log."""
    exports.require_format(file_format)
    printed = register_table(actor, show=show)
    return recorded_export(
        actor, printed, file_format, action=EXPORTED, data={"rules": list(RULES), "show": show}
    )


# The sign-in sheet (签到表) ----------------------------------------------------------------


def sign_in_sheet(actor: Actor, meeting_id: int) -> tuple[Meeting, paper.Printed]:
    """签到表 of a meeting the actor may know (NotFound otherwise, as its page): the title,
    marked with the meeting's level, the time, venue and organiser, then a line per attendee
    with their department (a visitor's unit), a column for the signature and the sign-in time
    recorded."""
    found = meeting(actor, meeting_id)
    listed = attendees(found)

    def make() -> paper.Form:
        rows = []
        for n, a in enumerate(listed, 1):
            if a.person_id:
                name, unit = a.person.name, a.person.department.name
            else:
                name, unit = f"{a.visitor.name}（列席）", a.visitor.unit
            rows.append([str(n), name, unit, "", moment_text(a.signed_in_at)])
        return paper.Form(
            title=f"{found.title} 签到表",
            level=found.level,
            organisation=found.department.name,
            blocks=(
                paper.Fields(
                    [
                        ("会议名称", found.title),
                        ("密级", paper.level_text(found.level)),
                        ("时间", f"{moment_text(found.starts_at)} – {moment_text(found.ends_at)}"),
                        ("地点", found.venue.name),
                        ("主办部门", found.department.name),
                        ("组织人", found.organiser.name),
                    ]
                ),
                paper.Rows(
                    ["序号", "姓名", "部门（单位）", "签名", "签到时间"],
                    rows,
                    widths=[0.6, 1.6, 2.0, 1.6, 1.6],
                ),
                paper.Text(
                    "与会人员不得携带手机等通信设备进入会场；会议文件按编号发放，会后收回。"
                ),
                paper.Signatures([("会议组织人", found.organiser.name), ("保密检查人", "")]),
            ),
        )

    return found, paper.print_form(make, str(found.pk))
