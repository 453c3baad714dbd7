"""The security office's people list (涉密人员) and the register of cleared people
(涉密人员名册): each filter selects exactly the right people, only the office reads them, the
register exports without a live formula, bad query parameters answer 4xx naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.models import (
    Attendance,
    ClassifiedPost,
    CoolingOff,
    PostHolding,
    SelfCheck,
    TrainingSession,
    Travel,
    TravelState,
)
from baomi.people.operations.roster import export_register
from baomi.people.queries import roster
from baomi.people.queries.roster import Filters
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events, xlsx_texts
from tests.web.conftest import signed_in


class Cast:
    """One organisation's people, each picked out by one filter."""

    def __init__(self, world: World) -> None:
        self.world = world
        org = world.organisation
        today = timezone.localdate()
        self.office = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
        self.trained = world.person(dept="tech", clearance=Clearance.GENERAL, name="=SUM(A1)")
        self.lab = world.person(dept="lab", clearance=Clearance.IMPORTANT)
        self.uncleared = world.person(dept="tech")
        self.away = world.person(dept="office", clearance=Clearance.GENERAL)
        self.gone = world.person(dept="tech", clearance=Clearance.GENERAL)
        Person.objects.filter(pk=self.gone.pk).update(employment=Employment.LEFT)
        CoolingOff.objects.create(
            organisation=org,
            person=self.gone,
            clearance=Clearance.GENERAL,
            starts=today - datetime.timedelta(days=30),
            ends=today + datetime.timedelta(days=300),
        )
        # A cooling-off period that is over is no longer listed.
        self.over = world.person(dept="tech", clearance=Clearance.GENERAL)
        Person.objects.filter(pk=self.over.pk).update(employment=Employment.LEFT)
        CoolingOff.objects.create(
            organisation=org,
            person=self.over,
            clearance=Clearance.GENERAL,
            starts=today - datetime.timedelta(days=400),
            ends=today - datetime.timedelta(days=1),
        )
        session = TrainingSession.objects.create(
            organisation=org, topic="保密法", held_on=today, hours=Decimal(8), trainer="王"
        )
        Attendance.objects.create(
            organisation=org, session=session, person=self.trained, held_on=today, hours=8
        )
        last_year = TrainingSession.objects.create(
            organisation=org,
            topic="去年",
            held_on=today.replace(year=today.year - 1),
            hours=Decimal(8),
            trainer="王",
        )
        Attendance.objects.create(
            organisation=org,
            session=last_year,
            person=self.lab,
            held_on=last_year.held_on,
            hours=8,
        )
        SelfCheck.objects.create(
            organisation=org,
            person=self.trained,
            month=today.replace(day=1),
            answers={},
            all_clear=True,
        )
        for state, person in ((TravelState.ABROAD, self.away), (TravelState.RETURNED, self.lab)):
            Travel.objects.create(
                organisation=org,
                person=person,
                destination="新加坡",
                purpose="会议",
                departs=today,
                returns=today,
                state=state,
                requested_by=person,
            )
        post = ClassifiedPost.objects.create(
            organisation=org, name="机要员", clearance=Clearance.GENERAL
        )
        PostHolding.objects.create(
            organisation=org, person=self.trained, post=post, since=datetime.date(2024, 3, 1)
        )
        # Another organisation's people never show.
        self.stranger = World.build().person(clearance=Clearance.CORE)

    def ids(self, filters: Filters | None = None) -> set[int]:
        return set(roster.people_files(self.office, filters).values_list("pk", flat=True))


@pytest.fixture
def cast(world) -> Cast:
    return Cast(world)


def test_the_list_holds_the_cleared_people_in_post_by_default__PPL_CLASS(cast):
    assert cast.ids() == {
        cast.office.person_id,
        cast.trained.pk,
        cast.lab.pk,
        cast.away.pk,
    }
    everyone = cast.ids(Filters(scope="all"))
    assert everyone == cast.ids() | {cast.uncleared.pk, cast.gone.pk, cast.over.pk}
    assert cast.stranger.pk not in everyone


def test_the_class_and_department_filters__PPL_CLASS(cast):
    assert cast.ids(Filters(clearance=Clearance.IMPORTANT)) == {cast.lab.pk}
    tech = cast.world.departments["tech"].pk
    # A department with its sub-departments (lab is under tech).
    assert cast.ids(Filters(department_id=tech)) == {cast.trained.pk, cast.lab.pk}
    lab = cast.world.departments["lab"].pk
    assert cast.ids(Filters(department_id=lab)) == {cast.lab.pk}
    other = World.build().departments["tech"].pk
    with pytest.raises(InvalidInput) as refused:
        cast.ids(Filters(department_id=other))
    assert refused.value.field == "department"


def test_the_training_shortfall_filter_counts_this_years_hours__PPL_TRAINING(cast):
    # lab's 8 hours were last year.
    assert cast.ids(Filters(training_shortfall=True)) == cast.ids() - {cast.trained.pk}
    [row] = [p for p in roster.people_files(cast.office) if p.pk == cast.trained.pk]
    assert row.training_hours == Decimal(8)


def test_the_self_check_missing_filter__PPL_SELFCHECK(cast):
    assert cast.ids(Filters(self_check_missing=True)) == cast.ids() - {cast.trained.pk}


def test_the_cooling_off_filter_lists_those_who_left__PPL_EXIT(cast):
    assert cast.ids(Filters(cooling_off=True)) == {cast.gone.pk}
    [row] = roster.people_files(cast.office, Filters(cooling_off=True))
    assert row.cooling_off_ends > timezone.localdate()


def test_the_abroad_filter_lists_those_abroad_now__PPL_ABROAD(cast):
    assert cast.ids(Filters(abroad=True)) == {cast.away.pk}


def test_filters_combine(cast):
    assert cast.ids(Filters(self_check_missing=True, training_shortfall=True, abroad=True)) == {
        cast.away.pk
    }


def test_a_page_reads_one_row_more_than_it_shows_and_never_counts(
    cast, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # the ids, the rows and each column: no count
        rows, next_offset = roster.page(cast.office, offset=0, limit=2)
    assert len(rows) == 2 and next_offset == 2
    rest, last = roster.page(cast.office, offset=2, limit=2)
    assert len(rest) == 2 and last is None
    assert {p.pk for p in rows + rest} == cast.ids()
    [trained] = [p for p in rows + rest if p.pk == cast.trained.pk]
    assert [h.post.name for h in trained.posts] == ["机要员"]


@pytest.mark.parametrize("role", [Role.STAFF, Role.CLERK, Role.LEADER, Role.AUDITOR])
def test_nobody_but_the_office_reads_the_list__PPL_CLASS(cast, role):
    cleared = Clearance.NONE if role == Role.AUDITOR else Clearance.GENERAL
    other = cast.world.account(role, clearance=cleared)
    with pytest.raises(AccessDenied):
        roster.people_files(other)
    assert signed_in(other).get(reverse("people_files")).status_code == 403
    assert ApiClient(other).get("/people-files").status_code == 403
    # Nor another person's page in the organisation (their file as the office reads it).
    assert signed_in(other).get(reverse("person", args=[cast.trained.pk])).status_code == 403


def test_the_page_lists_and_links_each_person(cast):
    client = signed_in(cast.office)
    html = client.get(reverse("people_files"), {"abroad": "on"}).content.decode()
    assert f'data-person="{cast.away.pk}"' in html
    assert f'data-person="{cast.trained.pk}"' not in html
    assert reverse("person", args=[cast.away.pk]) in html
    html = client.get(reverse("people_files")).content.decode()
    assert 'data-self-check="filed"' in html and "data-shortfall" in html


def test_the_page_refuses_a_department_it_does_not_offer(cast):
    other = World.build().departments["tech"].pk
    response = signed_in(cast.office).get(reverse("people_files"), {"department": other})
    assert response.status_code == 400


def test_the_api_lists_with_filters_and_pages(cast):
    client = ApiClient(cast.office)
    answer = client.get("/people-files", abroad="true")
    assert answer.status_code == 200
    body = answer.json()
    assert [p["id"] for p in body["items"]] == [cast.away.pk]
    assert body["items"][0]["abroad"] is True and body["min_hours"] == 8
    first = client.get("/people-files", limit=3).json()
    assert len(first["items"]) == 3 and first["next_offset"] == 3
    tech = cast.world.departments["tech"].pk
    ids = {p["id"] for p in client.get("/people-files", department=tech).json()["items"]}
    assert ids == {cast.trained.pk, cast.lab.pk}
    [trained] = [
        p
        for p in client.get("/people-files", department=tech).json()["items"]
        if p["id"] == cast.trained.pk
    ]
    assert trained["posts"][0]["name"] == "机要员" and trained["self_check_filed"] is True


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("limit", 0),
        ("limit", 101),
        ("offset", -1),
        ("offset", 2**40),
        ("department", "abc"),
        ("department", 2**70),
        ("clearance", 9),
        ("scope", "everyone"),
        ("abroad", "perhaps"),
    ],
)
def test_bad_query_parameters_answer_4xx_naming_the_field(cast, field, value):
    answer = ApiClient(cast.office).get("/people-files", **{field: value})
    assert 400 <= answer.status_code < 500
    assert field in answer.text


def test_an_unknown_department_answers_4xx_naming_it(cast):
    other = World.build().departments["tech"].pk
    answer = ApiClient(cast.office).get("/people-files", department=other)
    assert 400 <= answer.status_code < 500 and "department" in answer.text


def test_the_register_exports_with_rows_and_no_live_formula__PPL_VET(cast):
    exported = export_register(actor=cast.office, file_format="xlsx")
    texts = xlsx_texts(exported.content)
    assert "=SUM(A1)" in texts and "机要员" in texts and "2024-03-01" in texts
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(exported.content)).active
    assert not any(
        cell.data_type == "f" for row in sheet.iter_rows() for cell in row
    )  # the name "=SUM(A1)" is text, not a formula
    pdf = export_register(actor=cast.office, file_format="pdf", filters=Filters(abroad=True))
    assert pdf.content.startswith(b"%PDF")
    first, second = audit_events("people.register_exported")
    assert first["data"]["lines"] == 4 and first["data"]["format"] == "xlsx"
    assert second["data"]["filters"] == {"scope": "cleared", "abroad": True}
    assert second["data"]["lines"] == 1


def test_the_register_is_exported_from_the_page_and_refused_to_others(cast):
    response = signed_in(cast.office).get(reverse("people_files"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    staff = cast.world.account(Role.STAFF, clearance=Clearance.GENERAL)
    with pytest.raises(AccessDenied):
        export_register(actor=staff, file_format="xlsx")
    with pytest.raises(InvalidInput) as refused:
        export_register(actor=cast.office, file_format="csv")
    assert refused.value.field == "format"


def test_the_register_is_in_the_registers_index_for_the_office(cast):
    from baomi.seams.registers import registers_for

    assert "people_files" in {e.key for e in registers_for(cast.office)}
    staff = cast.world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert "people_files" not in {e.key for e in registers_for(staff)}


def test_the_persons_page_shows_their_self_checks_to_the_office__PPL_SELFCHECK(cast):
    html = signed_in(cast.office).get(reverse("person", args=[cast.trained.pk])).content.decode()
    month = timezone.localdate().replace(day=1)
    assert 'id="person-self-checks"' in html and f'data-self-check="{month:%Y-%m}"' in html
    html = signed_in(cast.office).get(reverse("person", args=[cast.lab.pk])).content.decode()
    assert f'data-self-check-missing="{month:%Y-%m}"' in html
    # An uncleared person without self-checks has no such panel.
    html = signed_in(cast.office).get(reverse("person", args=[cast.uncleared.pk])).content.decode()
    assert 'id="person-self-checks"' not in html
