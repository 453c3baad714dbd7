"""Rectifications (整改, INSP-RECTIFY): every finding of an inspection, and every decision of
the security committee, becomes a task with its owner, due date and rule.

- ``open_from_finding`` and ``open_from_decision`` are plain functions, called inside the
  caller's operation (an inspection's submission, a committee's decision recorded): they check
  the owner and the due date and record the task's opening.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.org.models import Department, Employment, Person
from baomi.oversight.models import (
    Answer,
    CommitteeDecision,
    Rectification,
    RectificationState,
    Verdict,
)

RULE = "INSP-RECTIFY"
COMMITTEE_RULE = "COMMITTEE"
DESCRIPTION_LENGTH = 2000
#: The furthest a due date may be set from today.
LONGEST = datetime.timedelta(days=366)

RECTIFICATION_OPENED = register_action(
    "oversight.rectification_opened", gettext_lazy("Rectification task opened")
)


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


def check_due(due: Any, *, today: datetime.date | None = None) -> datetime.date:
    """The due date: a date from today to a year ahead; InvalidInput naming ``due``."""
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        raise InvalidInput(_("Give a date such as 2026-10-01."), field="due")
    today = today or timezone.localdate()
    if due < today:
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
    due = check_due(due)
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
