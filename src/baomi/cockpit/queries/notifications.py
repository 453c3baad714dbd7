"""A person's notifications of the deadline engine: their own only (``policies.
NOTIFICATIONS``), unread first; each names its subject only to a reader who may know it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from baomi.access.actor import Actor
from baomi.cockpit.models import Notification, Stage
from baomi.cockpit.policies import NOTIFICATIONS
from baomi.cockpit.queries.deadlines import kind_name, names, rule_title
from baomi.seams.approvals import Subject, describe_all

PAGE_SIZE = 50


def mine(actor: Actor | None, *, unread: bool = False) -> QuerySet[Notification]:
    """The actor's notifications, unread first, newest first."""
    found = NOTIFICATIONS.known(actor)
    if unread:
        found = found.filter(read_at=None)
    return found.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")


def unread_count(actor: Actor | None) -> int:
    """How many of the actor's notifications are unread (one COUNT on the recipient's index):
    the home panel's count, hence the menu's badge."""
    return NOTIFICATIONS.known(actor).filter(read_at=None).count()


@dataclass(frozen=True)
class Line:
    notification: Notification
    stage: str
    rule_title: str
    kind: str
    subject: Subject | None
    person: str
    department: str
    late: int  # whole days overdue when it was made

    def as_json(self) -> dict[str, Any]:
        n = self.notification
        return {
            "id": n.pk,
            "stage": n.stage,
            "stage_label": self.stage,
            "rule_id": n.rule_id,
            "rule_title": self.rule_title,
            "subject_type": n.subject_type,
            "subject_id": n.subject_id if self.subject else None,
            "subject_kind": self.kind,
            "subject_label": self.subject.label if self.subject else None,
            "subject_url": self.subject.url if self.subject else None,
            "due_at": n.due_at,
            "responsible_id": n.responsible_id,
            "responsible": self.person,
            "department_id": n.department_id,
            "department": self.department,
            "created_at": n.created_at,
            "read_at": n.read_at,
            "days_overdue": self.late,
        }


def lines(actor: Actor | None, found: list[Notification]) -> list[Line]:
    """A page of the actor's notifications as they read them (two queries for the names, the
    subjects described a kind at a time)."""
    people, departments = names({n.responsible_id for n in found}, {n.department_id for n in found})
    described = describe_all(actor, ((n.subject_type, n.subject_id) for n in found))
    labels = dict(Stage.choices)
    return [
        Line(
            notification=n,
            stage=str(labels.get(n.stage, n.stage)),
            rule_title=rule_title(n.rule_id),
            kind=kind_name(n.subject_type),
            subject=described.get((n.subject_type, n.subject_id)),
            person=people.get(n.responsible_id, ""),
            department=departments.get(n.department_id, ""),
            late=max((n.created_at - n.due_at) // datetime.timedelta(days=1), 0),
        )
        for n in found
    ]
