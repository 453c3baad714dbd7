"""Travel abroad (PPL-ABROAD) on the pages and in the API: the office's list, a trip's page with
its next steps, one's own requests, the passports, the register's exports, the approval's
sentence; refusals as 4xx naming the rule or the field."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance
from baomi.people.models import Passport, Travel, TravelState
from baomi.people.operations import travel as ops
from baomi.seams.approvals import describe, parameters_sentence
from baomi.seams.registers import registers_for
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events
from tests.people.test_travel import Chart, ask, brief, grant
from tests.people.test_travel import chart as chart
from tests.web.conftest import signed_in

TODAY = timezone.localdate


def _trip_body(**kw):
    body = {
        "destination": "日本东京",
        "purpose": "技术交流",
        "departs": TODAY().isoformat(),
        "returns": (TODAY() + datetime.timedelta(days=3)).isoformat(),
    }
    body.update(kw)
    return body


def test_the_api_walks_a_trip_from_request_to_report__PPL_ABROAD(chart: Chart):
    staff, officer = ApiClient(chart.staff), ApiClient(chart.officer)
    made = staff.post("/travels", _trip_body())
    assert made.status_code == 201, made.content
    trip = made.json()
    assert trip["status"] == "requested" and trip["next_steps"] == ["cancel"]
    refused = staff.post(f"/travels/{trip['id']}/depart", {})
    assert refused.status_code == 403 and refused.json()["rule"] == "PPL-ABROAD"
    grant(ApprovalRequest.objects.get(pk=trip["approval_id"]))
    assert officer.get(f"/travels/{trip['id']}").json()["next_steps"] == ["brief", "cancel"]
    unbriefed = staff.post(f"/travels/{trip['id']}/depart", {})
    assert unbriefed.status_code == 403 and unbriefed.json()["rule"] == "PPL-ABROAD"
    passport = officer.post("/passports", {"person_id": chart.staff.person_id, "number": "E9"})
    assert passport.status_code == 201
    early = officer.post(f"/passports/{passport.json()['id']}/hand-out", {"travel_id": trip["id"]})
    assert early.status_code == 403 and early.json()["rule"] == "PPL-ABROAD"
    briefed = officer.post(f"/travels/{trip['id']}/briefing", {"briefing": "出境保密提醒"})
    assert briefed.status_code == 200 and briefed.json()["status"] == "briefed"
    out = officer.post(f"/passports/{passport.json()['id']}/hand-out", {"travel_id": trip["id"]})
    assert out.status_code == 200 and out.json()["out"] is True
    assert staff.post(f"/travels/{trip['id']}/depart", {}).json()["status"] == "abroad"
    back = staff.post(f"/travels/{trip['id']}/return", {})
    assert back.json()["status"] == "returned" and back.json()["report_due"]
    assert officer.post(f"/passports/{passport.json()['id']}/return").json()["out"] is False
    done = staff.post(f"/travels/{trip['id']}/report", {"report": "无异常"})
    assert done.json()["status"] == "reported" and done.json()["report_overdue"] is False
    assert [t["id"] for t in staff.get("/travels").json()] == [trip["id"]]
    assert [t["id"] for t in officer.get("/travels", status="reported").json()] == [trip["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"destination": "x" * 201}, "destination"),
        ({"destination": "东京\x00"}, "destination"),
        ({"purpose": ""}, "purpose"),
        ({"departs": "2020-01-01"}, "departs"),
        ({"returns": "not a date"}, "returns"),
        ({"person_id": 2**64}, "person_id"),
    ],
)
def test_bad_input_answers_4xx_naming_the_field__PPL_ABROAD(chart: Chart, body, field):
    answer = ApiClient(chart.staff).post("/travels", _trip_body(**body))
    assert 400 <= answer.status_code < 500 and field in answer.text
    assert not Travel.objects.exists()


def test_the_api_hides_anothers_trip_and_refuses_staff_the_passports__PPL_ABROAD(chart: Chart):
    theirs = ask(chart.core)
    staff = ApiClient(chart.staff)
    assert staff.get(f"/travels/{theirs.pk}").status_code == 404
    assert staff.post(f"/travels/{theirs.pk}/cancel").status_code == 404
    assert staff.get(f"/travels/{2**63}").status_code in (404, 422)
    refused = staff.post("/passports", {"person_id": chart.core.person_id, "number": "E1"})
    assert refused.status_code == 403
    assert staff.get("/passports").json() == []


def test_the_approval_says_who_travels_where_and_when__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff, destination="新加坡")
    sentence = parameters_sentence(chart.head, "travel_abroad", trip.approval.params)
    assert chart.staff.person.name in sentence and "新加坡" in sentence
    assert TODAY().isoformat() in sentence
    # The approver asked sees the trip as the request's subject; a stranger does not.
    assert "新加坡" in describe(chart.head, "people.travel", str(trip.pk)).label
    other = chart.world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert describe(other, "people.travel", str(trip.pk)) is None


def test_the_office_list_and_a_trips_page__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff)
    grant(trip.approval)
    office = signed_in(chart.officer)
    html = office.get(reverse("travels")).content.decode()
    assert f'data-travel="{trip.pk}" data-status="approved"' in html
    page = office.get(reverse("travel", args=[trip.pk])).content.decode()
    assert 'data-form="brief"' in page
    answer = office.post(
        reverse("travel_briefing", args=[trip.pk]),
        {"briefed_on": TODAY().isoformat(), "briefing": "保密教育"},
    )
    assert answer.status_code == 303
    trip.refresh_from_db()
    assert trip.state == TravelState.BRIEFED
    # The traveller records the departure from the same page.
    mine = signed_in(chart.staff).get(reverse("travel", args=[trip.pk])).content.decode()
    assert 'data-form="depart"' in mine and 'data-form="brief"' not in mine
    # Staff do not see the office's list, nor another's trip.
    assert signed_in(chart.core).get(reverse("travels")).status_code == 403
    assert signed_in(chart.core).get(reverse("travel", args=[trip.pk])).status_code == 404


def test_a_refused_departure_on_the_page_names_the_rule__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff)
    response = signed_in(chart.staff).post(
        reverse("travel_depart", args=[trip.pk]),
        {"day": TODAY().isoformat(), "refill": "depart"},
        follow=True,
    )
    assert "PPL-ABROAD" in response.content.decode()
    trip.refresh_from_db()
    assert trip.state == TravelState.REQUESTED


def test_one_asks_for_oneself_from_a_form__PPL_ABROAD(chart: Chart):
    answer = signed_in(chart.staff).post(
        reverse("travel_request"),
        {
            "destination": "香港",
            "purpose": "探亲",
            "departs": TODAY().isoformat(),
            "returns": TODAY().isoformat(),
        },
    )
    trip = Travel.objects.get()
    assert answer.status_code == 303 and answer["Location"] == reverse("travel", args=[trip.pk])
    assert trip.person_id == chart.staff.person_id and trip.approval_id
    # Naming another person is the office's alone.
    signed_in(chart.staff).post(
        reverse("travel_request"),
        {
            "person": chart.core.person_id,
            "destination": "香港",
            "purpose": "探亲",
            "departs": TODAY().isoformat(),
            "returns": TODAY().isoformat(),
        },
    )
    assert Travel.objects.count() == 1


def test_the_passports_page_registers_and_lists__PPL_ABROAD(chart: Chart):
    office = signed_in(chart.officer)
    answer = office.post(
        reverse("travel_passports"),
        {"person": chart.staff.person_id, "number": "E55", "kind": "护照", "expires": ""},
    )
    assert answer.status_code == 303
    passport = Passport.objects.get()
    assert (
        f'data-passport="{passport.pk}" data-out="0"'
        in office.get(reverse("travel_passports")).content.decode()
    )


def test_the_register_is_exported_and_audited__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff)
    grant(trip.approval)
    brief(chart, trip)
    assert "travels" in [e.key for e in registers_for(chart.officer)]
    assert "travels" not in [e.key for e in registers_for(chart.staff)]
    office = signed_in(chart.officer)
    for file_format in ("xlsx", "pdf"):
        answer = office.get(reverse("travels"), {"format": file_format})
        assert answer.status_code == 200 and answer.content
    assert [e["data"]["format"] for e in audit_events("people.travel_register_exported")] == [
        "xlsx",
        "pdf",
    ]
    from baomi.people.queries.travel import register_table

    [row] = register_table(chart.officer).rows
    assert chart.staff.person.name in row and chart.head.person.name in " ".join(row)
    assert office.get(reverse("travels"), {"format": "doc"}).status_code in (400, 422)


def test_the_my_file_and_person_panels__PPL_ABROAD(chart: Chart):
    from baomi.people.web import travel as pages

    trip = ask(chart.staff)
    mine = pages.my_travel(chart.staff)
    assert [line["trip"].pk for line in mine["trips"]] == [trip.pk]
    assert pages.my_travel(chart.world.account(Role.STAFF)) is None
    on_page = pages.person_travel(chart.officer, person=chart.staff.person)
    assert [line["trip"].pk for line in on_page["trips"]] == [trip.pk]
    assert pages.person_travel(chart.head, person=chart.staff.person) is None


def test_another_organisations_office_sees_nothing__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff)
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert ApiClient(stranger).get(f"/travels/{trip.pk}").status_code == 404
    with pytest.raises(Exception):
        ops.cancel_travel(actor=stranger, travel_id=trip.pk)


def test_the_panels_render_on_a_persons_page_and_ones_file__PPL_ABROAD(chart: Chart, rf):
    from django.template.loader import render_to_string

    from baomi.people.web import travel as pages

    trip = ask(chart.staff)
    grant(trip.approval)
    brief(chart, trip)
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    ops.record_return(actor=chart.staff, travel_id=trip.pk)
    html = signed_in(chart.officer).get(reverse("person", args=[chart.staff.person_id]))
    assert f'data-person-travel="{trip.pk}"' in html.content.decode()
    request = rf.get("/my-file/")
    request.user = chart.staff
    mine = render_to_string(
        "people/travel/panel_mine.html", pages.my_travel(chart.staff), request=request
    )
    assert f'data-my-travel="{trip.pk}" data-status="returned"' in mine
    assert reverse("travel_report", args=[trip.pk]) in mine
    assert 'data-form="my-travel-request"' in mine


def test_the_approval_form_prints_for_whoever_may_see_the_trip__PPL_ABROAD(chart: Chart):
    trip = ask(chart.staff)
    grant(trip.approval)
    brief(chart, trip)
    mine = signed_in(chart.staff)
    page = mine.get(reverse("travel", args=[trip.pk])).content.decode()
    assert reverse("travel_print", args=[trip.pk]) in page
    answer = mine.get(reverse("travel_print", args=[trip.pk]))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert answer["Content-Type"] == "application/pdf"
    office = signed_in(chart.officer).get(reverse("travel_print", args=[trip.pk]))
    assert office.status_code == 200 and office.content.startswith(b"%PDF")
    printed = ops.print_travel_form(actor=chart.officer, travel_id=trip.pk)
    assert printed.form.title == "出国（境）审批表" and printed.form.level is not None
    text = str(printed.form.blocks)
    assert chart.staff.person.name in text and chart.head.person.name in text
    assert trip.destination in text
    events = audit_events("people.travel_form_printed")
    assert len(events) == 3
    assert {e["data"]["rule"] for e in events} == {"PPL-ABROAD"}
    # Another person's trip is not found for staff, nor for another organisation's office.
    other = signed_in(chart.core)
    assert other.get(reverse("travel_print", args=[trip.pk])).status_code == 404
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert signed_in(stranger).get(reverse("travel_print", args=[trip.pk])).status_code == 404
    assert len(audit_events("people.travel_form_printed")) == 3
