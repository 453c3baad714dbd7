"""Self-inspections (INSP-MONTHLY, INSP-QUARTERLY): opened pre-filled from the records
(``seams.evidence``) against the checklist in use (INSP-CHECKLIST), answered item by item by
the inspector — confirming or correcting what the records say — and submitted; on
submission every problem found becomes a rectification (INSP-RECTIFY)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.text import bounded_text
from baomi.org.models import Department, Employment, Person
from baomi.oversight.models import (
    Answer,
    Inspection,
    InspectionKind,
    InspectionState,
    Verdict,
)
from baomi.oversight.operations.checklists import ensure_defaults
from baomi.oversight.operations.rectifications import open_from_finding
from baomi.oversight.policies import INSPECTIONS, oversees
from baomi.oversight.queries.inspections import (
    DEPARTMENT_KINDS,
    RULE_OF_KIND,
    checklist_for,
    evidence,
    items,
    may_answer,
    may_inspect,
    period,
    scans_in,
    scope_of,
)
from baomi.rulebook import book

INSPECTION_OPENED = register_action(
    "oversight.inspection_opened", gettext_lazy("Self-inspection opened")
)
ANSWER_GIVEN = register_action("oversight.inspection_answered", gettext_lazy("Inspection answered"))
INSPECTION_SUBMITTED = register_action(
    "oversight.inspection_submitted", gettext_lazy("Self-inspection submitted")
)
NOTE_LENGTH = 2000
# Days from the submission a finding's rectification is due, unless the inspector says.
RECTIFY_DAYS = 30


def _kind(kind: Any) -> InspectionKind:
    try:
        return InspectionKind(kind)
    except ValueError:
        raise InvalidInput(_("Choose the kind of inspection."), field="kind") from None


def _subject(
    organisation_id: int, kind: InspectionKind, department_id: Any, person_id: Any
) -> tuple[Department | None, Person | None]:
    if kind in DEPARTMENT_KINDS:
        department = (
            Department.objects.filter(organisation_id=organisation_id, pk=department_id).first()
            if isinstance(department_id, int)
            else None
        )
        if department is None:
            raise InvalidInput(_("Choose a department of the organisation."), field="department_id")
        return department, None
    person = (
        Person.objects.filter(organisation_id=organisation_id, pk=person_id)
        .select_related("department")
        .first()
        if isinstance(person_id, int)
        else None
    )
    if person is None or person.employment != Employment.ACTIVE:
        raise InvalidInput(_("Choose a person in post."), field="person_id")
    return None, person


def _inspector(organisation_id: int, inspector_id: Any, default: Person) -> Person:
    if inspector_id is None:
        return default
    inspector = (
        Person.objects.filter(organisation_id=organisation_id, pk=inspector_id).first()
        if isinstance(inspector_id, int)
        else None
    )
    if inspector is None or inspector.employment != Employment.ACTIVE:
        raise InvalidInput(_("Choose an inspector in post."), field="inspector_id")
    return inspector


@operation
def open_inspection(
    *,
    actor: Actor,
    kind: Any,
    department_id: Any = None,
    person_id: Any = None,
    day: datetime.date | None = None,
    inspector_id: Any = None,
) -> Inspection:
    """Open the inspection of ``kind`` of a department or a person for the period (month,
    or quarter for a head's assessment) holding ``day`` (today), pre-filled from the records:
    one answer per item of the checklist in use, with the records' facts and verdict, and the
    scan reports filed for the department in the period. The inspector (the actor's person
    unless the security office names another) is one who inspects the subject (``may_inspect``:
    the department's head or security officer, its leader in charge for the head's
    assessment, the person themself); once per kind, subject and period."""
    me = knower(actor)
    if me is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    organisation_id = me.organisation_id
    kind = _kind(kind)
    rule = RULE_OF_KIND[kind]
    department, person = _subject(organisation_id, kind, department_id, person_id)
    today = timezone.localdate()
    day = day or today
    if not isinstance(day, datetime.date) or day > today:
        raise InvalidInput(_("An inspection is of a period begun, not one to come."), field="day")
    if inspector_id is not None and not oversees(actor):
        book.require(
            organisation_id, rule, inspector_id == me.pk, _("You open only your own inspections.")
        )
    inspector = _inspector(organisation_id, inspector_id, me)
    book.require(
        organisation_id,
        rule,
        may_inspect(kind, department, person, inspector),
        _("%(name)s does not inspect this department or person.") % {"name": inspector.name},
    )
    start, end = period(kind, day)
    # The subject's row, locked, orders two openings of the same period (the second refused).
    if department is not None:
        Department.objects.select_for_update().filter(pk=department.pk).first()
    else:
        Person.objects.select_for_update().filter(pk=person.pk).first()
    taken = Inspection.objects.filter(
        organisation_id=organisation_id,
        kind=kind,
        department=department,
        person=person,
        period_start=start,
    ).exists()
    book.require(
        organisation_id,
        rule,
        not taken,
        _("This period's inspection is opened already."),
        conflict=True,
    )
    ensure_defaults()
    checklist = checklist_for(organisation_id, kind)
    moment = timezone.now()
    inspection = Inspection.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        checklist=checklist,
        department=department,
        person=person,
        period_start=start,
        period_end=end,
        inspector=inspector,
        opened_at=moment,
        opened_by=actor,
    )
    scope = scope_of(kind, department, person)
    answers = []
    for item in items(checklist):
        found = evidence(organisation_id, item.evidence, scope, moment)
        answers.append(
            Answer(
                inspection=inspection,
                item=item,
                evidence=found.as_json() if found else [],
                prefilled=found.verdict if found else "",
            )
        )
    Answer.objects.bulk_create(answers)
    scans = list(scans_in(organisation_id, department, start, end).values_list("pk", flat=True))
    inspection.scan_records.set(scans)
    record_event(
        actor=actor,
        action=INSPECTION_OPENED,
        subject=inspection,
        organisation_id=organisation_id,
        data={
            "rules": [rule, "INSP-CHECKLIST"],
            "kind": kind.value,
            "department": getattr(department, "pk", None),
            "person": getattr(person, "pk", None),
            "period": start.isoformat(),
            "inspector": inspector.pk,
            "checklist": checklist.pk,
            "problems": sum(a.prefilled == Verdict.PROBLEM for a in answers),
            "scans": scans,
        },
    )
    return inspection


def _open_inspection(actor: Actor, inspection_id: Any) -> Inspection:
    found = (
        INSPECTIONS.known(actor).select_for_update(of=("self",)).filter(pk=inspection_id).first()
        if isinstance(inspection_id, int)
        else None
    )
    if found is None:
        raise NotFound(_("No such inspection."))
    rule = RULE_OF_KIND[InspectionKind(found.kind)]
    book.require(
        found.organisation_id,
        rule,
        may_answer(actor, found),
        _("Only the inspector answers this inspection."),
    )
    book.require(
        found.organisation_id,
        rule,
        found.state == InspectionState.OPEN,
        _("This inspection is submitted already."),
        conflict=True,
    )
    return found


@operation
def answer_item(
    *, actor: Actor, inspection_id: int, answer_id: int, verdict: Any, note: Any = ""
) -> Answer:
    """The inspector's verdict on one item (in order, a problem found, or not applicable)
    with a note; turning what the records found a problem into "in order" needs a note
    saying why (INSP-CHECKLIST)."""
    inspection = _open_inspection(actor, inspection_id)
    answer = (
        Answer.objects.filter(inspection=inspection, pk=answer_id).first()
        if isinstance(answer_id, int)
        else None
    )
    if answer is None:
        raise NotFound(_("No such item."))
    try:
        verdict = Verdict(verdict)
    except ValueError:
        raise InvalidInput(_("Choose the verdict."), field="verdict") from None
    note = bounded_text(note, "note", NOTE_LENGTH, multiline=True)
    if answer.prefilled == Verdict.PROBLEM and verdict != Verdict.PROBLEM and not note:
        raise InvalidInput(
            _("The records found a problem here: say why it is not one."), field="note"
        )
    answer.verdict, answer.note, answer.answered_at = verdict, note, timezone.now()
    answer.save(update_fields=["verdict", "note", "answered_at"])
    record_event(
        actor=actor,
        action=ANSWER_GIVEN,
        subject=inspection,
        organisation_id=inspection.organisation_id,
        data={
            "rules": [RULE_OF_KIND[InspectionKind(inspection.kind)], "INSP-CHECKLIST"],
            "answer": answer.pk,
            "item": answer.item_id,
            "verdict": verdict.value,
            "prefilled": answer.prefilled,
        },
    )
    return answer


def owner_of(inspection: Inspection) -> Person | None:
    """Who answers for the findings: the person for their own inspection, else the
    department's head, else the inspector."""
    if inspection.person_id is not None:
        return inspection.person
    if inspection.department is not None and inspection.department.head_id is not None:
        head = inspection.department.head
        if head.employment == Employment.ACTIVE:
            return head
    return inspection.inspector


@operation
def submit_inspection(
    *, actor: Actor, inspection_id: int, due: datetime.date | None = None
) -> Inspection:
    """Submit the inspection once every item is answered; each problem found becomes a
    rectification (INSP-RECTIFY) owned by the department's head (the person themself for
    their own), due by ``due`` (in RECTIFY_DAYS days)."""
    inspection = _open_inspection(actor, inspection_id)
    rule = RULE_OF_KIND[InspectionKind(inspection.kind)]
    answers = list(inspection.answers.select_related("item", "inspection"))
    missing = [a for a in answers if not a.verdict]
    if missing:
        raise InvalidInput(
            _("Answer every item first: %(n)s not answered.") % {"n": len(missing)},
            field="answers",
        )
    today = timezone.localdate()
    due = due or today + datetime.timedelta(days=RECTIFY_DAYS)
    owner = owner_of(inspection)
    tasks = [
        open_from_finding(actor, answer, owner=owner, due=due).pk
        for answer in answers
        if answer.verdict == Verdict.PROBLEM
    ]
    inspection.state, inspection.submitted_at = InspectionState.SUBMITTED, timezone.now()
    inspection.save(update_fields=["state", "submitted_at"])
    record_event(
        actor=actor,
        action=INSPECTION_SUBMITTED,
        subject=inspection,
        organisation_id=inspection.organisation_id,
        data={
            "rules": [rule, "INSP-RECTIFY"],
            "problems": len(tasks),
            "rectifications": tasks,
        },
    )
    return inspection
