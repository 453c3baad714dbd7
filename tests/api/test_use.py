"""Using copies through /api/v1: reproduction (COPY-*), loans (LOAN-*), taking out (CARRY-*),
outside meetings (CIRC-MEETING-RETURN), the fax register (FAX-*) and cipher telegrams
(CIPHER), with the operations' checks and CLS-MAC non-disclosure."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import Copy, FaxEntry, Reproduction
from baomi.core.levels import Clearance, Level
from tests.api.carriers import hidden_like_missing, invalid, refused, snapshot
from tests.carriers import conftest as carriers

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level


def in_days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def secret(office):
    """Copy 1 of 3 of a SECRET incoming document naming the three readers."""
    return office.copies(office.incoming(level=L.SECRET))[0]


@pytest.fixture
def top_secret(office):
    """Copy 1 of 2 of a TOP_SECRET incoming document no reader may know."""
    return office.copies(office.incoming(level=L.TOP_SECRET, copies=2, readers=[]))[0]


@pytest.fixture
def cipher(office):
    return office.copies(office.incoming(level=L.SECRET, carrier_type="cipher"))[0]


def granted(office, answer) -> dict:
    assert answer.status_code == 201, answer.content
    office.approve_all(ApprovalRequest.objects.get(pk=answer.json()["id"]))
    return answer.json()


# Reproduction -------------------------------------------------------------------------------


def test_the_department_head_approves_a_reproduction__COPY_APPROVE(office, api, secret):
    reader, clerk = api(office.readers[0]), api(office.clerk)
    asked = granted(
        office,
        reader.post(
            f"/copies/{secret.pk}/reproduction-requests",
            {"count": 2, "method": "photocopy", "reason": "工作需要"},
        ),
    )
    assert asked["rule_id"] == "COPY-APPROVE"
    assert [s["approver_id"] for s in asked["steps"]] == [office.tech_head.person_id]
    body = {"count": 2, "method": "photocopy", "made_by_id": office.readers[0].person_id}
    r = clerk.post(f"/copies/{secret.pk}/reproductions", body)
    assert r.status_code == 201, r.content
    entry = r.json()
    assert (entry["count"], entry["source_id"], entry["approval_id"]) == (2, secret.pk, asked["id"])
    made = clerk.get(f"/documents/{secret.document_id}/copies").json()
    assert [(c["number"], c["reproduced_from_id"]) for c in made[3:]] == [
        (4, secret.pk),
        (5, secret.pk),
    ]


def test_reproducing_without_approval_is_refused__COPY_APPROVE(office, api, secret):
    before = snapshot(secret.pk)
    body = {"count": 1, "method": "photocopy", "made_by_id": office.clerk.person_id}
    refused(api(office.clerk).post(f"/copies/{secret.pk}/reproductions", body), "COPY-APPROVE")
    assert snapshot(secret.pk) == before and not Reproduction.objects.exists()


def test_a_top_secret_copy_is_never_reproduced_without_the_issuer__COPY_TS(office, api, top_secret):
    clerk = api(office.clerk)
    body = {"count": 1, "method": "photocopy", "made_by_id": office.clerk.person_id}
    refused(clerk.post(f"/copies/{top_secret.pk}/reproductions", body), "COPY-TS")
    asked = clerk.post(
        f"/copies/{top_secret.pk}/reproduction-requests", {"count": 1, "method": "excerpt"}
    )
    refused(asked, "COPY-TS")  # no issuer known to approve it
    assert Copy.objects.filter(document_id=top_secret.document_id).count() == 2


def test_nothing_is_reproduced_outside__COPY_OUTSIDE(office, api, secret):
    body = {"count": 1, "method": "photocopy", "made_by_id": office.clerk.person_id}
    r = api(office.clerk).post(f"/copies/{secret.pk}/reproductions", {**body, "outside": True})
    refused(r, "COPY-OUTSIDE")


def test_a_cipher_telegram_is_never_photocopied__CIPHER(office, api, cipher):
    r = api(office.readers[0]).post(
        f"/copies/{cipher.pk}/reproduction-requests", {"count": 1, "method": "photocopy"}
    )
    refused(r, "CIPHER")
    assert not ApprovalRequest.objects.exists()


@pytest.mark.parametrize("body", [{"count": "two", "method": "photocopy"}, {"count": 1}, {}])
def test_malformed_reproduction_request_is_422(office, api, secret, body):
    invalid(api(office.readers[0]).post(f"/copies/{secret.pk}/reproduction-requests", body))


def test_reproducing_an_unknowable_copy_is_not_found__CLS_MAC(office, api, top_secret):
    hidden_like_missing(
        api(office.readers[0]),
        "POST",
        f"/copies/{top_secret.pk}/reproduction-requests",
        f"/copies/{top_secret.pk + 1000}/reproduction-requests",
        body={"count": 1, "method": "excerpt", "reason": "x"},
    )


# Loans --------------------------------------------------------------------------------------


def loan(office, **kw):
    body = {"borrower_id": office.readers[0].person_id, "due_date": in_days(3)}
    body.update({"purpose": "查阅参考", **kw})
    return body


def test_a_loan_approved_by_both_sides_lent_and_returned__LOAN_APPROVE(office, api, secret):
    clerk = api(office.clerk)
    asked = granted(
        office, api(office.readers[0]).post(f"/copies/{secret.pk}/loan-requests", loan(office))
    )
    assert [s["approver_id"] for s in asked["steps"]] == [
        office.tech_head.person_id,
        office.director.person_id,
    ]
    lent = clerk.post(f"/copies/{secret.pk}/loan", loan(office))
    assert lent.status_code == 201, lent.content
    custody = lent.json()
    assert (custody["kind"], custody["holder_id"], custody["approval_id"]) == (
        "loan",
        office.readers[0].person_id,
        asked["id"],
    )
    assert custody["purpose"] == "查阅参考" and custody["due_at"]
    back = clerk.post(f"/copies/{secret.pk}/return")
    assert back.status_code == 200 and back.json()["returned_at"], back.content
    assert Copy.objects.get(pk=secret.pk).state == "with_custodian"


def test_lending_without_approval_is_refused__LOAN_APPROVE(office, api, secret):
    before = snapshot(secret.pk)
    refused(api(office.clerk).post(f"/copies/{secret.pk}/loan", loan(office)), "LOAN-APPROVE")
    assert snapshot(secret.pk) == before


def test_a_loan_lasts_at_most_the_rulebooks_days__LOAN_DUE(office, api, secret):
    r = api(office.readers[0]).post(
        f"/copies/{secret.pk}/loan-requests", loan(office, due_date=in_days(400))
    )
    refused(r, "LOAN-DUE")
    assert not ApprovalRequest.objects.exists()


@pytest.mark.parametrize("due_date", ["next week", "2026-13-01", None])
def test_a_due_date_that_is_no_date_is_422(office, api, secret, due_date):
    r = api(office.readers[0]).post(
        f"/copies/{secret.pk}/loan-requests", loan(office, due_date=due_date)
    )
    invalid(r)


# Taking out and meetings --------------------------------------------------------------------


def take_out(**kw):
    return {"destination": "市保密局", "due_date": in_days(1), "purpose": "汇报", **kw}


def test_taking_a_copy_out_with_the_leaders_approval__CARRY_APPROVE(office, api, secret):
    reader = api(office.readers[0])
    asked = granted(office, reader.post(f"/copies/{secret.pk}/take-out-requests", take_out()))
    assert [s["approver_id"] for s in asked["steps"]] == [office.leader.person_id]
    r = api(office.clerk).post(
        f"/copies/{secret.pk}/take-out", take_out(person_id=office.readers[0].person_id)
    )
    assert r.status_code == 201, r.content
    assert (r.json()["kind"], r.json()["destination"]) == ("take_out", "市保密局")
    assert Copy.objects.get(pk=secret.pk).state == "taken_out"


def test_taking_out_without_approval_is_refused__CARRY_APPROVE(office, api, secret):
    before = snapshot(secret.pk)
    body = take_out(person_id=office.readers[0].person_id)
    refused(api(office.clerk).post(f"/copies/{secret.pk}/take-out", body), "CARRY-APPROVE")
    assert snapshot(secret.pk) == before


def test_a_cipher_telegram_is_never_carried_out__CIPHER(office, api, cipher):
    body = take_out(person_id=office.readers[0].person_id)
    refused(api(office.clerk).post(f"/copies/{cipher.pk}/take-out", body), "CIPHER")
    meeting = {
        "person_id": office.readers[0].person_id,
        "meeting": "会",
        "meeting_date": in_days(0),
    }
    refused(api(office.clerk).post(f"/copies/{cipher.pk}/meeting", meeting), "CIPHER")


def test_a_meeting_copy_is_due_back_that_day__CIRC_MEETING_RETURN(office, api, secret):
    body = {"person_id": office.readers[0].person_id, "meeting": "全市保密工作会议"}
    r = api(office.clerk).post(f"/copies/{secret.pk}/meeting", {**body, "meeting_date": in_days(0)})
    assert r.status_code == 201, r.content
    assert (r.json()["kind"], r.json()["destination"]) == ("meeting", "全市保密工作会议")
    # A copy at a meeting is not handed to anyone else meanwhile.
    again = api(office.clerk).post(
        f"/copies/{secret.pk}/meeting", {**body, "meeting_date": in_days(0)}
    )
    refused(again, "CIRC-MEETING-RETURN", 409)


def test_a_meeting_copy_goes_only_to_someone_who_may_know_it__CLS_MAC(office, api, secret):
    outsider = office.world.person(clearance=Clearance.CORE)
    body = {"person_id": outsider.pk, "meeting": "会", "meeting_date": in_days(0)}
    refused(api(office.clerk).post(f"/copies/{secret.pk}/meeting", body), "CLS-MAC")


# Fax ----------------------------------------------------------------------------------------


def fax(**kw):
    body = {"direction": "sent", "channel": "secure_fax", "counterparty": "市保密局"}
    return {**body, "level": L.SECRET, **kw}


def test_a_classified_fax_over_the_encrypted_fax_is_registered__FAX_REGISTER(office, api, secret):
    r = api(office.clerk).post("/faxes", fax(document_id=secret.document_id, pages=3))
    assert r.status_code == 201, r.content
    assert (r.json()["level"], r.json()["pages"], r.json()["operator_id"]) == (
        L.SECRET,
        3,
        office.clerk.person_id,
    )


def test_classified_items_never_travel_over_public_channels__FAX_NO_PUBLIC(office, api, secret):
    body = fax(channel="public_fax", document_id=secret.document_id)
    refused(api(office.clerk).post("/faxes", body), "FAX-NO-PUBLIC")
    assert not FaxEntry.objects.exists()


def test_a_received_classified_fax_names_a_head_or_designee__FAX_REGISTER(office, api, secret):
    body = fax(direction="received", document_id=secret.document_id)
    refused(api(office.clerk).post("/faxes", body), "FAX-REGISTER")
    body["recipient_id"] = office.readers[0].person_id
    refused(api(office.clerk).post("/faxes", body), "FAX-REGISTER")
    assert not FaxEntry.objects.exists()


@pytest.mark.parametrize(
    "bad", [{"direction": "sideways"}, {"channel": "pigeon"}, {"pages": "x"}, {"level": None}]
)
def test_malformed_fax_is_422(office, api, bad):
    invalid(api(office.clerk).post("/faxes", fax(**{"level": L.INTERNAL, **bad})))


def test_a_fax_naming_an_unknowable_document_is_not_found__CLS_MAC(office, api, top_secret):
    other = office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    doc = top_secret.document_id
    r, missing = (api(other).post("/faxes", fax(document_id=d)) for d in (doc, doc + 1000))
    assert r.status_code == missing.status_code == 404 and r.content == missing.content
