"""Widening a document's knowledge scope (CLS-NO-WIDEN): never silent, and for TOP_SECRET
items only with one approval of the issuer per widening."""

from __future__ import annotations

import pytest

from baomi.access.mac import can_know
from baomi.access.roles import Role
from baomi.approvals.models import State
from baomi.approvals.operations import decide
from baomi.carriers import operations
from baomi.core.errors import AccessDenied, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.rulebook.operations import set_rule
from tests.factories import audit_events

C, L = Clearance, Level


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, clearance=C.CORE, rank="manager", dept="office")


@pytest.fixture
def issuer(world):
    """The leader who issued the document and must approve widening its scope."""
    return world.account(Role.LEADER, clearance=C.CORE, rank="general_manager", dept="root")


@pytest.fixture
def reader(world):
    return world.person(rank="staff", clearance=C.CORE)


def register(officer, issuer, level):
    return operations.register_document(
        actor=officer,
        number="1",
        title="绝密方案",
        level=level,
        term_years=10,
        issued_by_id=issuer.person.pk,
    )


def widen(officer, doc, person):
    return operations.widen_scope(actor=officer, document_id=doc.pk, person_id=person.pk)


def approved_request(officer, issuer, doc, person):
    request = operations.request_scope_widening(
        actor=officer, document_id=doc.pk, person_id=person.pk, reason="参与项目评审"
    )
    return decide(actor=issuer, request_id=request.pk, approve=True)


def refused(rule_id, call, *args):
    with pytest.raises(RuleViolation) as exc:
        call(*args)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def test_widening_a_top_secret_item_without_approval_is_refused__CLS_NO_WIDEN(
    officer, issuer, reader
):
    doc = register(officer, issuer, L.TOP_SECRET)
    refused("CLS-NO-WIDEN", widen, officer, doc, reader)
    assert not can_know(reader, doc)
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["rule"]) == ("widen_scope", "CLS-NO-WIDEN")
    assert not audit_events("carriers.scope_widened")


def test_the_issuers_approval_authorises_one_widening__CLS_NO_WIDEN(officer, issuer, reader):
    """The request goes to the issuer; once granted it widens the scope for that person once,
    and cannot be used again."""
    doc = register(officer, issuer, L.TOP_SECRET)
    request = approved_request(officer, issuer, doc, reader)
    assert request.state == State.GRANTED
    assert [s.approver for s in request.steps.all()] == [issuer.person]

    widen(officer, doc, reader)
    assert can_know(reader, doc)
    request.refresh_from_db()
    assert request.state == State.CONSUMED
    assert audit_events("carriers.scope_widened")[-1]["data"] == {
        "person_id": reader.pk,
        "rule": "CLS-NO-WIDEN",
    }
    assert audit_events("approvals.consumed")[-1]["subject_id"] == str(request.pk)

    doc.scope_people.remove(reader)  # as if the scope had been narrowed again
    refused("CLS-NO-WIDEN", widen, officer, doc, reader)
    assert not can_know(reader, doc)


def test_an_approval_for_one_person_does_not_widen_for_another__CLS_NO_WIDEN(
    world, officer, issuer, reader
):
    doc = register(officer, issuer, L.TOP_SECRET)
    approved_request(officer, issuer, doc, reader)
    other = world.person(rank="staff", clearance=C.CORE)
    refused("CLS-NO-WIDEN", widen, officer, doc, other)
    widen(officer, doc, reader)


def test_a_rejected_request_authorises_nothing__CLS_NO_WIDEN(officer, issuer, reader):
    doc = register(officer, issuer, L.TOP_SECRET)
    request = operations.request_scope_widening(
        actor=officer, document_id=doc.pk, person_id=reader.pk
    )
    decide(actor=issuer, request_id=request.pk, approve=False, comment="无直接关系")
    refused("CLS-NO-WIDEN", widen, officer, doc, reader)


def test_only_the_issuer_decides__CLS_NO_WIDEN(world, officer, issuer, reader):
    doc = register(officer, issuer, L.TOP_SECRET)
    request = operations.request_scope_widening(
        actor=officer, document_id=doc.pk, person_id=reader.pk
    )
    other_leader = world.account(Role.LEADER, clearance=C.CORE, rank="board", dept="root")
    with pytest.raises(NotFound):
        decide(actor=other_leader, request_id=request.pk, approve=True)


def test_a_top_secret_item_without_issuer_cannot_be_widened__CLS_NO_WIDEN(world, officer, reader):
    doc = operations.register_document(
        actor=officer, number="1", title="无签发人", level=L.TOP_SECRET, term_years=10
    )
    with pytest.raises(RuleViolation) as exc:
        operations.request_scope_widening(actor=officer, document_id=doc.pk, person_id=reader.pk)
    assert exc.value.rule_id == "CLS-NO-WIDEN"


@pytest.mark.parametrize("level", [L.CONFIDENTIAL, L.SECRET])
def test_below_top_secret_widening_needs_no_approval_but_is_audited__CLS_NO_WIDEN(
    officer, issuer, reader, level
):
    doc = register(officer, issuer, level)
    widen(officer, doc, reader)
    assert can_know(reader, doc)
    assert audit_events("carriers.scope_widened")[-1]["subject_id"] == str(doc.pk)
    assert not audit_events("approvals.consumed")


def test_the_rulebook_may_require_approval_from_a_lower_level__CLS_NO_WIDEN(
    world, officer, issuer, reader
):
    set_rule(actor=officer, rule_id="CLS-NO-WIDEN", params={"min_level": int(L.SECRET)})
    doc = register(officer, issuer, L.SECRET)
    refused("CLS-NO-WIDEN", widen, officer, doc, reader)


def test_widening_to_someone_not_cleared_is_refused__CLS_MAC(world, officer, issuer):
    doc = register(officer, issuer, L.SECRET)
    low = world.person(rank="board", clearance=C.GENERAL)
    refused("CLS-MAC", widen, officer, doc, low)
    assert not can_know(low, doc)


def test_widening_to_someone_who_already_knows_is_a_conflict__CLS_NO_WIDEN(officer, issuer):
    doc = register(officer, issuer, L.SECRET)
    exc = refused("CLS-NO-WIDEN", widen, officer, doc, issuer.person)
    assert exc.conflict


def test_an_item_the_officer_may_not_know_is_not_found__CLS_MAC(world, officer, issuer, reader):
    clerk = world.account(Role.CLERK, clearance=C.CORE, rank="staff", dept="office")
    hidden = operations.register_document(
        actor=clerk, number="2", title="机要", level=L.SECRET, term_years=5
    )
    with pytest.raises(NotFound) as exc:
        widen(officer, hidden, reader)
    with pytest.raises(NotFound) as missing:
        operations.widen_scope(actor=officer, document_id=hidden.pk + 1000, person_id=reader.pk)
    assert exc.value.message == missing.value.message
    assert not can_know(reader, hidden)


def test_only_the_security_officer_changes_scopes(world, officer, issuer, reader):
    doc = register(officer, issuer, L.SECRET)
    clerk = world.account(Role.CLERK, clearance=C.CORE, rank="board", dept="office")
    with pytest.raises(AccessDenied):
        widen(clerk, doc, reader)
    assert not can_know(reader, doc)
