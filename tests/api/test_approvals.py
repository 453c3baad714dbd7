"""/api/v1/approvals: the inbox of what awaits me, my requests, deciding and withdrawing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals.models import ApprovalRequest, State
from baomi.core.levels import Level
from tests.carriers import conftest as carriers

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office


def test_awaiting_lists_only_requests_awaiting_the_caller(pending, world, api):
    awaiting = api(pending.issuer).get("/approvals/awaiting")
    assert awaiting.status_code == 200
    [row] = awaiting.json()
    assert row["id"] == pending.request.pk and row["rule_id"] == "CLS-NO-WIDEN"
    assert row["requester_id"] == pending.officer.person_id and row["reason"] == "项目需要"
    assert row["steps"][0]["approver_kind"] == "issuer"
    other_leader = world.account(Role.LEADER)
    assert api(other_leader).get("/approvals/awaiting").json() == []


def test_mine_lists_the_callers_requests(pending, world, api):
    assert [r["id"] for r in api(pending.officer).get("/approvals/mine").json()] == [
        pending.request.pk
    ]
    assert api(pending.issuer).get("/approvals/mine").json() == []


def test_reject_with_comment(pending, api):
    r = api(pending.issuer).post(
        f"/approvals/{pending.request.pk}/decision", {"approve": False, "comment": "不需要"}
    )
    assert r.status_code == 200 and r.json()["state"] == "rejected"
    assert r.json()["steps"][0]["comment"] == "不需要"


def test_reject_without_comment_is_invalid_input(pending, api):
    r = api(pending.issuer).post(f"/approvals/{pending.request.pk}/decision", {"approve": False})
    assert r.status_code == 422 and r.json()["field"] == "comment"


def test_decision_by_someone_not_asked_is_not_found(pending, world, api):
    """A leader who is not the awaited approver sees nothing to decide: 404 like a missing
    request."""
    client = api(world.account(Role.LEADER))
    asked = client.post(f"/approvals/{pending.request.pk}/decision", {"approve": True})
    missing = client.post(f"/approvals/{pending.request.pk + 1000}/decision", {"approve": True})
    assert asked.status_code == 404 and asked.content == missing.content


def test_decision_needs_the_leader_role(pending, world, api):
    """The approver's person, given a staff role instead, may no longer decide."""
    Account.objects.filter(pk=pending.issuer.pk).update(role=Role.STAFF)
    r = api(pending.issuer).post(f"/approvals/{pending.request.pk}/decision", {"approve": True})
    assert r.status_code == 403 and r.json()["rule"] is None


def test_deciding_a_withdrawn_request_is_conflict(pending, api):
    assert api(pending.officer).post(f"/approvals/{pending.request.pk}/withdraw").status_code == 200
    r = api(pending.issuer).post(f"/approvals/{pending.request.pk}/decision", {"approve": True})
    assert r.status_code == 409 and r.json()["rule"] is None


def test_withdraw(pending, api):
    r = api(pending.officer).post(f"/approvals/{pending.request.pk}/withdraw")
    assert r.status_code == 200 and r.json()["state"] == "withdrawn"
    assert ApprovalRequest.objects.get(pk=pending.request.pk).state == State.WITHDRAWN


def test_withdrawing_twice_is_conflict(pending, api):
    client = api(pending.officer)
    client.post(f"/approvals/{pending.request.pk}/withdraw")
    assert client.post(f"/approvals/{pending.request.pk}/withdraw").status_code == 409


def test_withdrawing_anothers_request_is_not_found(pending, api):
    r = api(pending.issuer).post(f"/approvals/{pending.request.pk}/withdraw")
    assert r.status_code == 404
    assert ApprovalRequest.objects.get(pk=pending.request.pk).state == State.PENDING


def test_a_request_says_what_it_authorises_and_describes_its_subject_to_who_may_know_it(
    office, api
):
    """The registered operation's label and sentence (the seams' describers): a loan names
    the borrower, the due date and the purpose; its subject is described to the requester,
    who may know it, and to nobody who may not (CLS-MAC)."""
    secret = office.copies(office.incoming(level=Level.SECRET))[0]
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    body = {"borrower_id": office.readers[0].person_id, "due_date": due, "purpose": "查阅参考"}
    asked = api(office.readers[0]).post(f"/copies/{secret.pk}/loan-requests", body)
    assert asked.status_code == 201, asked.content
    seen = api(office.tech_head).get("/approvals/awaiting").json()
    request = next(r for r in seen if r["id"] == asked.json()["id"])
    assert request["operation_label"] == "出借文件"
    assert request["authorises"] == (
        f"借给{office.readers[0].person.name}，{due}前归还，用途：查阅参考"
    )
    # The head of department is not in the document's scope: the copy is not described.
    assert request["subject"] is None
    mine = api(office.readers[0]).get("/approvals/mine").json()
    assert mine[0]["subject"] == {
        "label": f"{secret.document.number} {secret.document.title} · {secret.label}",
        "level": Level.SECRET,
        "url": f"/copies/{secret.pk}/",
    }


def test_several_requests_are_approved_at_once_each_reported(pending, world, api):
    """POST /approvals/decide: the request awaiting the caller is granted, one it may not
    decide (unknown, or awaiting someone else) is reported with its reason."""
    outcomes = api(pending.issuer).post(
        "/approvals/decide", {"request_ids": [pending.request.pk, 999_999], "comment": "同意"}
    )
    assert outcomes.status_code == 200, outcomes.content
    first, second = outcomes.json()
    assert first == {
        "request_id": pending.request.pk,
        "approved": True,
        "state": "granted",
        "refusal": "",
        "rule_id": "",
    }
    assert second["request_id"] == 999_999 and not second["approved"] and second["refusal"]
    assert ApprovalRequest.objects.get(pk=pending.request.pk).state == State.GRANTED
    # Already decided: reported, not decided twice.
    [again] = (
        api(pending.issuer).post("/approvals/decide", {"request_ids": [pending.request.pk]}).json()
    )
    assert not again["approved"] and again["refusal"]


def test_a_batch_is_bounded(pending, api):
    too_many = list(range(1, 102))
    answer = api(pending.issuer).post("/approvals/decide", {"request_ids": too_many})
    assert answer.status_code == 422
    assert "request_ids" in str(answer.json())
    assert api(pending.issuer).post("/approvals/decide", {"request_ids": []}).status_code == 422
    assert ApprovalRequest.objects.get(pk=pending.request.pk).state == State.PENDING


def test_nobody_approves_their_own_request_in_a_batch(pending, api):
    [own] = (
        api(pending.officer).post("/approvals/decide", {"request_ids": [pending.request.pk]}).json()
    )
    assert not own["approved"] and own["refusal"]
    assert ApprovalRequest.objects.get(pk=pending.request.pk).state == State.PENDING
