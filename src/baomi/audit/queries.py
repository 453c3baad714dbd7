"""What the auditor reads: the audit log, filtered, and the state of the chain (READ_AUDIT).

The log is read after sealing: ``events`` first chains the reads staged and not yet chained
(``baomi.audit.recorder.seal``, which takes the chain's lock only when some wait), so the pages,
the API and the exports show every read, each at its own read time.

An auditor who belongs to an organisation sees its events and the installation's own
(events of no organisation: the operator's shell, logins under unknown names)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.audit import verification
from baomi.audit.actions import label
from baomi.audit.chain import Verdict
from baomi.audit.models import AuditEvent, Checkpoint, Outcome
from baomi.audit.recorder import seal, subject_ref
from baomi.core.errors import InvalidInput, NotFound


def events(
    actor: Actor,
    *,
    actor_id: int | None = None,
    who: str | None = None,
    person_id: int | None = None,
    action: str | None = None,
    outcome: str | None = None,
    subject: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The events the auditor may read, newest first, filtered by the acting account (its id,
    or ``who``: its username or its person's name; none match an unknown one), by the person
    whose accounts acted, by action, outcome (refusals are ``denied``), subject (a model
    instance or a ``(type, id)`` pair) and by local dates (both ends included)."""
    require(actor, Permission.READ_AUDIT)
    seal()
    found = AuditEvent.objects.order_by("-seq")
    organisation_id = actor_organisation_id(actor)
    if organisation_id is not None:
        found = found.filter(Q(organisation_id=organisation_id) | Q(organisation_id=None))
    if actor_id is not None:
        found = found.filter(actor_id=actor_id)
    if who is not None:
        accounts = get_user_model().objects.filter(Q(username=who) | Q(person__name=who))
        found = found.filter(actor_id__in=accounts.values("pk"))
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


def actor_names(events: Iterable[AuditEvent]) -> dict[int, str]:
    """The name of the person behind each acting account of ``events``, by account id: the
    auditor reads who acted, not a login."""
    ids = {e.actor_id for e in events if e.actor_id is not None}
    found = get_user_model().objects.filter(pk__in=ids).select_related("person")
    return {account.pk: account.person.name for account in found}


def checkpoints(actor: Actor, limit: int = 20) -> list[Checkpoint]:
    """The newest signed checkpoints, newest first (auditor)."""
    require(actor, Permission.READ_AUDIT)
    return list(Checkpoint.objects.order_by("-seq")[:limit])


def checkpoint(actor: Actor, seq: int) -> Checkpoint:
    """The signed checkpoint of event ``seq`` (auditor)."""
    require(actor, Permission.READ_AUDIT)
    found = Checkpoint.objects.filter(seq=seq).first()
    if found is None:
        raise NotFound(_("No checkpoint was signed at event #%(seq)s.") % {"seq": seq})
    return found


def period_seqs(actor: Actor, date_from: date, date_to: date) -> tuple[int, int] | None:
    """The first and last sequence numbers of the events of a period (local dates, both ends
    included), or None when the period holds none."""
    found = events(actor, date_from=date_from, date_to=date_to).aggregate(
        first=Min("seq"), last=Max("seq")
    )
    return None if found["first"] is None else (found["first"], found["last"])


def anchor(before: int) -> Checkpoint | None:
    """The newest signed checkpoint at or before event ``before``: where a verifiable export
    that must cover event ``before + 1`` starts (None: from the first event)."""
    return Checkpoint.objects.filter(seq__lte=before).order_by("-seq").first()


def foreign_events(actor: Actor, first: int, last: int) -> bool:
    """Whether events ``first..last`` hold any of an organisation other than the actor's (which
    the actor may not read, so cannot export either)."""
    organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        return False
    return (
        AuditEvent.objects.filter(seq__gte=first, seq__lte=last)
        .exclude(organisation_id=organisation_id)
        .exclude(organisation_id=None)
        .exists()
    )


def subject_label(subject_type: str, subject_id: str) -> str:
    """An event's item in words: its kind (the model's name) and number, e.g. "文件 #12"."""
    if not subject_type:
        return ""
    app, _dot, model = subject_type.partition(".")
    try:
        kind = str(apps.get_model(app, model)._meta.verbose_name)
    except LookupError:
        # Not a model (a rule of the rulebook): the app that keeps it.
        try:
            kind = str(apps.get_app_config(app).verbose_name)
        except LookupError:
            kind = subject_type
    return f"{kind} #{subject_id}"


def readable(found: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    """Events as the auditor reads them (``event_record``) with the acting person's name, the
    action's, outcome's and item's labels in the reader's language, and the local time."""
    found = list(found)
    names = actor_names(found)
    outcomes = dict(Outcome.choices)
    records = []
    for event in found:
        record = event_record(event)
        records.append(
            {
                **record,
                "when": timezone.localtime(event.at),
                "name": names.get(event.actor_id, ""),
                "outcome_label": str(outcomes.get(record["outcome"], record["outcome"])),
                "subject_label": subject_label(record["subject_type"], record["subject_id"]),
            }
        )
    return records
