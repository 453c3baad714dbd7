"""Requests/s of the list routes ``GET /api/v1/copies?limit=25`` and
``GET /api/v1/documents?limit=25`` and of a document's detail ``GET /api/v1/documents/{id}``
(its read staged in the audit log) for a low-clearance user under ``wrk`` against
``baomi serve``, each as a ratio to a bare Django JSON view served by the same server in the
same run (targets: lists ≥ 0.5, the detail ≥ 0.3 with p99 ≤ 100 ms).

    .venv/bin/python bench/http_copies.py [--database-url URL] [--duration 20] [--rounds 1]

The server is ``baomi serve`` (gunicorn, its default workers and threads) on a free port
against the bench database, with ``DJANGO_SETTINGS_MODULE=bench_settings``: baomi's settings
and URLs plus ``/bare/`` (bench/bench_urls.py), a view answering a constant JSON page of the
same shape and size through the same middleware. An API token is created for bench-low
(GENERAL clearance, rank staff: the copies of the documents it may know are a small part of
all) and sent by bench/wrk_bearer.lua on every request, to both URLs.

Each URL gets a 2-second warm-up, then ``wrk -t2 -c16 -d<duration>s``, in ``--rounds``
alternating turns; the rate is requests over seconds of all its turns. Any answer other than
200 fails the run. Needs ``wrk`` (Debian package; ``make bench`` installs it as root).
Writes bench/out/http_copies.json (one entry per database).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import common

TARGET_RATIO = 0.5
DETAIL_TARGET_RATIO, DETAIL_TARGET_P99_MS = 0.3, 100.0
COPIES_PATH = "/api/v1/copies?limit=25"
DOCUMENTS_PATH = "/api/v1/documents?limit=25"
BARE_PATH = "/bare/"
WRK = ["-t2", "-c16"]
LUA = common.BENCH_DIR / "wrk_bearer.lua"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--duration", type=int, default=20, help="seconds of each wrk run")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("http_copies: wrk is not installed (apt-get install -y wrk)")
    url = common.configure(args.database_url)
    result = run(url, duration=args.duration, rounds=args.rounds)
    path = common.save_result("http_copies", result["database"], result)
    print(f"written to {path}")


def run(url: str, *, duration: int, rounds: int) -> dict[str, Any]:
    from django.db import connection

    from baomi.audit.recorder import seal

    token = _token()
    seal()  # the reads an earlier run staged: else the new workers' sealers chain them now
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = common.OUT / f"http_copies_{connection.vendor}.log"
    server = _serve(url, port, log)
    try:
        _wait(base, token, server, log)
        first = _get(base + COPIES_PATH, token)
        documents = _get(base + DOCUMENTS_PATH, token)["items"]
        if len(first["items"]) != 25 or len(documents) != 25:
            raise SystemExit(f"http_copies: bench-low sees {len(first['items'])} copies")
        # The detail last: the reads it stages are chained by the workers' sealer threads
        # meanwhile and for a few seconds after, work the other routes should not share.
        paths = {
            "copies": COPIES_PATH,
            "documents": DOCUMENTS_PATH,
            "bare": BARE_PATH,
            "document": f"/api/v1/documents/{documents[-1]['id']}",
        }
        totals = {name: {"requests": 0, "seconds": 0.0, "runs": []} for name in paths}
        for path in paths.values():  # warm-up
            _wrk(base + path, token, 2)
        for _ in range(rounds):
            for name, path in paths.items():
                measured = _wrk(base + path, token, duration)
                if measured["non_2xx_3xx"] or measured["socket_errors"]:
                    raise SystemExit(f"http_copies: errors on {path}: {measured}")
                totals[name]["requests"] += measured["requests"]
                totals[name]["seconds"] += measured["duration_us"] / 1e6
                totals[name]["runs"].append(measured)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rates = {name: round(t["requests"] / t["seconds"], 1) for name, t in totals.items()}
    ratios = {name: round(rates[name] / rates["bare"], 3) for name in paths if name != "bare"}
    ratio = ratios["copies"]
    p99 = {n: t["runs"][-1]["p99_ms"] for n, t in totals.items()}
    meets = (
        min(ratios["copies"], ratios["documents"]) >= TARGET_RATIO
        and ratios["document"] >= DETAIL_TARGET_RATIO
        and p99["document"] <= DETAIL_TARGET_P99_MS
    )
    result = {
        "database": connection.vendor,
        "wrk": [*WRK, f"-d{duration}s"],
        "rounds": rounds,
        "requests_per_s": rates,
        "latency_p50_ms": {n: t["runs"][-1]["p50_ms"] for n, t in totals.items()},
        "latency_p99_ms": p99,
        "ratio": ratio,
        "ratios": ratios,
        "target_ratio": TARGET_RATIO,
        "detail_target": {"ratio": DETAIL_TARGET_RATIO, "p99_ms": DETAIL_TARGET_P99_MS},
        "meets_target": meets,
        "load_average": os.getloadavg()[0],
    }
    print(f"\nbaomi serve on {connection.vendor}, wrk {' '.join(result['wrk'])}, {common.LOW}")
    print(
        common.table(
            [
                [path, rates[name], result["latency_p50_ms"][name], result["latency_p99_ms"][name]]
                for name, path in paths.items()
            ],
            ["URL", "requests/s", "p50 ms", "p99 ms"],
        )
    )
    verdict = "met" if result["meets_target"] else "MISSED"
    shown = ", ".join(f"{name} {r:.3f}" for name, r in ratios.items())
    print(f"ratios to bare: {shown} (targets: lists ≥ {TARGET_RATIO}, detail ≥ ", end="")
    print(f"{DETAIL_TARGET_RATIO} with p99 ≤ {DETAIL_TARGET_P99_MS:.0f} ms): {verdict}")
    return result


def _token() -> str:
    """A new API token of bench-low (its creation is audited like any other)."""
    from baomi.accounts.models import Account
    from baomi.accounts.operations import create_token

    account = Account.objects.get(username=common.LOW)
    return create_token(actor=None, account_id=account.pk, label="bench http_copies")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``baomi serve`` with the bench settings, its output (the access log) into ``log``."""
    env = {
        **os.environ,
        "BAOMI_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        # No scheduled backup of the bench database while it is timed.
        "BAOMI_BACKUP_EVERY_HOURS": "0",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(common.BENCH_DIR), os.getenv("PYTHONPATH")])
        ),
    }
    command = [*common.baomi_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait(base: str, token: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers (it migrates and collects static files first)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"http_copies: baomi serve stopped:\n{log.read_text()[-2000:]}")
        try:
            _get(base + BARE_PATH, token)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("http_copies: baomi serve did not answer within 120 s")


def _get(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _wrk(url: str, token: str, duration: int) -> dict[str, Any]:
    command = ["wrk", *WRK, f"-d{duration}s", "-s", str(LUA), url]
    done = subprocess.run(
        command,
        env={**os.environ, "BENCH_TOKEN": token},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON "))


if __name__ == "__main__":
    main()
