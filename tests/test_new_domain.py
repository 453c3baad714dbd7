"""Done means a new domain is one folder (issue 11): ``tests/throwaway`` plugs a page, a menu
entry, a home panel, an approval operation and its describer, a deadline provider, a register,
a search provider, a demo builder and API routes into the product, and the only central change
is its line in INSTALLED_APPS (``tests/throwaway/settings.py``). Its checks run in a pytest of
their own, since the app registry is built once per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_throwaway_domain_plugs_into_every_seam(tmp_path, own_sqlite):
    env = {
        **os.environ,
        "BAOMI_DATA_DIR": str(tmp_path),
        "BAOMI_DATABASE_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--ds=tests.throwaway.settings",
            "tests/throwaway/checks.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
