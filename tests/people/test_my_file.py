"""My file (我的保密档案): every person reads their own security file — class, posts, the
MY_FILE panels, their self-checks — on a page and in GET /me/file; never another's."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.models import (
    Attendance,
    ClassifiedPost,
    LetterKind,
    LetterTemplate,
    PostHolding,
    ResponsibilityLetter,
    SelfCheck,
    TrainingSession,
    Travel,
)
from tests.api.conftest import ApiClient
from tests.web.conftest import signed_in


def _file_of(world):
    me = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    other = world.account(Role.STAFF, clearance=Clearance.IMPORTANT)
    org = world.organisation
    today = timezone.localdate()
    post = ClassifiedPost.objects.create(organisation=org, name="机要员", clearance=2)
    PostHolding.objects.create(
        organisation=org, person=me.person, post=post, since=datetime.date(2025, 1, 2)
    )
    other_post = ClassifiedPost.objects.create(organisation=org, name="保密员", clearance=3)
    PostHolding.objects.create(
        organisation=org, person=other.person, post=other_post, since=datetime.date(2025, 1, 2)
    )
    session = TrainingSession.objects.create(
        organisation=org, topic="保密法", held_on=today, hours=Decimal(3), trainer="王"
    )
    Attendance.objects.create(
        organisation=org, session=session, person=me.person, held_on=today, hours=3
    )
    Attendance.objects.create(
        organisation=org, session=session, person=other.person, held_on=today, hours=3
    )
    SelfCheck.objects.create(
        organisation=org,
        person=other.person,
        month=today.replace(day=1),
        answers={},
        all_clear=True,
    )
    template = LetterTemplate.objects.create(
        organisation=org, kind=LetterKind.PERSON, version=1, title="责任书", text="……"
    )
    for second, signed in ((me.person, today), (me.person, None), (other.person, None)):
        ResponsibilityLetter.objects.create(
            organisation=org,
            kind=LetterKind.PERSON,
            year=today.year,
            department=world.departments["tech"],
            first=world.person(),
            second=second,
            template=template,
            second_signed_on=signed,
        )
    Travel.objects.create(
        organisation=org,
        person=other.person,
        destination="东京",
        purpose="会议",
        departs=today,
        returns=today,
        requested_by=other.person,
    )
    Travel.objects.create(
        organisation=org,
        person=me.person,
        destination="新加坡",
        purpose="会议",
        departs=today,
        returns=today,
        requested_by=me.person,
    )
    return me, other


def test_one_reads_ones_own_file_in_the_api(world):
    me, other = _file_of(world)
    body = ApiClient(me).get("/me/file").json()
    assert body["person_id"] == me.person_id and body["clearance"] == Clearance.GENERAL
    assert [p["name"] for p in body["posts"]] == ["机要员"]
    assert Decimal(str(body["training_hours"])) == 3 and body["min_hours"] == 8
    assert body["self_check_filed"] is False
    assert (body["letters_signed"], body["letters_awaiting"]) == (1, 1)
    assert [t["destination"] for t in body["travels"]] == ["新加坡"]
    theirs = ApiClient(other).get("/me/file").json()
    assert theirs["self_check_filed"] is True and [p["name"] for p in theirs["posts"]] == ["保密员"]


def test_the_office_reads_only_its_own_file_there_too(world):
    _file_of(world)
    office = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    body = ApiClient(office).get("/me/file").json()
    assert body["person_id"] == office.person_id
    assert body["posts"] == [] and body["travels"] == []
    assert (body["letters_signed"], body["letters_awaiting"]) == (0, 0)


def test_the_page_shows_class_posts_and_the_self_check_form(world):
    me, other = _file_of(world)
    html = signed_in(me).get(reverse("my_file")).content.decode()
    assert f'data-clearance="{Clearance.GENERAL}"' in html
    assert "机要员" in html and "保密员" not in html
    month = timezone.localdate().replace(day=1)
    assert f'data-self-check-form="{month:%Y-%m}"' in html
    html = signed_in(other).get(reverse("my_file")).content.decode()
    assert "data-self-check-form" not in html and f'data-self-check="{month:%Y-%m}"' in html


def test_an_uncleared_person_has_a_file_without_self_checks(world):
    staff = world.account(Role.STAFF)
    response = signed_in(staff).get(reverse("my_file"))
    assert response.status_code == 200
    assert 'id="self-checks"' not in response.content.decode()
    assert ApiClient(staff).get("/me/file").json()["clearance"] == Clearance.NONE


def test_the_my_file_entry_is_everyones(world):
    for role in (Role.STAFF, Role.CLERK, Role.SECURITY_OFFICER):
        account = world.account(role)
        assert signed_in(account).get(reverse("my_file")).status_code == 200


def test_one_who_left_reads_no_file(world):
    me, _other = _file_of(world)
    Person.objects.filter(pk=me.person_id).update(employment=Employment.LEFT)
    assert ApiClient(me).get("/me/file").status_code in (401, 403)


def test_anonymous_visitors_go_to_the_login(client, db):
    assert client.get(reverse("my_file")).status_code == 302
