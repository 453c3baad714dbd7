"""Operations and the audit trail: checkpoints, recorded refusals, and an audit write that fails
taking the whole operation with it."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection

from baomi.access.roles import Role
from baomi.audit import signing, triggers, verification
from baomi.audit.models import AuditEvent, Checkpoint, Outcome
from baomi.audit.operation import REFUSED
from baomi.audit.operations import CHECKPOINT_CREATED, create_checkpoint
from baomi.core.errors import AccessDenied, RuleViolation
from baomi.org import operations as org
from baomi.org.models import Organisation
from baomi.rulebook.models import RuleOverride
from baomi.rulebook.operations import set_rule
from tests.audit.tamper import sql
from tests.factories import audit_events


class TestCreateCheckpoint:
    def test_the_auditor_signs_the_head_and_the_signing_is_itself_recorded(self, world):
        auditor = world.account(Role.AUDITOR)
        before = AuditEvent.objects.count()
        checkpoint = create_checkpoint(actor=auditor)
        head = AuditEvent.objects.get(seq=before)
        assert (checkpoint.seq, checkpoint.hash) == (before, head.hash)
        stored = Checkpoint.objects.get()
        document = signing.document(stored)
        assert signing.signature_valid(document)
        assert document["public_key"] == signing.installation_public_key()
        event = AuditEvent.objects.get(seq=before + 1)
        assert (event.action, event.actor_id) == (CHECKPOINT_CREATED, auditor.pk)
        assert event.subject_id == str(stored.pk)
        assert json.loads(bytes(event.body))["data"]["hash"] == head.hash
        assert verification.verify().ok

    def test_the_operator_shell_may_sign(self, db):
        assert create_checkpoint(actor=None).seq == 0
        assert create_checkpoint(actor=None).seq == 1

    @pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECURITY_OFFICER, Role.STAFF])
    def test_other_roles_are_refused_and_the_refusal_recorded(self, world, role):
        actor = world.account(role)
        with pytest.raises(AccessDenied):
            create_checkpoint(actor=actor)
        assert not Checkpoint.objects.exists()
        refusal = AuditEvent.objects.order_by("-seq").first()
        data = json.loads(bytes(refusal.body))["data"]
        assert (refusal.action, refusal.outcome, refusal.actor_id) == (
            REFUSED,
            Outcome.DENIED,
            actor.pk,
        )
        assert (data["operation"], data["refusal"]) == ("create_checkpoint", "AccessDenied")


def test_a_rule_refusal_is_recorded_with_the_rule_id__AUTH_LOCKOUT(world):
    """A refused operation rolls back, then its refusal is an audit event naming the rule."""
    officer = world.account(Role.SECURITY_OFFICER)
    with pytest.raises(RuleViolation) as refused:
        set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": 50})
    assert refused.value.rule_id == "AUTH-LOCKOUT"
    assert not RuleOverride.objects.exists()
    [event] = audit_events(REFUSED)
    assert event["outcome"] == Outcome.DENIED
    assert event["actor_id"] == officer.pk
    assert event["data"]["rule"] == "AUTH-LOCKOUT"
    assert event["data"]["operation"] == "set_rule"
    assert verification.verify().ok


_FAIL_INSERT = {
    "sqlite": (
        [
            f"CREATE TRIGGER audit_fail BEFORE INSERT ON {triggers.TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
        ],
        ["DROP TRIGGER audit_fail"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$",
            f"CREATE TRIGGER audit_fail BEFORE INSERT ON {triggers.TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION audit_fail()",
        ],
        [f"DROP TRIGGER audit_fail ON {triggers.TABLE}", "DROP FUNCTION audit_fail()"],
    ),
}


def test_an_operation_whose_audit_write_fails_changes_nothing(world):
    """The event and the change it records commit together or not at all."""
    install, remove = _FAIL_INSERT[connection.vendor]
    before = (
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        verification.verify().head_hash,
    )
    for statement in install:
        sql(statement)
    try:
        with pytest.raises(DatabaseError, match="audit store unavailable"):
            org.create_organisation(actor=None, name="未留痕单位")
        with pytest.raises(DatabaseError, match="audit store unavailable"):
            create_checkpoint(actor=None)
    finally:
        for statement in remove:
            sql(statement)
    assert not Organisation.objects.filter(name="未留痕单位").exists()
    assert not Checkpoint.objects.exists()
    after = (
        Organisation.objects.count(),
        AuditEvent.objects.count(),
        verification.verify().head_hash,
    )
    assert after == before
    assert org.create_organisation(actor=None, name="留痕单位").pk
    assert verification.verify().count == before[1] + 1


def test_a_refusal_keeps_the_evidence_it_carries(world):
    """What an operation wrote before refusing is rolled back; the evidence the refusal
    carries is written afterwards, with the refusal's audit event, in one transaction."""
    from baomi.audit.operation import operation

    @operation
    def refuse_with_evidence(*, actor, name):
        Organisation.objects.create(name=f"{name}-rolled-back")

        def evidence():
            Organisation.objects.create(name=f"{name}-kept")

        raise RuleViolation("MEDIA-NO-CROSS", "refused", evidence=evidence)

    with pytest.raises(RuleViolation):
        refuse_with_evidence(actor=None, name="证据")
    names = set(Organisation.objects.values_list("name", flat=True))
    assert "证据-kept" in names and "证据-rolled-back" not in names
    assert audit_events(REFUSED)[-1]["data"]["rule"] == "MEDIA-NO-CROSS"
    assert verification.verify().ok
