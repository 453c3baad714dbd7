"""Reads of the rectification tasks (整改, INSP-RECTIFY), through ``policies.RECTIFICATIONS``:
the list with its filters (open, overdue, escalated, closed), one task with what the reader
may do next and the overdue deadline it was opened from, the home panel's three lists (what
I owe, what is overdue in the departments I head, what has escalated to the security
office), and the rectification register (整改登记表) with its exports.

A task is overdue from the day after its due date until it is verified; it escalates to the
department head ``head_after_days`` days overdue and to the security office
``office_after_days`` days overdue (INSP-RECTIFY's parameters)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports
from baomi.core.errors import AccessDenied, NotFound
from baomi.org.models import Employment, Person
from baomi.oversight.models import (
    Answer,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.oversight.policies import RECTIFICATIONS, headed_paths, under
from baomi.rulebook import book
from baomi.seams.approvals import Subject, describe
from baomi.seams.deadlines import subject_kind

RULE = "INSP-RECTIFY"
SUBJECT = "oversight.rectification"
#: The audit action of a task marked done (registered by the operations): who marked it is
#: read back from it, since they may not verify it.
DONE_ACTION = "oversight.rectification_done"
EXPORTED = register_action(
    "oversight.rectifications_exported", gettext_lazy("Rectification register exported")
)
REGISTER_TITLE = gettext_lazy("Rectification register")
PAGE_SIZE = 50

NOT_CLOSED = (RectificationState.OPEN, RectificationState.DONE)
FILTERS = {
    "": gettext_lazy("All"),
    "open": gettext_lazy("Not closed"),
    "overdue": gettext_lazy("Overdue"),
    "escalated": gettext_lazy("Escalated to the security office"),
    "closed": gettext_lazy("Verified and closed"),
}
STATUS_LABELS = {
    "open": gettext_lazy("Open"),
    "done": gettext_lazy("Done, awaiting verification"),
    "overdue": gettext_lazy("Overdue"),
    "head": gettext_lazy("Overdue, escalated to the department head"),
    "office": gettext_lazy("Overdue, escalated to the security office"),
    "closed": gettext_lazy("Verified and closed"),
}
STEP_LABELS = {
    "mark_done": gettext_lazy("Mark as done"),
    "verify": gettext_lazy("Verify"),
    "reassign": gettext_lazy("Reassign"),
}


@dataclass(frozen=True)
class Escalation:
    """INSP-RECTIFY's days overdue before a task escalates to the head and to the office."""

    head_after: int
    office_after: int

    @classmethod
    def of(cls, organisation_id: int | None) -> Escalation:
        return cls(
            int(book.param(organisation_id, RULE, "head_after_days")),
            int(book.param(organisation_id, RULE, "office_after_days")),
        )

    def head_cutoff(self, today: datetime.date) -> datetime.date:
        """Tasks due before this day have escalated to the department head."""
        return today - datetime.timedelta(days=max(self.head_after, 1) - 1)

    def office_cutoff(self, today: datetime.date) -> datetime.date:
        """Tasks due before this day have escalated to the security office."""
        return today - datetime.timedelta(days=max(self.office_after, 1) - 1)


def days_overdue(task: Rectification, today: datetime.date | None = None) -> int:
    """How many days past its due date a task not yet verified is (0: not overdue)."""
    if task.state == RectificationState.VERIFIED:
        return 0
    return max(((today or timezone.localdate()) - task.due).days, 0)


def status(task: Rectification, escalation: Escalation, today: datetime.date | None = None) -> str:
    """The task's status: closed, office / head (escalated), overdue, done or open."""
    if task.state == RectificationState.VERIFIED:
        return "closed"
    late = days_overdue(task, today)
    if late:
        if late >= max(escalation.office_after, 1):
            return "office"
        if late >= max(escalation.head_after, 1):
            return "head"
        return "overdue"
    return "done" if task.state == RectificationState.DONE else "open"


def lines(tasks: Any, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Each task with its status, label and days overdue, for the pages."""
    tasks = list(tasks)
    today = today or timezone.localdate()
    escalations: dict[int, Escalation] = {}
    found = []
    for task in tasks:
        escalation = escalations.setdefault(
            task.organisation_id, Escalation.of(task.organisation_id)
        )
        code = status(task, escalation, today)
        found.append(
            {
                "task": task,
                "status": code,
                "label": STATUS_LABELS[code],
                "late": days_overdue(task, today),
                "escalated": code in ("head", "office"),
            }
        )
    return found


def _related(qs: QuerySet[Rectification]) -> QuerySet[Rectification]:
    return qs.select_related("owner", "department", "verified_by", "answer__inspection")


def tasks(
    actor: Actor | None, *, state: str = "", today: datetime.date | None = None
) -> QuerySet[Rectification]:
    """The tasks the actor may know, narrowed by ``state`` (a key of ``FILTERS``), the
    soonest due first."""
    found = _related(RECTIFICATIONS.known(actor))
    today = today or timezone.localdate()
    if state == "open":
        found = found.filter(state__in=NOT_CLOSED)
    elif state == "overdue":
        found = found.filter(state__in=NOT_CLOSED, due__lt=today)
    elif state == "escalated":
        escalation = Escalation.of(actor_organisation_id(actor))
        found = found.filter(state__in=NOT_CLOSED, due__lt=escalation.office_cutoff(today))
    elif state == "closed":
        found = found.filter(state=RectificationState.VERIFIED)
    return found.order_by("due", "pk")


def task(actor: Actor | None, rectification_id: int) -> Rectification:
    """One task the actor may know; NotFound otherwise (another's, another organisation's)."""
    found = _related(RECTIFICATIONS.known(actor)).filter(pk=rectification_id).first()
    if found is None:
        raise NotFound(_("No such rectification."))
    return found


@dataclass(frozen=True)
class SourceDeadline:
    """The overdue deadline a task was opened from, as a reader may see it: its rule, the kind
    of item, the item itself only when the reader may know it (``subject`` None otherwise: no
    label, link or id), and when it fell due."""

    rule_id: str
    kind: Any  # the kind's name, lazy
    subject: Subject | None
    subject_id: int | None
    due_at: datetime.datetime | None


def source_deadline(actor: Actor | None, item: Rectification) -> SourceDeadline | None:
    """Where ``item`` came from when it was opened from an overdue deadline (None otherwise):
    the item named only through ``approvals.describe`` (CLS-MAC), since the task's owner and
    the heads who read it may not know it."""
    if not item.source_rule_id:
        return None
    subject = describe(actor, item.source_subject_type, str(item.source_subject_id))
    return SourceDeadline(
        rule_id=item.source_rule_id,
        kind=subject_kind(item.source_subject_type),
        subject=subject,
        subject_id=item.source_subject_id if subject is not None else None,
        due_at=item.source_due_at,
    )


def heads_department(actor: Actor | None, item: Rectification) -> bool:
    """Whether the actor's person heads the task's department or one above it."""
    person = knower(actor)
    if person is None or person.organisation_id != item.organisation_id:
        return False
    path = item.department.path
    return any(path.startswith(head) for head in headed_paths(person))


def oversees(actor: Actor | None) -> bool:
    return knower(actor) is not None and has_permission(actor, Permission.OVERSEE)


def may_mark_done(actor: Actor | None, item: Rectification) -> bool:
    """The owner or the department head, while the task is open."""
    if item.state != RectificationState.OPEN:
        return False
    return getattr(actor, "person_id", None) == item.owner_id or heads_department(actor, item)


def may_verify(actor: Actor | None, item: Rectification) -> bool:
    """The security office or the department head, never the owner nor whoever marked it
    done, once it is done."""
    if item.state != RectificationState.DONE:
        return False
    person_id = getattr(actor, "person_id", None)
    if person_id in (item.owner_id, item.done_by_id):
        return False
    return oversees(actor) or heads_department(actor, item)


def next_steps(actor: Actor | None, item: Rectification) -> list[str]:
    """What the actor may do to the task now (the keys of ``STEP_LABELS``)."""
    steps = []
    if may_mark_done(actor, item):
        steps.append("mark_done")
    if may_verify(actor, item):
        steps.append("verify")
    if item.state != RectificationState.VERIFIED and oversees(actor):
        steps.append("reassign")
    return steps


def owners(actor: Actor | None) -> QuerySet[Person]:
    """Who may be made responsible: the people in post of the actor's organisation."""
    organisation_id = actor_organisation_id(actor)
    return (
        Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
        .select_related("department")
        .order_by("department__path", "name", "pk")
    )


def open_findings(actor: Actor | None) -> QuerySet[Answer]:
    """The findings (problems) of the submitted inspections of the security office's
    organisation that are not yet a rectification; none for anyone else."""
    if not oversees(actor):
        return Answer.objects.none()
    return (
        Answer.objects.filter(
            inspection__organisation_id=actor_organisation_id(actor),
            inspection__state=InspectionState.SUBMITTED,
            verdict=Verdict.PROBLEM,
            rectification__isnull=True,
        )
        .select_related("item", "inspection")
        .order_by("-inspection__submitted_at", "pk")
    )


# The home panel ------------------------------------------------------------------------------


def owed(actor: Actor | None) -> QuerySet[Rectification]:
    """The tasks the actor owes, not yet verified."""
    person = knower(actor)
    if person is None:
        return Rectification.objects.none()
    return _related(RECTIFICATIONS.known(actor)).filter(owner_id=person.pk, state__in=NOT_CLOSED)


def overdue_in_departments(
    actor: Actor | None, today: datetime.date | None = None
) -> QuerySet[Rectification]:
    """The tasks of the departments the actor heads (and below) escalated to the head
    (``head_after_days`` overdue), not yet verified."""
    person = knower(actor)
    if person is None:
        return Rectification.objects.none()
    paths = headed_paths(person)
    if not paths:
        return Rectification.objects.none()
    cutoff = Escalation.of(person.organisation_id).head_cutoff(today or timezone.localdate())
    return _related(RECTIFICATIONS.known(actor)).filter(
        under(paths), state__in=NOT_CLOSED, due__lt=cutoff
    )


def escalated_to_office(
    actor: Actor | None, today: datetime.date | None = None
) -> QuerySet[Rectification]:
    """For the security office: the tasks escalated to it (``office_after_days`` overdue)."""
    if not oversees(actor):
        return Rectification.objects.none()
    return tasks(actor, state="escalated", today=today)


def awaiting_verification(actor: Actor | None) -> list[Rectification]:
    """The tasks done that the actor may verify."""
    person = knower(actor)
    if person is None:
        return []
    done = _related(RECTIFICATIONS.known(actor)).filter(state=RectificationState.DONE)
    if not oversees(actor):
        paths = headed_paths(person)
        if not paths:
            return []
        done = done.filter(under(paths))
    return [item for item in done.exclude(owner_id=person.pk)[:50] if may_verify(actor, item)]


def to_do_count(actor: Actor | None) -> int:
    """The home badge: tasks owed still open, overdue ones of one's departments, those
    escalated to the office and those awaiting one's verification."""
    if knower(actor) is None:
        return 0
    found = owed(actor).filter(state=RectificationState.OPEN).count()
    found += overdue_in_departments(actor).exclude(owner_id=actor.person_id).count()
    found += escalated_to_office(actor).count()
    return found + len(awaiting_verification(actor))


# The register (整改登记表) -----------------------------------------------------------------


def register_table(actor: Actor, *, state: str = "") -> exports.Table:
    """序号, 问题, 依据（规则）, 责任人, 部门, 期限, 完成情况, 验证人, 验证时间 for every task the
    actor may know (narrowed by ``state``)."""
    columns = [
        ("number", _("No.")),
        ("problem", _("Problem")),
        ("rule", _("Basis (rule)")),
        ("owner", _("Person responsible")),
        ("department", _("Department")),
        ("due", _("Due")),
        ("done", _("Completion")),
        ("verified_by", _("Verified by")),
        ("verified_at", _("Verified at")),
    ]
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    rows = []
    for n, line in enumerate(lines(tasks(actor, state=state)[:5000]), start=1):
        item = line["task"]
        completion = str(line["label"])
        if item.done_at:
            completion = f"{completion} {timezone.localtime(item.done_at):%Y-%m-%d}"
        if item.done_note:
            completion = f"{completion}: {item.done_note}"
        rows.append(
            [
                str(n),
                item.description,
                item.rule_id,
                item.owner.name,
                item.department.name,
                f"{item.due:%Y-%m-%d}",
                completion,
                item.verified_by.name if item.verified_by else "",
                f"{timezone.localtime(item.verified_at):%Y-%m-%d %H:%M}"
                if item.verified_at
                else "",
            ]
        )
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=person.organisation.name,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Registered by"),),
    )


def export_register(actor: Actor, file_format: str, *, state: str = "") -> exports.Export:
    """The register as an .xlsx or PDF file, the export recorded in the audit log."""
    exports.require_format(file_format)
    if state not in FILTERS:
        state = ""
    return recorded_export(
        actor,
        register_table(actor, state=state),
        file_format,
        action=EXPORTED,
        data={"rules": [RULE], "state": state},
        organisation_id=actor_organisation_id(actor),
    )
