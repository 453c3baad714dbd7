"""PostgreSQL: ``baomi migrate`` as the tables' owner (BAOMI_MIGRATION_DATABASE_URL) grants the
application's role (BAOMI_DATABASE_URL) only what it needs. That role appends to the audit
trail, and cannot update, delete, truncate, alter or drop the audit tables, disable their
triggers, nor rewrite the chain head or the checkpoints."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from baomi.audit import roles, triggers, verification
from baomi.audit.models import AuditEvent, ChainHead, Checkpoint
from tests.audit.tamper import sql
from tests.cli.conftest import run_process

DENIED = psycopg.errors.InsufficientPrivilege  # SQLSTATE 42501: no privilege, or not the owner
REFUSED = psycopg.errors.RaiseException  # a trigger of baomi.audit.triggers


@dataclass
class Runtime:
    role: str
    url: str
    owner_url: str

    def run(self, statement: str, params: tuple = ()) -> None:
        with psycopg.connect(self.url, autocommit=True) as runtime:
            runtime.execute(statement, params)


def _url(user: str, password: str = "") -> str:
    db = connection.settings_dict
    secret = f":{password}" if password else ""
    return f"postgres://{user}{secret}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def runtime(world, tmp_path) -> Iterator[Runtime]:
    """A login role of the test's own, granted by ``baomi migrate`` run as the owner."""
    role, password = f"baomi_rt_{secrets.token_hex(4)}", secrets.token_hex(16)
    sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    try:
        found = Runtime(role, _url(role, password), _url(connection.settings_dict["USER"]))
        migrated = run_process(
            "migrate",
            env={
                "BAOMI_DATABASE_URL": found.url,
                "BAOMI_MIGRATION_DATABASE_URL": found.owner_url,
                "BAOMI_LANGUAGE": "en",
            },
        )
        assert migrated.code == 0, migrated.err
        assert f"The role {role} may now use the database" in migrated.out
        yield found
    finally:
        sql(f"DROP OWNED BY {role}")
        sql(f"DROP ROLE {role}")


FORBIDDEN = [
    "UPDATE audit_auditevent SET hash = 'x' WHERE seq = 1",
    "DELETE FROM audit_auditevent WHERE seq = 1",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_change",
    "ALTER TABLE audit_auditevent ALTER COLUMN action DROP EXPRESSION",
    "DROP TABLE audit_auditevent",
    "UPDATE audit_checkpoint SET hash = 'x'",
    "DELETE FROM audit_checkpoint",
    "TRUNCATE audit_checkpoint",
    "ALTER TABLE audit_checkpoint DISABLE TRIGGER ALL",
    "DROP TABLE audit_checkpoint",
    "DELETE FROM audit_chainhead",
    "INSERT INTO audit_chainhead (id, seq, hash) VALUES (2, 0, 'x')",
    "UPDATE audit_chainhead SET id = 2",
    "TRUNCATE audit_chainhead",
    "ALTER TABLE audit_chainhead DISABLE TRIGGER audit_head_forward",
    "DROP TABLE audit_chainhead",
    "CREATE OR REPLACE FUNCTION baomi_audit_text(body bytea, key text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$SELECT 'x'$$",
    "DROP FUNCTION audit_append_only() CASCADE",
    "INSERT INTO django_migrations (app, name, applied) VALUES ('audit', 'x', now())",
]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_cannot_change_the_audit_trail(runtime):
    allowed = []
    for statement in FORBIDDEN:
        try:
            runtime.run(statement)
        except DENIED:
            continue
        allowed.append(statement)
    assert allowed == []
    assert verification.verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_cannot_move_the_chain_head_but_forward_onto_an_event(runtime):
    head = ChainHead.objects.get()
    back = AuditEvent.objects.get(seq=head.seq - 1)
    for statement, params in [
        ("UPDATE audit_chainhead SET seq = %s, hash = %s", (back.seq, back.hash)),
        ("UPDATE audit_chainhead SET hash = %s", ("f" * 64,)),
        ("UPDATE audit_chainhead SET seq = seq + 1", ()),
        ("UPDATE audit_chainhead SET seq = seq + 1, hash = %s", ("f" * 64,)),
    ]:
        with pytest.raises(REFUSED, match=triggers.HEAD_MESSAGE):
            runtime.run(statement, params)
    assert ChainHead.objects.get().seq == head.seq
    assert verification.verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_still_appends_events_and_checkpoints(runtime, tmp_path):
    before = AuditEvent.objects.count()
    env = {
        "BAOMI_DATABASE_URL": runtime.url,
        "BAOMI_AUDIT_KEY": str(tmp_path / "key.pem"),
        "BAOMI_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
    }
    signed = run_process("audit", "checkpoint", env=env)
    assert signed.code == 0, signed.err
    assert AuditEvent.objects.count() == before + 1  # the checkpoint's own event
    assert Checkpoint.objects.get().seq == before
    assert ChainHead.objects.get().seq == before + 1
    verified = run_process("audit", "verify", env=env)
    assert verified.code == 0, verified.out + verified.err


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_runtime_role_that_could_act_as_the_owner_is_refused(world):
    with pytest.raises(roles.RoleError, match="can act as the tables' owner"):
        roles.grant_runtime(connection, connection.settings_dict["USER"])
    with pytest.raises(roles.RoleError, match="there is no database role"):
        roles.grant_runtime(connection, "baomi_nobody")


def test_the_owner_must_be_of_the_same_postgresql_database(tmp_path):
    result = run_process(
        "migrate",
        env={
            "BAOMI_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "BAOMI_MIGRATION_DATABASE_URL": "postgres://owner@127.0.0.1:5432/other",
        },
    )
    assert result.code != 0
    assert "BAOMI_MIGRATION_DATABASE_URL must name the PostgreSQL database" in result.err


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_migrate_refuses_a_runtime_role_that_is_the_owner_and_gives_its_login_back(world, settings):
    """``baomi serve`` migrates in its own process before serving: whatever happens, the
    connection is the application's again afterwards."""
    login = dict(connection.settings_dict)
    settings.DATABASE_OWNER = {"USER": login["USER"], "PASSWORD": login["PASSWORD"]}
    with pytest.raises(CommandError, match="can act as the tables' owner"):
        call_command("migrate", verbosity=0)
    assert connection.settings_dict == login
    assert verification.verify().ok
