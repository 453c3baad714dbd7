"""Rectifications (整改, INSP-RECTIFY): every finding of an inspection, and every decision of
the security committee, becomes a task with its owner, due date and rule.

- ``open_from_finding`` and ``open_from_decision`` are plain functions, called inside the
  caller's operation (an inspection's submission, a committee's decision recorded): they check
  the owner and the due date and record the task's opening.
- ``open_rectification`` (the security office, OVERSEE): a finding of a submitted inspection
  not yet a task, or a free-standing task naming a rule of the rulebook.
- ``reassign`` (OVERSEE): another owner and due date, until the task is verified.
- ``mark_done``: the owner or the head of the task's department (or one above it) says what
  was done.
- ``verify``: the security office or the department head, never the owner nor whoever marked
  it done (INSP-RECTIFY), accepts (the task is verified and closed) or rejects it (open again,
  with the reason). There is no other way to close a task.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import rules
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import bounded_text, house_text
from baomi.org.models import Department, Employment, Person
from baomi.oversight.models import (
    Answer,
    CommitteeDecision,
    InspectionState,
    Rectification,
    RectificationState,
    Verdict,
)
from baomi.oversight.queries import rectifications as queries
from baomi.rulebook import book
from baomi.seams.approvals import describe
from baomi.seams.deadlines import DEADLINE_PROVIDERS, subject_kind
from baomi.seams.deadlines import State as DeadlineState

RULE = "INSP-RECTIFY"
COMMITTEE_RULE = "COMMITTEE"
DESCRIPTION_LENGTH = 2000
#: The furthest a due date may be set from today.
LONGEST = datetime.timedelta(days=366)

RECTIFICATION_OPENED = register_action(
    "oversight.rectification_opened", gettext_lazy("Rectification task opened")
)
RECTIFICATION_REASSIGNED = register_action(
    "oversight.rectification_reassigned", gettext_lazy("Rectification task reassigned")
)
RECTIFICATION_DONE = register_action(
    queries.DONE_ACTION, gettext_lazy("Rectification marked as done")
)
RECTIFICATION_VERIFIED = register_action(
    "oversight.rectification_verified", gettext_lazy("Rectification verified and closed")
)
RECTIFICATION_REJECTED = register_action(
    "oversight.rectification_rejected", gettext_lazy("Rectification not accepted, reopened")
)
NOTE_LENGTH = 2000


def _account(actor: Actor | None) -> Any:
    return actor if getattr(actor, "pk", None) is not None else None


def check_owner(organisation_id: int, owner: Any) -> Person:
    """The owner, a person in post of the organisation (a Person or its id); InvalidInput
    naming ``owner`` otherwise (another organisation's person answers like a missing one)."""
    owner_id = getattr(owner, "pk", owner)
    if isinstance(owner_id, bool) or not isinstance(owner_id, int):
        raise InvalidInput(_("Choose the person responsible."), field="owner")
    person = Person.objects.filter(pk=owner_id, organisation_id=organisation_id).first()
    if person is None:
        raise InvalidInput(_("No such person in the organisation."), field="owner")
    if person.employment != Employment.ACTIVE:
        raise InvalidInput(_("The person responsible must be in post."), field="owner")
    return person


def check_due(due: Any, *, today: datetime.date | None = None, past: bool = False) -> datetime.date:
    """The due date: a date from today to a year ahead (``past``: from a year back, for the
    installer recording a task as it stood on paper); InvalidInput naming ``due``."""
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        raise InvalidInput(_("Give a date such as 2026-10-01."), field="due")
    today = today or timezone.localdate()
    if due < (today - LONGEST if past else today):
        raise InvalidInput(_("The due date cannot be in the past."), field="due")
    if due > today + LONGEST:
        raise InvalidInput(_("The due date is at most a year ahead."), field="due")
    return due


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def _create(
    actor: Actor | None,
    *,
    organisation_id: int,
    owner: Any,
    due: Any,
    department: Department | None,
    rule_id: str,
    description: str,
    source: dict[str, Any],
    **links: Any,
) -> Rectification:
    person = check_owner(organisation_id, owner)
    due = check_due(due, past=actor is None)
    task = Rectification.objects.create(
        organisation_id=organisation_id,
        rule_id=rule_id,
        description=_clip(description),
        owner=person,
        department=department or person.department,
        due=due,
        state=RectificationState.OPEN,
        created_at=timezone.now(),
        created_by=_account(actor),
        **links,
    )
    record_event(
        actor=actor,
        action=RECTIFICATION_OPENED,
        subject=task,
        organisation_id=organisation_id,
        data={
            "rules": [RULE],
            "rule_id": rule_id,
            "owner": person.pk,
            "department": task.department_id,
            "due": due.isoformat(),
            **source,
        },
    )
    return task


def open_from_finding(
    actor: Actor | None, answer: Answer, *, owner: Any, due: Any
) -> Rectification:
    """The rectification of a finding (an answer with the verdict "problem"): its rule is the
    item's, its text the item's question and the inspector's note, its department the
    inspection's (or the inspected person's). Runs inside the caller's operation; Conflict
    when the finding has its task already."""
    inspection = answer.inspection
    organisation_id = inspection.organisation_id
    if actor is not None and actor_organisation_id(actor) != organisation_id:
        raise NotFound(_("No such finding."))
    if answer.verdict != Verdict.PROBLEM:
        raise InvalidInput(_("Only a problem found becomes a rectification."), field="answer")
    if Rectification.objects.filter(answer=answer).exists():
        raise Conflict(_("This finding has its rectification already."))
    item = answer.item
    description = item.text if not answer.note.strip() else f"{item.text}\n{answer.note.strip()}"
    department = inspection.department
    if department is None and inspection.person_id is not None:
        department = inspection.person.department
    return _create(
        actor,
        organisation_id=organisation_id,
        owner=owner,
        due=due,
        department=department,
        rule_id=item.rule_id or RULE,
        description=description,
        source={"inspection": inspection.pk, "answer": answer.pk},
        answer=answer,
    )


def open_from_decision(
    actor: Actor | None, decision: CommitteeDecision, *, owner: Any, due: Any
) -> Rectification:
    """The task that tracks a decision of the security committee (rule "COMMITTEE"), in the
    owner's department. Runs inside the caller's operation; Conflict when the decision has its
    task already."""
    organisation_id = decision.meeting.organisation_id
    if actor is not None and actor_organisation_id(actor) != organisation_id:
        raise NotFound(_("No such decision."))
    if Rectification.objects.filter(decision=decision).exists():
        raise Conflict(_("This decision is tracked already."))
    return _create(
        actor,
        organisation_id=organisation_id,
        owner=owner,
        due=due,
        department=None,
        rule_id=COMMITTEE_RULE,
        description=decision.text,
        source={"meeting": decision.meeting_id, "decision": decision.pk},
        decision=decision,
    )


# The operations ------------------------------------------------------------------------------


def _rule_id(value: Any) -> str:
    rule_id = bounded_text(value, "rule_id", 32, required=True).upper()
    if rule_id not in {r.id for r in rules.all_rules()}:
        raise InvalidInput(_("No such rule in the rulebook."), field="rule_id")
    return rule_id


@operation
def open_rectification(
    *,
    actor: Actor | None,
    owner_id: int,
    due: datetime.date,
    answer_id: int | None = None,
    rule_id: str = "",
    description: str = "",
    department_id: int | None = None,
    organisation_id: int | None = None,
) -> Rectification:
    """The security office opens a task: for a finding (``answer_id``) of a submitted
    inspection of its organisation not yet a task, or free-standing, naming the rule it puts
    right and what is to be done (in ``department_id``, else the owner's department).
    ``actor`` None is the installer (the demo), naming ``organisation_id``, who may record a
    task due in the past as it stood on paper."""
    require_or_installer(actor, Permission.OVERSEE)
    if actor is not None:
        organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        raise InvalidInput(_("Name the organisation."), field="organisation_id")
    if answer_id is not None:
        answer = (
            # Only the finding's own row: the inspection's person may be empty, and
            # PostgreSQL locks no nullable side of an outer join.
            Answer.objects.select_for_update(of=("self",))
            .select_related("item", "inspection__person")
            .filter(pk=answer_id, inspection__organisation_id=organisation_id)
            .first()
        )
        if answer is None:
            raise NotFound(_("No such finding."))
        if answer.inspection.state != InspectionState.SUBMITTED:
            raise InvalidInput(_("The inspection is not submitted yet."), field="answer_id")
        return open_from_finding(actor, answer, owner=owner_id, due=due)
    rule = _rule_id(rule_id)
    text = bounded_text(
        description, "description", DESCRIPTION_LENGTH, required=True, multiline=True
    )
    department = None
    if department_id is not None:
        department = Department.objects.filter(
            pk=department_id, organisation_id=organisation_id
        ).first()
        if department is None:
            raise InvalidInput(_("No such department."), field="department_id")
    return _create(
        actor,
        organisation_id=organisation_id,
        owner=owner_id,
        due=due,
        department=department,
        rule_id=rule,
        description=text,
        source={"free_standing": True},
    )


def _locked(actor: Actor, rectification_id: int) -> Rectification:
    """The task the actor may know, locked; NotFound otherwise."""
    queries.task(actor, rectification_id)
    return (
        Rectification.objects.select_for_update()
        .select_related("department", "owner")
        .get(pk=rectification_id)
    )


@operation
def reassign(
    *, actor: Actor, rectification_id: int, owner_id: int, due: datetime.date
) -> Rectification:
    """The security office gives a task not yet verified another owner and due date."""
    require(actor, Permission.OVERSEE)
    task = _locked(actor, rectification_id)
    if task.state == RectificationState.VERIFIED:
        raise Conflict(_("The rectification is verified and closed."))
    person = check_owner(task.organisation_id, owner_id)
    due = check_due(due)
    before = {"owner": task.owner_id, "due": task.due.isoformat()}
    task.owner, task.due = person, due
    task.save(update_fields=["owner", "due"])
    record_event(
        actor=actor,
        action=RECTIFICATION_REASSIGNED,
        subject=task,
        organisation_id=task.organisation_id,
        data={"rules": [RULE], "before": before, "owner": person.pk, "due": due.isoformat()},
    )
    return task


@operation
def mark_done(*, actor: Actor, rectification_id: int, note: str) -> Rectification:
    """The owner (or the head of the task's department) says what was done; the task then
    awaits verification by someone else (INSP-RECTIFY)."""
    task = _locked(actor, rectification_id)
    book.require(
        task.organisation_id,
        RULE,
        actor.person_id == task.owner_id or queries.heads_department(actor, task),
        _("Only the person responsible or the department head marks a rectification done."),
    )
    if task.state != RectificationState.OPEN:
        raise Conflict(_("The rectification is not open."))
    text = bounded_text(note, "note", NOTE_LENGTH, required=True, multiline=True)
    task.state, task.done_at, task.done_note = RectificationState.DONE, timezone.now(), text
    task.done_by = actor.person
    task.save(update_fields=["state", "done_at", "done_note", "done_by"])
    record_event(
        actor=actor,
        action=RECTIFICATION_DONE,
        subject=task,
        organisation_id=task.organisation_id,
        data={"rules": [RULE], "owner": task.owner_id},
    )
    return task


@operation
def verify(*, actor: Actor, rectification_id: int, accept: bool, note: str = "") -> Rectification:
    """Someone other than the owner and whoever marked it done — the security office or the
    department head — checks the work (INSP-RECTIFY): accepted, the task is verified and
    closed; not accepted, it is open again with the reason (``note``, then required)."""
    task = _locked(actor, rectification_id)
    book.require(
        task.organisation_id,
        RULE,
        actor.person_id != task.owner_id,
        _("The person responsible cannot verify their own rectification."),
    )
    if task.state != RectificationState.DONE:
        raise Conflict(_("Only a rectification marked done can be verified."))
    book.require(
        task.organisation_id,
        RULE,
        actor.person_id != task.done_by_id,
        _("Whoever marked the rectification done cannot verify it."),
    )
    book.require(
        task.organisation_id,
        RULE,
        queries.oversees(actor) or queries.heads_department(actor, task),
        _("Only the security office or the department head verifies a rectification."),
    )
    if not isinstance(accept, bool):
        raise InvalidInput(_("Say whether the work is accepted."), field="accept")
    text = bounded_text(note, "note", NOTE_LENGTH, required=not accept, multiline=True)
    if accept:
        task.state, task.verified_by, task.verified_at = (
            RectificationState.VERIFIED,
            actor.person,
            timezone.now(),
        )
        task.save(update_fields=["state", "verified_by", "verified_at"])
        action = RECTIFICATION_VERIFIED
    else:
        reason = house_text(gettext_lazy("Not accepted on %(day)s: %(note)s")) % {
            "day": f"{timezone.localdate():%Y-%m-%d}",
            "note": text,
        }
        task.state, task.done_at, task.done_by = RectificationState.OPEN, None, None
        task.done_note = reason[:NOTE_LENGTH]
        task.save(update_fields=["state", "done_at", "done_note", "done_by"])
        action = RECTIFICATION_REJECTED
    record_event(
        actor=actor,
        action=action,
        subject=task,
        organisation_id=task.organisation_id,
        data={"rules": [RULE], "accept": accept},
    )
    return task


# An overdue deadline in one click (the cockpit's deadlines page) -----------------------------

#: Days given to put right an overdue deadline opened as a task, unless the office says.
FROM_DEADLINE_DAYS = 14
#: The description of a task opened from a deadline, one sentence either way: the item's
#: label in brackets (full-width in Chinese) when it is not classified, else none.
NAMED_DEADLINE = gettext_lazy(
    "%(rule)s %(title)s: %(kind)s no. %(id)s (%(label)s) was due on %(due)s, %(late)s days overdue."
)
UNNAMED_DEADLINE = gettext_lazy(
    "%(rule)s %(title)s: %(kind)s no. %(id)s was due on %(due)s, %(late)s days overdue."
)


def _overdue_deadline(
    organisation_id: int, rule_id: str, subject_type: str, subject_id: int
) -> Any:
    """The deadline of ``rule_id`` about the subject, as its provider answers it now, or None
    when it is no longer open (the rule's provider only, about that subject)."""
    provider = DEADLINE_PROVIDERS.get(rule_id)
    if provider is None:
        raise InvalidInput(_("No deadline is kept under this rule."), field="rule_id")
    now = timezone.now()
    for deadline in provider.of_subject(organisation_id, now, subject_type, subject_id):
        return deadline if deadline.state(now) == DeadlineState.OVERDUE else None
    return None


def _nearest_head(department: Department | None) -> Person | None:
    """The head of ``department``, else of the nearest department above it with one."""
    if department is None:
        return None
    ids = [int(x) for x in department.path.strip("/").split("/") if x]
    heads = dict(
        Department.objects.filter(pk__in=ids, head__isnull=False).values_list("pk", "head_id")
    )
    for pk in reversed(ids):
        if pk in heads:
            return Person.objects.get(pk=heads[pk])
    return None


@operation
def open_from_deadline(
    *,
    actor: Actor,
    rule_id: str,
    subject_type: str,
    subject_id: int,
    owner_id: int | None = None,
    due: datetime.date | None = None,
) -> Rectification:
    """The security office (OVERSEE) turns an overdue deadline of its organisation into a
    rectification task (INSP-RECTIFY): owed by ``owner_id``, else the person who answers for
    the deadline, else the head of its department; in the deadline's department; due ``due``,
    else ``FROM_DEADLINE_DAYS`` from today. The description names the rule and the kind of
    item with its id, and the item's label only when it is not classified (the owner and the
    heads read the task, and may not know the item). Refused when the deadline is no longer
    overdue (put right, or not due yet), when a task for it is open already, for a rule whose
    deadlines are tasks themselves (INSP-RECTIFY)."""
    require(actor, Permission.OVERSEE)
    organisation_id = actor_organisation_id(actor)
    rule = _rule_id(rule_id)
    if rule == RULE:
        raise InvalidInput(
            _("An overdue rectification is followed up on its own page."), field="rule_id"
        )
    kind = bounded_text(subject_type, "subject_type", 64, required=True)
    if isinstance(subject_id, bool) or not isinstance(subject_id, int) or subject_id < 1:
        raise InvalidInput(_("Name the item."), field="subject_id")
    deadline = _overdue_deadline(organisation_id, rule, kind, subject_id)
    if deadline is None:
        raise Conflict(_("This deadline is not overdue any more."))
    open_tasks = Rectification.objects.filter(
        organisation_id=organisation_id,
        source_rule_id=rule,
        source_subject_type=kind,
        source_subject_id=subject_id,
    ).exclude(state=RectificationState.VERIFIED)
    if open_tasks.exists():
        raise Conflict(_("A rectification of this deadline is open already."))
    department = Department.objects.filter(
        pk=deadline.department_id, organisation_id=organisation_id
    ).first()
    if owner_id is None:
        answering = Person.objects.filter(
            pk=deadline.person_id, organisation_id=organisation_id, employment=Employment.ACTIVE
        ).first()
        owner = answering or _nearest_head(department)
        if owner is None:
            raise InvalidInput(
                _("Nobody answers for this deadline: choose the person responsible."),
                field="owner_id",
            )
        owner_id = owner.pk
    today = timezone.localdate()
    due = due if due is not None else today + datetime.timedelta(days=FROM_DEADLINE_DAYS)
    subject = describe(actor, kind, str(subject_id))
    named = subject.label if subject and (subject.level or 0) <= Level.PUBLIC else ""
    late = (today - timezone.localdate(deadline.due_at)).days
    description = house_text(NAMED_DEADLINE if named else UNNAMED_DEADLINE) % {
        "rule": rule,
        "title": rules.get(rule).title_zh,
        "kind": house_text(subject_kind(kind)),
        "id": subject_id,
        "label": named,
        "due": f"{timezone.localdate(deadline.due_at):%Y-%m-%d}",
        "late": late,
    }
    try:
        # A second click at the same moment meets the constraint of one open task per
        # deadline: the same refusal as above.
        with transaction.atomic():
            return _create(
                actor,
                organisation_id=organisation_id,
                owner=owner_id,
                due=due,
                department=department,
                rule_id=rule,
                description=description,
                source={"deadline": {"rule": rule, "subject_type": kind, "subject_id": subject_id}},
                source_rule_id=rule,
                source_subject_type=kind,
                source_subject_id=subject_id,
                source_due_at=deadline.due_at,
            )
    except IntegrityError:
        raise Conflict(_("A rectification of this deadline is open already.")) from None
