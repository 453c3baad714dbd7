"""The writers of the audit chain: ``record_event`` appends an event, ``stage_event`` records a
read without the chain's lock, and ``seal`` chains the staged reads.

``record_event`` appends inside the caller's transaction in two statements: one INSERT that
locks the chain head (``FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds
the database) and computes the event's number, body and hash from the head in the database
itself, and one UPDATE that moves the head onto it. Three is not the minimum with a hash
chain: the body and hash depend only on the head's number and hash, so the database can
compute them in the statement that locks the head. The head must move after the event exists
(its trigger checks that the head lands on a recorded event with that event's hash), hence a
second statement.

Reads of controlled items (DESIGN "Audit chain": reads are events too) are recorded with
``stage_event``: one INSERT into ``audit_stagedevent``, committed at once, without the chain's
lock, so readers do not queue behind each other nor behind writers. The read is not lost:
the staged row is durable from its commit, the database keeps it until a chained event
carries it (``baomi.audit.triggers``), and ``baomi audit verify`` reports every row still
waiting with its age. ``seal`` chains the staged rows in the order they were staged (their
``id``), in batches, each as the event it holds with its own read time and ``data.staged``
naming the row. It runs on the commit of the next chained event (``record_event`` seals what
waits first, in its own transaction, before appending), from ``baomi audit seal``, from the
sealer thread of ``baomi serve`` (``baomi.audit.sealer``), and before the auditor reads the
log.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import nullcontext
from typing import Any

from django.db import transaction
from django.utils import timezone

from baomi.audit.actions import ACTIONS
from baomi.audit.chain import GENESIS, canonical, link
from baomi.audit.models import AuditEvent, ChainHead, Outcome, StagedEvent

# Staged reads chained by one statement of each kind (SQLite binds at most 32766 values).
SEAL_BATCH = 500
STAGED_KEY = "staged"  # data.staged of a chained read: the id of its staged row
_SEQ_MARK = b'"seq":-1,'

EVENTS = AuditEvent._meta.db_table
HEAD = ChainHead._meta.db_table
STAGED = StagedEvent._meta.db_table

# One statement appends the event after the head, locking the head on PostgreSQL, unless reads
# wait to be chained first (or the head row is missing): then it inserts nothing.
_APPEND = {
    "postgresql": (
        f"INSERT INTO {EVENTS} (seq, body, hash) "  # noqa: S608 (table names, no input)
        "SELECT n.seq, n.body, encode(sha256(decode(n.prev, 'hex') || n.body), 'hex') FROM ("
        "SELECT h.seq + 1 AS seq, h.hash AS prev, "
        "%s::bytea || convert_to((h.seq + 1)::text, 'UTF8') || %s::bytea AS body "
        f"FROM {HEAD} h WHERE h.id = 1 "
        f"AND NOT EXISTS (SELECT 1 FROM {STAGED} s WHERE s.seq IS NULL) FOR UPDATE OF h) n "
        "RETURNING seq, hash"
    ),
    "sqlite": (
        f"INSERT INTO {EVENTS} (seq, body, hash) "  # noqa: S608
        "SELECT n.seq, n.body, baomi_audit_link(n.prev, n.body) FROM ("
        "SELECT h.seq + 1 AS seq, h.hash AS prev, CAST(%s || (h.seq + 1) || %s AS BLOB) AS body "
        f"FROM {HEAD} h WHERE h.id = 1 "
        f"AND NOT EXISTS (SELECT 1 FROM {STAGED} s WHERE s.seq IS NULL)) n "
        "RETURNING seq, hash"
    ),
}
_INSERT = f"INSERT INTO {EVENTS} (seq, body, hash) VALUES (%s, %s, %s)"  # noqa: S608
_MOVE_HEAD = f"UPDATE {HEAD} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608


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


def _event(
    *,
    actor: Any,
    action: str,
    subject: Any,
    data: dict[str, Any] | None,
    outcome: str,
    organisation_id: int | None,
) -> dict[str, Any]:
    """An event's content without its sequence number, timed now."""
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}")
    actor_id, username, actor_org = actor_ref(actor)
    subject_type, subject_id = subject_ref(subject)
    return {
        "at": timezone.now().isoformat(),
        "actor_id": actor_id,
        "actor": username,
        "organisation_id": organisation_id if organisation_id is not None else actor_org,
        "action": action,
        "outcome": str(outcome),
        "subject_type": subject_type,
        "subject_id": subject_id,
        "data": data or {},
    }


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
    it records commit or roll back together. The chain head is locked last. Staged reads
    waiting to be chained are chained first, in this transaction.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside a transaction")
    event = _event(
        actor=actor,
        action=action,
        subject=subject,
        data=data,
        outcome=outcome,
        organisation_id=organisation_id,
    )
    # The canonical body around its number: keys are sorted, "seq" comes after "outcome" and
    # before "subject_id" and "subject_type" (two strings, which cannot hold the mark), so the
    # last mark is the event's own.
    before, mark, after = canonical({**event, "seq": -1}).rpartition(_SEQ_MARK)
    if not mark:
        raise AssertionError("the canonical body lost its sequence number")
    before += b'"seq":'
    after = b"," + after
    sqlite = connection.vendor == "sqlite"
    parts = [before.decode(), after.decode()] if sqlite else [before, after]
    with connection.cursor() as cursor:
        cursor.execute(_APPEND[connection.vendor], parts)
        appended = cursor.fetchone()
        if appended is not None:
            seq, digest = appended
            cursor.execute(_MOVE_HEAD, [seq, digest])
            return AuditEvent(seq=seq, body=before + str(seq).encode() + after, hash=digest)
    # Reads wait to be chained (or a new database has no head row yet): lock the head, chain
    # them, then this event.
    head = lock_head()
    seq, prev = head.seq, head.hash
    while True:
        seq, prev, count = _seal_batch(seq, prev, SEAL_BATCH)
        if count < SEAL_BATCH:
            break
    seq += 1
    body = before + str(seq).encode() + after
    digest = link(prev, body)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [seq, body, digest])
        cursor.execute(_MOVE_HEAD, [seq, digest])
    return AuditEvent(seq=seq, body=body, hash=digest)


def stage_event(
    *,
    actor: Any,
    action: str,
    subject: Any = None,
    data: dict[str, Any] | None = None,
    outcome: str = Outcome.OK,
    organisation_id: int | None = None,
) -> StagedEvent:
    """Record a read without the chain's lock: one INSERT into the staging table, committed at
    once when called outside a transaction (as the reads are), with the caller's transaction
    otherwise. ``seal`` chains it later with this read time."""
    if data and STAGED_KEY in data:
        raise ValueError(f"data.{STAGED_KEY} is kept for the staged row's id")
    body = canonical(
        _event(
            actor=actor,
            action=action,
            subject=subject,
            data=data,
            outcome=outcome,
            organisation_id=organisation_id,
        )
    )
    staged = StagedEvent(body=body, hash=hashlib.sha256(body).hexdigest())
    connection = transaction.get_connection()
    # On SQLite in a transaction of its own, so that the read queues with the other writers
    # (baomi.core.sqlite) instead of sleeping in SQLite's busy handler.
    alone = connection.vendor == "sqlite" and not connection.in_atomic_block
    with transaction.atomic() if alone else nullcontext():
        staged.save(force_insert=True)
    return staged


def seal(*, batch: int = SEAL_BATCH) -> int:
    """Chain the staged reads waiting, in the order they were staged, ``batch`` to a
    transaction; return how many were chained. Takes the chain's lock only when reads wait."""
    if batch < 1:
        raise ValueError("a batch holds one staged read or more")
    if not StagedEvent.objects.filter(seq=None).exists():
        return 0
    total = 0
    while True:
        with transaction.atomic():
            head = lock_head()
            seq, prev, count = _seal_batch(head.seq, head.hash, batch)
            if count:
                with transaction.get_connection().cursor() as cursor:
                    cursor.execute(_MOVE_HEAD, [seq, prev])
        total += count
        if count < batch:
            return total


def _seal_batch(seq: int, prev: str, limit: int) -> tuple[int, str, int]:
    """Chain up to ``limit`` staged reads after event ``seq`` of hash ``prev``, with the head
    locked; return the new last ``(seq, hash)`` and how many were chained. The caller moves
    the head."""
    waiting = list(
        StagedEvent.objects.filter(seq=None).order_by("id").values_list("id", "body")[:limit]
    )
    if not waiting:
        return seq, prev, 0
    rows: list[Any] = []
    marks: list[Any] = []
    for staged_id, staged_body in waiting:
        event = json.loads(bytes(staged_body))
        seq += 1
        event["seq"] = seq
        event["data"] = {**event.get("data", {}), STAGED_KEY: staged_id}
        body = canonical(event)
        prev = link(prev, body)
        rows += (seq, body, prev)
        marks += (staged_id, seq)
    ids = [staged_id for staged_id, _body in waiting]
    values = ", ".join(["(%s, %s, %s)"] * len(waiting))
    cases = " ".join(["WHEN %s THEN %s"] * len(waiting))
    within = ", ".join(["%s"] * len(waiting))
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(f"INSERT INTO {EVENTS} (seq, body, hash) VALUES {values}", rows)  # noqa: S608
        # Sealed rows carry their event's number (the database checks the event), then go.
        cursor.execute(
            f"UPDATE {STAGED} SET seq = CASE id {cases} END WHERE id IN ({within})",  # noqa: S608
            [*marks, *ids],
        )
        cursor.execute(f"DELETE FROM {STAGED} WHERE id IN ({within})", ids)  # noqa: S608
    return seq, prev, len(waiting)


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


def _sqlite_link(prev: str, body: bytes) -> str:
    return link(prev, bytes(body))


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: give a SQLite connection ``baomi_audit_link(prev, body)``, the
    chain's link, which ``record_event``'s append computes in the database."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "baomi_audit_link", 2, _sqlite_link, deterministic=True
        )
