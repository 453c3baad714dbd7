"""Assessments, commendations and penalties (RESP-ASSESS): the score sheet as data (the
default sheet, or the organisation's own), each department assessed once a month or a year
with every score within its item's points, and commendations and penalties recorded by the
security office, never of itself."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.people.models import Assessment, AssessmentItem, Merit
from baomi.people.operations.assessment import assess_department, record_merit, save_sheet
from baomi.people.queries import assessment as queries
from tests.factories import World, audit_events

TODAY = timezone.localdate()


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def full_marks() -> dict[str, int]:
    return {item.key: item.points for item in queries.DEFAULT_SHEET}


def test_the_default_sheet_is_kept_as_data_and_counts_100_points__RESP_ASSESS(world, officer):
    sheet = queries.sheet_for(officer)
    assert sheet == list(queries.DEFAULT_SHEET)
    assert sum(item.points for item in sheet) == 100
    assert all("保密" in item.text or "涉密" in item.text or "泄密" in item.text for item in sheet)


def test_a_department_is_assessed_for_a_month_with_its_total__RESP_ASSESS(world, officer):
    tech = world.departments["tech"]
    scores = full_marks()
    scores["carriers"] = 12
    done = assess_department(
        actor=officer,
        department_id=tech.pk,
        period="month",
        starts=TODAY,
        scores=scores,
        note=" 载体登记不全 ",
    )
    assert (done.starts, done.total, done.out_of, done.note) == (
        TODAY.replace(day=1),
        92,
        100,
        "载体登记不全",
    )
    assert done.assessor_id == officer.person_id
    [event] = audit_events("people.department_assessed")
    assert event["data"]["rule"] == "RESP-ASSESS" and event["data"]["total"] == 92
    assert [a.pk for a in queries.assessments(officer, department_id=tech.pk)] == [done.pk]


def test_one_assessment_per_department_and_period__RESP_ASSESS(world, officer):
    tech = world.departments["tech"]
    assess_department(
        actor=officer, department_id=tech.pk, period="month", starts=TODAY, scores=full_marks()
    )
    with pytest.raises(RuleViolation) as refused:
        assess_department(
            actor=officer,
            department_id=tech.pk,
            period="month",
            starts=TODAY.replace(day=1),
            scores=full_marks(),
        )
    assert refused.value.rule_id == "RESP-ASSESS" and refused.value.conflict
    # The year is another period.
    yearly = assess_department(
        actor=officer, department_id=tech.pk, period="year", starts=TODAY, scores=full_marks()
    )
    assert yearly.starts == datetime.date(TODAY.year, 1, 1)
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize(
    "change,field",
    [
        ({"carriers": 21}, "scores"),
        ({"carriers": -1}, "scores"),
        ({"carriers": 1.5}, "scores"),
        ({"carriers": True}, "scores"),
        ({"extra": 1}, "scores"),
        ({"carriers": None}, "scores"),
    ],
)
def test_scores_stay_within_each_items_points__RESP_ASSESS(world, officer, change, field):
    scores = {**full_marks(), **change}
    if change.get("carriers", 0) is None:
        scores.pop("carriers")
    with pytest.raises(InvalidInput) as refused:
        assess_department(
            actor=officer,
            department_id=world.departments["tech"].pk,
            period="month",
            starts=TODAY,
            scores=scores,
        )
    assert refused.value.field == field
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "values,field",
    [
        ({"period": "week"}, "period"),
        ({"starts": TODAY + datetime.timedelta(days=40)}, "starts"),
        ({"starts": datetime.date(1999, 1, 1)}, "starts"),
        ({"note": "x" * 1001}, "note"),
        ({"note": "a\x00b"}, "note"),
    ],
)
def test_bad_assessment_input_is_refused_naming_the_field__RESP_ASSESS(
    world, officer, values, field
):
    arguments = {
        "department_id": world.departments["tech"].pk,
        "period": "month",
        "starts": TODAY,
        "scores": full_marks(),
        **values,
    }
    with pytest.raises(InvalidInput) as refused:
        assess_department(actor=officer, **arguments)
    assert refused.value.field == field


def test_another_organisations_department_is_not_found__RESP_ASSESS(world, officer):
    elsewhere = World.build().departments["tech"]
    with pytest.raises(NotFound):
        assess_department(
            actor=officer, department_id=elsewhere.pk, period="month", starts=TODAY, scores={}
        )


def test_only_the_office_assesses__RESP_ASSESS(world):
    leader = world.account(Role.LEADER, clearance=Clearance.CORE)
    with pytest.raises(AccessDenied):
        assess_department(
            actor=leader,
            department_id=world.departments["tech"].pk,
            period="month",
            starts=TODAY,
            scores=full_marks(),
        )
    assert list(queries.assessments(leader)) == []


def test_the_office_keeps_its_own_sheet__RESP_ASSESS(world, officer):
    save_sheet(
        actor=officer,
        items=[
            {"key": "a", "text": "制度落实", "points": 60},
            {"key": "b", "text": "载体", "points": 40},
        ],
    )
    assert [i.key for i in queries.sheet_for(officer)] == ["a", "b"]
    # Another organisation keeps the default sheet.
    other = World.build().account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assert queries.sheet_for(other) == list(queries.DEFAULT_SHEET)
    done = assess_department(
        actor=officer,
        department_id=world.departments["lab"].pk,
        period="month",
        starts=TODAY,
        scores={"a": 50, "b": 40},
    )
    assert (done.total, done.out_of) == (90, 100)
    # Saving again replaces the sheet.
    save_sheet(actor=officer, items=[{"key": "c", "text": "保密", "points": 10}])
    assert list(
        AssessmentItem.objects.filter(organisation=world.organisation).values_list("key", flat=True)
    ) == ["c"]
    assert len(audit_events("people.assessment_sheet_saved")) == 2


@pytest.mark.parametrize(
    "items",
    [
        [],
        "a",
        [{"key": "A B", "text": "x", "points": 1}],
        [{"key": "a", "text": "x", "points": 1}, {"key": "a", "text": "y", "points": 1}],
        [{"key": "a", "text": "x", "points": 0}],
        [{"key": "a", "text": "x", "points": 101}],
        [{"key": "a", "text": "", "points": 1}],
        [{"key": "a", "text": "x" * 301, "points": 1}],
        [{"key": f"k{n}", "text": "x", "points": 1} for n in range(31)],
    ],
)
def test_a_bad_sheet_is_refused_naming_the_items__RESP_ASSESS(world, officer, items):
    with pytest.raises(InvalidInput) as refused:
        save_sheet(actor=officer, items=items)
    assert refused.value.field == "items"
    assert not AssessmentItem.objects.filter(organisation=world.organisation).exists()


def test_commendations_and_penalties_are_recorded__RESP_ASSESS(world, officer):
    person = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    praised = record_merit(
        actor=officer,
        kind="commendation",
        person_id=person.person_id,
        given_on=TODAY,
        reason="全年无泄密",
    )
    fined = record_merit(
        actor=officer,
        kind="penalty",
        department_id=world.departments["lab"].pk,
        given_on=TODAY,
        reason="载体管理不规范",
    )
    assert (praised.person_id, fined.department_id) == (
        person.person_id,
        world.departments["lab"].pk,
    )
    assert [e["data"]["kind"] for e in audit_events("people.merit_recorded")] == [
        "commendation",
        "penalty",
    ]
    # The office reads both; the person their own only.
    assert {m.pk for m in queries.merits(officer)} == {praised.pk, fined.pk}
    assert [m.pk for m in queries.merits(person)] == [praised.pk]


def test_nobody_records_their_own_commendation__RESP_ASSESS(world, officer):
    with pytest.raises(RuleViolation) as refused:
        record_merit(
            actor=officer,
            kind="commendation",
            person_id=officer.person_id,
            given_on=TODAY,
            reason="自评",
        )
    assert refused.value.rule_id == "ROLE-SEPARATION"
    assert not Merit.objects.exists()


@pytest.mark.parametrize(
    "values,field",
    [
        ({"kind": "medal"}, "kind"),
        ({"person_id": None}, "person_id"),
        ({"department_id": 1}, "person_id"),
        ({"given_on": TODAY + datetime.timedelta(days=1)}, "given_on"),
        ({"reason": " "}, "reason"),
        ({"reason": "x" * 1001}, "reason"),
    ],
)
def test_bad_merit_input_is_refused_naming_the_field__RESP_ASSESS(world, officer, values, field):
    person = world.person()
    arguments = {
        "kind": "penalty",
        "person_id": person.pk,
        "given_on": TODAY,
        "reason": "违规",
        **values,
    }
    with pytest.raises(InvalidInput) as refused:
        record_merit(actor=officer, **arguments)
    assert refused.value.field == field


def test_a_merit_for_another_organisations_person_is_not_found__RESP_ASSESS(world, officer):
    stranger = World.build().person()
    with pytest.raises(NotFound):
        record_merit(
            actor=officer, kind="penalty", person_id=stranger.pk, given_on=TODAY, reason="违规"
        )
