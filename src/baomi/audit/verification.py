"""Verifying the chain stored in the database, and exporting it.

Rows are streamed with a raw cursor in chunks of ``CHUNK`` (no model instances), so a million
events verify in seconds. Besides the hashes, verification checks the stored signed
checkpoints (each signature first: a forged checkpoint is a failure), any checkpoint
documents the auditor brings, and the recorded chain head (a chain that stops short of its head
was truncated).

Every stored column of every event is covered: ``seq``, ``body`` and ``hash`` by the chain, and
the index columns (time, actor, organisation, action, outcome, subject) because the database
generates them from the body (``baomi.audit.schema``); verification checks that it still does.
When it no longer does, or with ``deep``, the index columns' stored values are compared with
the event each row holds, which names the first event whose index was changed.

Reads staged and not yet chained (``audit_stagedevent``) are covered too: each must still match
its own hash (``sha256(body)``: a row changed in the database is a failure naming it), and the
verdict lists them with their age (``Verdict.unchained``, ``Verdict.waiting``). Waiting is not a
failure: the next chained event, ``baomi audit seal`` or the server's sealer chains them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext_noop

from baomi.audit import chain, schema, signing
from baomi.audit.models import AuditEvent, ChainHead, Checkpoint, StagedEvent

CHUNK = 2_000  # rows of a query: a batch stays in the processor's cache (10k: 5-10% slower)
TABLE = AuditEvent._meta.db_table
INDEX_COLUMNS = schema.index_columns()
INDEX_DIFFERS = gettext_noop("the column %(column)s differs from the event it indexes")
ROW_MISSING = gettext_noop(
    "the signed checkpoint of event %(checkpoint)s kept in the file %(file)s is missing from "
    "the database"
)
FILE_UNUSABLE = gettext_noop("the newest checkpoint file cannot be used: %(error)s")
STAGED_ALTERED = gettext_noop(
    "the staged event %(id)s (a read not yet chained) does not match its hash"
)
LISTED = 100  # unchained reads listed by a verdict, oldest first
INDEX_UNBOUND = gettext_noop(
    "the audit table no longer computes the columns %(columns)s from the events, so they could "
    "be changed apart from them"
)

Row = tuple[Any, ...]


def stream(*, since: int = 0, until: int | None = None, deep: bool = False) -> Iterator[Row]:
    """``(seq, body, hash)`` rows after ``since`` (up to ``until``) in sequence order; with
    ``deep`` followed by the index columns."""
    return itertools.chain.from_iterable(_batches(since, until, deep))


def _batches(since: int, until: int | None, deep: bool) -> Iterator[list[Row]]:
    """The rows of ``stream`` in lists of ``CHUNK``, one query each (flattening them in C is
    cheaper than yielding row by row)."""
    columns = ", ".join(("seq", "body", "hash", *(INDEX_COLUMNS if deep else ())))
    bound = "" if until is None else " AND seq <= %s"
    sql = f"SELECT {columns} FROM {TABLE} WHERE seq > %s{bound} ORDER BY seq LIMIT %s"  # noqa: S608
    last = since
    with _cursor() as (cursor, options):
        while True:
            cursor.execute(sql, [last, *(() if until is None else (until,)), CHUNK], **options)
            batch = cursor.fetchall()
            # The body comes back as bytes from both SQLite and psycopg 3.
            yield batch
            if len(batch) < CHUNK:
                return
            last = batch[-1][0]


@contextmanager
def _cursor() -> Iterator[tuple[Any, dict[str, Any]]]:
    """A cursor for streaming rows, with the options its ``execute`` takes. On PostgreSQL a
    server-binding psycopg cursor whose binary protocol sends the bodies as they are instead of
    as hex text (half the time); Django's own cursor elsewhere."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor, {}
        return
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        yield cursor, {"binary": True}


def export(*, since: int = 0, until: int | None = None) -> Iterator[str]:
    """JSONL lines (without newline) of the events after sequence number ``since`` (up to
    ``until``)."""
    for seq, body, digest in stream(since=since, until=until):
        yield chain.export_line(seq, body, digest)


# Below this many events one process is quicker than starting more.
PARALLEL_FROM = 200_000


def verify(
    *,
    deep: bool = False,
    checkpoints: Iterable[dict[str, Any]] = (),
    jobs: int | None = None,
    kept_in: Path | None = None,
) -> chain.Verdict:
    """Verify the stored chain against its hashes, the stored checkpoints, the newest
    checkpoint file in ``kept_in`` (default ``settings.AUDIT_CHECKPOINT_DIR``), the given
    checkpoint documents (signatures checked against their own key) and the chain head.

    The checkpoint file must be signed with the installation's key and be one of the stored
    checkpoints: deleting the checkpoint rows and rewriting the chain's tail is reported.
    Read in this order so that concurrent appends never look like tampering: the checkpoint
    file (written once its row is committed), the stored checkpoints, the head, then the rows
    up to that head; a row beyond the head is looked for last.
    ``jobs`` processes share the rows (default: one per core for a long committed chain).
    """
    try:
        kept = signing.newest_file(
            Path(settings.AUDIT_CHECKPOINT_DIR if kept_in is None else kept_in)
        )
    except ValueError as exc:
        return chain.Verdict(False, 0, 0, chain.GENESIS, None, FILE_UNUSABLE, {"error": str(exc)})
    stored = [signing.document(c) for c in Checkpoint.objects.order_by("seq")]
    own = [*stored, *([kept[1]] if kept else [])]
    own_key = signing.installation_public_key() if own else None
    trusted = signing.trusted_points([*own, *checkpoints], own_key=own_key, own=len(own))
    if isinstance(trusted, chain.Verdict):
        return trusted
    unbound = schema.changed_columns(connection)
    deep = deep or bool(unbound)
    head = _head()
    if jobs is None:
        parallel = head[0] >= PARALLEL_FROM and not connection.in_atomic_block and not deep
        jobs = (os.cpu_count() or 1) if parallel else 1
    if jobs > 1 and not deep and head[0] >= jobs:
        verdict = _verify_in_parallel(jobs, head, trusted)
    else:
        index = _IndexCheck(stream(until=head[0], deep=True)) if deep else None
        rows = index if index is not None else stream(until=head[0])
        verdict = chain.verify(rows, checkpoints=trusted.items(), head=head)
        if index is not None and index.broken is not None:
            seq, column = index.broken
            return chain.broken(seq, (seq - 1, verdict.head_hash), INDEX_DIFFERS, column=column)
    if not verdict.ok:
        return verdict
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    now = _head()
    if last > now[0]:
        return chain.broken(now[0] + 1, head, chain.BEYOND_HEAD, head=now[0])
    if kept and kept[1] not in stored:
        seq = kept[1]["seq"]
        return _failed(verdict, seq, ROW_MISSING, {"checkpoint": seq, "file": kept[0].name})
    if unbound:  # every value still agrees with its event, but nothing keeps it so
        return _failed(verdict, None, INDEX_UNBOUND, {"columns": ", ".join(unbound)})
    return _staged(verdict)


def _failed(
    verdict: chain.Verdict, seq: int | None, problem: str, params: dict[str, Any]
) -> chain.Verdict:
    """``verdict`` of a whole chain failed after all: ``problem`` (at event ``seq``, if any)."""
    return dataclasses.replace(verdict, ok=False, broken_seq=seq, problem=problem, params=params)


def _staged(verdict: chain.Verdict) -> chain.Verdict:
    """The verdict with the reads still waiting to be chained, each checked against its own
    hash; a changed one fails the verdict, named by its staged id."""
    now = timezone.now()
    waiting: list[dict[str, Any]] = []
    count = 0
    rows = StagedEvent.objects.filter(seq=None).order_by("id").values_list("id", "body", "hash")
    for staged_id, body, digest in rows.iterator(chunk_size=CHUNK):
        body = bytes(body)
        event = _event(body) if hashlib.sha256(body).hexdigest() == digest else None
        if event is None:
            return _failed(verdict, None, STAGED_ALTERED, {"id": staged_id})
        count += 1
        if len(waiting) < LISTED:
            at = _moment(event.get("at"))
            waiting.append(
                {
                    "id": staged_id,
                    "at": event.get("at"),
                    "age_seconds": round((now - at).total_seconds(), 1) if at else None,
                    "action": event.get("action"),
                }
            )
    waiting.sort(key=lambda w: w["at"] or "")
    return dataclasses.replace(verdict, unchained=count, waiting=tuple(waiting))


def _event(body: bytes) -> dict[str, Any] | None:
    try:
        event = json.loads(body)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _verify_in_parallel(jobs: int, head: tuple[int, str], trusted: dict[int, str]) -> chain.Verdict:
    """Split the chain into ``jobs`` consecutive ranges verified by as many processes.

    Every link is checked against the stored hash of the event before it, so the ranges are
    independent: when every range holds, the whole chain holds, and the first failing range
    names the first broken event. (Each range starts from the stored hash that the range
    before it proves.)"""
    bounds = [head[0] * i // jobs for i in range(jobs + 1)]
    ranges = [(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]
    last = ranges[-1][0]
    work = [
        (
            lo,
            hi,
            {s: h for s, h in trusted.items() if s > lo and (s <= hi or lo == last)},
            head if lo == last else None,
        )
        for lo, hi in ranges
    ]
    connections.close_all()  # a forked process must open its own connection
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(work), mp_context=context) as pool:
        verdicts = list(pool.map(_verify_range, *zip(*work, strict=True)))
    for verdict in verdicts:
        if not verdict.ok:
            return verdict
    return chain.Verdict(True, sum(v.count for v in verdicts), head[0], verdicts[-1].head_hash)


def _verify_range(
    lo: int, hi: int, trusted: dict[int, str], head: tuple[int, str] | None
) -> chain.Verdict:
    """Verify events ``lo + 1 .. hi`` (in a worker process) starting from event ``lo``'s
    stored hash; a range that stops short of ``hi`` names its first missing event."""
    start = chain.GENESIS
    if lo:
        row = AuditEvent.objects.filter(seq=lo).values_list("hash", flat=True).first()
        if row is None:
            return chain.broken(lo, (lo - 1, ""), chain.MISSING, lo - 1, missing=lo)
        start = row
    verdict = chain.verify(
        stream(since=lo, until=hi), checkpoints=trusted.items(), start=(lo, start), head=head
    )
    if verdict.ok and verdict.head_seq < hi:
        end = verdict.head_seq
        return chain.broken(end + 1, (end, verdict.head_hash), chain.MISSING, lo, missing=end + 1)
    return verdict


def _head() -> tuple[int, str]:
    row = ChainHead.objects.filter(pk=1).values_list("seq", "hash").first()
    return (row[0], row[1]) if row else (0, chain.GENESIS)


class _IndexCheck:
    """Rows passed on as ``(seq, body, hash)`` until one whose index columns disagree with its
    body; that one ends the stream and is kept in ``broken`` as ``(seq, column)``."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self.rows = rows
        self.broken: tuple[int, str] | None = None

    def __iter__(self) -> Iterator[tuple[int, bytes, str]]:
        for row in self.rows:
            column = _mismatch(row)
            if column is not None:
                self.broken = (row[0], column)
                return
            yield row[0], row[1], row[2]


def _mismatch(row: Row) -> str | None:
    """The first index column of a ``deep`` row that differs from its event, or None."""
    try:
        event = json.loads(row[1])
    except ValueError:
        return "body"
    if not isinstance(event, dict) or event.get("seq") != row[0]:
        return "seq"
    for name, value in zip(INDEX_COLUMNS, row[3:], strict=True):
        if name == "at":
            if _moment(value) != _moment(event.get("at")):
                return name
        elif event.get(name) != value:
            return name
    return None


def _moment(value: Any) -> datetime | None:
    """An aware datetime from a column value (SQLite returns text) or an event's text."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
