"""The API's read routes timed in one process, without HTTP or a server: the time of one
request through Django's WSGI handler (every middleware, the token authentication, the route,
the JSON), as a ratio to the bare Django JSON view of bench/bench_urls.py in the same run
(targets: the lists ``GET /api/v1/documents`` and ``GET /api/v1/copies`` ≥ 0.5, a document's
detail ≥ 0.3), for the low-clearance user bench-low (limit 25).

    .venv/bin/python bench/api_inprocess.py [--database-url URL] [--runs 300] [--rounds 3]

Also timed: ``/floor/``, the bare view's page answered by a django-ninja route with baomi's
token authentication and a row schema and nothing else — the cost of the framework before a
route reads anything, and so the best ratio a list could reach. Each route is called
``--runs`` times a round, in ``--rounds`` alternating rounds after a warm-up; its figure is
the lowest of its rounds' medians (the two cores are shared: the lowest median is the one
least disturbed). The process is settled as ``baomi.wsgi`` settles a server's workers.
Writes bench/out/api_inprocess.json (one entry per database)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import common

TARGETS = {"documents": 0.5, "copies": 0.5, "detail": 0.3}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    common.configure(args.database_url)
    result = run(runs=args.runs, rounds=args.rounds)
    print(f"written to {common.save_result('api_inprocess', result['database'], result)}")


def run(*, runs: int, rounds: int) -> dict[str, Any]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory

    from baomi.accounts.models import Account
    from baomi.accounts.operations import create_token
    from baomi.audit.recorder import seal
    from baomi.web import worker

    account = Account.objects.get(username=common.LOW)
    token = create_token(actor=None, account_id=account.pk, label="bench api_inprocess")
    handler, factory = WSGIHandler(), RequestFactory()

    def get(path: str) -> bytes:
        environ = factory.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").environ
        status: list[str] = []
        body = b"".join(handler(environ, lambda s, headers, exc=None: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"api_inprocess: {path} answered {status[0]}: {body[:300]!r}")
        return body

    worker.settle()
    documents = json.loads(get("/api/v1/documents?limit=25"))["items"]
    if len(documents) != 25:
        raise SystemExit(f"api_inprocess: {common.LOW} sees {len(documents)} documents")
    paths = {
        "bare": "/bare/",
        "floor": "/floor/",
        "documents": "/api/v1/documents?limit=25",
        "copies": "/api/v1/copies?limit=25",
        "detail": f"/api/v1/documents/{documents[-1]['id']}",
    }
    medians: dict[str, list[float]] = {name: [] for name in paths}
    for path in paths.values():  # warm-up
        for _ in range(20):
            get(path)
    for _ in range(rounds):
        for name, path in paths.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                get(path)
                times.append(time.perf_counter() - start)
            medians[name].append(statistics.median(times) * 1e3)
    seal()  # the details' reads, staged
    best = {name: round(min(values), 3) for name, values in medians.items()}
    ratios = {name: round(best["bare"] / best[name], 3) for name in paths if name != "bare"}
    result = {
        "database": connection.vendor,
        "runs": runs,
        "rounds": rounds,
        "median_ms": best,
        "round_medians_ms": {n: [round(v, 3) for v in vs] for n, vs in medians.items()},
        "ratios": ratios,
        "targets": TARGETS,
        "meets_target": all(ratios[name] >= target for name, target in TARGETS.items()),
        "load_average": os.getloadavg()[0],
    }
    print(f"\nin-process API on {connection.vendor}, {common.LOW}, {runs} runs × {rounds} rounds")
    print(
        common.table(
            [[paths[n], best[n], ratios.get(n, 1.0), TARGETS.get(n, "")] for n in paths],
            ["URL", "median ms", "ratio to bare", "target"],
        )
    )
    print("target " + ("met" if result["meets_target"] else "MISSED"), file=sys.stderr)
    return result


if __name__ == "__main__":
    main()
