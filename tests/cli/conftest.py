"""Running ``baomi`` in this process (the test database) or in a fresh one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connections
from django.utils import translation

from baomi import cli
from tests.audit.tamper import signing_key  # noqa: F401 - an autouse fixture for this package


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def baomi(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """``baomi ARGS...`` through ``cli.main`` in English; the exit status, stdout, stderr.
    The command keeps the test's database connection (and so its transaction) open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = 0
        with translation.override("en"):
            try:
                cli.main(["baomi", *args])
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_process(*args: str, env: dict[str, str], timeout: float = 60) -> Result:
    """``baomi ARGS...`` in a new Python process with ``env`` added to the environment."""
    done = subprocess.run(
        [sys.executable, "-m", "baomi.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def one_line(text: str) -> str:
    """The text, which must be exactly one line (an error, never a traceback)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]
