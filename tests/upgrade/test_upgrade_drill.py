"""The upgrade drill (issue 18 item 4): a database made by an earlier release of baomi
(``release.RELEASE``, its own code run from this repository's history) migrates to the current
code with every record and the audit chain intact, and the current code works on.

The release's ``baomi migrate`` and ``baomi demo`` make the database and its ``baomi audit
checkpoint`` signs its chain; every table is read through SQL; the current ``baomi migrate``
runs; then:

- every row of the release is still there with the values of every column that still exists,
  and each column added to a table of the release holds what its migration says
  (``NEW_COLUMNS``);
- the schema is the one a fresh ``migrate`` makes (the test database's), object for object;
- ``baomi audit verify --deep`` finds the chain whole and the release's signed checkpoint on it;
- the office works on (``act.py``: IN-NUMBER refuses a document of the release's register again,
  a new one is registered, a read is staged and chained), the new events follow the migrated
  head link by link, and the chain verifies whole again.

Once per database: the SQLite drill in the SQLite run of the suite, the PostgreSQL drill (in a
scratch database ``upgrade_<random>``, dropped after) in the PostgreSQL run.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from baomi.audit import chain
from baomi.carriers.receipts import receipt_key
from tests.upgrade import release
from tests.upgrade.databases import (
    SCHEMAS,
    PostgresScratch,
    Scratch,
    Snapshot,
    SqliteScratch,
    schema_differences,
)

CLI = ["-m", "baomi.cli"]
CURRENT = release.ROOT / "src"
ACT = release.ROOT / "tests" / "upgrade" / "act.py"

# What every row of the release holds in each column a later migration added to its table:
# (table, column) -> the value, from the row and the release's snapshot.
NEW_COLUMNS: dict[tuple[str, str], Callable[[dict[str, Any], Snapshot], Any]] = {
    # accounts 0002 (ADMIN-DUAL): an account of the release is not asked for a new password.
    ("accounts_account", "password_must_change"): lambda row, old: False,
    # carriers 0003 (IN-NUMBER): fill_receipt_keys keys each register line by its document's
    # number and its issuer; no line of the release is a second receipt.
    ("carriers_incomingentry", "receipt_key"): lambda row, old: receipt_key(
        old["carriers_document"].row(row["document_id"])["number"], row["received_from"]
    ),
    ("carriers_incomingentry", "repeat_of_id"): lambda row, old: None,
}


def kept(old: Snapshot, new: Snapshot) -> list[str]:
    """Every way the upgraded database (``new``) lost or changed a record of the release
    (``old``): a table, a column, a row or a value gone or changed, a column added to a
    release's table that ``NEW_COLUMNS`` does not account for or that holds something else."""
    problems = []
    for name, table in old.items():
        now = new.get(name)
        if now is None:
            problems.append(f"table {name} ({len(table.rows)} rows) is gone")
            continue
        problems += [f"column {name}.{c} is gone" for c in table.columns if c not in now.columns]
        added = [c for c in now.columns if c not in table.columns]
        for column in added:
            if (name, column) not in NEW_COLUMNS:
                problems.append(
                    f"column {name}.{column} was added to a table of the release: say in "
                    "NEW_COLUMNS what its migration writes into the release's rows"
                )
        for key in table.rows:
            before, after = table.row(*key), now.row(*key)
            if after is None:
                problems.append(f"{name} {key}: the row is gone")
                continue
            for column, value in before.items():
                if column in after and after[column] != value:
                    problems.append(f"{name} {key} {column}: {value!r} became {after[column]!r}")
            for column in added:
                if (name, column) in NEW_COLUMNS:
                    expected = NEW_COLUMNS[(name, column)](before, old)
                    if after[column] != expected:
                        problems.append(
                            f"{name} {key} new {column}: {after[column]!r}, expected {expected!r}"
                        )
    return problems


def _verified(env: dict[str, str], checkpoint: Path) -> dict[str, Any]:
    """``baomi audit verify --deep`` with the release's signed checkpoint, as JSON."""
    done = release.run(
        [*CLI, "audit", "verify", "--json", "--deep", "--checkpoint", str(checkpoint)], env
    )
    return json.loads(done.stdout)


def _events(scratch: Scratch, after: int) -> list[tuple[int, bytes, str]]:
    with scratch.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, body, hash FROM audit_auditevent WHERE seq > {int(after)} ORDER BY 1"
        )
        return [(seq, bytes(body), hash_) for seq, body, hash_ in cursor.fetchall()]


def drill(scratch: Scratch, tmp: Path, fresh_schema: dict[tuple[str, ...], Any]) -> dict[str, Any]:
    """The drill on ``scratch``; the seconds each stage took."""
    times: dict[str, float] = {}
    started = time.monotonic()

    def lap(stage: str) -> None:
        nonlocal started
        times[stage] = round(time.monotonic() - started, 1)
        started = time.monotonic()

    data = tmp / "data"
    old_src = release.extract(tmp / "release")
    old_env = release.environment(data, scratch.url, old_src)
    release.run([*CLI, "migrate", "--noinput", "--verbosity", "0"], old_env)
    release.run([*CLI, "demo"], old_env)
    checkpoint = tmp / "release-checkpoint.json"
    checkpoint.write_text(release.run([*CLI, "audit", "checkpoint"], old_env).stdout)
    lap("release: migrate, demo, checkpoint")

    old = scratch.snapshot()
    head = old["audit_chainhead"].row(1)
    assert head is not None and head["seq"] == len(old["audit_auditevent"].rows) > 0
    signed = json.loads(checkpoint.read_text())  # the head before the checkpoint's own event
    assert old["audit_auditevent"].row(signed["seq"])["hash"] == signed["hash"]
    env = release.environment(data, scratch.url, CURRENT)
    release.run([*CLI, "migrate", "--noinput", "--verbosity", "0"], env)
    lap("current: migrate")

    problems = kept(old, scratch.snapshot())
    assert problems == [], "\n".join(problems[:40])
    differences = schema_differences(scratch.schema(), fresh_schema)
    assert differences == [], "\n".join(differences[:40])
    lap("records and schema compared")

    verdict = _verified(env, checkpoint)
    assert verdict["ok"], verdict
    assert (verdict["events"], verdict["head_seq"]) == (head["seq"], head["seq"])
    assert verdict["head_hash"] == head["hash"]
    lap("current: audit verify")

    acted = json.loads(release.run([str(ACT)], env).stdout)
    assert acted["refused"] == "IN-NUMBER"  # the release's line, keyed by carriers 0003
    lines = old["carriers_incomingentry"].rows.values()
    columns = old["carriers_incomingentry"].columns
    series, sequence = columns.index("series"), columns.index("sequence")
    last = max(line[sequence] for line in lines if line[series] == acted["series"])
    assert acted["sequence"] == last + 1  # the register's numbering goes on (IN-NUMBER)
    assert acted["sealed"] == 1
    events = _events(scratch, head["seq"])
    # The refusal, the registration and the read, each linked onto the one before it, the
    # first onto the release's head.
    assert [seq for seq, _, _ in events] == [head["seq"] + 1, head["seq"] + 2, head["seq"] + 3]
    previous = head["hash"]
    for _seq, body, hash_ in events:
        assert hash_ == chain.link(previous, body)
        previous = hash_
    bodies = [json.loads(body) for _, body, _ in events]
    assert [(b["action"], b["outcome"]) for b in bodies] == [
        ("operation.refused", "denied"),
        ("carriers.incoming_registered", "ok"),
        ("carriers.document_viewed", "ok"),
    ]
    assert bodies[0]["data"]["rule"] == "IN-NUMBER"
    assert bodies[1]["subject_id"] == str(acted["document"])
    verdict = _verified(env, checkpoint)
    assert verdict["ok"], verdict
    assert (verdict["events"], verdict["head_hash"]) == (head["seq"] + 3, previous)
    lap("current: operations and audit verify")
    return times


@pytest.fixture
def release_history() -> None:
    missing = release.history_missing()
    if missing:
        pytest.skip(missing)
    unmet = release.unmet_requirements()
    assert unmet == [], (
        f"the release {release.RELEASE_NAME} runs with this environment's packages, which no "
        f"longer satisfy: {', '.join(unmet)}; pin a later release in tests/upgrade/release.py"
    )


def test_a_database_of_the_release_upgrades_on_sqlite(release_history, own_sqlite, db, tmp_path):
    """SQLite, the default database in the data directory, as an office installs it."""
    fresh = _fresh_schema()
    scratch = SqliteScratch(tmp_path / "data")
    try:
        times = drill(scratch, tmp_path, fresh)
    finally:
        scratch.drop()
    print("upgrade drill on SQLite:", times)


@pytest.mark.postgres
def test_a_database_of_the_release_upgrades_on_postgresql(release_history, db, tmp_path):
    """PostgreSQL, in a database of the drill's own on the test server."""
    fresh = _fresh_schema()
    scratch = PostgresScratch(connection.settings_dict)
    try:
        times = drill(scratch, tmp_path, fresh)
    finally:
        scratch.drop()
    print("upgrade drill on PostgreSQL:", times)


def _fresh_schema() -> dict[tuple[str, ...], Any]:
    """The schema of the test database, which a fresh ``migrate`` of the current code made."""
    with connection.cursor() as cursor:
        return SCHEMAS[connection.vendor](cursor)
