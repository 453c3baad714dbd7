# ruff: noqa: F811 - the fixtures imported from tests.cockpit.deadline_world
"""The deadline engine's reads (``cockpit.queries.deadlines``): states, filters, who sees
which deadlines, the page (limit + 1) and the tallies; the deadlines page and its route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.cockpit.queries import deadlines as queries
from baomi.core import rules
from baomi.core.errors import InvalidInput
from baomi.seams.deadlines import DUE_SOON, State
from tests.api.conftest import ApiClient
from tests.cockpit.deadline_world import (
    DAY,
    HOUR,
    NOW,
    build_unit,
    deadline,
    planted,  # noqa: F401 - the fixture
)
from tests.factories import World
from tests.web.conftest import signed_in


@pytest.fixture
def unit(world):
    return build_unit(world)


def _subjects(found):
    return [(d.rule_id, d.subject_id) for d in found]


def test_each_deadline_has_its_state_at_the_moment(planted, unit):
    planted.add(
        unit.id,
        deadline(subject_id=1, due=NOW - HOUR, person=unit.tech_staff),
        deadline(subject_id=2, due=NOW + DUE_SOON - HOUR, person=unit.tech_staff),
        deadline(subject_id=3, due=NOW + DUE_SOON + DAY, person=unit.tech_staff),
        deadline(subject_id=4, due=NOW - DAY, person=unit.tech_staff, done=True),
    )
    found = {d.subject_id: d.state(NOW) for d in queries.seen(unit.officer, NOW)}
    assert found == {1: State.OVERDUE, 2: State.DUE, 3: State.UPCOMING, 4: State.DONE}
    for state, ids in [("overdue", [1]), ("due", [2]), ("upcoming", [3]), ("done", [4])]:
        listed = queries.listed(unit.officer, NOW, queries.Filters(state=state))
        assert [d.subject_id for d in listed] == ids


def test_the_office_and_leaders_see_all_a_head_their_departments_staff_their_own(planted, unit):
    planted.add(
        unit.id,
        deadline(subject_id=1, person=unit.tech_staff),
        deadline(subject_id=2, person=unit.lab_staff),  # lab is under tech
        deadline(subject_id=3, person=unit.office_staff),
        deadline(subject_id=4, department=unit.dept("lab")),  # nobody named
        deadline(subject_id=5, person=unit.tech_head, department=unit.dept("office")),
    )
    every = {1, 2, 3, 4, 5}
    seen = {
        name: {d.subject_id for d in queries.seen(getattr(unit, name), NOW)}
        for name in ("officer", "leader", "tech_head", "tech_staff", "lab_staff", "office_staff")
    }
    assert seen == {
        "officer": every,
        "leader": every,
        "tech_head": {1, 2, 4, 5},
        "tech_staff": {1},
        "lab_staff": {2},
        "office_staff": {3},
    }


def test_another_organisation_s_deadlines_are_never_seen(planted, unit, db):
    other = build_unit(World.build())
    planted.add(other.id, deadline(subject_id=9, person=other.tech_staff))
    planted.add(unit.id, deadline(subject_id=1, person=unit.tech_staff))
    for account in (unit.officer, unit.leader, unit.tech_head, unit.tech_staff):
        assert _subjects(queries.seen(account, NOW)) in ([("LOAN-DUE", 1)], [])
    assert (
        queries.tally(unit.officer, NOW).states["upcoming"]
        + queries.tally(unit.officer, NOW).states["overdue"]
        == 1
    )


def test_filters_by_rule_department_with_its_subdepartments_and_mine(planted, unit):
    planted.add(
        unit.id,
        deadline("LOAN-DUE", subject_id=1, person=unit.tech_staff),
        deadline("PPL-TRAINING", subject_id=2, person=unit.lab_staff),
        deadline("DEV-BACKUP", subject_id=3, person=unit.office_staff),
        deadline("DEV-BACKUP", subject_id=4, person=unit.tech_head),
    )
    by = queries.Filters
    assert _subjects(queries.listed(unit.officer, NOW, by(rule_id="DEV-BACKUP"))) == [
        ("DEV-BACKUP", 3),
        ("DEV-BACKUP", 4),
    ]
    tech = queries.listed(unit.officer, NOW, by(department_id=unit.dept("tech")))
    assert {d.subject_id for d in tech} == {1, 2, 4}
    lab = queries.listed(unit.tech_head, NOW, by(department_id=unit.dept("lab")))
    assert {d.subject_id for d in lab} == {2}
    assert _subjects(queries.listed(unit.tech_head, NOW, by(mine=True))) == [("DEV-BACKUP", 4)]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        (queries.Filters(state="late"), "state"),
        (queries.Filters(rule_id="NO-SUCH-RULE"), "rule_id"),
        (queries.Filters(department_id=10**9), "department_id"),
    ],
)
def test_a_bad_filter_is_refused_naming_its_field(planted, unit, filters, field):
    with pytest.raises(InvalidInput) as refused:
        queries.listed(unit.officer, NOW, filters)
    assert refused.value.field == field


def test_a_head_cannot_filter_by_a_department_outside_their_part(planted, unit):
    with pytest.raises(InvalidInput) as refused:
        queries.listed(unit.tech_head, NOW, queries.Filters(department_id=unit.dept("office")))
    assert refused.value.field == "department_id"
    with pytest.raises(InvalidInput):  # staff have no part to filter
        queries.listed(unit.tech_staff, NOW, queries.Filters(department_id=unit.dept("tech")))


def test_the_page_reads_one_more_than_its_limit_and_the_longest_overdue_leads(planted, unit):
    planted.add(
        unit.id,
        *[
            deadline(subject_id=n, due=NOW + n * HOUR - 3 * DAY, person=unit.tech_staff)
            for n in range(1, 8)
        ],
    )
    first = queries.page(unit.officer, NOW, limit=3)
    assert [r.deadline.subject_id for r in first.rows] == [1, 2, 3]
    assert (first.more, first.next_offset) == (True, 3)
    assert first.rows[0].days_late == 2 and first.rows[0].state is State.OVERDUE
    last = queries.page(unit.officer, NOW, offset=6, limit=3)
    assert ([r.deadline.subject_id for r in last.rows], last.more) == ([7], False)
    with pytest.raises(InvalidInput) as refused:
        queries.page(unit.officer, NOW, limit=queries.MAX_LIMIT + 1)
    assert refused.value.field == "limit"


def test_a_row_names_the_rule_the_people_and_the_subject_only_to_who_may_know_it(planted, unit):
    """A person as subject (org.person) is named to whoever may know people; a subject type
    nobody registered a kind for is never named, only its kind."""
    planted.add(
        unit.id,
        deadline("PPL-TRAINING", subject_id=unit.lab_staff.person_id, person=unit.lab_staff),
        deadline(
            "DEV-BACKUP",
            subject_id=7,
            subject_type="cockpit.notification",
            person=None,
            department=unit.dept("lab"),
        ),
    )
    rows = {r.deadline.rule_id: r for r in queries.page(unit.officer, NOW).rows}
    training = rows["PPL-TRAINING"]
    assert training.rule_title == rules.get("PPL-TRAINING").title_zh
    assert training.person == unit.lab_staff.person.name
    assert training.department == unit.world.departments["lab"].name
    assert training.subject is not None and unit.lab_staff.person.name in training.subject.label
    nameless = rows["DEV-BACKUP"]
    assert nameless.subject is None and nameless.kind
    out = nameless.as_json()
    assert (out["subject_id"], out["subject_label"], out["subject_url"]) == (None, None, None)


def test_the_tallies_count_by_state_rule_and_department(planted, unit):
    planted.add(
        unit.id,
        deadline("LOAN-DUE", subject_id=1, due=NOW - DAY, person=unit.tech_staff),
        deadline("LOAN-DUE", subject_id=2, due=NOW + DAY, person=unit.tech_staff),
        deadline("DEV-BACKUP", subject_id=3, due=NOW - DAY, person=unit.office_staff),
    )
    counted = queries.tally(unit.officer, NOW)
    assert counted.states == {"upcoming": 0, "due": 1, "overdue": 2, "done": 0}
    assert counted.rules == {"DEV-BACKUP": {"overdue": 1}, "LOAN-DUE": {"overdue": 1, "due": 1}}
    assert counted.departments[unit.dept("tech")] == {"overdue": 1, "due": 1}
    assert queries.tally(unit.tech_staff, NOW).states["overdue"] == 1


def test_the_deadlines_page_shows_states_and_the_rectify_button_to_the_office(planted, unit):
    planted.add(
        unit.id,
        deadline(
            "PPL-TRAINING",
            subject_id=unit.lab_staff.person_id,
            due=NOW - 2 * DAY,
            person=unit.lab_staff,
        ),
        deadline("LOAN-DUE", subject_id=5, due=NOW + DAY, person=unit.tech_staff),
    )
    page = signed_in(unit.officer).get(reverse("deadlines")).content.decode()
    assert 'data-state="overdue"' in page and 'data-state="due"' in page
    assert page.count('data-form="deadline-rectify"') == 1
    mine = signed_in(unit.tech_staff).get(reverse("deadlines")).content.decode()
    assert 'data-state="due"' in mine and 'data-state="overdue"' not in mine
    assert "deadline-rectify" not in mine
    refused = signed_in(unit.officer).get(reverse("deadlines"), {"state": "late"})
    assert refused.status_code in (400, 422)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"state": "late"}, "state"),
        ({"rule_id": "NO-SUCH"}, "rule_id"),
        ({"department_id": "0"}, "department_id"),
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"mine": "perhaps"}, "mine"),
    ],
)
def test_the_route_answers_bad_input_with_422_naming_the_field(planted, unit, query, field):
    response = ApiClient(unit.officer).get("/deadlines", **query)
    assert response.status_code == 422, response.content
    assert field in response.content.decode()


def test_the_route_lists_the_page_and_the_tallies(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    client = ApiClient(unit.tech_staff)
    body = client.get("/deadlines", state="overdue").json()
    assert [(i["rule_id"], i["state"], i["days_overdue"]) for i in body["items"]] == [
        ("LOAN-DUE", "overdue", 1)
    ]
    assert body["next_offset"] is None
    assert client.get("/deadlines/tally").json()["states"]["overdue"] == 1
    assert ApiClient(unit.office_staff).get("/deadlines").json()["items"] == []
