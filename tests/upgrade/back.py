"""Migrate apps back with the current code, one ``app:migration`` target after the other, as
``baomi migrate APP MIGRATION`` does for each (a target of its own each: Django walks the
migration graph once per plan, and one plan of several targets walks far more of it); run by
the upgrade drill in a process of its own (``python tests/upgrade/back.py audit:0005_x ...``).
Prints the migrations unapplied, in order, as JSON."""

from __future__ import annotations

import json
import os
import sys

import django


def main(targets: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    unapplied = []
    for target in targets:
        app, _, name = target.partition(":")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan([(app, name)])
        assert all(backwards for _, backwards in plan), f"{target} is not behind the database"
        executor.migrate([(app, name)], plan=plan)
        unapplied += [f"{m.app_label}.{m.name}" for m, _ in plan]
    print(json.dumps(unapplied))


if __name__ == "__main__":
    main(sys.argv[1:])
