"""The training routes (PPL-TRAINING, TRAIN-RECORD): bounded input, 4xx naming the field,
the quiz's answers kept from those who take it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.people.models import Attendance
from tests.api.conftest import ApiClient
from tests.factories import World, csv_bytes

QUIZ = [{"text": "涉密文件能否带回家？", "choices": ["能", "不能"], "answer": "不能"}]


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def body(**changes):
    return {
        "topic": "保密法规",
        "held_on": timezone.localdate().isoformat(),
        "hours": "2",
        "trainer": "李老师",
        "questions": QUIZ,
        **changes,
    }


def test_the_office_records_a_session_and_signs_people_in__TRAIN_RECORD(world, officer):
    client = ApiClient(officer)
    answer = client.post("/training-sessions", body())
    assert answer.status_code == 201, answer.content
    session = answer.json()
    assert session["questions"][0]["answer"] == "不能"
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    signed = client.post(
        f"/training-sessions/{session['id']}/attendees", {"person_ids": [staff.person_id]}
    )
    assert signed.status_code == 201, signed.content
    again = client.post(
        f"/training-sessions/{session['id']}/attendees", {"person_ids": [staff.person_id]}
    )
    assert again.status_code == 409 and again.json()["rule"] == "TRAIN-RECORD"
    # The attendee reads the session without the answers, answers and rates once.
    mine = ApiClient(staff)
    read = mine.get(f"/training-sessions/{session['id']}").json()
    assert read["questions"][0]["answer"] is None
    assert [a["person_id"] for a in read["attendances"]] == [staff.person_id]
    quiz = mine.post(f"/training-sessions/{session['id']}/quiz", {"answers": {"q1": "不能"}})
    assert quiz.status_code == 200 and quiz.json()["score"] == 100
    twice = mine.post(f"/training-sessions/{session['id']}/quiz", {"answers": {"q1": "不能"}})
    assert twice.status_code == 409
    rated = mine.post(f"/training-sessions/{session['id']}/rating", {"rating": 4})
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    listed = client.get("/training-sessions", year=timezone.localdate().year).json()
    assert listed[0]["attendees"] == 1 and listed[0]["average_score"] == 100


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "41"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"topic": "x" * 201}, "topic"),
        ({"trainer": "a\x00b"}, "trainer"),
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"questions": [{"text": "?", "choices": ["a", "b"], "answer": "c"}]}, "questions"),
    ],
)
def test_bad_input_is_a_422_naming_the_field__TRAIN_RECORD(world, officer, changes, field):
    answer = ApiClient(officer).post("/training-sessions", body(**changes))
    assert answer.status_code == 422, answer.content
    assert field in answer.content.decode()


def test_another_organisations_session_and_person_are_404__TRAIN_RECORD(world, officer):
    session = ApiClient(officer).post("/training-sessions", body()).json()
    other = World.build()
    stranger = other.person()
    answer = ApiClient(officer).post(
        f"/training-sessions/{session['id']}/attendees", {"person_ids": [stranger.pk]}
    )
    assert answer.status_code == 404
    other_officer = other.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assert ApiClient(other_officer).get(f"/training-sessions/{session['id']}").status_code == 404


def test_a_non_attendee_rating_is_refused__TRAIN_RECORD(world, officer):
    session = ApiClient(officer).post("/training-sessions", body()).json()
    outsider = world.account(Role.STAFF)
    answer = ApiClient(outsider).post(f"/training-sessions/{session['id']}/rating", {"rating": 3})
    assert answer.status_code == 403 and answer.json()["rule"] == "TRAIN-RECORD"


def test_hours_for_the_office_flag_shortfalls_others_see_their_own__PPL_TRAINING(world, officer):
    client = ApiClient(officer)
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    for day in (1, 2, 3):
        held = datetime.date(timezone.localdate().year, 1, day)
        session = client.post("/training-sessions", body(held_on=held.isoformat())).json()
        client.post(
            f"/training-sessions/{session['id']}/attendees", {"person_ids": [staff.person_id]}
        )
    rows = {r["person_id"]: r for r in client.get("/training/hours").json()}
    assert rows[staff.person_id]["hours"] == "6.0" or float(rows[staff.person_id]["hours"]) == 6
    assert rows[staff.person_id]["short"] is True and rows[staff.person_id]["minimum"] == 8
    own = ApiClient(staff).get("/training/hours").json()
    assert [r["person_id"] for r in own] == [staff.person_id]
    assert ApiClient(staff).get("/training/hours", year=1800).status_code == 422


def test_the_attendance_import_dry_run_writes_nothing__TRAIN_RECORD(world, officer):
    client = ApiClient(officer)
    session = client.post("/training-sessions", body()).json()
    a = world.person(name="张三")
    content = csv_bytes([["姓名", "工号", "签到"], ["张三", a.staff_number, "√"], ["李四", "", ""]])
    url = f"/api/v1/training-sessions/{session['id']}/attendees/import"
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(query: str = ""):
        return client.client.post(
            url + query,
            {"file": SimpleUploadedFile("签到表.csv", content)},
            headers=client.headers,
        )

    dry = upload("?dry_run=true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["would_create"] == 1 and len(dry.json()["absent"]) == 1
    assert not Attendance.objects.exists()
    done = upload()
    assert done.status_code == 200 and done.json()["created"] == 1
    assert Attendance.objects.get().person_id == a.pk
    again = upload("?dry_run=true")
    assert again.status_code == 422 and again.json()["detail"][0]["row"] == 2


def test_the_hours_come_a_page_at_a_time__PPL_TRAINING(world, officer):
    """The office's hours of the year page by ``offset``/``limit`` (at most 500), in the
    order of the whole list; a limit past 500 or a negative offset names its field."""
    for _n in range(5):
        world.person(clearance=Clearance.GENERAL)
    client = ApiClient(officer)
    whole = [r["person_id"] for r in client.get("/training/hours").json()]
    paged = [
        r["person_id"]
        for offset in range(0, len(whole), 2)
        for r in client.get("/training/hours", offset=offset, limit=2).json()
    ]
    assert paged == whole and len(whole) >= 5
    for bad in ({"limit": 501}, {"limit": 0}, {"offset": -1}):
        answer = client.get("/training/hours", **bad)
        assert answer.status_code == 422 and next(iter(bad)) in answer.content.decode()
