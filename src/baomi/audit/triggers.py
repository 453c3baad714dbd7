"""Database triggers that keep the audit trail append-only (SQLite and PostgreSQL).

- ``audit_auditevent`` and ``audit_checkpoint``: UPDATE, DELETE (and on PostgreSQL TRUNCATE)
  are refused.
- ``audit_chainhead``: the head only moves forward, onto a recorded event with that event's
  hash; it is never deleted. So whoever may append events (the application's role) cannot move
  the head back to hide a cut, nor point it at a hash the chain does not hold.

Only the tables' owner can drop the triggers; on PostgreSQL the application runs as another
role (``baomi.audit.roles``).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
CHECKPOINTS = "audit_checkpoint"
HEAD = "audit_chainhead"
MESSAGE = "audit log is append-only"
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
    *(
        statement
        for name, (table, when, level, function) in _POSTGRES_TRIGGERS.items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {when} ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION {function}()",
        )
    ),
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {name} ON {table}"
    for name, (table, *_rest) in _POSTGRES_TRIGGERS.items()
]


def _run(connection: BaseDatabaseWrapper, sqlite: list[str], postgres: list[str]) -> None:
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _SQLITE, _POSTGRES)


def remove(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers. Used only by the test suite's database flush."""
    _run(connection, _SQLITE_DROP, _POSTGRES_DROP)
