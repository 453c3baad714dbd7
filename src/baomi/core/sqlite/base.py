"""SQLite with its writers queued, first come first served, instead of polling for the lock.

SQLite has one writer at a time. A connection that finds the database locked waits in SQLite's
busy handler, which sleeps and retries (1, 2, 5 … then 100 ms at a time), so under sixteen
concurrent readers each staging its read (``stage_event``) the unlucky ones slept past others
that came later: a detail's p99 was 130–670 ms for a write of a fraction of a millisecond.

This backend queues a transaction's writer before its ``BEGIN IMMEDIATE``: the threads of one
process on a lock that wakes the next at once, the processes (``baomi serve``'s workers, the
commands) on an ``flock`` of ``<database>-writers`` beside the database, polled every few
tenths of a millisecond by the one thread of each process that is next. The queue is held to the
transaction's end (commit, rollback or close) and waits at most the connection's ``timeout``,
then fails as SQLite does ("database is locked"). Writes outside a transaction still meet
SQLite's own lock and its busy handler: baomi's writers run in transactions (operations, the
audit chain, the staged reads on SQLite)."""

from __future__ import annotations

import fcntl
import os
import threading
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

# The longest sleep between two tries of another process's lock.
_MAX_POLL = 0.002
_process_locks: dict[str, threading.Lock] = {}
_guard = threading.Lock()


def _process_lock(path: str) -> threading.Lock:
    with _guard:
        return _process_locks.setdefault(path, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._queued: threading.Lock | None = None
        self._queue_file: tuple[int, int] | None = None  # (pid, descriptor)

    def _start_transaction_under_autocommit(self) -> None:
        self._enter_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._leave_queue()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._leave_queue()
            if self._queue_file is not None and self._queue_file[0] == os.getpid():
                os.close(self._queue_file[1])
            self._queue_file = None

    def _enter_queue(self) -> None:
        path = self.settings_dict["NAME"]
        if self.is_in_memory_db() or self._queued is not None:
            return
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        deadline = time.monotonic() + timeout
        lock = _process_lock(str(path))
        if not lock.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        try:
            descriptor = self._descriptor(str(path))
            delay = 0.0001
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OperationalError("database is locked") from None
                    time.sleep(delay)
                    delay = min(delay * 2, _MAX_POLL)
        except BaseException:
            lock.release()
            raise
        self._queued = lock

    def _leave_queue(self) -> None:
        lock, self._queued = self._queued, None
        if lock is None:
            return
        try:
            fcntl.flock(self._queue_file[1], fcntl.LOCK_UN)
        finally:
            lock.release()

    def _descriptor(self, path: str) -> int:
        """This connection's descriptor of the queue's file, opened again after a fork (an
        inherited descriptor would share the parent's lock instead of queueing for it)."""
        pid = os.getpid()
        if self._queue_file is None or self._queue_file[0] != pid:
            self._queue_file = (pid, os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT, 0o600))
        return self._queue_file[1]
