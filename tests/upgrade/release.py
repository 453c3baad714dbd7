"""The earlier release the upgrade drill starts from, built from this repository's own history
(issue 18 item 4): its source taken out of git at a pinned commit and run with the current
virtual environment's Python."""

from __future__ import annotations

import importlib.metadata
import io
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]

# The release landed on 2026-11-27 with issue 4 (the equipment ledger), the one issue 18 was
# measured on: the last before issue 10 made the audit index columns generated from the hashed
# body (audit 0003), anchored the chain head (audit 0004) and keyed the incoming register
# (carriers 0003, IN-NUMBER). Every app but accounts, approvals, audit, carriers, devices, org,
# rulebook and scans came after it: 43 migrations were added between it and 7cbcf63 (where
# issue 18 began), none of its own changed.
RELEASE = "a3706b4388512e4615c364a0c20ce13148b07b3b"
RELEASE_NAME = "a3706b4 (2026-11-27, issue 4's landing)"


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, timeout=120, check=False
    )


def history_missing() -> str | None:
    """Why the release cannot be built here (no git, not a checkout, a shallow clone without
    the commit), or None when it can."""
    try:
        inside = _git("rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        return "git is not installed: the upgrade drill builds its release from git history"
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        return f"{ROOT} is not a git checkout: the upgrade drill builds {RELEASE_NAME} from it"
    if _git("cat-file", "-e", f"{RELEASE}^{{commit}}").returncode != 0:
        shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        how = "a shallow clone (git fetch --unshallow)" if shallow else "a clone without it"
        return f"the release {RELEASE_NAME} is not in this repository's history: {how}"
    return None


def extract(into: Path) -> Path:
    """The release's ``src`` written under ``into``; its path (for PYTHONPATH)."""
    archive = _git("archive", "--format=tar", RELEASE, "src")
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def unmet_requirements() -> list[str]:
    """The release's dependencies that the current environment does not satisfy (it runs
    with this environment's packages)."""
    shown = _git("show", f"{RELEASE}:pyproject.toml")
    assert shown.returncode == 0, shown.stderr.decode(errors="replace")
    unmet = []
    for line in tomllib.loads(shown.stdout.decode())["project"]["dependencies"]:
        requirement = Requirement(line)
        try:
            version = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            unmet.append(f"{line} (not installed)")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{line} (installed: {version})")
    return unmet


def changed_migrations() -> list[str]:
    """The release's migrations that differ in the working tree (changed, removed, renamed),
    as ``git diff --name-status`` lines."""
    diff = _git("diff", "--name-status", "--no-renames", RELEASE, "--", "src/baomi")
    assert diff.returncode == 0, diff.stderr.decode(errors="replace")
    lines = diff.stdout.decode().splitlines()
    return [
        line
        for line in lines
        if "/migrations/" in line and line.endswith(".py") and not line.startswith("A")
    ]


_MIGRATION = re.compile(r"^(\d{4}_\w+)\.py$")


def migrations(src: Path) -> dict[str, list[str]]:
    """Every app's migrations in a source tree (``src``), by app label, in order."""
    found = {}
    for folder in sorted((src / "baomi").glob("*/migrations")):
        names = sorted(m[1] for p in folder.iterdir() if (m := _MIGRATION.match(p.name)))
        if names:
            found[folder.parent.name] = names
    return found


def environment(data_dir: Path, database_url: str, src: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``baomi`` process over ``src`` (the release's or the current
    code): nothing of this test process's BAOMI_* settings, English messages."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAOMI_")}
    env.update(
        PYTHONPATH=str(src),
        DJANGO_SETTINGS_MODULE="baomi.settings",
        BAOMI_DATA_DIR=str(data_dir),
        BAOMI_DATABASE_URL=database_url,
        BAOMI_LANGUAGE="en",
        **extra,
    )
    return env


def run(
    args: list[str], env: dict[str, str], *, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with ``env``; fails the test (with what it printed) unless it exits 0."""
    done = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n" + (
        done.stdout[-3000:] + done.stderr[-3000:]
    )
    return done
