"""Clerks registering documents in threads until told to stop: ``python -m
tests.backups.writer STOP_FILE COUNT_FILE [THREADS]`` against the installation of the
environment (the drill's backup taken while writes are running). Each registration is one
operation: the document, its copies, its register line and its audit event commit together.
COUNT_FILE gets the number registered so far after each."""

from __future__ import annotations

import sys
import threading
from pathlib import Path


def main(stop: Path, count: Path, threads: int) -> None:
    import django

    django.setup()
    from django.db import connections

    from baomi.accounts.models import Account
    from baomi.carriers.operations import incoming
    from baomi.core.levels import Level

    clerk_id = Account.objects.filter(role="clerk", is_active=True).values_list("pk", flat=True)[0]
    done = [0]
    failures: list[BaseException] = []
    guard = threading.Lock()

    def write(n: int) -> None:
        clerk = Account.objects.select_related("person__rank").get(pk=clerk_id)
        i = 0
        try:
            while not stop.exists():
                i += 1
                incoming.register_incoming(
                    actor=clerk,
                    number=f"备份演练〔2026〕{n}-{i}号",
                    title="备份时登记",
                    level=Level.SECRET,
                    term_years=10,
                    issuer="市保密局",
                    copies=2,
                )
                with guard:
                    done[0] += 1
                    count.write_text(str(done[0]))
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise SystemExit(f"writer failed: {failures[0]!r}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 3)
