"""What the auditor reads: the audit log, filtered, and the state of the chain (READ_AUDIT).

An auditor who belongs to an organisation sees its events and the installation's own
(events of no organisation: the operator's shell, logins under unknown names)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.audit import verification
from baomi.audit.actions import label
from baomi.audit.chain import Verdict
from baomi.audit.models import AuditEvent, Checkpoint, Outcome
from baomi.audit.recorder import subject_ref
from baomi.core.errors import InvalidInput


def events(
    actor: Actor,
    *,
    actor_id: int | None = None,
    username: str | None = None,
    person_id: int | None = None,
    action: str | None = None,
    outcome: str | None = None,
    subject: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The events the auditor may read, newest first, filtered by the acting account (its id,
    or its username: none match an unknown name), by the person whose accounts acted, by
    action, outcome (refusals are ``denied``), subject (a model instance or a ``(type, id)``
    pair) and by local dates (both ends included)."""
    require(actor, Permission.READ_AUDIT)
    found = AuditEvent.objects.order_by("-seq")
    organisation_id = actor_organisation_id(actor)
    if organisation_id is not None:
        found = found.filter(Q(organisation_id=organisation_id) | Q(organisation_id=None))
    if actor_id is not None:
        found = found.filter(actor_id=actor_id)
    if username is not None:
        accounts = get_user_model().objects.filter(username=username).values("pk")
        found = found.filter(actor_id__in=accounts)
    if person_id is not None:
        accounts = get_user_model().objects.filter(person_id=person_id).values("pk")
        found = found.filter(actor_id__in=accounts)
    if action:
        found = found.filter(action=action)
    if outcome:
        if outcome not in Outcome.values:
            raise InvalidInput(
                _("Unknown outcome %(outcome)s.") % {"outcome": outcome}, field="outcome"
            )
        found = found.filter(outcome=outcome)
    if subject is not None:
        subject_type, subject_id = subject_ref(subject)
        found = found.filter(subject_type=subject_type, subject_id=subject_id)
    if date_from is not None:
        found = found.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        found = found.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return found


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def event_record(event: AuditEvent) -> dict[str, Any]:
    """An event as the auditor reads it: its hashed content, its hash and its action's label."""
    record: dict[str, Any] = json.loads(bytes(event.body))
    record["hash"] = event.hash
    record["action_label"] = str(label(event.action))
    return record


@dataclass(frozen=True)
class ChainStatus:
    verdict: Verdict
    last_checkpoint: Checkpoint | None


def chain_status(actor: Actor) -> ChainStatus:
    """Whether the chain verifies, and the latest signed checkpoint (auditor)."""
    require(actor, Permission.READ_AUDIT)
    return ChainStatus(verification.verify(), Checkpoint.objects.order_by("-seq").first())
