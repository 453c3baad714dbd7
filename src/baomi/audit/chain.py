"""Hashing and verification of the audit chain. Pure: imports no ORM, so an auditor can
verify an exported chain offline (``baomi audit verify --file``).

An event's ``body`` is its canonical form: compact JSON with sorted keys, UTF-8. Its hash is
``sha256(prev_hash_bytes || body)``; the first event's previous hash is ``GENESIS``. The body
holds the event's own sequence number, so a reordered pair or a missing row breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(event: Mapping[str, Any]) -> bytes:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + body).hexdigest()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.count,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "broken_seq": self.broken_seq,
            "reason": self.reason,
        }


def verify(
    rows: Iterable[tuple[int, bytes, str]],
    *,
    checkpoints: Iterable[tuple[int, str]] = (),
) -> Verdict:
    """Recompute the chain from ``(seq, body, hash)`` rows in sequence order.

    Name the first event that does not fit. ``checkpoints`` are trusted ``(seq, hash)`` pairs
    (from signed checkpoints): the chain must reach each with exactly that hash, which detects a
    truncated or rewritten tail.
    """
    expected = dict(checkpoints)
    sha256, fromhex = hashlib.sha256, bytes.fromhex
    prev, seq = GENESIS, 0
    for row_seq, body, digest in rows:
        seq += 1
        if row_seq != seq:
            return _broken(seq, prev, f"expected event {seq}, found event {row_seq}")
        computed = sha256(fromhex(prev) + body).hexdigest()
        if computed != digest:
            return _broken(seq, prev, "content does not match its hash")
        if seq in expected and expected[seq] != computed:
            return _broken(seq, prev, "differs from a signed checkpoint")
        prev = computed
    beyond = [s for s in expected if s > seq]
    if beyond:
        return _broken(seq + 1, prev, f"chain ends at {seq} but a checkpoint covers {max(beyond)}")
    return Verdict(True, seq, seq, prev)


def _broken(seq: int, prev: str, reason: str) -> Verdict:
    return Verdict(False, seq - 1, seq - 1, prev, seq, reason)


def export_line(seq: int, body: bytes, digest: str) -> str:
    """One JSONL line of an export; the body is embedded verbatim."""
    return f'{{"seq":{seq},"hash":"{digest}","event":{body.decode()}}}'


def read_export(lines: Iterable[str]) -> Iterable[tuple[int, bytes, str]]:
    """Rows of an export file, for ``verify``. Raises ValueError on a malformed line."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield record["seq"], canonical(record["event"]), record["hash"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number} is not an audit export record") from exc
