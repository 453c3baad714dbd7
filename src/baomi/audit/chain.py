"""Hashing and verification of the audit chain. Pure: imports no ORM (nor Django), so an
auditor can verify an exported chain offline (``baomi audit verify --file``).

An event's ``body`` is its canonical form: compact JSON with sorted keys, UTF-8. Its hash is
``sha256(prev_hash_bytes || body)``; the first event's previous hash is ``GENESIS``. The body
holds the event's own sequence number, so a reordered pair or a missing row breaks the chain.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64


def gettext_noop(message: str) -> str:
    """Mark a message for translation (``makemessages`` collects it); the CLI translates it."""
    return message


MISORDERED = gettext_noop("expected event %(expected)s, found event %(found)s")
ALTERED = gettext_noop("the event's content does not match its hash")
OFF_CHECKPOINT = gettext_noop("the event differs from a signed checkpoint")
SHORT_OF_CHECKPOINT = gettext_noop(
    "the chain ends at event %(end)s but a signed checkpoint covers event %(checkpoint)s"
)
OFF_HEAD = gettext_noop("the event differs from the recorded chain head")
TRUNCATED = gettext_noop(
    "truncated: the chain ends at event %(end)s but its head is event %(head)s"
)
MISSING = gettext_noop("event %(missing)s is missing")
BEYOND_HEAD = gettext_noop("the event lies beyond the recorded chain head (event %(head)s)")
UNANCHORED = gettext_noop(
    "the export starts at event %(first)s: without a signed checkpoint of event %(before)s "
    "its first link cannot be checked"
)


def canonical(event: Mapping[str, Any]) -> bytes:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + body).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """The outcome of a verification. ``problem`` is an English message template (translated
    by whoever shows it) filled with ``params``; ``reason`` is the filled English text."""

    ok: bool
    count: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    # Reads staged and not yet chained (``baomi.audit.recorder.stage_event``): how many, and
    # the oldest of them (up to a hundred) as ``{"id", "at", "age_seconds", "action"}``.
    unchained: int = 0
    waiting: tuple[dict[str, Any], ...] = ()

    @property
    def reason(self) -> str:
        return self.problem % self.params if self.problem else ""

    def explain(self, translate: Any = gettext_noop) -> str:
        """The reason in the reader's language, given a ``gettext`` function."""
        return translate(self.problem) % self.params if self.problem else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.count,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
            "unchained": self.unchained,
            "unchained_oldest_age_seconds": self.waiting[0]["age_seconds"]
            if self.waiting
            else None,
            "unchained_events": list(self.waiting),
        }


def broken(seq: int, prev: tuple[int, str], problem: str, start: int = 0, **params: Any) -> Verdict:
    """A failed verdict: event ``seq`` is the first that does not fit; ``prev`` is the last
    good ``(seq, hash)`` and ``start`` the sequence number the checked run started after."""
    return Verdict(False, prev[0] - start, prev[0], prev[1], seq, problem, params)


def verify(
    rows: Iterable[tuple[int, bytes, str]],
    *,
    checkpoints: Iterable[tuple[int, str]] = (),
    start: tuple[int, str] = (0, GENESIS),
    head: tuple[int, str] | None = None,
) -> Verdict:
    """Recompute the chain from ``(seq, body, hash)`` rows in sequence order.

    Name the first event that does not fit. ``checkpoints`` are trusted ``(seq, hash)`` pairs
    (from signed checkpoints): the chain must reach each with exactly that hash, which detects
    a truncated or rewritten tail. ``start`` is the trusted link the rows follow (genesis, or a
    checkpoint for a partial export). ``head``, when given, is where the chain must end.
    """
    expected = dict(checkpoints)
    sha256 = hashlib.sha256
    seq, prev = start
    before = prev
    prev_digest = bytes.fromhex(prev)
    for row_seq, body, digest in rows:
        seq += 1
        if row_seq != seq:
            return broken(seq, (seq - 1, prev), MISORDERED, start[0], expected=seq, found=row_seq)
        prev_digest = sha256(prev_digest + body).digest()
        computed = prev_digest.hex()
        if computed != digest:
            return broken(seq, (seq - 1, prev), ALTERED, start[0])
        if seq in expected and expected[seq] != computed:
            return broken(seq, (seq - 1, prev), OFF_CHECKPOINT, start[0])
        before, prev = prev, computed
    # The head is checked once, after the loop: the rows end at it (or the checks below fail).
    if head is not None and seq == head[0] and seq > start[0] and prev != head[1]:
        return broken(seq, (seq - 1, before), OFF_HEAD, start[0])
    beyond = [s for s in expected if s > seq]
    if beyond:
        return broken(
            seq + 1, (seq, prev), SHORT_OF_CHECKPOINT, start[0], end=seq, checkpoint=max(beyond)
        )
    if head is not None and seq < head[0]:
        return broken(seq + 1, (seq, prev), TRUNCATED, start[0], end=seq, head=head[0])
    if head is not None and seq > head[0]:
        return broken(head[0] + 1, (seq, prev), BEYOND_HEAD, start[0], head=head[0])
    return Verdict(True, seq - start[0], seq, prev)


def export_line(seq: int, body: bytes, digest: str) -> str:
    """One JSONL line of an export; the body is embedded verbatim."""
    return f'{{"seq":{seq},"hash":"{digest}","event":{body.decode()}}}'


_EXPORTED = re.compile(r'\{"seq":([1-9][0-9]*),"hash":"([0-9a-f]{64})","event":')


def read_export(lines: Iterable[str]) -> Iterable[tuple[int, bytes, str]]:
    """Rows of an export file, for ``verify``. A line as ``export_line`` wrote it gives its body
    byte for byte; another valid record (say, reformatted) gives its event's canonical form.
    Raises ValueError on a malformed line."""
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        exported = _EXPORTED.match(text)
        if exported and text.endswith("}}"):
            yield int(exported[1]), text[exported.end() : -1].encode(), exported[2]
            continue
        try:
            record = json.loads(text)
            seq, digest, event = record["seq"], record["hash"], record["event"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number} is not an audit export record") from exc
        if type(seq) is not int or not isinstance(digest, str) or not isinstance(event, dict):
            raise ValueError(f"line {number} is not an audit export record")
        yield seq, canonical(event), digest


def verify_export(lines: Iterable[str], *, checkpoints: Iterable[tuple[int, str]] = ()) -> Verdict:
    """Verify an export file offline. A partial export (``export --since N``) is anchored on
    a signed checkpoint of event N; raises ValueError on a malformed line."""
    trusted = dict(checkpoints)
    rows = iter(read_export(lines))
    first = next(rows, None)
    if first is None:
        return verify((), checkpoints=trusted.items())
    before = first[0] - 1
    if before == 0:
        start = (0, GENESIS)
    elif before in trusted:
        start = (before, trusted[before])
    else:
        return broken(first[0], (0, GENESIS), UNANCHORED, first=first[0], before=before)
    return verify(itertools.chain([first], rows), checkpoints=trusted.items(), start=start)
