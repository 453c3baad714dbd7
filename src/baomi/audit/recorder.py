"""``record_event``: the only writer of the audit chain."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.actions import ACTIONS
from baomi.audit.chain import GENESIS, canonical, link
from baomi.audit.models import AuditEvent, ChainHead, Outcome


def subject_ref(subject: Any) -> tuple[str, str]:
    """``(type, id)`` of a model instance, or of an explicit ``(type, id)`` pair."""
    if subject is None:
        return "", ""
    if isinstance(subject, tuple):
        return str(subject[0]), str(subject[1])
    meta = subject._meta
    return f"{meta.app_label}.{meta.model_name}", str(subject.pk)


def actor_ref(actor: Any) -> tuple[int | None, str, int | None]:
    """``(account id, username, organisation id)``; ``None`` is the system itself."""
    if actor is None:
        return None, "system", None
    person = getattr(actor, "person", None)
    return actor.pk, actor.get_username(), getattr(person, "organisation_id", None)


def record_event(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    data: dict[str, Any] | None = None,
    outcome: str = Outcome.OK,
    organisation_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    Must run inside a transaction (every operation is one), so that the event and the change
    it records commit or roll back together. The chain head is locked last.
    """
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside a transaction")
    actor_id, username, actor_org = actor_ref(actor)
    subject_type, subject_id = subject_ref(subject)
    head = lock_head()
    seq = head.seq + 1
    at = timezone.now()
    org = organisation_id if organisation_id is not None else actor_org
    body = canonical(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor_id": actor_id,
            "actor": username,
            "organisation_id": org,
            "action": action,
            "outcome": str(outcome),
            "subject_type": subject_type,
            "subject_id": subject_id,
            "data": data or {},
        }
    )
    digest = link(head.hash, body)
    # The index columns (time, actor, action …) are generated from the body by the database.
    event = AuditEvent.objects.create(seq=seq, body=body, hash=digest)
    head.seq, head.hash = seq, digest
    head.save(update_fields=["seq", "hash"])
    return event


def lock_head() -> ChainHead:
    """The chain head, locked for this transaction (created at the table's end if missing)."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # A new database: start the chain where the table ends (normally at genesis).
    last = AuditEvent.objects.order_by("-seq").first()
    ChainHead.objects.get_or_create(
        pk=1, defaults={"seq": last.seq if last else 0, "hash": last.hash if last else GENESIS}
    )
    return ChainHead.objects.select_for_update().get(pk=1)
