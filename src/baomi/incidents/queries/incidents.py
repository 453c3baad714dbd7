"""Reads of the incidents (INC-RECORD), through what the actor may know
(``policies.INCIDENTS``: the security officer — OVERSEE — every incident of the organisation,
a person the incidents they reported). A copy an incident names is shown (文号, 份号, 密级)
only to a reader who may know it (``carriers.policies.COPIES``, CLS-MAC); otherwise "a copy
you may not see".

The deadlines: a serious incident is reported upward within INC-RECORD.report_hours of its
discovery (``report_due``), every incident is investigated within
INC-RECORD.investigate_months (``investigation_due``). ``count_for_year`` is the annual count
by kind (the annual report's "target: zero"). The 泄密事件报告 (``printed``) and the incidents
register (泄密事件登记簿, ``register_table``, exported as .xlsx and PDF) are recorded in the
audit log."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy
from baomi.carriers.policies import COPIES
from baomi.core import exports, paper
from baomi.core.errors import NotFound
from baomi.core.levels import Level
from baomi.core.paper import moment_text
from baomi.incidents.models import Incident, IncidentKind, IncidentPerson, IncidentState
from baomi.incidents.policies import INCIDENTS, keeps_incidents
from baomi.org.models import Person
from baomi.rulebook import book

RULE = "INC-RECORD"
SUBJECT = "incidents.incident"
PRINTED = register_action("incidents.report_printed", gettext_lazy("Incident report printed"))
EXPORTED = register_action(
    "incidents.register_exported", gettext_lazy("Incident register exported")
)
REGISTER_TITLE = gettext_lazy("Incident register")

# The list's filters.
STATUSES: dict[str, Any] = {
    "open": gettext_lazy("Open"),
    "report_overdue": gettext_lazy("Report upward overdue"),
    "investigation_overdue": gettext_lazy("Investigation overdue"),
    "closed": gettext_lazy("Closed"),
}
KIND_LABELS: dict[str, Any] = dict(IncidentKind.choices)
STATE_LABELS: dict[str, Any] = dict(IncidentState.choices)
# The kinds as the printed forms name them.
KIND_PRINTED = {
    IncidentKind.COMPROMISE: "失密",
    IncidentKind.LEAK: "泄密",
    IncidentKind.LOSS: "涉密载体遗失",
    IncidentKind.VIOLATION: "违规",
}


# Deadlines -----------------------------------------------------------------------------------


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` ``months`` later, on the same day of the month (the month's last day when it
    is shorter), in the installation's time zone."""
    local = timezone.localtime(moment)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def report_due(item: Incident) -> datetime.datetime:
    """When a serious incident's report upward is due: INC-RECORD.report_hours after its
    discovery."""
    hours = book.param(item.organisation_id, RULE, "report_hours")
    return item.discovered_at + datetime.timedelta(hours=hours)


def investigation_due(item: Incident) -> datetime.datetime:
    """When an incident's investigation result is due: INC-RECORD.investigate_months after
    its discovery."""
    months = book.param(item.organisation_id, RULE, "investigate_months")
    return add_months(item.discovered_at, months)


def report_overdue(item: Incident, moment: datetime.datetime | None = None) -> bool:
    moment = moment or timezone.now()
    return (
        item.serious
        and item.reported_upward_at is None
        and item.closed_at is None
        and report_due(item) <= moment
        and book.in_force(item.organisation_id, RULE)
    )


def investigation_overdue(item: Incident, moment: datetime.datetime | None = None) -> bool:
    moment = moment or timezone.now()
    return (
        item.concluded_at is None
        and item.closed_at is None
        and investigation_due(item) <= moment
        and book.in_force(item.organisation_id, RULE)
    )


# The incidents ------------------------------------------------------------------------------


def incidents(
    actor: Actor, *, status: str | None = None, year: int | None = None
) -> list[Incident]:
    """The incidents ``actor`` may know, newest discovered first, by ``status`` (one of
    ``STATUSES``) and the ``year`` of their discovery."""
    qs: QuerySet[Incident] = INCIDENTS.known(actor)
    if year is not None:
        qs = qs.filter(discovered_at__year=year)
    if status == "closed":
        qs = qs.filter(state=IncidentState.CLOSED)
    elif status:
        qs = qs.exclude(state=IncidentState.CLOSED)
    found = list(qs.order_by("-discovered_at", "-pk")[:500])
    if status == "report_overdue":
        found = [i for i in found if report_overdue(i)]
    elif status == "investigation_overdue":
        found = [i for i in found if investigation_overdue(i)]
    return found


def incident(actor: Actor, incident_id: int) -> Incident:
    """One incident ``actor`` may know; "not found" otherwise."""
    found = INCIDENTS.known(actor).filter(pk=incident_id).first()
    if found is None:
        raise NotFound(_("No such incident."))
    return found


def overdue_count(actor: Actor) -> int:
    """The menu's badge: the office's incidents whose report or investigation is overdue."""
    if not keeps_incidents(actor):
        return 0
    now = timezone.now()
    return sum(
        1
        for i in INCIDENTS.known(actor).exclude(state=IncidentState.CLOSED)
        if report_overdue(i, now) or investigation_overdue(i, now)
    )


@dataclass(frozen=True)
class NamedCopy:
    """A copy an incident names, as the reader may see it."""

    copy_id: int
    seen: bool
    number: str  # 文号
    title: str
    copy_number: str  # 份号
    level: str


def named_copies(actor: Actor, item: Incident) -> list[NamedCopy]:
    """The copies ``item`` names, each told only to a reader who may know it (CLS-MAC)."""
    copies = list(item.copies.select_related("document").order_by("document_id", "number"))
    seen = set(
        COPIES.known(actor).filter(pk__in=[c.pk for c in copies]).values_list("pk", flat=True)
    )
    found = []
    for c in copies:
        if c.pk in seen:
            found.append(
                NamedCopy(
                    c.pk,
                    True,
                    c.document.number,
                    c.document.title,
                    f"第{c.number:03d}份",
                    str(Level(c.document.level).label),
                )
            )
        else:
            found.append(NamedCopy(c.pk, False, "", _("A copy you may not see"), "", ""))
    return found


def named_people(item: Incident) -> list[IncidentPerson]:
    return list(item.named.select_related("person", "person__department").order_by("pk"))


def steps(actor: Actor, item: Incident) -> list[str]:
    """What the office may do with ``item`` now: remedies, report, investigate, close."""
    if not keeps_incidents(actor) or item.closed_at is not None:
        return []
    found = ["remedies"]
    if item.reported_upward_at is None:
        found.append("report")
    if item.concluded_at is None:
        found.append("investigate")
    found.append("close")
    return found


def count_for_year(organisation_id: int, year: int) -> dict[str, int]:
    """The incidents discovered in ``year`` by kind, every kind present (0 when none), and
    ``"total"`` and ``"serious"``: the annual report's count (target: zero)."""
    rows = dict(
        Incident.objects.filter(organisation_id=organisation_id, discovered_at__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    found = {kind: rows.get(kind, 0) for kind in IncidentKind.values}
    found["total"] = sum(rows.values())
    found["serious"] = Incident.objects.filter(
        organisation_id=organisation_id, discovered_at__year=year, serious=True
    ).count()
    return found


# Papers ----------------------------------------------------------------------------------------


def _copies_text(lines: list[NamedCopy]) -> str:
    return "；".join(
        f"{c.number}《{c.title}》{c.copy_number} {c.level}" if c.seen else c.title for c in lines
    )


def _people_text(item: Incident) -> str:
    return "；".join(
        f"{n.person.name}（{n.person.department.name}，{n.get_role_display()}）"
        for n in named_people(item)
    )


def printed(actor: Actor, incident_id: int) -> paper.Printed:
    """泄密事件报告 of one incident: 单位, 事件性质, 发生时间/地点, 发现时间, 经过, 涉及载体
    (文号, 份号, 密级 — those the reader may know), 涉及人员, 已采取的补救措施, 报告人, 报告时间
    and the signature lines; marked with the incident's level. Recorded in the audit log."""
    found = incident(actor, incident_id)
    copies = named_copies(actor, found)
    reporter = found.reporter.name if found.reporter else ""

    def make() -> paper.Form:
        nature = KIND_PRINTED.get(found.kind, found.kind) + ("（严重）" if found.serious else "")
        blocks: list[Any] = [
            paper.Fields(
                [
                    ("单位", found.organisation.name),
                    ("事件性质", nature),
                    ("发生时间", moment_text(found.occurred_at) or "不详"),
                    ("发生地点", found.place or "不详"),
                    ("发现时间", moment_text(found.discovered_at)),
                    ("报告时间", moment_text(found.reported_upward_at or timezone.now())),
                ]
            ),
            paper.Fields(
                [
                    ("事件名称", found.title),
                    ("事件经过", found.account),
                    ("涉及载体", _copies_text(copies) or "无"),
                    ("涉及人员", _people_text(found) or "无"),
                    ("已采取的补救措施", found.remedies or "（尚未记录）"),
                    ("报送单位", found.reported_to or "上级保密行政管理部门"),
                ],
                columns=1,
            ),
        ]
        if found.report_text:
            blocks.append(paper.Fields([("报告内容", found.report_text)], columns=1))
        blocks.append(paper.Signatures([("报告人", reporter), ("保密工作负责人", "")]))
        return paper.Form(
            title="泄密事件报告",
            level=found.level,
            blocks=blocks,
            organisation=found.organisation.name,
        )

    form = paper.print_form(make, str(found.pk))
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PRINTED,
            subject=found,
            organisation_id=found.organisation_id,
            data={"rule": RULE, "form": "incident_report", "level": found.level},
        )
    return form


def register_table(actor: Actor, *, year: int | None = None) -> exports.Table:
    """泄密事件登记簿: one line per incident the actor may know — discovered, kind, serious,
    what, where, the copies, the people, the remedies, reported upward (when, to whom), the
    investigation's result and its date, the sanctions, the state; marked with the highest
    level among the incidents."""
    found = incidents(actor, year=year)
    columns = [
        ("discovered", _("Discovered at")),
        ("kind", _("Kind")),
        ("serious", _("Serious")),
        ("title", _("Incident")),
        ("place", _("Place")),
        ("copies", _("Carriers involved")),
        ("people", _("People involved")),
        ("remedies", _("Remedial steps")),
        ("reported", _("Reported upward")),
        ("investigation", _("Investigation result")),
        ("sanctions", _("Sanctions")),
        ("state", _("State")),
    ]
    rows = []
    for item in found:
        reported = (
            f"{moment_text(item.reported_upward_at)} {item.reported_to}"
            if item.reported_upward_at
            else ""
        )
        investigation = (
            f"{moment_text(item.concluded_at)} {item.investigation}" if item.concluded_at else ""
        )
        rows.append(
            [
                moment_text(item.discovered_at),
                str(KIND_LABELS.get(item.kind, item.kind)),
                _("yes") if item.serious else _("no"),
                item.title,
                item.place,
                _copies_text(named_copies(actor, item)),
                _people_text(item),
                item.remedies,
                reported,
                investigation,
                item.sanctions,
                str(STATE_LABELS.get(item.state, item.state)),
            ]
        )
    person = getattr(actor, "person", None)
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=person.organisation.name if person else "",
        period=str(year) if year else f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Checked by"),),
        level=paper.highest(i.level for i in found),
    )


def export_register(actor: Actor, file_format: str, *, year: int | None = None) -> exports.Export:
    """The register as an .xlsx or PDF file (the office's); the export is recorded in the
    audit log."""
    require(actor, Permission.OVERSEE)
    exports.require_format(file_format)
    table = register_table(actor, year=year)
    return recorded_export(
        actor,
        table,
        file_format,
        action=EXPORTED,
        organisation_id=actor_organisation_id(actor),
        data={"rule": RULE, "year": year},
    )


def copies_offered(actor: Actor) -> QuerySet[Copy]:
    """The copies the record form offers: those the officer may know, most recent first."""
    return COPIES.known(actor).select_related("document").order_by("-document_id", "number")[:200]


def people_offered(actor: Actor) -> QuerySet[Person]:
    """The people the record form offers: the organisation's, for the office only."""
    if not keeps_incidents(actor):
        return Person.objects.none()
    return (
        Person.objects.filter(organisation_id=actor_organisation_id(actor))
        .select_related("department")
        .order_by("department__name", "name")[:500]
    )
