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
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
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
    Schema,
    Scratch,
    Snapshot,
    SqliteScratch,
    schema_differences,
)
from tests.upgrade.migrations import before, data_operations

CLI = ["-m", "baomi.cli"]
CURRENT = release.ROOT / "src"
ACT = release.ROOT / "tests" / "upgrade" / "act.py"
BACK = release.ROOT / "tests" / "upgrade" / "back.py"

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


@dataclass
class Drilled:
    """What the drill leaves for the round trip: the release's rows, the upgraded database's
    (after the office's operations), the current code's environment, the release's signed
    checkpoint and the chain's head after the operations."""

    old: Snapshot
    upgraded: Snapshot
    env: dict[str, str]
    checkpoint: Path
    head: tuple[int, str]


class Laps:
    """The seconds each stage took, and the CPU seconds of the processes it ran, for the
    test's output (pytest -s): the machine's load stretches the one, not the other."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float]] = {}
        self.started = time.monotonic(), self._cpu()

    @staticmethod
    def _cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    def __call__(self, stage: str) -> None:
        now = time.monotonic(), self._cpu()
        self.times[stage] = (round(now[0] - self.started[0], 1), round(now[1] - self.started[1], 1))
        self.started = now


def drill(scratch: Scratch, tmp: Path, fresh_schema: Schema, lap: Laps) -> Drilled:
    """The drill on ``scratch`` (empty), with the release's source and the data directory
    under ``tmp``; each stage timed by ``lap``."""
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
    return Drilled(old, scratch.snapshot(), env, checkpoint, (head["seq"] + 3, previous))


# Tables whose rows a reversed data migration deletes and, applied again, writes again under
# new keys: compared by content, without those keys (and the keys pointing at them).
RECREATED = {
    "django_migrations": {"id", "applied"},
    # oversight 0002: remove() deletes the default checklists, create() writes them again.
    "oversight_checklist": {"id", "created_at"},
    "oversight_checklistitem": {"id", "checklist_id"},
}


def same_rows(before: Snapshot, after: Snapshot) -> list[str]:
    """How ``after`` differs from ``before`` (the same schema), row for row; the tables of
    ``RECREATED`` by content."""
    problems = kept(before, after)
    for name, ignored in RECREATED.items():
        if name not in before or name not in after:
            continue
        problems = [p for p in problems if not p.startswith(f"{name} ")]
        keep = [i for i, c in enumerate(before[name].columns) if c not in ignored]
        contents = [
            sorted(repr(tuple(row[i] for i in keep)) for row in table.rows.values())
            for table in (before[name], after[name])
        ]
        if contents[0] != contents[1]:
            problems.append(f"{name}: the rows written again differ from those before")
    return problems


def untouched(before: Snapshot, after: Snapshot, emptied: set[str]) -> list[str]:
    """How going back changed what it kept: a row gone, added or changed in a table that is
    still there (but those of ``emptied``), in the columns that are still there."""
    problems = []
    for name in sorted(set(before) & set(after) - emptied):
        was, now = before[name], after[name]
        columns = [c for c in was.columns if c in now.columns]
        if set(was.rows) != set(now.rows):
            problems.append(f"{name}: rows {sorted(set(was.rows) ^ set(now.rows))} differ")
        for key in set(was.rows) & set(now.rows):
            old_row, new_row = was.row(*key), now.row(*key)
            problems += [
                f"{name} {key} {c}: {old_row[c]!r} became {new_row[c]!r}"
                for c in columns
                if old_row[c] != new_row[c]
            ]
    return problems


def round_trip(
    scratch: Scratch, drilled: Drilled, since: set[tuple[str, str]], fresh: Schema, lap: Laps
) -> None:
    """Every migration of ``since`` (those after the release) whose data operation has a
    reverse of its own, unapplied with the current code (its app back to the migration before
    it, in turn; the migrations that need it go back with it), then ``baomi migrate`` again:
    going back changed nothing it kept, coming back wrote the same rows again, the schema is
    a fresh one, the chain verifies whole.

    A reverse that does nothing (``RunPython.noop``) is left out: it proves nothing of its own
    (the operations beside it drop what it wrote, as ``test_migrations_reversible`` lists)
    and unapplying carriers 0003 or people 0002 costs half a minute each (Django walks its
    migration graph for every migration it unapplies, with every model rendered)."""
    reversible = [op for op in data_operations() if (op.app, op.migration) in since]
    reversible = [op for op in reversible if op.reversible and not op.noop_reverse]
    assert reversible, "no migration since the release has a reverse of its own: nothing to do"
    targets = list(dict.fromkeys(f"{op.app}:{before(op.app, op.migration)}" for op in reversible))
    unapplied = json.loads(release.run([str(BACK), *targets], drilled.env).stdout)
    back = scratch.snapshot()
    recorded = {(row[1], row[2]) for row in back["django_migrations"].rows.values()}
    for op in reversible:
        assert f"{op.app}.{op.migration}" in unapplied
        assert (op.app, op.migration) not in recorded
    emptied = set()
    if "oversight.0002_default_checklist" in unapplied:  # remove(): the default checklists
        emptied = {"oversight_checklist", "oversight_checklistitem"}
        assert [back[t].rows for t in sorted(emptied)] == [{}, {}]
    problems = untouched(drilled.upgraded, back, emptied | {"django_migrations"})
    assert problems == [], "\n".join(problems[:40])
    lap(f"current: {len(unapplied)} migrations unapplied")

    release.run([*CLI, "migrate", "--noinput", "--verbosity", "0"], drilled.env)
    again = scratch.snapshot()
    problems = same_rows(drilled.upgraded, again)
    assert problems == [], "\n".join(problems[:40])
    differences = schema_differences(scratch.schema(), fresh)
    assert differences == [], "\n".join(differences[:40])
    verdict = _verified(drilled.env, drilled.checkpoint)
    assert verdict["ok"], verdict
    assert (verdict["events"], verdict["head_hash"]) == drilled.head
    lap("current: migrate again, compared, audit verify")


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


def test_the_release_migrations_are_as_it_shipped_them(release_history):
    """A database of the release ran its migrations as they were then: a change to one of them
    reaches no such database (and the drill, which runs the release's own, would not see it).
    What a database needs changed is a new migration."""
    assert release.changed_migrations() == []


def _fresh_schema() -> Schema:
    """The schema of the test database, which a fresh ``migrate`` of the current code made."""
    with connection.cursor() as cursor:
        return SCHEMAS[connection.vendor](cursor)


def test_a_database_of_the_release_upgrades_on_sqlite(release_history, own_sqlite, db, tmp_path):
    """SQLite, the default database in the data directory, as an office installs it; then
    the migrations since the release that rewrite data are unapplied and applied again."""
    fresh, lap = _fresh_schema(), Laps()
    scratch = SqliteScratch(tmp_path / "data")
    try:
        drilled = drill(scratch, tmp_path, fresh, lap)
        shipped = release.migrations(tmp_path / "release" / "src")
        since = {
            (app, name)
            for app, names in release.migrations(CURRENT).items()
            for name in names
            if name not in shipped.get(app, [])
        }
        round_trip(scratch, drilled, since, fresh, lap)
    finally:
        scratch.drop()
        print("upgrade drill on SQLite (wall, CPU seconds):", lap.times)


@pytest.mark.postgres
def test_a_database_of_the_release_upgrades_on_postgresql(release_history, db, tmp_path):
    """PostgreSQL, in a database of the drill's own on the test server."""
    fresh, lap = _fresh_schema(), Laps()
    scratch = PostgresScratch(connection.settings_dict)
    try:
        drill(scratch, tmp_path, fresh, lap)
    finally:
        scratch.drop()
        print("upgrade drill on PostgreSQL (wall, CPU seconds):", lap.times)
