"""Leaving or moving off a classified post as one case (PPL-EXIT, HANDOVER): the case lists
everything the person holds, the commitment letter is recorded, the person is marked as left
(or the move completed) only once everything is handed over and the letter signed, and the
cooling-off period (脱密期) of the class at opening starts with its end date; the case prints
as one paper for the file."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.operations import circulation
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.devices.operations import ledger as devices
from baomi.org import operations as org
from baomi.org.models import Employment, Person
from baomi.people.models import CoolingOff, DocumentKind, ExitCase, PostHolding
from baomi.people.operations import exit as ops
from baomi.people.queries import exit as queries
from baomi.people.queries.cooling_off import years_later
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import State, deadlines
from tests.api.conftest import ApiClient
from tests.carriers import conftest as carriers
from tests.factories import World, audit_events
from tests.web.conftest import signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers

TODAY = timezone.localdate


def _letter(officer, case, **kw):
    values = {"signed_on": TODAY(), "version": "2026版", "kept_in": "人事档案室 3 号柜"}
    values.update(kw)
    return ops.record_commitment(actor=officer, case_id=case.pk, **values)


def _refused(rule, call, **kw):
    with pytest.raises(RuleViolation) as error:
        call(**kw)
    assert error.value.rule_id == rule
    return error.value


def test_leaving_is_refused_while_a_copy_and_a_usb_stick_are_held__PPL_EXIT(office):
    reader = office.readers[0]
    copy = office.copies(office.incoming())[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    stick = devices.register_asset(
        actor=office.officer, type="usb_stick", number="U-0042", custodian_id=reader.person_id
    )
    case = ops.open_exit_case(actor=office.officer, person_id=reader.person_id, kind="leave")
    assert case.clearance == Clearance.IMPORTANT
    found = queries.checklist(office.officer, case.pk)
    (handover,) = [s for s in found.steps if s.key == "handover"]
    assert handover.done is False and found.next_step == "handover"
    assert any("U-0042" in line for line in handover.lines)
    assert any(copy.document.number in line for line in handover.lines)
    _letter(office.officer, case)
    error = _refused("HANDOVER", org.mark_left, actor=office.officer, person_id=reader.person_id)
    assert "U-0042" in error.message
    # Hand everything over: the copy comes back, the stick goes to the officer.
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    _refused("HANDOVER", org.mark_left, actor=office.officer, person_id=reader.person_id)
    devices.assign_custodian(
        actor=office.officer, asset_id=stick.pk, custodian_id=office.officer.person_id
    )
    assert queries.checklist(office.officer, case.pk).next_step == "complete"
    person = org.mark_left(actor=office.officer, person_id=reader.person_id)
    assert person.employment == Employment.LEFT
    cooling = CoolingOff.objects.get(person_id=reader.person_id)
    assert cooling.exit_case_id == case.pk and cooling.clearance == Clearance.IMPORTANT
    assert cooling.ends == years_later(TODAY(), 2)
    assert person.leaving["cooling_off"]["ends"] == cooling.ends.isoformat()
    case.refresh_from_db()
    assert case.closed_at is not None
    assert not person.accounts.filter(is_active=True).exists()


def test_leaving_is_refused_without_a_case_or_without_the_letter__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE)
    error = _refused("PPL-EXIT", org.mark_left, actor=office.officer, person_id=person.pk)
    assert person.name in error.message
    assert Person.objects.get(pk=person.pk).employment == Employment.ACTIVE
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    _refused("PPL-EXIT", org.mark_left, actor=office.officer, person_id=person.pk)
    assert not CoolingOff.objects.exists()
    _letter(office.officer, case)
    org.mark_left(actor=office.officer, person_id=person.pk)
    assert CoolingOff.objects.get().ends == years_later(TODAY(), 3)
    refusals = [e for e in audit_events("operation.refused") if e["data"]["rule"] == "PPL-EXIT"]
    assert len(refusals) == 2


def test_an_uncleared_person_leaves_without_a_case__PPL_EXIT(world, office):
    person = world.person()
    _refused(
        "PPL-EXIT", ops.open_exit_case, actor=office.officer, person_id=person.pk, kind="leave"
    )
    assert org.mark_left(actor=office.officer, person_id=person.pk).leaving == {}
    assert not CoolingOff.objects.exists()


@pytest.mark.parametrize(
    ("clearance", "years"),
    [(Clearance.CORE, 3), (Clearance.IMPORTANT, 2), (Clearance.GENERAL, 1)],
)
def test_the_period_ends_the_class_default_after_leaving__PPL_EXIT(world, office, clearance, years):
    person = world.person(clearance=clearance)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    assert queries.checklist(office.officer, case.pk).period.ends == years_later(TODAY(), years)
    _letter(office.officer, case)
    left = org.mark_left(actor=office.officer, person_id=person.pk)
    assert left.leaving["cooling_off"]["years"] == years
    assert CoolingOff.objects.get().ends == years_later(TODAY(), years)


def test_the_period_follows_the_organisations_years_within_the_law__PPL_EXIT(world, office):
    set_rule(actor=office.officer, rule_id="PPL-EXIT", params={"cooling_years_important": 3})
    with pytest.raises(InvalidInput):
        set_rule(actor=office.officer, rule_id="PPL-EXIT", params={"cooling_years_important": 4})
    person = world.person(clearance=Clearance.IMPORTANT)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    _letter(office.officer, case)
    org.mark_left(actor=office.officer, person_id=person.pk)
    assert CoolingOff.objects.get().ends == years_later(TODAY(), 3)


def test_the_class_is_the_one_at_opening__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    org.set_clearance(actor=office.officer, person_id=person.pk, clearance=Clearance.NONE)
    _letter(office.officer, case)
    org.mark_left(actor=office.officer, person_id=person.pk)
    cooling = CoolingOff.objects.get()
    assert cooling.clearance == Clearance.CORE and cooling.ends == years_later(TODAY(), 3)


def test_one_open_case_a_person_and_nobody_opens_their_own__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    with pytest.raises(Conflict):
        ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="move")
    _refused(
        "ROLE-SEPARATION",
        ops.open_exit_case,
        actor=office.officer,
        person_id=office.officer.person_id,
        kind="leave",
    )
    with pytest.raises(InvalidInput) as bad:
        ops.open_exit_case(actor=office.officer, person_id=office.clerk.person_id, kind="x")
    assert bad.value.field == "kind"
    with pytest.raises(InvalidInput) as bad:
        ops.open_exit_case(
            actor=office.officer, person_id=office.clerk.person_id, kind="leave", reason="a\x00"
        )
    assert bad.value.field == "reason"


def test_the_letter_needs_its_evidence__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    for kw, field in (
        ({"kept_in": ""}, "kept_in"),
        ({"version": ""}, "version"),
        ({"signed_on": TODAY() + datetime.timedelta(days=1)}, "signed_on"),
        ({"scan": b"not a pdf", "kept_in": ""}, "scan"),
    ):
        with pytest.raises(InvalidInput) as bad:
            _letter(office.officer, case, **kw)
        assert bad.value.field == field
    case = _letter(office.officer, case, scan=b"%PDF-1.4 scan", scan_name="承诺书.pdf")
    assert case.commitment.kind == DocumentKind.COMMITMENT
    assert case.commitment.scan_type == "application/pdf"
    assert case.commitment.person_id == person.pk
    (event,) = audit_events("people.commitment_recorded")
    assert event["data"]["scan"] is True and "承诺书" not in str(event)


def test_a_move_needs_the_hand_over_the_letter_and_no_clearance__PPL_EXIT(world, office):
    reader = office.readers[1]
    stick = devices.register_asset(
        actor=office.officer, type="usb_stick", number="U-0077", custodian_id=reader.person_id
    )
    case = ops.open_exit_case(actor=office.officer, person_id=reader.person_id, kind="move")
    error = _refused("PPL-EXIT", ops.complete_move, actor=office.officer, case_id=case.pk)
    assert "U-0077" in error.message
    devices.assign_custodian(
        actor=office.officer, asset_id=stick.pk, custodian_id=office.officer.person_id
    )
    _refused("PPL-EXIT", ops.complete_move, actor=office.officer, case_id=case.pk)
    _letter(office.officer, case)
    error = _refused("PPL-EXIT", ops.complete_move, actor=office.officer, case_id=case.pk)
    assert reader.person.name in error.message  # the clearance is lowered first
    org.set_clearance(actor=office.officer, person_id=reader.person_id, clearance=Clearance.NONE)
    done = ops.complete_move(actor=office.officer, case_id=case.pk)
    assert done.closed_at is not None
    assert done.cooling_facts["ends"] == years_later(TODAY(), 2).isoformat()
    assert Person.objects.get(pk=reader.person_id).employment == Employment.ACTIVE
    assert not PostHolding.objects.filter(person_id=reader.person_id, until=None).exists()
    assert CoolingOff.objects.get().exit_case_id == case.pk
    with pytest.raises(Conflict):
        ops.complete_move(actor=office.officer, case_id=case.pk)


def test_a_case_of_leaving_is_not_completed_as_a_move__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    with pytest.raises(Conflict):
        ops.complete_move(actor=office.officer, case_id=case.pk)


def test_another_organisation_sees_nothing__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    stranger = World.build().account(Role.SECURITY_OFFICER)
    with pytest.raises(NotFound):
        ops.open_exit_case(actor=stranger, person_id=person.pk, kind="leave")
    with pytest.raises(NotFound):
        _letter(stranger, case)
    with pytest.raises(NotFound):
        queries.checklist(stranger, case.pk)
    with pytest.raises(NotFound):
        ops.print_exit_case(actor=stranger, case_id=case.pk)
    api = ApiClient(stranger)
    assert api.get(f"/exit-cases/{case.pk}").status_code == 404
    assert api.post(f"/people/{person.pk}/exit-cases", {"kind": "leave"}).status_code == 404
    assert signed_in(stranger).get(reverse("exit_case", args=[case.pk])).status_code == 404


def test_the_api_opens_records_and_completes_the_case__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE)
    api = ApiClient(office.officer)
    opened = api.post(f"/people/{person.pk}/exit-cases", {"kind": "leave", "reason": "辞职"})
    assert opened.status_code == 201
    body = opened.json()
    assert body["next_step"] == "commitment" and body["kind"] == "leave"
    assert body["cooling_off"]["years"] == 3 and body["cooling_off"]["started"] is False
    case_id = body["id"]
    assert api.post(f"/people/{person.pk}/exit-cases", {"kind": "leave"}).status_code == 409
    assert api.post(f"/people/{person.pk}/exit-cases", {"kind": "quit"}).status_code == 422
    left = api.post(f"/org/people/{person.pk}/left")
    assert left.status_code == 403 and left.json()["rule"] == "PPL-EXIT"
    bad = api.post(
        f"/exit-cases/{case_id}/commitment",
        {"signed_on": TODAY().isoformat(), "version": "v1", "scan": "***"},
    )
    assert bad.status_code == 422 and "scan" in bad.json().get("field", "scan")
    scan = base64.b64encode(b"\x89PNG\r\n\x1a\n....").decode()
    recorded = api.post(
        f"/exit-cases/{case_id}/commitment",
        {"signed_on": TODAY().isoformat(), "version": "v1", "scan": scan, "scan_name": "a.png"},
    )
    assert recorded.status_code == 200 and recorded.json()["next_step"] == "complete"
    assert api.post(f"/exit-cases/{case_id}/complete").status_code == 409  # a case of leaving
    left = api.post(f"/org/people/{person.pk}/left")
    assert left.status_code == 200
    cooling = left.json()["leaving"]["cooling_off"]
    ends = years_later(TODAY(), 3).isoformat()
    assert cooling["ends"] == ends and cooling["years"] == 3 and cooling["clearance"] == 4
    assert api.get(f"/people/{person.pk}/cooling-off").json()["ends"] == ends
    closed = api.get(f"/exit-cases/{case_id}").json()
    assert closed["closed_at"] and closed["cooling_off"]["started"] is True
    assert closed["next_step"] is None
    assert [c["id"] for c in api.get("/exit-cases").json()] == [case_id]
    assert api.get("/exit-cases?open_only=true").json() == []


def test_other_roles_are_refused__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    api = ApiClient(office.clerk)
    assert api.post(f"/people/{person.pk}/exit-cases", {"kind": "leave"}).status_code == 403
    assert not ExitCase.objects.exists()


def test_the_case_prints_as_one_paper_for_the_file__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE, name="<b>离岗者&")
    case = ops.open_exit_case(
        actor=office.officer, person_id=person.pk, kind="leave", reason="<script>x</script>"
    )
    _letter(office.officer, case, kept_in="柜<1>")
    printed = ops.print_exit_case(actor=office.officer, case_id=case.pk)
    assert printed.content.startswith(b"%PDF")
    assert printed.form.level is not None
    (event,) = audit_events("people.exit_case_printed")
    assert event["data"]["rule"] == "PPL-EXIT"
    response = signed_in(office.officer).get(reverse("exit_print", args=[case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(audit_events("people.exit_case_printed")) == 2


def test_the_case_page_shows_the_checklist__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.IMPORTANT)
    client = signed_in(office.officer)
    page = client.get(reverse("person", args=[person.pk])).content.decode()
    assert 'data-form="open-exit-case"' in page
    response = client.post(reverse("exit_open", args=[person.pk]), {"kind": "leave"})
    case = ExitCase.objects.get()
    assert response.status_code == 303 and response.url == reverse("exit_case", args=[case.pk])
    html = client.get(response.url).content.decode()
    for key in ("handover", "commitment", "accounts", "complete"):
        assert f'data-step="{key}"' in html
    assert reverse("handover_start", args=[person.pk]) in html
    assert f'data-period-ends="{years_later(TODAY(), 2):%Y-%m-%d}"' in html
    client.post(
        reverse("exit_commitment", args=[case.pk]),
        {"signed_on": TODAY().isoformat(), "version": "2026", "kept_in": "档案室"},
    )
    case.refresh_from_db()
    assert case.commitment_id is not None
    response = client.post(reverse("exit_complete", args=[case.pk]))
    assert response.status_code == 303
    assert Person.objects.get(pk=person.pk).employment == Employment.LEFT
    page = client.get(reverse("person", args=[person.pk])).content.decode()
    assert 'id="cooling-off"' in page and f'data-closed-case="{case.pk}"' in page


def test_the_register_lists_the_periods_and_exports__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    _letter(office.officer, case)
    org.mark_left(actor=office.officer, person_id=person.pk)
    client = signed_in(office.officer)
    html = client.get(reverse("cooling_off_register")).content.decode()
    assert f'data-person="{person.pk}"' in html
    for file_format, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("cooling_off_register"), {"format": file_format})
        assert response.status_code == 200 and response.content.startswith(magic)
    assert len(audit_events("people.cooling_off_register_exported")) == 2
    table = queries.register_table(office.officer)
    (row,) = table.rows
    assert row[0] == person.name and row[1] == person.staff_number
    soon = queries.register_lines(
        office.officer, today=years_later(TODAY(), 1) - datetime.timedelta(10)
    )
    assert soon[0].ending_soon and soon[0].days_left == 10
    assert reverse("cooling_off_register") in client.get(reverse("registers")).content.decode()
    assert signed_in(office.clerk).get(reverse("cooling_off_register")).status_code == 403


def test_an_open_case_is_a_deadline_after_thirty_days__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    now = timezone.now()
    (found,) = [
        d for d in deadlines(world.organisation.pk, now) if d.subject_type == "people.exitcase"
    ]
    assert found.subject_id == case.pk and found.state(now) == State.UPCOMING
    later = now + datetime.timedelta(days=31)
    assert found.state(later) == State.OVERDUE
    _letter(office.officer, case)
    org.mark_left(actor=office.officer, person_id=person.pk)
    left = deadlines(world.organisation.pk, now)
    assert not [d for d in left if d.subject_type == "people.exitcase"]
    assert [d for d in left if d.subject_type == "people.coolingoff"]


def test_the_hand_over_page_shows_the_case_and_then_the_period__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    client = signed_in(office.officer)
    start = reverse("handover_start", args=[person.pk])
    assert f'data-open-case="{case.pk}"' in client.get(start).content.decode()
    _letter(office.officer, case)
    response = client.post(reverse("person_left", args=[person.pk]))
    assert response.status_code == 303
    html = client.get(start).content.decode()
    assert 'id="cooling-off"' in html and f'data-closed-case="{case.pk}"' in html


def test_an_open_move_keeps_the_person_from_leaving_until_completed__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="move")
    _letter(office.officer, case)
    error = _refused("PPL-EXIT", org.mark_left, actor=office.officer, person_id=person.pk)
    assert person.name in error.message
    org.set_clearance(actor=office.officer, person_id=person.pk, clearance=Clearance.NONE)
    ops.complete_move(actor=office.officer, case_id=case.pk)
    # Uncleared now: they leave without a new case; the move's period stays theirs.
    assert org.mark_left(actor=office.officer, person_id=person.pk).leaving == {}
    api = ApiClient(office.officer)
    answer = api.get(f"/people/{person.pk}/cooling-off").json()
    assert answer["ends"] == years_later(TODAY(), 1).isoformat()


def test_a_case_opened_by_mistake_is_withdrawn_and_leaving_needs_a_new_one__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.IMPORTANT)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    _letter(office.officer, case)
    withdrawn = ops.withdraw_exit_case(actor=office.officer, case_id=case.pk, reason="误立")
    assert withdrawn.closed_at is not None
    assert not CoolingOff.objects.exists()
    found = queries.checklist(office.officer, case.pk)
    assert found.withdrawn and found.next_step is None
    assert queries.is_withdrawn(withdrawn)
    (event,) = audit_events("people.exit_case_withdrawn")
    assert event["data"]["reason"] == "误立" and event["data"]["rule"] == "PPL-EXIT"
    assert Person.objects.get(pk=person.pk).employment == Employment.ACTIVE
    # The withdrawn case (its letter recorded) no longer counts: leaving needs a new case.
    _refused("PPL-EXIT", org.mark_left, actor=office.officer, person_id=person.pk)
    again = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    _letter(office.officer, again)
    org.mark_left(actor=office.officer, person_id=person.pk)
    assert CoolingOff.objects.get().exit_case_id == again.pk
    assert not queries.is_withdrawn(ExitCase.objects.get(pk=again.pk))
    assert queries.is_withdrawn(ExitCase.objects.get(pk=case.pk))


def test_withdrawing_is_refused_without_a_reason_closed_left_or_oneself__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.GENERAL)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="move")
    for reason in ("", "   ", "a\x07b", "长" * (ops.MAX_REASON + 1), None):
        with pytest.raises(InvalidInput) as bad:
            ops.withdraw_exit_case(actor=office.officer, case_id=case.pk, reason=reason)
        assert bad.value.field == "reason"
    with pytest.raises(AccessDenied):
        ops.withdraw_exit_case(actor=office.clerk, case_id=case.pk, reason="误立")
    stranger = World.build().account(Role.SECURITY_OFFICER)
    with pytest.raises(NotFound):
        ops.withdraw_exit_case(actor=stranger, case_id=case.pk, reason="误立")
    # Nobody withdraws a case about themselves.
    second = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    own = ops.open_exit_case(actor=second, person_id=office.officer.person_id, kind="leave")
    _refused(
        "ROLE-SEPARATION",
        ops.withdraw_exit_case,
        actor=office.officer,
        case_id=own.pk,
        reason="误立",
    )
    ops.withdraw_exit_case(actor=second, case_id=own.pk, reason="误立")
    # A closed case: completed, or withdrawn already.
    with pytest.raises(Conflict):
        ops.withdraw_exit_case(actor=second, case_id=own.pk, reason="再撤")
    org.set_clearance(actor=office.officer, person_id=person.pk, clearance=Clearance.NONE)
    _letter(office.officer, case)
    ops.complete_move(actor=office.officer, case_id=case.pk)
    with pytest.raises(Conflict):
        ops.withdraw_exit_case(actor=office.officer, case_id=case.pk, reason="误立")
    assert not queries.checklist(office.officer, case.pk).withdrawn
    # A person who has left (an open case left behind) keeps it.
    gone = world.person(clearance=Clearance.GENERAL)
    stale = ops.open_exit_case(actor=office.officer, person_id=gone.pk, kind="leave")
    Person.objects.filter(pk=gone.pk).update(employment=Employment.LEFT)
    with pytest.raises(Conflict):
        ops.withdraw_exit_case(actor=office.officer, case_id=stale.pk, reason="误立")
    assert ExitCase.objects.get(pk=stale.pk).closed_at is None
    assert len(audit_events("people.exit_case_withdrawn")) == 1


def test_the_api_withdraws_a_case_and_names_the_field__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.CORE)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    api = ApiClient(office.officer)
    url = f"/exit-cases/{case.pk}/withdraw"
    for body in ({}, {"reason": ""}, {"reason": "a\x00"}, {"reason": "长" * 501}):
        bad = api.post(url, body)
        assert bad.status_code == 422, body
        assert "reason" in str(bad.json()), body
    blank = api.post(url, {"reason": "   "})
    assert blank.status_code == 422 and blank.json()["field"] == "reason"
    assert ApiClient(office.clerk).post(url, {"reason": "误立"}).status_code == 403
    done = api.post(url, {"reason": "误立"})
    assert done.status_code == 200
    body = done.json()
    assert body["withdrawn"] is True and body["closed_at"] and body["next_step"] is None
    assert api.post(url, {"reason": "误立"}).status_code == 409
    assert api.post(f"/exit-cases/{case.pk + 999}/withdraw", {"reason": "x"}).status_code == 404
    left = api.post(f"/org/people/{person.pk}/left")
    assert left.status_code == 403 and left.json()["rule"] == "PPL-EXIT"


def test_the_case_page_withdraws_the_case__PPL_EXIT(world, office):
    person = world.person(clearance=Clearance.IMPORTANT)
    case = ops.open_exit_case(actor=office.officer, person_id=person.pk, kind="leave")
    client = signed_in(office.officer)
    page = reverse("exit_case", args=[case.pk])
    html = client.get(page).content.decode()
    assert 'data-form="withdraw-exit-case"' in html and 'data-withdrawn-case="0"' in html
    refused = client.post(reverse("exit_withdraw", args=[case.pk]), {"reason": ""})
    assert refused.status_code == 302  # back with the refusal shown
    assert ExitCase.objects.get(pk=case.pk).closed_at is None
    response = client.post(reverse("exit_withdraw", args=[case.pk]), {"reason": "误立"})
    assert response.status_code == 303 and response.url == page
    html = client.get(page).content.decode()
    assert f'data-withdrawn="{case.pk}"' in html and 'data-withdrawn-case="1"' in html
    assert 'data-form="withdraw-exit-case"' not in html and 'data-form="complete"' not in html
    assert 'id="cooling-off-term"' not in html
    printed = client.get(reverse("exit_print", args=[case.pk]))
    assert printed.status_code == 200 and printed.content.startswith(b"%PDF")
    clerk = signed_in(office.clerk)
    assert clerk.post(reverse("exit_withdraw", args=[case.pk]), {"reason": "x"}).status_code == 403
