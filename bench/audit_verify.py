"""Events/s of ``baomi audit verify`` on the bench chain, and its ratio to a bare hashlib chain
over the same bytes in the same run (target: ratio ≥ 0.5).

    .venv/bin/python bench/audit_verify.py [--database-url URL] [--repeat 3]

Measured, best of ``--repeat`` runs each (taken in turns):

- bare: ``h = sha256(h + body).digest()`` over every body, already in memory — the ceiling;
- verify: ``baomi.audit.verification.verify()`` called here (what the command runs: from 200k
  events it forks one process per core);
- command: ``baomi audit verify --json`` as a subprocess, start-up included;
- one process (not in the target): ``verify(jobs=1)``;
- deep (one run, not in the target): ``verify(deep=True)``, which also parses every body.

Verification covers the reads staged and not yet chained too (``audit_stagedevent``): before
measuring, the bench tops them up to ``--staged`` (default 1,000) with ``stage_event``, and every
verify must report them all as unchained (they are checked against their own hashes, not
chained: the bare loop does not cover them).

The bare loop must end on the recorded chain head, so both measure the same chain. Writes
bench/out/audit_verify.json (one entry per database).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import time
from collections.abc import Callable, Sequence
from typing import Any

import common

TARGET_RATIO = 0.5


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--staged", type=int, default=1000, help="reads staged, not chained")
    args = parser.parse_args(argv)
    common.configure(args.database_url)
    result = run(repeat=args.repeat, staged=args.staged)
    path = common.save_result("audit_verify", result["database"], result)
    print(f"written to {path}")


def run(*, repeat: int, staged: int = 1000) -> dict[str, Any]:
    from baomi.audit import verification
    from baomi.audit.models import ChainHead, StagedEvent
    from baomi.audit.recorder import stage_event

    waiting = StagedEvent.objects.filter(seq=None).count()
    for n in range(waiting, staged):
        stage_event(
            actor=None, action="carriers.document_viewed", subject=("carriers.document", n + 1)
        )
    staged = max(staged, waiting)
    head = ChainHead.objects.get(pk=1)
    bodies = [body for _seq, body, _hash in verification.stream()]
    if len(bodies) != head.seq:
        raise SystemExit(f"audit_verify: {len(bodies)} events but the head is at {head.seq}")
    size = sum(map(len, bodies))

    def bare() -> int:
        h = bytes(32)  # genesis: 64 hex zeros
        sha256 = hashlib.sha256
        for body in bodies:
            h = sha256(h + body).digest()
        if h.hex() != head.hash:
            raise SystemExit("audit_verify: the bare chain does not end on the recorded head")
        return len(bodies)

    def verify(deep: bool = False, jobs: int | None = None) -> int:
        verdict = verification.verify(deep=deep, jobs=jobs)
        if not verdict.ok or verdict.count != head.seq or verdict.unchained != staged:
            raise SystemExit(f"audit_verify: verify failed: {verdict.as_dict()}")
        return verdict.count

    def command() -> int:
        out = subprocess.run(
            [*common.baomi_command(), "audit", "verify", "--json"],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            check=False,
        )
        verdict = json.loads(out.stdout) if out.returncode == 0 else {}
        if (
            not verdict.get("ok")
            or verdict.get("events") != head.seq
            or verdict.get("unchained") != staged
        ):
            raise SystemExit(f"audit_verify: the command failed: {out.stdout}{out.stderr}")
        return verdict["events"]

    measures = interleaved(
        {"bare": bare, "verify": verify, "command": command, "one_process": lambda: verify(jobs=1)},
        repeat,
    )
    measures.update(interleaved({"deep": lambda: verify(deep=True)}, 1))
    bare_rate = measures["bare"]["events_per_s"]
    for m in measures.values():
        m["ratio"] = round(m["events_per_s"] / bare_rate, 3)
    from django.db import connection

    result = {
        "database": connection.vendor,
        "events": head.seq,
        "staged_unchained": staged,
        "body_bytes_avg": round(size / head.seq, 1),
        **measures,
        "target_ratio": TARGET_RATIO,
        "load_average": os.getloadavg()[0],
        "meets_target": measures["verify"]["ratio"] >= TARGET_RATIO,
    }
    print(
        f"\naudit verify on {connection.vendor}: {head.seq:,} events and {staged:,} staged reads, "
        f"{result['body_bytes_avg']:.0f} bytes a body on average"
    )
    labels = {
        "bare": "bare sha256 chain (bodies in memory)",
        "verify": "verification.verify() in-process",
        "command": "baomi audit verify --json",
        "one_process": "verification.verify(jobs=1)",
        "deep": "verification.verify(deep=True)",
    }
    print(
        common.table(
            [[labels[k], m["seconds"], m["events_per_s"], m["ratio"]] for k, m in measures.items()],
            ["measure", "seconds", "events/s", "ratio to bare"],
        )
    )
    verdict = "meets" if result["meets_target"] else "MISSES"
    print(f"verify/bare = {measures['verify']['ratio']:.2f}: {verdict} the target ≥ {TARGET_RATIO}")
    return result


def interleaved(funcs: dict[str, Callable[[], int]], repeat: int) -> dict[str, dict[str, Any]]:
    """The fastest of ``repeat`` runs of each function (which returns how many events it did),
    run in turns so that a change of machine load hits every measure alike."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    events = dict.fromkeys(funcs, 0)
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            events[name] = func()
            times[name].append(time.perf_counter() - start)
    return {
        name: {
            "seconds": round(min(t), 3),
            "events_per_s": round(events[name] / min(t)),
            "runs": [round(x, 3) for x in t],
        }
        for name, t in times.items()
    }


if __name__ == "__main__":
    main()
