"""Database triggers that keep the audit trail append-only (SQLite and PostgreSQL).

- ``audit_auditevent`` and ``audit_checkpoint``: UPDATE, DELETE (and on PostgreSQL TRUNCATE)
  are refused.
- ``audit_chainhead``: the head only moves forward, onto a recorded event with that event's
  hash; it is never deleted. So whoever may append events (the application's role) cannot move
  the head back to hide a cut, nor point it at a hash the chain does not hold.
- ``audit_stagedevent`` (reads waiting to be chained): a row is inserted unsealed (``seq``
  NULL); the only UPDATE allowed sets its ``seq``, once, to a chained event that carries it:
  the event names the row (``data.staged``) and holds the row's own event (same time, actor,
  action, subject, outcome, details), so a read cannot be sealed away into another event; a row
  is deleted only once sealed so (on PostgreSQL TRUNCATE is refused). So whoever may append
  events cannot drop a read nobody has chained yet.

Only the tables' owner can drop the triggers; on PostgreSQL the application runs as another
role (``baomi.audit.roles``).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
CHECKPOINTS = "audit_checkpoint"
HEAD = "audit_chainhead"
STAGED = "audit_stagedevent"
MESSAGE = "audit log is append-only"
STAGED_MESSAGE = "a staged audit event is removed only once chained"
HEAD_MESSAGE = "the audit chain head only moves forward, onto a recorded event"

# The head is refused unless it moves forward onto the recorded event of its new number.
_HEAD_REFUSED = (
    "NEW.id <> OLD.id OR NEW.seq <= OLD.seq "
    "OR NEW.hash IS DISTINCT FROM (SELECT e.hash FROM audit_auditevent e WHERE e.seq = NEW.seq)"
)


def _sqlite_refusal(name: str, event: str, table: str, message: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table}{condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


_SQLITE_TRIGGERS = {
    "audit_no_update": ("UPDATE", TABLE, MESSAGE, ""),
    "audit_no_delete": ("DELETE", TABLE, MESSAGE, ""),
    "audit_checkpoint_no_update": ("UPDATE", CHECKPOINTS, MESSAGE, ""),
    "audit_checkpoint_no_delete": ("DELETE", CHECKPOINTS, MESSAGE, ""),
    # SQLite spells IS DISTINCT FROM as IS NOT.
    "audit_head_forward": (
        "UPDATE",
        HEAD,
        HEAD_MESSAGE,
        _HEAD_REFUSED.replace("IS DISTINCT FROM", "IS NOT"),
    ),
    "audit_head_no_delete": ("DELETE", HEAD, HEAD_MESSAGE, ""),
}
_SQLITE = [_sqlite_refusal(name, *spec) for name, spec in _SQLITE_TRIGGERS.items()]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]

# A staged row may be sealed (its seq set, once) only onto the chained event that carries it:
# that event names the row in data.staged, and without its seq and data.staged it is the
# row's own event, key for key.
_SQLITE_SEALED = (
    "OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.id = OLD.id AND NEW.body = OLD.body "
    "AND NEW.hash = OLD.hash AND EXISTS (SELECT 1 FROM audit_auditevent e WHERE e.seq = NEW.seq "
    "AND json_extract(CAST(e.body AS TEXT), '$.data.staged') = OLD.id "
    "AND json_remove(CAST(e.body AS TEXT), '$.seq', '$.data.staged') "
    "= json(CAST(OLD.body AS TEXT)))"
)
_SQLITE_STAGED_TRIGGERS = {
    "audit_staged_unsealed": ("INSERT", STAGED, STAGED_MESSAGE, "NEW.seq IS NOT NULL"),
    "audit_staged_seal_only": ("UPDATE", STAGED, STAGED_MESSAGE, f"NOT ({_SQLITE_SEALED})"),
    "audit_staged_no_delete": ("DELETE", STAGED, STAGED_MESSAGE, "OLD.seq IS NULL"),
}
_SQLITE_STAGED = [_sqlite_refusal(name, *spec) for name, spec in _SQLITE_STAGED_TRIGGERS.items()]
_SQLITE_STAGED_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_STAGED_TRIGGERS]


def _creating(triggers: dict[str, tuple[str, str, str, str]]) -> list[str]:
    """The statements that (re)create PostgreSQL ``triggers``: name → (table, when, level,
    function)."""
    return [
        statement
        for name, (table, when, level, function) in triggers.items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {when} ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION {function}()",
        )
    ]


def _dropping(triggers: dict[str, tuple[str, str, str, str]]) -> list[str]:
    """The statements that drop PostgreSQL ``triggers``."""
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, (table, *_r) in triggers.items()]


_POSTGRES_TRIGGERS = {
    "audit_no_change": (TABLE, "BEFORE UPDATE OR DELETE", "ROW", "audit_append_only"),
    "audit_no_truncate": (TABLE, "BEFORE TRUNCATE", "STATEMENT", "audit_append_only"),
    "audit_checkpoint_no_change": (
        CHECKPOINTS,
        "BEFORE UPDATE OR DELETE",
        "ROW",
        "audit_append_only",
    ),
    "audit_checkpoint_no_truncate": (
        CHECKPOINTS,
        "BEFORE TRUNCATE",
        "STATEMENT",
        "audit_append_only",
    ),
    "audit_head_forward": (HEAD, "BEFORE UPDATE", "ROW", "audit_head_forward"),
    "audit_head_no_delete": (HEAD, "BEFORE DELETE", "ROW", "audit_head_refused"),
    "audit_head_no_truncate": (HEAD, "BEFORE TRUNCATE", "STATEMENT", "audit_head_refused"),
}
_POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE OR REPLACE FUNCTION audit_head_refused() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{HEAD_MESSAGE}'; END $$",
    "CREATE OR REPLACE FUNCTION audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF {_HEAD_REFUSED} THEN RAISE EXCEPTION '{HEAD_MESSAGE}'; END IF; RETURN NEW; END $$",
    *_creating(_POSTGRES_TRIGGERS),
]
_POSTGRES_DROP = _dropping(_POSTGRES_TRIGGERS)

_PG_SEALED = (
    "OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.id = OLD.id AND NEW.body = OLD.body "
    "AND NEW.hash = OLD.hash AND EXISTS (SELECT 1 FROM audit_auditevent e WHERE e.seq = NEW.seq "
    "AND convert_from(e.body, 'UTF8')::jsonb #>> '{data,staged}' = OLD.id::text "
    "AND (convert_from(e.body, 'UTF8')::jsonb - 'seq') #- '{data,staged}' "
    "= convert_from(OLD.body, 'UTF8')::jsonb)"
)
_POSTGRES_STAGED_TRIGGERS = {
    "audit_staged_guard": (
        STAGED,
        "BEFORE INSERT OR UPDATE OR DELETE",
        "ROW",
        "audit_staged_guard",
    ),
    "audit_staged_no_truncate": (STAGED, "BEFORE TRUNCATE", "STATEMENT", "audit_staged_refused"),
}
_POSTGRES_STAGED = [
    "CREATE OR REPLACE FUNCTION audit_staged_refused() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{STAGED_MESSAGE}'; END $$",
    "CREATE OR REPLACE FUNCTION audit_staged_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'INSERT' AND NEW.seq IS NULL THEN RETURN NEW; END IF; "
    f"IF TG_OP = 'UPDATE' AND {_PG_SEALED} THEN RETURN NEW; END IF; "
    "IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL THEN RETURN OLD; END IF; "
    f"RAISE EXCEPTION '{STAGED_MESSAGE}'; END $$",
    *_creating(_POSTGRES_STAGED_TRIGGERS),
]
_POSTGRES_STAGED_DROP = _dropping(_POSTGRES_STAGED_TRIGGERS)


def _run(
    connection: BaseDatabaseWrapper,
    sqlite: list[str],
    postgres: list[str],
    staged: tuple[list[str], list[str]],
) -> None:
    """Run the statements of the connection's vendor; those of the staging table only once it
    exists (migration 0006: the earlier migrations install the others)."""
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for {connection.vendor}")
    if STAGED in connection.introspection.table_names():
        statements = [*statements, *staged[connection.vendor == "postgresql"]]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _SQLITE, _POSTGRES, (_SQLITE_STAGED, _POSTGRES_STAGED))


def remove(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers. Used only by the test suite's database flush."""
    _run(connection, _SQLITE_DROP, _POSTGRES_DROP, (_SQLITE_STAGED_DROP, _POSTGRES_STAGED_DROP))
