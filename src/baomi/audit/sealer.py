"""The sealer thread of a serving process: every ``interval`` seconds it chains the reads
staged since (``baomi.audit.recorder.seal``), so that a read is chained within about that
time even when nothing else is recorded. ``baomi serve`` starts one in each worker; several
sealers are harmless (each takes the chain's lock only when reads wait, and then chains what
the others have not)."""

from __future__ import annotations

import logging
import threading

from django.db import connections

from baomi.audit.recorder import seal

logger = logging.getLogger(__name__)

INTERVAL = 5.0  # seconds between two rounds
_started: threading.Thread | None = None
_lock = threading.Lock()


def run(stop: threading.Event, interval: float = INTERVAL) -> None:
    """Seal every ``interval`` seconds until ``stop`` is set; a failed round is logged and
    tried again at the next (the staged rows stay until chained)."""
    while not stop.wait(interval):
        try:
            seal()
        except Exception:  # the next round tries again; the rows are kept meanwhile
            logger.exception("sealing the staged audit events failed")
        finally:
            connections.close_all()  # this thread's own connections


def start(interval: float = INTERVAL) -> threading.Thread:
    """Start this process's sealer thread (once; a daemon: it ends with the process)."""
    global _started
    with _lock:
        if _started is None or not _started.is_alive():
            _started = threading.Thread(
                target=run, args=(threading.Event(), interval), name="baomi-sealer", daemon=True
            )
            _started.start()
        return _started
