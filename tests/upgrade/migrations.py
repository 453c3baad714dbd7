"""baomi's migrations that rewrite data (RunPython, RunSQL), as Django loads them from disk."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation


@dataclass(frozen=True)
class DataOperation:
    app: str
    migration: str
    operation: Operation

    @property
    def reversible(self) -> bool:
        return self.operation.reversible

    @property
    def noop_reverse(self) -> bool:
        """Reversible in name: its reverse does nothing (``RunPython.noop``, ``RunSQL.noop``)."""
        op = self.operation
        if isinstance(op, migrations.RunPython):
            return op.reverse_code is migrations.RunPython.noop
        return op.reverse_sql in ("", [], migrations.RunSQL.noop)


def _flatten(operations: list[Operation]) -> list[Operation]:
    found = []
    for op in operations:
        if isinstance(op, migrations.SeparateDatabaseAndState):
            found += _flatten(op.database_operations)
        else:
            found.append(op)
    return found


def loader() -> MigrationLoader:
    """The migrations on disk (no database read)."""
    return MigrationLoader(None, ignore_no_migrations=True)


def data_operations() -> list[DataOperation]:
    """Every RunPython and RunSQL of baomi's apps, in (app, migration) order."""
    found = []
    for (app, name), migration in sorted(loader().disk_migrations.items()):
        if not migration.__module__.startswith("baomi."):
            continue
        for op in _flatten(migration.operations):
            if isinstance(op, migrations.RunPython | migrations.RunSQL):
                found.append(DataOperation(app, name, op))
    return found


def before(app: str, name: str) -> str:
    """The migration of ``app`` that ``name`` follows ("zero" for the first): the target
    ``baomi migrate APP TARGET`` takes to unapply ``name``."""
    graph = loader().graph
    earlier = [parent for parent in graph.node_map[(app, name)].parents if parent.key[0] == app]
    assert len(earlier) <= 1, f"{app}.{name} follows {len(earlier)} migrations of its app"
    return earlier[0].key[1] if earlier else "zero"
