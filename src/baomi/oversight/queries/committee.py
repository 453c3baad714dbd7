"""Reads of the security committee's meetings (COMMITTEE), through what the actor may know
(``policies.COMMITTEE_MEETINGS``): the meetings of a year with how many the rulebook asks
for and which are missing (the deadline's slots), one meeting with its attendees (the
committee's members marked) and its decisions with their rectification's state (the task
named only to whoever may know it, ``policies.RECTIFICATIONS``), who may be named, the
register (保密委员会会议记录) as a ``core.exports.Table`` and one meeting's printed record
(会议记录, ``core.paper``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission, require
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports, paper
from baomi.core.errors import NotFound
from baomi.core.registers import Filters
from baomi.org.models import Employment, Person
from baomi.oversight.deadlines import committee as deadline
from baomi.oversight.models import CommitteeDecision, CommitteeMeeting, RectificationState
from baomi.oversight.policies import (
    COMMITTEE_MEETINGS,
    RECTIFICATIONS,
    committee_seats,
    members_on,
)

RULES = ("COMMITTEE",)
EXPORTED = register_action(
    "oversight.committee_register_exported",
    gettext_lazy("Security committee meetings register exported"),
)
REGISTER_TITLE = gettext_lazy("Security committee meetings record")
# The most meetings one list or register holds (a year has a handful).
MOST = 500


def this_year() -> int:
    return timezone.localdate().year


def oversees(actor: Actor | None) -> bool:
    """Whether ``actor`` records the committee's meetings (the security office)."""
    return has_permission(actor, Permission.OVERSEE)


def sees_all(actor: Actor | None) -> bool:
    """Whether ``actor`` knows every meeting of the organisation (the security office, the
    committee's chair and members): they see the year's count against the rulebook."""
    return COMMITTEE_MEETINGS.organisation_wide(actor) is not None


def meetings(actor: Actor, *, year: int | None = None) -> QuerySet[CommitteeMeeting]:
    """The meetings ``actor`` may know (of ``year`` when given), latest first, with their
    number of attendees and decisions."""
    found = COMMITTEE_MEETINGS.known(actor)
    if year is not None:
        found = found.filter(held_on__year=year)
    return found.annotate(
        attendee_count=Count("attendees", distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-held_on", "-pk")


def meeting(actor: Actor, committee_meeting_id: int) -> CommitteeMeeting:
    """One meeting the actor may know; NotFound otherwise (another organisation's, one they
    neither oversee, sit on the committee for, nor attended)."""
    found = meetings(actor).filter(pk=committee_meeting_id).select_related("recorded_by").first()
    if found is None:
        raise NotFound(_("No such committee meeting."))
    return found


@dataclass(frozen=True)
class Attending:
    person: Person
    member: bool  # sat on the committee on the day (chair or member)


def attendees(found: CommitteeMeeting) -> list[Attending]:
    """Who attended, the committee's members first, then the invited, by department and
    name."""
    seats = members_on(found.organisation_id, found.held_on)
    people = found.attendees.select_related("department").order_by("department__path", "name")
    listed = [Attending(p, p.pk in seats) for p in people]
    return sorted(listed, key=lambda a: not a.member)


@dataclass(frozen=True)
class DecisionLine:
    decision: CommitteeDecision
    owner: str
    due: datetime.date | None
    state: str  # RectificationState value, "" without a task
    state_label: str
    overdue: bool
    rectification_id: int | None  # its task, for a viewer who may know it


def decisions(actor: Actor, found: CommitteeMeeting) -> list[DecisionLine]:
    """The meeting's decisions, each with its owner, due date and its task's state (落实情况);
    the task's id only where the viewer may know the task."""
    today = timezone.localdate()
    rows = list(
        CommitteeDecision.objects.filter(meeting=found)
        .select_related("rectification__owner")
        .order_by("pk")
    )
    linked = set(
        RECTIFICATIONS.known(actor).filter(decision__meeting=found).values_list("pk", flat=True)
    )
    lines = []
    for d in rows:
        task = getattr(d, "rectification", None)
        if task is None:
            lines.append(DecisionLine(d, "", None, "", str(_("not tracked")), False, None))
            continue
        lines.append(
            DecisionLine(
                d,
                task.owner.name,
                task.due,
                task.state,
                str(task.get_state_display()),
                task.state == RectificationState.OPEN and task.due < today,
                task.pk if task.pk in linked else None,
            )
        )
    return lines


# The year's count against the rulebook ---------------------------------------------------


@dataclass(frozen=True)
class Slot:
    number: int  # the k-th meeting of the year
    due: datetime.date
    done: bool
    overdue: bool


@dataclass(frozen=True)
class YearCount:
    year: int
    held: int
    wanted: int
    slots: list[Slot]  # this year's slots begun; for a past year every slot

    @property
    def missing(self) -> list[Slot]:
        return [s for s in self.slots if not s.done]


def year_count(actor: Actor, year: int) -> YearCount:
    """How many meetings the actor's organisation held in ``year`` against COMMITTEE's
    ``meetings_per_year``, and each meeting due (the deadline's slots: for this year those
    begun, for a past year all, for a year to come none)."""
    organisation_id = actor_organisation_id(actor)
    wanted = deadline.meetings_per_year(organisation_id)
    held = meetings(actor, year=year).count()
    today = timezone.localdate()
    slots: list[Slot] = []
    if organisation_id is not None and year <= today.year and wanted > 0:
        if year == today.year:
            found = deadline.slots(organisation_id, timezone.now())
        else:
            found = [
                (k, deadline.slot_end(year, k, wanted), held >= k) for k in range(1, wanted + 1)
            ]
        slots = [Slot(k, last, done, not done and last < today) for k, last, done in found]
    return YearCount(year, held, wanted, slots)


# Who may be named --------------------------------------------------------------------------


def people(actor: Actor) -> QuerySet[Person]:
    """The organisation's people in post (attendees, owners of decisions)."""
    return (
        Person.objects.filter(
            organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
        )
        .select_related("department")
        .order_by("department__path", "name")
    )


def members_now(actor: Actor) -> set[int]:
    """The people who sit on the committee today (chair and members)."""
    return set(
        committee_seats(actor_organisation_id(actor), timezone.localdate()).values_list(
            "person_id", flat=True
        )
    )


# The register (保密委员会会议记录) ---------------------------------------------------------

COLUMNS = (
    ("held_on", gettext_lazy("Date")),
    ("agenda", gettext_lazy("Agenda")),
    ("attendees", gettext_lazy("Attendees")),
    ("decision", gettext_lazy("Decision")),
    ("owner", gettext_lazy("Responsible")),
    ("due", gettext_lazy("Due")),
    ("state", gettext_lazy("Implementation")),
)


def register_table(actor: Actor, year: int) -> exports.Table:
    """The meetings of ``year`` as the security office keeps them: one line per decision (a
    meeting without decisions one line), the day, agenda and attendees on each line."""
    require(actor, Permission.OVERSEE)
    found = list(
        meetings(actor, year=year)
        .order_by("held_on", "pk")
        .prefetch_related("attendees", "decisions__rectification__owner")[:MOST]
    )
    rows = []
    for m in found:
        names = "、".join(p.name for p in sorted(m.attendees.all(), key=lambda p: p.name))
        head = [f"{m.held_on:%Y-%m-%d}", m.agenda, names]
        made = list(m.decisions.all())
        if not made:
            rows.append([*head, "", "", "", ""])
        for d in made:
            task = getattr(d, "rectification", None)
            rows.append(
                [
                    *head,
                    d.text,
                    task.owner.name if task else "",
                    f"{task.due:%Y-%m-%d}" if task else "",
                    str(task.get_state_display()) if task else "",
                ]
            )
    person = getattr(actor, "person", None)
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=person.organisation.name if person is not None else "",
        period=str(year),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=rows,
        signature_columns=(_("Recorded by"),),
    )


def export_register(actor: Actor, year: int, file_format: str) -> exports.Export:
    """The register of ``year`` as an .xlsx or PDF file; the export is recorded in the audit
    log with the year."""
    exports.require_format(file_format)
    printed = register_table(actor, year)
    return recorded_export(
        actor,
        printed,
        file_format,
        action=EXPORTED,
        data={"rules": list(RULES), "year": year},
        filters=Filters(date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 12, 31)),
        organisation_id=actor_organisation_id(actor),
    )


# One meeting's printed record (保密委员会会议记录) -----------------------------------------


def printed_record(
    actor: Actor, committee_meeting_id: int
) -> tuple[CommitteeMeeting, paper.Printed]:
    """One meeting's record as printed, to whoever may know the meeting (NotFound otherwise,
    as its page): the day, agenda, attendees (members and those invited), the record, the
    decisions with owner, due date and state, and the signatures of the chair and the
    recorder."""
    found = meeting(actor, committee_meeting_id)
    present = attendees(found)
    lines = decisions(actor, found)

    def make() -> paper.Form:
        members = "、".join(a.person.name for a in present if a.member)
        invited = "、".join(a.person.name for a in present if not a.member)
        rows = [
            [
                str(n),
                line.decision.text,
                line.owner,
                f"{line.due:%Y-%m-%d}" if line.due else "",
                line.state_label,
            ]
            for n, line in enumerate(lines, 1)
        ]
        return paper.Form(
            title="保密委员会会议记录",
            level=None,
            organisation=actor.person.organisation.name if actor.person else "",
            blocks=(
                paper.Fields(
                    [
                        ("会议日期", paper.day_text(found.held_on)),
                        ("出席委员", members or "—"),
                        ("列席人员", invited or "—"),
                        ("议题", found.agenda),
                    ],
                    columns=1,
                ),
                paper.Text("会议记录："),
                paper.Text(found.minutes or "—"),
                paper.Rows(
                    ["序号", "决定事项", "责任人", "期限", "落实情况"],
                    rows or [["", "（无）", "", "", ""]],
                    widths=[0.5, 3.2, 1.0, 1.0, 1.2],
                ),
                paper.Signatures([("主任委员", ""), ("记录人", "")]),
            ),
        )

    return found, paper.print_form(make, f"{found.held_on:%Y-%m-%d}")
