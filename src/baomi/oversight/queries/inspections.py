"""Reads of the checklists (INSP-CHECKLIST) and the self-inspections (INSP-MONTHLY,
INSP-QUARTERLY), through the policies; the periods an inspection covers, who may inspect
what, and the records' answers (``seams.evidence``) that pre-fill a new inspection."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.core.errors import NotFound
from baomi.org.models import Department, Person, SecurityAppointment, StaffRole
from baomi.oversight.models import (
    Answer,
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionKind,
    InspectionState,
    Verdict,
)
from baomi.oversight.policies import CHECKLISTS, INSPECTIONS, oversees
from baomi.scans.models import ScanRecord
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Evidence, Finding, Scope

# The kinds whose subject is a department (else a person).
DEPARTMENT_KINDS = (
    InspectionKind.DEPARTMENT_MONTHLY,
    InspectionKind.HEAD_QUARTERLY,
    InspectionKind.COMPUTERS,
)
# The rule each kind is opened under.
RULE_OF_KIND = {
    InspectionKind.DEPARTMENT_MONTHLY: "INSP-MONTHLY",
    InspectionKind.PERSON_MONTHLY: "INSP-MONTHLY",
    InspectionKind.HEAD_QUARTERLY: "INSP-QUARTERLY",
    InspectionKind.COMPUTERS: "INSP-QUARTERLY",
}


def period(kind: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of ``kind`` that holds ``day``: its quarter for a department head's
    assessment, else its month."""
    if kind == InspectionKind.HEAD_QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        start = datetime.date(day.year, first_month, 1)
        last_month = first_month + 2
    else:
        start, last_month = day.replace(day=1), day.month
    end = datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return start, end


def checklist_for(organisation_id: int, kind: str) -> Checklist:
    """The checklist an inspection of ``kind`` answers (INSP-CHECKLIST): the organisation's
    own in use of that kind (its latest version), else the default of that kind, else the
    default of 篇5 五.1–8 (a department's monthly one)."""
    for condition in (
        Q(organisation_id=organisation_id, kind=kind, active=True),
        Q(organisation=None, kind=kind, active=True),
        Q(organisation=None, kind=InspectionKind.DEPARTMENT_MONTHLY),
    ):
        found = Checklist.objects.filter(condition).order_by("-version", "-pk").first()
        if found is not None:
            return found
    raise NotFound(_("No checklist."))


def items(checklist: Checklist) -> list[ChecklistItem]:
    return list(checklist.checklist_items.all())


def checklists(actor: Actor) -> QuerySet[Checklist]:
    """The checklists the actor may know, the organisation's own first, each with its count
    of items."""
    return (
        CHECKLISTS.known(actor)
        .annotate(item_count=Count("checklist_items"))
        .order_by("organisation", "kind", "name", "-version")
    )


def checklist(actor: Actor, checklist_id: int) -> Checklist:
    found = CHECKLISTS.known(actor).filter(pk=checklist_id).first()
    if found is None:
        raise NotFound(_("No such checklist."))
    return found


def inspections(actor: Actor) -> QuerySet[Inspection]:
    """The inspections the actor may know, those still being answered first, latest period
    first."""
    return (
        INSPECTIONS.known(actor)
        .select_related("department", "person", "inspector", "checklist")
        .annotate(
            problems=Count("answers", filter=Q(answers__verdict=Verdict.PROBLEM)),
            unanswered=Count("answers", filter=Q(answers__verdict="")),
        )
        .order_by("-state", "-period_start", "-pk")
    )


def inspection(actor: Actor, inspection_id: int) -> Inspection:
    found = (
        INSPECTIONS.known(actor)
        .select_related("department", "person", "inspector", "checklist", "organisation")
        .filter(pk=inspection_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such inspection."))
    return found


def answers(inspection: Inspection) -> list[Answer]:
    return list(inspection.answers.select_related("item").order_by("item__position", "pk"))


def waiting(actor: Actor) -> int:
    """How many inspections wait for the actor's answers as their inspector (the menu's
    badge)."""
    person = knower(actor)
    if person is None:
        return 0
    return (
        INSPECTIONS.known(actor).filter(inspector_id=person.pk, state=InspectionState.OPEN).count()
    )


def scope_of(kind: str, department: Department | None, person: Person | None) -> Scope:
    if kind in DEPARTMENT_KINDS and department is not None:
        return Scope(department_id=department.pk, department_path=department.path)
    return Scope(person_id=person.pk if person else None)


def evidence(
    organisation_id: int, key: str, scope: Scope, moment: datetime.datetime
) -> Evidence | None:
    """The records' answer to an item (``seams.evidence``), None when nobody answers its
    key (the inspector answers alone)."""
    provider = EVIDENCE_PROVIDERS.get(key) if key else None
    if provider is None:
        return None
    return provider.provide(organisation_id, scope, moment)


def scans_in(
    organisation_id: int, department: Department | None, start: datetime.date, end: datetime.date
) -> QuerySet[ScanRecord]:
    """The ``baomi scan`` reports filed for the department (with its sub-departments) in the
    period: the system's own read when an inspection opens."""
    if department is None:
        return ScanRecord.objects.none()
    return ScanRecord.objects.filter(
        organisation_id=organisation_id,
        department__path__startswith=department.path,
        finished_at__date__gte=start,
        finished_at__date__lte=end,
    )


def department_officers(department: Department, day: datetime.date) -> set[int]:
    """The department's security officers appointed on ``day`` (PPL-SECURITY-STAFF)."""
    return set(
        SecurityAppointment.objects.filter(
            department=department, role=StaffRole.DEPARTMENT_OFFICER, since__lte=day
        )
        .filter(Q(until=None) | Q(until__gte=day))
        .values_list("person_id", flat=True)
    )


def may_inspect(
    kind: str, department: Department | None, person: Person | None, inspector: Person
) -> bool:
    """Whether ``inspector`` is one who inspects this subject: a department's head or
    security officer (its monthly inspection, its computers), the department's leader in
    charge (the head's quarterly assessment), the person themself (a person's monthly
    one)."""
    today = timezone.localdate()
    if kind == InspectionKind.PERSON_MONTHLY:
        return person is not None and inspector.pk == person.pk
    if department is None:
        return False
    if kind == InspectionKind.HEAD_QUARTERLY:
        return inspector.pk == department.leader_in_charge_id
    return inspector.pk == department.head_id or inspector.pk in department_officers(
        department, today
    )


@dataclass(frozen=True)
class Subjects:
    """What the actor may open inspections of: every department and cleared person of the
    organisation for the security office; else the departments they head or keep as
    security officer, those they are the leader in charge of, and themselves."""

    departments: list[Department]
    people: list[Person]


def subjects(actor: Actor) -> Subjects:
    person = knower(actor)
    if person is None:
        return Subjects([], [])
    organisation_id = person.organisation_id
    departments = Department.objects.filter(organisation_id=organisation_id)
    if oversees(actor):
        people = Person.objects.filter(organisation_id=organisation_id).exclude(clearance=0)
        return Subjects(list(departments), list(people.filter(employment="active")))
    kept = departments_officer_of(person.pk, timezone.localdate())
    departments = departments.filter(
        Q(head_id=person.pk) | Q(leader_in_charge_id=person.pk) | Q(pk__in=kept)
    )
    return Subjects(list(departments), [person] if person.clearance else [])


def departments_officer_of(person_id: int, day: datetime.date) -> list[int]:
    return list(
        SecurityAppointment.objects.filter(
            person_id=person_id, role=StaffRole.DEPARTMENT_OFFICER, since__lte=day
        )
        .filter(Q(until=None) | Q(until__gte=day))
        .values_list("department_id", flat=True)
    )


def may_answer(actor: Actor, inspection: Inspection) -> bool:
    """The inspector answers and submits their inspection; the security office any of its
    organisation's."""
    person = knower(actor)
    return person is not None and (oversees(actor) or inspection.inspector_id == person.pk)


def prefilled_problem(answer: Answer) -> bool:
    return answer.prefilled == Finding.PROBLEM
