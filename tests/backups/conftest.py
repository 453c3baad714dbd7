"""The drill's populated installation, built once for the package's tests that use it
(migrated, the demo organisation, a signed checkpoint), and a copy of it for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.backups.drill import Installation


@pytest.fixture(scope="package")
def populated(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("backups")
    made = Installation.create(base)
    try:
        made.baomi("migrate", "-v0")
        made.baomi("demo")
        made.baomi("audit", "checkpoint")
        yield made
    finally:
        made.drop()


@pytest.fixture
def installation(populated: Installation, tmp_path: Path):
    """A copy of the populated installation for one test."""
    made = Installation.create(tmp_path, template=populated)
    try:
        yield made
    finally:
        made.drop()
