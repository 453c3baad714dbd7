"""``baomi serve [--host 127.0.0.1] [--port 8000]``: migrate, then serve with gunicorn; the
app serves its own static files (whitenoise)."""

from __future__ import annotations

import socket
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _
from gunicorn.app.base import BaseApplication

THREADS = 4


class Server(BaseApplication):
    """gunicorn run from Python with baomi's WSGI application (no command line of its own)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from baomi.wsgi import application

        return application


class Command(BaseCommand):
    help = (
        "Migrate the database, then serve baomi with gunicorn (worker processes with threads); "
        "static files are served by the application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes.")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        if not 0 < workers <= 64:
            raise CommandError(_("The number of workers must be between 1 and 64."))
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        _check_free(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # the workers open their own after the fork
        self.stdout.write(
            _("baomi is serving at %(url)s (Ctrl+C stops it).") % {"url": f"http://{bind}/"}
        )
        self.stdout.flush()
        Server(
            {
                "bind": bind,
                "workers": workers,
                "threads": THREADS,
                "worker_class": "gthread",
                "proc_name": "baomi",
                "accesslog": "-",
                "control_socket_disable": True,  # no run-time control channel to guard
                "post_worker_init": _start_worker_threads,
            }
        ).run()


def _start_worker_threads(worker: Any) -> None:
    """Each worker chains the reads staged in the audit log every few seconds, and looks every
    minute whether the scheduled backup is due (one worker makes it: DEV-BACKUP)."""
    from baomi.audit import sealer
    from baomi.backups import scheduler

    sealer.start()
    scheduler.start()


def _check_free(host: str, port: int) -> None:
    """Answer a bad address or a port in use with one line, before migrating anything."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise CommandError(
            _("Cannot listen on %(host)s port %(port)s: %(error)s")
            % {"host": host, "port": port, "error": exc.strerror or exc}
        ) from None
