"""``make bench``: generate the bench data on SQLite and (when reachable) PostgreSQL, run both
benchmarks on each and print a summary.

Environment:
    BENCH_ITEMS   documents (default 1000000)
    BENCH_COPIES  copies of documents (default 1000000)
    BENCH_EVENTS  audit events (default 10000000)
    BENCH_PEOPLE  people (default 10000)
    BENCH_FRESH   "1" drops and regenerates the bench databases (default: top them up)
    BENCH_PG_URL  default postgres://postgres@127.0.0.1:5432/baomi_bench; "" skips PostgreSQL
    BENCH_SCAN_MB     size of the scan_text.py corpus in MB (default 500)
    BENCH_SCAN_FILES  files in that corpus (default 2000)

On each database: gen.py, audit_verify.py, mac_list.py, carriers_queries.py,
register_rate.py, http_copies.py (when wrk is installed: as root it is installed with
``apt-get install -y wrk`` when missing). Then the scanner benchmarks (no database):
scan_office.py, and scan_text.py when ripgrep is installed (installed the same way).
people_files.py (the security office's people list at BENCH_PEOPLE people) runs on each
database after the equipment's benchmarks, then security_places.py (the page reads of the secure
areas, classified meetings, seals and secrecy review on their bulk data), then cockpit.py (the
deadline engine's "everything overdue" for the security office).
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
        for name, default in (
            ("items", 1_000_000),
            ("copies", 1_000_000),
            ("events", 10_000_000),
            ("people", 10_000),
        )
    ]
    fresh = ["--fresh"] if os.environ.get("BENCH_FRESH") == "1" else []
    targets = [("sqlite", common.sqlite_url())]
    pg = os.environ.get("BENCH_PG_URL", common.PG_URL)
    if pg and common.pg_reachable(pg):
        targets.append(("postgresql", pg))
    elif pg:
        print(f"PostgreSQL at {pg} is not reachable: SQLite only.")
    no_wrk = ensure_tool("wrk", "wrk")
    for vendor, url in targets:
        print(f"\n=== {vendor} ===", flush=True)
        run("gen.py", *size, *fresh, f"--database-url={url}")
        run("audit_verify.py", f"--database-url={url}")
        run("mac_list.py", f"--database-url={url}")
        run("carriers_queries.py", f"--database-url={url}")
        run("register_rate.py", f"--database-url={url}")
        if no_wrk:
            print(f"http_copies.py skipped: {no_wrk}")
        else:
            run("http_copies.py", f"--database-url={url}")
        run("devices_reconcile.py", f"--database-url={url}")
        run("devices_care.py", f"--database-url={url}")
        people = os.environ.get("BENCH_PEOPLE", "10000")
        run("people_files.py", f"--database-url={url}", f"--people={people}")
        run("security_places.py", f"--database-url={url}")
        run("cockpit.py", f"--database-url={url}")
    vendors = [vendor for vendor, _ in targets]
    summary(vendors)
    copies_summary(vendors, http=not no_wrk)
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


def copies_summary(vendors: list[str], *, http: bool) -> None:
    """The figures of issue 3: the copies queries, registrations and the copies API."""
    queries, register = _load("carriers_queries"), _load("register_rate")
    web = _load("http_copies") if http else {}
    print(
        "\n=== copies summary (targets: queries p95 ≤ 50 ms, registrations/raw ≥ 0.3, "
        "API/bare ≥ 0.5) ==="
    )
    rows = []
    for vendor in vendors:
        q, r, h = queries[vendor], register[vendor], web.get(vendor)
        m = q["measures"]
        rows.append(
            [
                vendor,
                q["copies"],
                q["events"],
                *(m[name]["p95_ms"] for name in ("document", "holder", "custodian", "overdue")),
                r["per_s"]["operation"],
                f"{r['ratio']:.3f}",
                h["requests_per_s"]["copies"] if h else "-",
                f"{h['ratio']:.3f}" if h else "-",
            ]
        )
    header = ["database", "copies", "events", "document p95", "holder p95", "custodian p95"]
    header += ["overdue p95", "reg/s", "reg/raw", "API req/s", "API/bare"]
    print(common.table(rows, header))
    missed = [
        f"{vendor}: {what}"
        for vendor in vendors
        for what, result in (
            ("copies queries p95", queries[vendor]),
            ("registrations ratio", register[vendor]),
            ("API ratio", web.get(vendor)),
        )
        if result is not None and not result["meets_target"]
    ]
    if not http:
        print("http_copies.py was skipped (no wrk)")
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


def scanner(fresh: list[str]) -> None:
    """scan_office.py, then scan_text.py unless ripgrep is missing and cannot be installed."""
    print("\n=== scanner ===", flush=True)
    run("scan_office.py", *fresh)
    missing = ensure_tool("rg", "ripgrep")
    if missing:
        print(f"scan_text.py skipped: {missing}")
    else:
        scan = [
            f"--{name}={os.environ.get(f'BENCH_SCAN_{name.upper()}', default)}"
            for name, default in (("mb", 500), ("files", 2000))
        ]
        run("scan_text.py", *scan, *fresh)
    scan_summary(text=not missing)


def ensure_tool(command: str, package: str) -> str | None:
    """None when ``command`` is there (installed now with ``apt-get install -y <package>`` if
    missing and we are root), else why not."""
    if shutil.which(command):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return (
            f"{package} ({command}) is not installed (as root with apt-get, make bench installs it)"
        )
    print(f"{package} ({command}) is missing: apt-get install -y {package}", flush=True)
    install = ["apt-get", "install", "-y", "-q", package]
    if subprocess.run(install, check=False).returncode:
        subprocess.run(["apt-get", "update", "-q"], check=False)
        subprocess.run(install, check=False)
    return None if shutil.which(command) else f"apt-get install -y {package} failed"


def scan_summary(*, text: bool) -> None:
    office = _load("scan_office")
    print("\n=== scanner summary (target: baomi/rg ≥ 1.0 on the text corpus, 1 job and 2) ===")
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
            f"MB/s, rg -j 2 {rg['mb_per_s']:,} MB/s, ratio {t['ratio']:.2f} "
            f"(1 job: {t['ratio_j1']:.2f}), engine {t['engine']}: target {verdict}; "
            f"counts {'agree' if t['counts_agree'] else 'DIFFER'}"
        )


if __name__ == "__main__":
    main()
