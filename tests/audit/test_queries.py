"""The auditor's reads: the audit log filtered, and the chain's status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.accounts.operations import LOGIN_FAILED, attempt_login
from baomi.audit import queries
from baomi.audit.models import Outcome
from baomi.audit.operation import REFUSED
from baomi.audit.operations import CHECKPOINT_CREATED, create_checkpoint
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.org.operations import ORGANISATION_CREATED
from tests.audit.tamper import sql, tampering
from tests.factories import World


@pytest.fixture
def auditor(world):
    return world.account(Role.AUDITOR)


@pytest.mark.parametrize(
    "role", [Role.SYSADMIN, Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER, Role.STAFF]
)
def test_only_the_auditor_reads_the_audit_log(world, role):
    actor = world.account(role)
    with pytest.raises(AccessDenied):
        queries.events(actor)
    with pytest.raises(AccessDenied):
        queries.chain_status(actor)


def test_the_log_is_newest_first_and_each_event_reads_as_its_hashed_content(world, auditor):
    found = list(queries.events(auditor))
    assert [e.seq for e in found] == sorted((e.seq for e in found), reverse=True)
    with translation.override("en"):
        record = queries.event_record(found[-1])
    assert record["seq"] == found[-1].seq
    assert record["action"] == ORGANISATION_CREATED
    assert record["hash"] == found[-1].hash
    assert record["action_label"] == "Organisation created"


def test_another_organisations_events_are_not_shown_but_the_installations_are(world, auditor):
    other = World.build()
    attempt_login(username="nobody-at-all", password="x" * 12)
    found = queries.events(auditor)
    assert not found.filter(organisation_id=other.organisation.pk).exists()
    assert found.filter(organisation_id=world.organisation.pk).exists()
    assert found.filter(action=LOGIN_FAILED, organisation_id=None).exists()


def test_filters_by_account_person_action_outcome_and_subject(world, auditor):
    staff = world.account(Role.STAFF)
    with pytest.raises(AccessDenied):
        create_checkpoint(actor=staff)
    checkpoint = create_checkpoint(actor=auditor)

    by_staff = queries.events(auditor, actor_id=staff.pk)
    assert [e.action for e in by_staff] == [REFUSED]
    assert list(queries.events(auditor, person_id=staff.person_id)) == list(by_staff)
    refused = queries.events(auditor, outcome=Outcome.DENIED)
    assert {e.action for e in refused} == {REFUSED}
    assert [e.actor_id for e in queries.events(auditor, action=CHECKPOINT_CREATED)] == [auditor.pk]
    assert [e.action for e in queries.events(auditor, subject=checkpoint)] == [CHECKPOINT_CREATED]
    assert queries.events(auditor, subject=("audit.checkpoint", checkpoint.pk)).count() == 1
    with pytest.raises(InvalidInput):
        queries.events(auditor, outcome="maybe")


def test_dates_include_both_ends_in_local_time(world, auditor):
    today = timezone.localdate()
    everything = queries.events(auditor).count()
    assert queries.events(auditor, date_from=today, date_to=today).count() == everything
    assert not queries.events(auditor, date_from=today + timedelta(days=1)).exists()
    assert not queries.events(auditor, date_to=today - timedelta(days=1)).exists()


def test_chain_status_gives_the_verdict_and_the_last_checkpoint(world, auditor):
    status = queries.chain_status(auditor)
    assert status.verdict.ok
    assert status.last_checkpoint is None
    first = create_checkpoint(actor=auditor)
    latest = create_checkpoint(actor=auditor)
    assert queries.chain_status(auditor).last_checkpoint == latest != first
    with tampering():
        sql("DELETE FROM audit_auditevent WHERE seq = 2")
    status = queries.chain_status(auditor)
    assert (status.verdict.ok, status.verdict.broken_seq) == (False, 2)
