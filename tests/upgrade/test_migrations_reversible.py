"""Migrations that rewrite data (issue 18 item 4): every RunPython and RunSQL of baomi's
migrations can be reversed, or is named here with the reason it cannot be; a reverse that does
nothing is named with the reason nothing is left to undo. The upgrade drill unapplies the ones
with a reverse of their own and applies them again (``test_upgrade_drill``).

The reasons are read from the migrations and the code they call; a test holds each list to the
migrations as they are, both ways, so a new data migration without a reverse, or one that gains
one, fails here until its line is written or struck."""

from __future__ import annotations

from tests.upgrade import release
from tests.upgrade.migrations import DataOperation, data_operations, loader

# The data operations that cannot be reversed, and why. Going back across one of them is a
# restore of the backup taken before the upgrade (docs: "Upgrades").
IRREVERSIBLE = {
    ("audit", "0003_index_from_body"): (
        "derive() turns the plain index columns of audit_auditevent (time, actor, "
        "organisation, action, outcome, subject) into columns the database generates from each "
        "event's hashed body, after checking that every stored value equals its body's (it "
        "refuses to run otherwise), and on SQLite rebuilds the table with seq as its rowid. "
        "Making them plain again would give back to whoever can write the table columns that "
        "change apart from the hashed body: the weakness this migration removes. Nothing is "
        "lost going forward: the values are the bodies' own."
    ),
    ("audit", "0004_head_and_checkpoints_guarded"): (
        "guard() writes the chain head row from the last event where there is none and "
        "installs the triggers that keep audit_checkpoint append-only and let the head move "
        "only forward onto a recorded event. A reverse could only drop those guards (so that a "
        "cut chain could be hidden by moving the head back or rewriting a checkpoint) and "
        "could not delete the head row, which audit_head_no_delete refuses. Nor would it reach "
        "a release: 0003 and 0004 came in the same one (issue 10's), after a3706b4."
    ),
}

# The data operations whose reverse does nothing (RunPython.noop), and why nothing is left to
# undo: the migration's own schema operations, reversed, drop what the data operation wrote.
NOTHING_TO_UNDO = {
    ("audit", "0006_staged_events"): (
        "guard() installs the triggers of audit_stagedevent, the table the migration's "
        "CreateModel makes; going back drops the table and its triggers with it (on "
        "PostgreSQL the trigger functions audit_staged_guard and audit_staged_refused stay, "
        "unused)."
    ),
    ("carriers", "0003_incoming_receipts"): (
        "fill_receipt_keys() writes receipt_key into the register lines, the column the "
        "migration's AddField adds; going back drops the column."
    ),
    ("people", "0002_selfchecks"): (
        "seed_items() writes the default self-check items into people_selfcheckitem, the table "
        "the migration's CreateModel makes; going back drops the table."
    ),
}


def _named(operations: list[DataOperation]) -> set[tuple[str, str]]:
    return {(op.app, op.migration) for op in operations}


def test_every_data_migration_is_found():
    """The search reads every migration of src/baomi/*/migrations, RunPython inside
    SeparateDatabaseAndState too (audit 0003), and finds the reversible ones (audit 0002,
    oversight 0002): it cannot pass by finding nothing."""
    in_src = release.migrations(release.ROOT / "src")
    on_disk = {(app, name) for app, names in in_src.items() for name in names}
    loaded = loader().disk_migrations
    assert {key for key, m in loaded.items() if m.__module__.startswith("baomi.")} == on_disk
    found = _named(data_operations())
    assert {
        ("audit", "0002_append_only"),
        ("audit", "0003_index_from_body"),
        ("oversight", "0002_default_checklist"),
        *NOTHING_TO_UNDO,
    } <= found


def test_a_data_migration_without_a_reverse_says_why():
    irreversible = _named([op for op in data_operations() if not op.reversible])
    unexplained = irreversible - set(IRREVERSIBLE)
    assert not unexplained, (
        f"{sorted(unexplained)} rewrite data and cannot be reversed: give them a reverse_code "
        "(reverse_sql) or say why not in IRREVERSIBLE"
    )
    stale = set(IRREVERSIBLE) - irreversible
    assert not stale, f"{sorted(stale)} are listed as irreversible but are not (any more)"


def test_a_reverse_that_does_nothing_says_why():
    noop = _named([op for op in data_operations() if op.reversible and op.noop_reverse])
    unexplained = noop - set(NOTHING_TO_UNDO)
    assert not unexplained, (
        f"{sorted(unexplained)} reverse by doing nothing: say in NOTHING_TO_UNDO why nothing "
        "of what they wrote is left behind, or give them a reverse that undoes it"
    )
    stale = set(NOTHING_TO_UNDO) - noop
    assert not stale, f"{sorted(stale)} are listed as reversing by doing nothing but do not"


def test_every_reason_is_given():
    for reason in (*IRREVERSIBLE.values(), *NOTHING_TO_UNDO.values()):
        assert len(reason) > 80 and reason.endswith(".")
