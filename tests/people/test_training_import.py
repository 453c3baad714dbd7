"""The attendance sheet's import (TRAIN-RECORD): read like every import (title rows, synonyms,
several sheets), each row resolved to one person of the organisation, all or none, a dry run
that writes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.people import imports
from baomi.people.models import Attendance
from baomi.people.operations import training as ops
from tests.factories import audit_events, csv_bytes, xlsx_sheets


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def session(officer):
    return ops.record_session(
        actor=officer, topic="保密法规", held_on=timezone.localdate(), hours="1.5", trainer="李老师"
    )


def rows(content: bytes, name: str = "签到表.xlsx"):
    return imports.SPEC.read(content, name).rows


def test_two_sheets_with_title_rows_and_other_names_for_the_columns__TRAIN_RECORD(
    world, officer, session
):
    a, b, c = (world.person(name=n) for n in ("张三", "李四", "王五"))
    content = xlsx_sheets(
        {
            "上午场": [
                ["保密培训签到表（上午）"],
                [],
                ["参训人员", "员工编号", "签到签名", "考试成绩", "满意度"],
                ["张三", a.staff_number, "张三", "88", "5"],
                ["李四", "", "李四", "", ""],
            ],
            "下午场": [
                ["参加人员", "出勤"],
                ["王五", "是"],
                ["赵六", "缺席"],
            ],
        }
    )
    read = rows(content)
    assert [(r.sheet, r.number) for r in read] == [
        ("上午场", 4),
        ("上午场", 5),
        ("下午场", 2),
        ("下午场", 3),
    ]
    dry = ops.import_attendance(actor=officer, session_id=session.pk, rows=read, dry_run=True)
    assert [r.person_id for r in dry.rows] == [a.pk, b.pk, c.pk]
    assert [(r.place, r.name) for r in dry.absent] == [("下午场!3", "赵六")]
    assert not Attendance.objects.exists() and not audit_events("people.training_imported")
    ops.import_attendance(actor=officer, session_id=session.pk, rows=read)
    stored = {r.person_id: r for r in Attendance.objects.all()}
    assert set(stored) == {a.pk, b.pk, c.pk}
    assert stored[a.pk].score == 88 and stored[a.pk].rating == 5
    assert all(r.hours == session.hours and r.held_on == session.held_on for r in stored.values())


def test_a_sheet_without_a_sign_in_column_lists_those_present__TRAIN_RECORD(
    world, officer, session
):
    a = world.person(name="张三")
    read = rows(csv_bytes([["工号"], [a.staff_number]]), "a.csv")
    ops.import_attendance(actor=officer, session_id=session.pk, rows=read)
    assert Attendance.objects.get().person_id == a.pk


def test_every_rejected_row_and_nothing_written__TRAIN_RECORD(world, officer, session):
    a = world.person(name="张三")
    gone = world.person(name="离开的人")
    org.mark_left(actor=None, person_id=gone.pk)
    read = rows(
        csv_bytes(
            [
                ["姓名", "工号", "成绩", "评分"],
                ["李四", a.staff_number, "", ""],  # another's staff number
                ["离开的人", "", "", ""],  # left
                ["张三", "", "abc", "0"],  # bad score and rating
                ["张三", "", "", ""],  # twice in the file
            ]
        ),
        "a.csv",
    )
    with pytest.raises(imports.ImportRejected) as refused:
        ops.import_attendance(actor=officer, session_id=session.pk, rows=read)
    reasons = {r.number: " ".join(r.reasons) for r in refused.value.rejected}
    assert set(reasons) == {2, 3, 4, 5}
    assert a.staff_number in reasons[2] and "TRAIN-RECORD" in reasons[3]
    assert "TRAIN-RECORD" in reasons[4] and "5" in reasons[4]
    assert not Attendance.objects.exists()


def test_a_sheet_of_absentees_only_imports_nobody__TRAIN_RECORD(world, officer, session):
    read = rows(csv_bytes([["姓名", "签到"], ["张三", "请假"]]), "a.csv")
    with pytest.raises(InvalidInput) as refused:
        ops.import_attendance(actor=officer, session_id=session.pk, rows=read)
    assert refused.value.field == "file"


def test_a_sheet_naming_nobody_is_refused__TRAIN_RECORD(world):
    with pytest.raises(InvalidInput) as refused:
        rows(csv_bytes([["签到", "成绩"], ["√", "90"]]), "a.csv")
    assert refused.value.field == "file"
