"""``baomi serve``: migrate, then gunicorn serving the app and its static files."""

from __future__ import annotations

import hashlib
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from baomi.audit.chain import canonical
from tests.cli.conftest import one_line


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_serve_migrates_and_serves_pages_and_static_files(tmp_path, own_sqlite):
    port = _free_port()
    env = {
        "BAOMI_DATA_DIR": str(tmp_path / "data"),
        "BAOMI_LANGUAGE": "en",
        "BAOMI_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'baomi.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "baomi.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _body = _get(url)  # the home page, or the login it leads to
                break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.5)
        assert status == 200
        assert _get(url + "static/baomi/baomi.css")[0] == 200
        assert (tmp_path / "data" / "baomi.sqlite3").exists()
        _a_staged_read_is_chained_by_the_server(tmp_path / "data" / "baomi.sqlite3")
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert out.splitlines()[0] == f"baomi is serving at {url} (Ctrl+C stops it)."
    assert server.returncode == 0, err
    assert "Traceback" not in err


def _a_staged_read_is_chained_by_the_server(database: Path) -> None:
    """A read staged (as a page's read would) is chained by the workers' sealer within
    seconds, with nothing else recorded (baomi.audit.sealer)."""
    body = canonical(
        {
            "at": "2026-01-02T03:04:05+00:00",
            "actor_id": None,
            "actor": "system",
            "organisation_id": None,
            "action": "carriers.document_viewed",
            "outcome": "ok",
            "subject_type": "carriers.document",
            "subject_id": "1",
            "data": {},
        }
    )
    with closing(sqlite3.connect(database, timeout=30)) as db, db:
        staged = db.execute(
            "INSERT INTO audit_stagedevent (seq, body, hash) VALUES (NULL, ?, ?)",
            [body, hashlib.sha256(body).hexdigest()],
        ).lastrowid
    deadline = time.monotonic() + 60
    while True:
        with closing(sqlite3.connect(database, timeout=30)) as db:
            chained = db.execute(
                "SELECT count(*) FROM audit_auditevent "
                "WHERE json_extract(CAST(body AS TEXT), '$.data.staged') = ?",
                [staged],
            ).fetchone()[0]
            waiting = db.execute("SELECT count(*) FROM audit_stagedevent").fetchone()[0]
        if chained:
            break
        assert time.monotonic() < deadline, "the staged read was not chained"
        time.sleep(0.5)
    assert (chained, waiting) == (1, 0)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--port", "0"], 1, "CommandError: The port must be between 1 and 65535."),
        (["--port", "70000"], 1, "CommandError: The port must be between 1 and 65535."),
        (["--port", "http"], 2, "baomi serve: error: argument --port: invalid int value"),
        (["--workers", "0"], 1, "CommandError: The number of workers must be between 1 and 64."),
        (
            ["--host", "no.such.host.invalid"],
            1,
            "CommandError: Cannot listen on no.such.host.invalid port 8000:",
        ),
    ],
)
def test_bad_input_gets_a_one_line_error(baomi, args, code, message):
    result = baomi("serve", *args)
    assert result.code == code
    assert one_line(result.err).startswith(message)


def test_a_port_in_use_is_a_one_line_error_before_anything_runs(baomi):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = baomi("serve", "--port", str(port))
    assert result.code == 1
    assert one_line(result.err).startswith(f"CommandError: Cannot listen on 127.0.0.1 port {port}:")
