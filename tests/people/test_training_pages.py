"""The training pages (PPL-TRAINING, TRAIN-RECORD): the office's sessions, a session with its
sign-in and attendance sheet (dry run, all or none), the shortfall, the 培训记录 exports, and
one's own hours, quiz and rating on one's file."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.people.models import Attendance, TrainingSession
from baomi.people.operations import training as ops
from baomi.people.web.training import my_training, person_training
from baomi.seams.panels import MY_FILE, PERSON, panels_for
from tests.factories import World, audit_events, csv_bytes, xlsx_sheets, xlsx_texts
from tests.web.conftest import signed_in

QUIZ_TEXT = "涉密文件能否带回家？\n* 不能\n- 能\n\n涉密计算机能否上网？\n- 能\n* 不能"


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def record(officer, **changes):
    return ops.record_session(
        actor=officer,
        topic=changes.pop("topic", "保密法规"),
        held_on=changes.pop("held_on", timezone.localdate()),
        hours=changes.pop("hours", "2"),
        trainer="李老师",
        **changes,
    )


def test_the_office_records_a_session_with_its_quiz_on_the_page__TRAIN_RECORD(world, officer):
    client = signed_in(officer)
    assert client.get(reverse("training")).status_code == 200
    response = client.post(
        reverse("training"),
        {
            "topic": "保密法规",
            "held_on": timezone.localdate().isoformat(),
            "hours": "2.5",
            "trainer": "李老师",
            "quiz": QUIZ_TEXT,
        },
    )
    assert response.status_code == 303
    session = TrainingSession.objects.get()
    assert session.hours == Decimal("2.5")
    assert [q["answer"] for q in session.questions] == ["不能", "不能"]
    page = client.get(reverse("training_session", args=[session.pk])).content.decode()
    assert f'data-training-session="{session.pk}"' in page and "data-attendee-count" in page


def test_the_training_pages_are_the_offices(world):
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert signed_in(staff).get(reverse("training")).status_code == 403
    assert signed_in(staff).get(reverse("training_shortfall")).status_code == 403


def test_signing_in_on_the_page_and_twice_is_refused__TRAIN_RECORD(world, officer):
    session = record(officer)
    person = world.person(name="王五")
    client = signed_in(officer)
    url = reverse("training_sign_in", args=[session.pk])
    assert client.post(url, {"person_ids": [person.pk]}).status_code == 303
    assert Attendance.objects.filter(session=session).count() == 1
    refused = client.post(url, {"person_ids": [person.pk]}, follow=True)
    assert "TRAIN-RECORD" in refused.content.decode() and "王五" in refused.content.decode()
    assert Attendance.objects.filter(session=session).count() == 1


def sheet(rows):
    return xlsx_sheets(
        {
            "说明": [["请在签到表中签名"]],
            "签到表": [["2026年第四季度保密培训签到表"], ["培训时间：12月1日"], *rows],
        },
        active=1,
    )


def test_the_attendance_sheet_dry_run_writes_nothing_the_import_writes__TRAIN_RECORD(
    world, officer
):
    session = record(officer)
    a = world.person(name="张三")
    b = world.person(name="李四")
    c = world.person(name="王五")
    content = sheet(
        [
            ["序号", "姓名", "工号", "签到", "测试成绩", "评分"],
            [1, "张三", a.staff_number, "张三", 90, 5],
            [2, "李四", "", "√", "", 4],
            [3, "王五", c.staff_number, "请假", "", ""],
        ]
    )
    client = signed_in(officer)
    url = reverse("training_import", args=[session.pk])
    dry = client.post(
        url, {"file": SimpleUploadedFile("签到表.xlsx", content), "dry_run": "1"}
    ).content.decode()
    assert f'data-person="{a.pk}"' in dry and f'data-person="{b.pk}"' in dry
    assert 'id="import-absent"' in dry and 'data-passed-over="说明"' in dry
    assert not Attendance.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("签到表.xlsx", content), "import": "1"})
    assert done.status_code == 303
    rows = {r.person_id: r for r in Attendance.objects.filter(session=session)}
    assert set(rows) == {a.pk, b.pk}
    assert (rows[a.pk].score, rows[a.pk].rating, rows[b.pk].rating) == (90, 5, 4)
    assert rows[a.pk].hours == session.hours
    [event] = audit_events("people.training_imported")
    assert event["data"]["absent"] == 1


def test_rejected_rows_refuse_the_whole_sheet__TRAIN_RECORD(world, officer):
    session = record(officer)
    a = world.person(name="张三")
    world.person(name="同名")
    world.person(name="同名")
    other = World.build().person(name="外单位")
    ops.sign_in(actor=officer, session_id=session.pk, person_ids=[a.pk])
    content = csv_bytes(
        [
            ["姓名", "工号", "成绩", "评分"],
            ["张三", "", "", ""],  # signed in already
            ["同名", "", "", ""],  # ambiguous
            ["外单位", other.staff_number, "", ""],  # another organisation's
            ["", "", "", ""],
            ["无名氏", "", "", ""],  # nobody
            [officer.person.name, officer.person.staff_number, "", ""],  # oneself
            ["张三", a.staff_number, "101", "6"],  # twice, bad score and rating
        ]
    )
    client = signed_in(officer)
    url = reverse("training_import", args=[session.pk])
    response = client.post(url, {"file": SimpleUploadedFile("签到表.csv", content)})
    assert response.status_code == 400
    html = response.content.decode()
    for row in (2, 3, 4, 6, 7, 8):
        assert f'data-row="{row}"' in html, row
    assert "ROLE-SEPARATION" in html
    assert Attendance.objects.filter(session=session).count() == 1


def test_the_shortfall_page_lists_six_of_eight__PPL_TRAINING(world, officer):
    person = world.person(name="差两课时", clearance=Clearance.GENERAL)
    for day in (1, 2, 3):
        s = record(officer, held_on=datetime.date(timezone.localdate().year, 1, day))
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[person.pk])
    html = signed_in(officer).get(reverse("training_shortfall")).content.decode()
    assert f'data-person="{person.pk}"' in html and "6.0 / 8" in html
    last_year = signed_in(officer).get(
        reverse("training_shortfall"), {"year": timezone.localdate().year - 1}
    )
    assert last_year.status_code == 200
    assert signed_in(officer).get(reverse("training_shortfall"), {"year": "x"}).status_code == 400


def test_the_training_record_exports_hold_the_rows_and_no_formulas__TRAIN_RECORD(world, officer):
    session = record(officer, topic="=HYPERLINK(1)")
    person = world.person(name="张三")
    ops.sign_in(actor=officer, session_id=session.pk, person_ids=[person.pk])
    client = signed_in(officer)
    response = client.get(reverse("training"), {"format": "xlsx"})
    assert response.status_code == 200
    texts = xlsx_texts(response.content)
    assert "=HYPERLINK(1)" in texts and "张三" in texts and "李老师" in texts
    pdf = client.get(reverse("training"), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    events = audit_events("people.training_exported")
    assert [e["data"]["format"] for e in events] == ["xlsx", "pdf"]
    assert events[0]["data"]["lines"] == 1


def test_my_file_shows_my_hours_and_asks_the_quiz_once__TRAIN_RECORD(world, officer):
    me = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    session = record(
        officer,
        questions=[{"text": "涉密文件能否带回家？", "choices": ["能", "不能"], "answer": "不能"}],
    )
    ops.sign_in(actor=officer, session_id=session.pk, person_ids=[me.person_id])
    context = my_training(me)
    assert context["hours"].hours == Decimal(2) and context["hours"].minimum == 8
    [(attendance, quiz, rate)] = context["attended"]
    assert quiz and rate
    assert [p.key for p, _c in panels_for(me, MY_FILE)].count("people.my_training") == 1
    client = signed_in(me)
    answered = client.post(reverse("training_quiz", args=[session.pk]), {"answer-q1": "不能"})
    assert answered.status_code == 303
    assert Attendance.objects.get(pk=attendance.pk).score == 100
    again = client.post(reverse("training_quiz", args=[session.pk]), {"answer-q1": "能"})
    assert again.status_code in (302, 303, 409)
    assert Attendance.objects.get(pk=attendance.pk).score == 100
    rated = client.post(reverse("training_rate", args=[session.pk]), {"rating": "4"})
    assert rated.status_code == 303 and Attendance.objects.get(pk=attendance.pk).rating == 4
    [(_a, quiz, rate)] = my_training(me)["attended"]
    assert not quiz and not rate


def test_a_persons_page_shows_their_hours_to_the_office_only__PPL_TRAINING(world, officer):
    person = world.person(clearance=Clearance.GENERAL)
    assert person_training(officer, person)["hours"].hours == Decimal(0)
    staff = world.account(Role.STAFF)
    assert person_training(staff, person) is None
    assert "people.person_training" in [
        p.key for p, _c in panels_for(officer, PERSON, person=person)
    ]
