"""One person's journey through the people domain, end to end through the JSON API: vetted,
signs the agreement, is cleared and appointed (PPL-VET), trains 6 of 8 hours and is flagged
short, then completes them (PPL-TRAINING), files this month's self-check once
(PPL-SELFCHECK), travels abroad only once approved and briefed (PPL-ABROAD), then leaves —
refused while holding a copy and keeping a USB stick (HANDOVER), allowed after handing both
to a successor, with the 脱密期 ending the class default (2 years for IMPORTANT) after the
leave date, and their account no longer authenticating (PPL-EXIT).

Each test tells the story up to its rule: the later ones replay the earlier steps (and their
assertions) through the same helpers, so each runs alone. The security office and the person
act with their own bearer tokens; only what no route does — the organisation's chart
(``tests.carriers.conftest.office``), the person's account and the incoming document — is
built by the factories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.carriers.models import Copy
from baomi.core.levels import Clearance, Level
from baomi.org.models import Person
from baomi.seams.deadlines import deadlines
from tests.api.conftest import ApiClient
from tests.carriers import conftest as carriers

office = carriers.office  # the fixture: an office with its clerk, leaders and readers

TODAY = timezone.localdate


def _years_later(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February: the 28th in a common year),
    computed here rather than with the product's helper."""
    if (day.month, day.day) == (2, 29):
        return datetime.date(day.year + years, 2, 28)
    return datetime.date(day.year + years, day.month, day.day)


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.content
    return answer.json()


def _refused(answer: Any, rule: str | None, status: int = 403) -> dict[str, Any]:
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert body["rule"] == rule and body["message"], body
    return body


def _open_deadlines(person_id: int, rule: str) -> list[Any]:
    """The person's own open deadlines of ``rule`` right now."""
    return [
        d
        for d in deadlines(Person.objects.get(pk=person_id).organisation_id, timezone.now())
        if d.rule_id == rule and d.person_id == person_id and d.subject_type == "org.person"
    ]


def _deadline(person_id: int, rule: str) -> Any:
    """The person's own deadline of ``rule`` (this month's, for PPL-SELFCHECK) right now."""
    found = _open_deadlines(person_id, rule)
    assert found, f"no {rule} deadline for person {person_id}"
    return max(found, key=lambda d: d.due_at)  # this month's (a missed one falls due earlier)


@dataclass
class Journey:
    office: carriers.Office
    officer: ApiClient  # the security office
    person_id: int
    account: Account  # the person's own staff account
    me: ApiClient  # the person, with their own token


# 1. Vetting, agreement, clearance, post (PPL-VET) -------------------------------------------


def vetted_and_appointed(office: carriers.Office) -> Journey:
    world = office.world
    admin = world.account(Role.SYSADMIN, dept="office")
    created = _ok(
        ApiClient(admin).post(
            "/org/people",
            {
                "name": "陈旅程",
                "staff_number": "J00001",
                "department_id": world.departments["tech"].pk,
                "rank_id": world.ranks["staff"].pk,
            },
        ),
        201,
    )
    person_id = created["id"]
    account = world.account(Role.STAFF, person=Person.objects.get(pk=person_id))
    officer = ApiClient(office.officer)
    journey = Journey(office, officer, person_id, account, ApiClient(account))

    # No clearance, and no classified post, before a passed vetting and a signed agreement.
    _refused(officer.put(f"/org/people/{person_id}/clearance", {"clearance": 3}), "PPL-VET")
    assert Person.objects.get(pk=person_id).clearance == Clearance.NONE
    post = _ok(
        officer.post(
            "/classified-posts",
            {
                "name": "研发涉密岗",
                "clearance": Clearance.IMPORTANT,
                "department_id": world.departments["tech"].pk,
            },
        ),
        201,
    )
    appoint = {"post_id": post["id"], "since": TODAY().isoformat()}
    _refused(officer.post(f"/people/{person_id}/posts", appoint), "PPL-VET")

    # The person may not vet themselves, nor record their own agreement.
    keys = [item["key"] for item in _ok(officer.get("/vetting-items"))]
    vetting = {
        "reviewer_id": office.director.person_id,
        "reviewed_on": TODAY().isoformat(),
        "result": "passed",
        "items": {key: {"ok": True, "note": ""} for key in keys},
    }
    assert journey.me.post(f"/people/{person_id}/vettings", vetting).status_code in (403, 404)
    _ok(officer.post(f"/people/{person_id}/vettings", vetting), 201)
    # Vetted but not signed: still refused.
    _refused(officer.put(f"/org/people/{person_id}/clearance", {"clearance": 3}), "PPL-VET")
    paper = {
        "kind": "agreement",
        "signed_on": TODAY().isoformat(),
        "version": "2026版",
        "kept_in": "人事档案室",
    }
    _ok(officer.post(f"/people/{person_id}/papers", paper), 201)

    cleared = _ok(officer.put(f"/org/people/{person_id}/clearance", {"clearance": 3}))
    assert cleared["clearance"] == Clearance.IMPORTANT
    holding = _ok(officer.post(f"/people/{person_id}/posts", appoint), 201)
    assert holding["post_id"] == post["id"] and holding["until"] is None
    assert [h["id"] for h in _ok(journey.me.get(f"/people/{person_id}/posts"))] == [holding["id"]]
    history = _ok(officer.get(f"/people/{person_id}/clearance-history"))
    assert [(c["old"], c["new"]) for c in history] == [(Clearance.NONE, Clearance.IMPORTANT)]
    return journey


def test_a_person_is_vetted_signs_is_cleared_and_appointed__PPL_VET(office):
    vetted_and_appointed(office)


# 2. Training hours (PPL-TRAINING) -------------------------------------------------------------


def _session(journey: Journey, topic: str) -> None:
    session = _ok(
        journey.officer.post(
            "/training-sessions",
            {
                "topic": topic,
                "held_on": TODAY().isoformat(),
                "hours": "2",
                "trainer": "李老师",
                "questions": [],
            },
        ),
        201,
    )
    signed = journey.officer.post(
        f"/training-sessions/{session['id']}/attendees", {"person_ids": [journey.person_id]}
    )
    assert [a["person_id"] for a in _ok(signed, 201)] == [journey.person_id]


def _hours(client: ApiClient, person_id: int) -> dict[str, Any]:
    (row,) = [r for r in _ok(client.get("/training/hours")) if r["person_id"] == person_id]
    return row


def trained(journey: Journey) -> Journey:
    for topic in ("保密法规", "涉密载体管理", "计算机保密"):
        _session(journey, topic)
    for client in (journey.officer, journey.me):  # the office sees it, and so does the person
        row = _hours(client, journey.person_id)
        assert Decimal(row["hours"]) == 6 and row["minimum"] == 8, row
        assert row["short"] is True and Decimal(row["missing"]) == 2, row
    assert _deadline(journey.person_id, "PPL-TRAINING").done is False
    _session(journey, "境外保密")
    row = _hours(journey.officer, journey.person_id)
    assert Decimal(row["hours"]) == 8 and row["short"] is False and Decimal(row["missing"]) == 0
    # The minimum reached: no training deadline of the person's is open any more.
    assert _open_deadlines(journey.person_id, "PPL-TRAINING") == []
    return journey


def test_six_of_eight_hours_are_flagged_the_fourth_session_completes_them__PPL_TRAINING(office):
    trained(vetted_and_appointed(office))


# 3. The monthly self-check (PPL-SELFCHECK) ---------------------------------------------------


def self_checked(journey: Journey) -> Journey:
    assert _deadline(journey.person_id, "PPL-SELFCHECK").done is False
    items = _ok(journey.me.get("/self-check-items"))
    answers = {item["key"]: {"yes": True, "note": ""} for item in items}
    # The office files nobody's self-check for them.
    for_them = journey.officer.post(
        "/self-checks", {"answers": answers, "person_id": journey.person_id}
    )
    _refused(for_them, "PPL-SELFCHECK")
    filed = _ok(journey.me.post("/self-checks", {"answers": answers}), 201)
    assert filed["person_id"] == journey.person_id and filed["all_clear"] is True
    assert filed["month"] == TODAY().replace(day=1).isoformat()
    assert _deadline(journey.person_id, "PPL-SELFCHECK").done is True
    again = journey.me.post("/self-checks", {"answers": answers})
    assert again.status_code == 409, again.content
    mine = _ok(journey.me.get("/self-checks"))
    assert [c["id"] for c in mine] == [filed["id"]]
    return journey


def test_this_months_self_check_is_filed_once__PPL_SELFCHECK(office):
    self_checked(trained(vetted_and_appointed(office)))


# 4. Travel abroad (PPL-ABROAD) ---------------------------------------------------------------


def travelled(journey: Journey) -> Journey:
    o, me, officer = journey.office, journey.me, journey.officer
    trip = _ok(
        me.post(
            "/travels",
            {
                "destination": "新加坡",
                "purpose": "学术会议",
                "departs": TODAY().isoformat(),
                "returns": (TODAY() + datetime.timedelta(days=5)).isoformat(),
            },
        ),
        201,
    )
    assert trip["person_id"] == journey.person_id and trip["approval_id"]
    path = f"/travels/{trip['id']}"
    _refused(me.post(f"{path}/depart", {}), "PPL-ABROAD")  # not approved
    (approval,) = [a for a in _ok(me.get("/approvals/mine")) if a["id"] == trip["approval_id"]]
    assert approval["rule_id"] == "PPL-ABROAD" and approval["state"] == "pending"
    # An important person of tech: the head of tech, then the leader in charge.
    approvers = [s["approver_id"] for s in sorted(approval["steps"], key=lambda s: s["order"])]
    assert approvers == [o.tech_head.person_id, o.leader.person_id]
    # The traveller (a staff account) decides no approval, their own least of all.
    _refused(me.post("/approvals/decide", {"request_ids": [approval["id"]]}), None)
    accounts = {a.person_id: a for a in (o.tech_head, o.leader)}
    for approver in approvers:
        (outcome,) = _ok(
            ApiClient(accounts[approver]).post(
                "/approvals/decide", {"request_ids": [approval["id"]], "comment": "同意"}
            )
        )
        assert outcome["approved"] is True, outcome
    assert outcome["state"] == "granted"
    _refused(me.post(f"{path}/depart", {}), "PPL-ABROAD")  # approved, not briefed
    # Only the office records the briefing, not the traveller.
    assert me.post(f"{path}/briefing", {"briefing": "境外保密须知"}).status_code in (403, 404)
    briefed = _ok(officer.post(f"{path}/briefing", {"briefing": "境外保密须知"}))
    assert briefed["briefed_on"] == TODAY().isoformat()
    departed = _ok(me.post(f"{path}/depart", {}))
    assert departed["state"] == "abroad" and departed["departed_on"] == TODAY().isoformat()
    assert _ok(me.post(f"{path}/return", {}))["state"] == "returned"
    reported = _ok(me.post(f"{path}/report", {"report": "行程顺利，未携带涉密载体。"}))
    assert reported["state"] == "reported" and reported["reported_on"] == TODAY().isoformat()
    assert _ok(officer.get(path))["state"] == "reported"
    return journey


def test_the_trip_starts_only_approved_and_briefed__PPL_ABROAD(office):
    travelled(self_checked(trained(vetted_and_appointed(office))))


# 5. Leaving (PPL-EXIT, HANDOVER) -------------------------------------------------------------


def test_the_person_leaves_after_handing_over_and_cools_off__PPL_EXIT(office):
    journey = travelled(self_checked(trained(vetted_and_appointed(office))))
    o, officer, me, pid = office, journey.officer, journey.me, journey.person_id
    successor = o.readers[1]
    clerk = ApiClient(o.clerk)

    # A copy of a secret document circulated to the person, and a USB stick they keep.
    entry = o.incoming(level=Level.SECRET, copies=1, readers=[journey.account, successor])
    (copy,) = o.copies(entry)
    _ok(clerk.post(f"/copies/{copy.pk}/circulate", {"reader_id": pid}), 201)
    stick = _ok(
        officer.post(
            "/assets",
            {"type": "usb_stick", "number": "U-J001", "level": Level.SECRET, "custodian_id": pid},
        ),
        201,
    )
    assert [a["id"] for a in _ok(me.get("/me/assets"))] == [stick["id"]]

    # The exit case and the commitment letter.
    case = _ok(officer.post(f"/people/{pid}/exit-cases", {"kind": "leave", "reason": "辞职"}), 201)
    assert case["next_step"] in ("handover", "commitment"), case
    assert case["cooling_off"]["years"] == 2 and case["cooling_off"]["started"] is False
    letter = {"signed_on": TODAY().isoformat(), "version": "2026版", "kept_in": "人事档案室"}
    recorded = _ok(officer.post(f"/exit-cases/{case['id']}/commitment", letter))
    assert recorded["next_step"] == "handover", recorded

    # Refused while holding the copy and keeping the stick: the refusal lists both.
    refusal = _refused(officer.post(f"/org/people/{pid}/left"), "HANDOVER")
    assert "U-J001" in refusal["message"], refusal
    assert entry.document.number in refusal["message"], refusal

    # Hand the copy to the successor: asked, approved by every approver, listed, signed by both.
    body = {
        "from_person_id": pid,
        "to_person_id": successor.person_id,
        "reason": "leaving",
        "copy_ids": [copy.pk],
    }
    asked = _ok(clerk.post("/handover-requests", body), 201)
    steps = sorted(asked["steps"], key=lambda s: s["order"])
    people = {a.person_id: a for a in (o.director, o.tech_head, o.leader, o.head, o.officer)}
    for step in steps:
        decided = ApiClient(people[step["approver_id"]]).post(
            f"/approvals/{asked['id']}/decision", {"approve": True}
        )
        _ok(decided)
    handover = _ok(clerk.post("/handovers", body), 201)
    for signer in (me, ApiClient(successor)):
        signed = _ok(signer.post(f"/handovers/{handover['id']}/signature"))
    assert signed["completed_at"], signed
    copy = Copy.objects.get(pk=copy.pk)
    assert pid not in (copy.holder_id, copy.custodian_id)
    assert successor.person_id in (copy.holder_id, copy.custodian_id)

    # Still refused for the stick alone; the stick goes to the successor.
    refusal = _refused(officer.post(f"/org/people/{pid}/left"), "HANDOVER")
    assert "U-J001" in refusal["message"] and entry.document.number not in refusal["message"]
    moved = _ok(
        officer.post(f"/assets/{stick['id']}/custodian", {"custodian_id": successor.person_id})
    )
    assert moved["custodian_id"] == successor.person_id

    # Now the person leaves; the 脱密期 runs two years (IMPORTANT's default) from today.
    left = _ok(officer.post(f"/org/people/{pid}/left"))
    assert left["employment"] == "left"
    cooling = left["leaving"]["cooling_off"]
    ends = _years_later(TODAY(), 2).isoformat()
    assert cooling["starts"] == TODAY().isoformat() and cooling["ends"] == ends, cooling
    assert cooling["years"] == 2 and cooling["clearance"] == Clearance.IMPORTANT
    shown = _ok(officer.get(f"/people/{pid}/cooling-off"))
    assert shown["ends"] == ends and shown["starts"] == TODAY().isoformat()
    closed = _ok(officer.get(f"/exit-cases/{case['id']}"))
    assert closed["closed_at"] and closed["cooling_off"]["started"] is True
    _refused(officer.post(f"/org/people/{pid}/left"), None, 409)

    # The person's account no longer authenticates: neither its token nor a new one.
    assert me.get("/me/file").status_code == 401
    assert not Account.objects.filter(person_id=pid, is_active=True).exists()
    assert not me.client.login(username=journey.account.username, password="Test-password-2026")
