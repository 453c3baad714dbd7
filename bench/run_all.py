"""``make bench``: generate the bench data on SQLite and (when reachable) PostgreSQL, run both
benchmarks on each and print a summary.

Environment:
    BENCH_ITEMS   documents (default 1000000)
    BENCH_EVENTS  audit events (default 1000000)
    BENCH_PEOPLE  people (default 10000)
    BENCH_FRESH   "1" drops and regenerates the bench databases (default: top them up)
    BENCH_PG_URL  default postgres://postgres@127.0.0.1:5432/baomi_bench; "" skips PostgreSQL
    BENCH_SCAN_MB     size of the scan_text.py corpus in MB (default 500)
    BENCH_SCAN_FILES  files in that corpus (default 2000)

Then the scanner benchmarks (no database): scan_office.py, and scan_text.py when ripgrep is
installed (as root it is installed with ``apt-get install -y ripgrep`` when missing).
BENCH_FRESH=1 regenerates their files too.

Each step runs in its own process (Django is set up once per process, for one database).
"""

from __future__ import annotations

import json
import os
import shutil
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
    scanner(fresh)


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


def scanner(fresh: list[str]) -> None:
    """scan_office.py, then scan_text.py unless ripgrep is missing and cannot be installed."""
    print("\n=== scanner ===", flush=True)
    run("scan_office.py", *fresh)
    missing = ensure_ripgrep()
    if missing:
        print(f"scan_text.py skipped: {missing}")
    else:
        scan = [
            f"--{name}={os.environ.get(f'BENCH_SCAN_{name.upper()}', default)}"
            for name, default in (("mb", 500), ("files", 2000))
        ]
        run("scan_text.py", *scan, *fresh)
    scan_summary(text=not missing)


def ensure_ripgrep() -> str | None:
    """None when ``rg`` is there (installed now with apt-get if missing and we are root), else
    why not."""
    if shutil.which("rg"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "ripgrep (rg) is not installed (as root with apt-get, make bench installs it)"
    print("ripgrep (rg) is missing: apt-get install -y ripgrep", flush=True)
    install = ["apt-get", "install", "-y", "-q", "ripgrep"]
    if subprocess.run(install, check=False).returncode:
        subprocess.run(["apt-get", "update", "-q"], check=False)
        subprocess.run(install, check=False)
    return None if shutil.which("rg") else "apt-get install -y ripgrep failed"


def scan_summary(*, text: bool) -> None:
    office = _load("scan_office")
    print("\n=== scanner summary (target: baomi/rg ≥ 0.5 on the text corpus) ===")
    rows = [
        [name, f["files"], f["files_per_s"], f["mb_per_s"]] for name, f in office["formats"].items()
    ]
    print(common.table(rows, ["office files", "files", "files/s", "MB/s"]))
    if text:
        t = _load("scan_text")
        rg, baomi = t["measures"]["rg_j2"], t["measures"]["baomi_utf8"]
        verdict = "met" if t["meets_target"] else "MISSED"
        print(
            f"text corpus (UTF-8 files, {rg['bytes'] / 1e6:,.0f} MB): baomi {baomi['mb_per_s']:,} "
            f"MB/s, rg -j 2 {rg['mb_per_s']:,} MB/s, ratio {t['ratio']:.2f}: target {verdict}; "
            f"counts {'agree' if t['counts_agree'] else 'DIFFER'}"
        )


if __name__ == "__main__":
    main()
