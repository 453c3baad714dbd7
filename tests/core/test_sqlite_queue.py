"""baomi.core.sqlite: SQLite's writers queue for the database instead of sleeping in its busy
handler — the threads of a process on a lock, the processes on an flock beside the database —
and a wait longer than the connection's timeout fails as SQLite does.

Each test uses a scratch SQLite database of its own under its own alias, in both runs of the
suite (the queue does not depend on the suite's database)."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction

ALIAS = "queue-test"
# A subprocess that holds the queue's flock of the database at argv[1] until its stdin closes.
HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1] + "-writers", os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def scratch(tmp_path: Path, django_db_blocker) -> Iterator[Path]:
    path = tmp_path / "queue.sqlite3"
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "ENGINE": "baomi.core.sqlite",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 5,
        },
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE line (who TEXT)")
        try:
            yield path
        finally:
            connections[ALIAS].close()
            del connections.settings[ALIAS]
            delattr(connections._connections, ALIAS)


def _write(who: str, lines: list[str]) -> None:
    with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO line VALUES (%s)", [who])
    lines.append(who)


def _in_thread(target, *args) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            target(*args)
        except BaseException as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections[ALIAS].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _rows() -> list[str]:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT who FROM line ORDER BY rowid")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def holder(scratch: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the queue."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(scratch)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)


def test_a_writer_waits_for_another_process_holding_the_queue(scratch, holder):
    lines: list[str] = []
    thread, errors = _in_thread(_write, "waiting", lines)
    thread.join(timeout=0.5)
    # SQLite's own lock is free: only the queue keeps the writer out.
    assert thread.is_alive() and lines == []
    holder.stdin.close()  # the other process ends, its lock with it
    thread.join(timeout=10)
    assert not errors and lines == ["waiting"]
    assert _rows() == ["waiting"]


def test_a_wait_beyond_the_timeout_fails_as_sqlite_does_and_frees_the_queue(scratch, holder):
    connections[ALIAS].close()
    connections.settings[ALIAS]["OPTIONS"]["timeout"] = 0.3
    lines: list[str] = []
    with pytest.raises(OperationalError, match="database is locked"):
        _write("late", lines)
    holder.stdin.close()
    holder.wait(timeout=10)
    _write("after", lines)  # the process's own queue was left, not kept by the failure
    assert _rows() == ["after"]


def test_threads_of_one_process_take_turns_in_order_of_arrival(scratch):
    lines: list[str] = []
    release = threading.Event()
    inside = threading.Event()

    def first() -> None:
        with transaction.atomic(using=ALIAS):
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("INSERT INTO line VALUES ('first')")
            inside.set()
            release.wait(timeout=10)
        lines.append("first")

    one, errors_one = _in_thread(first)
    assert inside.wait(timeout=10)
    two, errors_two = _in_thread(_write, "second", lines)
    two.join(timeout=0.5)
    assert two.is_alive() and lines == []
    release.set()
    one.join(timeout=10)
    two.join(timeout=10)
    assert not errors_one and not errors_two
    assert lines == ["first", "second"] and _rows() == ["first", "second"]


def test_a_rolled_back_transaction_leaves_the_queue(scratch):
    with pytest.raises(ZeroDivisionError), transaction.atomic(using=ALIAS):
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("INSERT INTO line VALUES ('undone')")
        1 / 0  # noqa: B018
    lines: list[str] = []
    thread, errors = _in_thread(_write, "next", lines)
    thread.join(timeout=10)
    assert not errors and _rows() == ["next"]
