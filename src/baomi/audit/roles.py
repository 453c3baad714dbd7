"""PostgreSQL: the tables' owner migrates, the application runs as a role that may only do
what it needs (``BAOMI_MIGRATION_DATABASE_URL`` and ``BAOMI_DATABASE_URL``).

The owner of a table may drop its triggers, alter or drop it. So the application's runtime
role must not own the audit tables: ``baomi migrate`` connects as the owner (the login of
``BAOMI_MIGRATION_DATABASE_URL``, ``settings.DATABASE_OWNER``), then ``grant_runtime`` gives
the runtime role (the user of ``BAOMI_DATABASE_URL``) exactly this:

- every other table of the schema: SELECT, INSERT, UPDATE, DELETE, and the sequences;
- ``audit_auditevent`` and ``audit_checkpoint``: SELECT and INSERT only (append);
- ``audit_chainhead``: SELECT and UPDATE of ``seq`` and ``hash`` only, and its trigger lets the
  head move only forward onto a recorded event with that event's hash (``triggers``): the head
  cannot be moved back to hide a cut, nor set to a hash the chain does not hold;
- ``audit_stagedevent`` (reads waiting to be chained): SELECT, INSERT, DELETE and UPDATE of
  ``seq`` only; its triggers let a row be sealed only onto the chained event carrying it, and
  deleted only once sealed;
- ``django_migrations``: SELECT only.

Nothing else: no TRUNCATE, REFERENCES or TRIGGER, no ownership, so no ALTER, DROP or
DISABLE TRIGGER. A runtime role that is the owner, a member of it or a superuser is refused.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY = ("audit_auditevent", "audit_checkpoint")
HEAD = "audit_chainhead"
STAGED = "audit_stagedevent"
READ_ONLY = ("django_migrations",)


class RoleError(Exception):
    """The runtime role cannot be confined (it is the owner, a member of it, a superuser)."""


def grant_runtime(connection: BaseDatabaseWrapper, role: str) -> None:
    """As the tables' owner (``connection``), give ``role`` only what the application needs.
    Idempotent: everything is revoked first, so running it again after a migration also
    covers the new tables."""
    if connection.vendor != "postgresql":
        raise RoleError("separate database roles are a PostgreSQL setting")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, current_schema(), r.rolsuper, "
            "pg_has_role(r.oid, current_user, 'MEMBER') "
            "FROM pg_roles r WHERE r.rolname = %s",
            [role],
        )
        found = cursor.fetchone()
        if found is None:
            raise RoleError(f"there is no database role {role!r}")
        owner, schema, superuser, member = found
        if role == owner or superuser or member:
            raise RoleError(
                f"the runtime role {role!r} can act as the tables' owner {owner!r}: "
                "it must be a role of its own, neither a superuser nor a member of the owner"
            )
        who, where = quote(role), quote(schema)
        append, head = ", ".join(APPEND_ONLY), HEAD
        read = ", ".join(READ_ONLY)
        for statement in (
            f"GRANT USAGE ON SCHEMA {where} TO {who}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {who}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
            f"REVOKE ALL ON {append}, {head}, {STAGED}, {read} FROM {who}",
            f"GRANT SELECT, INSERT ON {append} TO {who}",
            f"GRANT SELECT, INSERT, DELETE, UPDATE (seq) ON {STAGED} TO {who}",
            f"GRANT SELECT, UPDATE (seq, hash) ON {head} TO {who}",
            f"GRANT SELECT ON {read} TO {who}",
        ):
            cursor.execute(statement)
