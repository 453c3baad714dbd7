"""``make bench``: generate the bench data on SQLite and (when reachable) PostgreSQL, run both
benchmarks on each and print a summary.

Environment:
    BENCH_ITEMS   documents (default 1000000)
    BENCH_EVENTS  audit events (default 1000000)
    BENCH_PEOPLE  people (default 10000)
    BENCH_FRESH   "1" drops and regenerates the bench databases (default: top them up)
    BENCH_PG_URL  default postgres://postgres@127.0.0.1:5432/baomi_bench; "" skips PostgreSQL

Each step runs in its own process (Django is set up once per process, for one database).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import common


def main() -> None:
    size = [
        f"--{name}={os.environ.get(f'BENCH_{name.upper()}', default)}"
        for name, default in (("items", 1_000_000), ("events", 1_000_000), ("people", 10_000))
    ]
    fresh = ["--fresh"] if os.environ.get("BENCH_FRESH") == "1" else []
    targets = [("sqlite", common.sqlite_url())]
    pg = os.environ.get("BENCH_PG_URL", common.PG_URL)
    if pg and common.pg_reachable(pg):
        targets.append(("postgresql", pg))
    elif pg:
        print(f"PostgreSQL at {pg} is not reachable: SQLite only.")
    for vendor, url in targets:
        print(f"\n=== {vendor} ===", flush=True)
        run("gen.py", *size, *fresh, f"--database-url={url}")
        run("audit_verify.py", f"--database-url={url}")
        run("mac_list.py", f"--database-url={url}")
    summary([vendor for vendor, _ in targets])


def run(script: str, *args: str) -> None:
    command = [sys.executable, str(common.BENCH_DIR / script), *args]
    if subprocess.run(command, check=False).returncode:
        sys.exit(f"run_all: {script} failed")


def summary(vendors: list[str]) -> None:
    gen, verify, mac = (_load(name) for name in ("gen", "audit_verify", "mac_list"))
    rows = []
    for vendor in vendors:
        g, v, m = gen[vendor], verify[vendor], mac[vendor]
        low, high = m["people"][common.LOW], m["people"][common.HIGH]
        rows.append(
            [
                vendor,
                g["total_seconds"],
                v["events"],
                v["verify"]["events_per_s"],
                v["verify"]["ratio"],
                low["p50_ms"],
                low["p95_ms"],
                high["p50_ms"],
                high["p95_ms"],
            ]
        )
    print("\n=== summary (targets: verify/bare ≥ 0.5, p95 ≤ 50 ms) ===")
    print(
        common.table(
            rows,
            [
                "database",
                "gen s",
                "events",
                "verify ev/s",
                "verify/bare",
                "low p50",
                "low p95",
                "high p50",
                "high p95",
            ],
        )
    )
    missed = [
        f"{vendor}: {what}"
        for vendor in vendors
        for what, ok in (
            ("audit verify ratio", verify[vendor]["meets_target"]),
            ("listing p95", mac[vendor]["meets_target"]),
        )
        if not ok
    ]
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


def _load(name: str) -> dict[str, Any]:
    return json.loads((common.OUT / f"{name}.json").read_text())


if __name__ == "__main__":
    main()
