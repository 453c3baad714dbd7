"""Importing people from an .xlsx or .csv file (MANAGE_ORGANISATION): reading the file,
checking every row against the organisation chart, and creating all the people or none."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from baomi.access.roles import Role
from baomi.audit.models import AuditEvent
from baomi.core import imports as tables
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Clearance
from baomi.org import imports, operations
from baomi.org.models import Person
from tests.factories import World, audit_events, csv_bytes, xlsx_bytes, xlsx_sheets

ZH = ["姓名", "工号", "部门", "职级", "试用期"]
EN = ["name", "staff_number", "department", "rank", "on_probation"]


@pytest.fixture(autouse=True)
def english():
    """These tests read the reasons in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin(world):
    return world.account(Role.SYSADMIN, dept="office")


def names(world, key):
    return world.departments[key].name


def rows_of(world, *, header=ZH):
    return [
        header,
        ["张三", "N001", names(world, "lab"), "staff", "否"],
        ["李四", 1002, names(world, "office"), "部门经理", "是"],
    ]


class TestReading:
    def test_xlsx_with_chinese_headers(self, world):
        rows = imports.read_rows(xlsx_bytes(rows_of(world)), "people.xlsx")
        assert [(r.number, r.name, r.staff_number, r.rank) for r in rows] == [
            (2, "张三", "N001", "staff"),
            (3, "李四", "1002", "部门经理"),
        ]
        assert rows[1].department == names(world, "office") and rows[1].on_probation == "是"

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
    def test_csv_in_utf8_with_or_without_bom_and_gb18030(self, world, encoding):
        data = csv_bytes(rows_of(world), encoding)
        rows = imports.read_rows(data, "PEOPLE.CSV")
        assert [r.name for r in rows] == ["张三", "李四"]
        assert rows[0].department == names(world, "lab")

    def test_english_headers_in_any_case_and_order_and_blank_rows_skipped(self, world):
        data = csv_bytes(
            [
                ["Rank", "Department", "Staff Number", "Name", "note"],
                ["staff", names(world, "lab"), "N9", "王五", "ignored"],
                ["", "", "", "", ""],
                ["staff", names(world, "lab"), "N10", "赵六"],
            ]
        )
        rows = imports.read_rows(data, "p.csv")
        assert [(r.number, r.name, r.staff_number, r.on_probation) for r in rows] == [
            (2, "王五", "N9", ""),
            (4, "赵六", "N10", ""),
        ]

    def test_other_names_of_the_columns(self, world):
        """As every import (baomi.core.imports): the names real lists of staff use."""
        data = csv_bytes(
            [
                ["员工姓名", "员工编号", "所属部门", "级别", "是否试用期"],
                ["张三", "N1", names(world, "lab"), "staff", "√"],
            ]
        )
        [row] = imports.read_rows(data, "p.csv")
        assert (row.name, row.staff_number, row.rank) == ("张三", "N1", "staff")
        assert (row.department, row.on_probation) == (names(world, "lab"), "√")

    def test_a_list_below_its_title_on_the_sheet_with_the_header(self, world):
        """As every import (baomi.core.imports): title rows above the header, an instructions
        sheet first, and a list on two sheets read from both, each row named by its sheet."""
        people = [["2024年新进人员名单"], [], *rows_of(world)]
        data = xlsx_sheets({"说明": [["部门可填路径"]], "名单": people})
        assert [(r.number, r.name) for r in imports.read_rows(data, "p.xlsx")] == [
            (4, "张三"),
            (5, "李四"),
        ]
        both = imports.read_rows(xlsx_sheets({"名单": people, "名单2": people}), "p.xlsx")
        assert [r.place for r in both] == ["名单!4", "名单!5", "名单2!4", "名单2!5"]

    def test_read_upload_reads_a_file_object(self, world):
        rows = imports.read_upload(io.BytesIO(csv_bytes(rows_of(world, header=EN))), "p.csv")
        assert len(rows) == 2

    @pytest.mark.parametrize(
        ("data", "filename", "words"),
        [
            (b"name,staff_number", "people.txt", ".xlsx"),
            (b"not a zip file", "people.xlsx", ".xlsx"),
            (b"", "people.csv", "header"),
            ("姓名,工号\n张三,1\n".encode(), "people.csv", "部门/department"),
            ("姓名,工号,部门,职级\n".encode(), "people.csv", "no people"),
            ("姓名,name,工号,部门,职级\n张三,张三,1,a,b\n".encode(), "people.csv", "twice"),
            (b"\xff\xfe\x00\x81\x30", "people.csv", "GB18030"),
        ],
    )
    def test_a_file_level_problem_is_one_error(self, data, filename, words):
        with pytest.raises(InvalidInput) as refused:
            imports.read_rows(data, filename)
        assert refused.value.field == "file" and words in refused.value.message
        assert not isinstance(refused.value, imports.ImportRejected)

    def test_missing_columns_are_all_named(self):
        with pytest.raises(InvalidInput) as refused:
            imports.read_rows("姓名\n张三\n".encode(), "p.csv")
        for column in ("工号/staff_number", "部门/department", "职级/rank"):
            assert column in refused.value.message

    def test_too_many_rows_is_refused(self, world, monkeypatch):
        monkeypatch.setattr(tables, "MAX_ROWS", 1)
        with pytest.raises(InvalidInput, match="more than 1 rows"):
            imports.read_rows(xlsx_bytes(rows_of(world)), "p.xlsx")

    def test_too_large_a_file_is_refused(self, world, monkeypatch):
        monkeypatch.setattr(tables, "MAX_BYTES", 10)
        with pytest.raises(InvalidInput, match="larger than"):
            imports.read_upload(io.BytesIO(csv_bytes(rows_of(world))), "p.csv")


def check(admin, *rows):
    return imports.check(admin, [imports.Row(n, *row) for n, row in enumerate(rows, start=2)])


class TestChecking:
    def test_rows_resolve_departments_ranks_and_probation(self, world, admin):
        checked = check(
            admin,
            ("张三", "N1", names(world, "lab"), "staff", ""),
            ("李四", "N2", f"{names(world, 'tech')}/{names(world, 'lab')}", "总监", "YES"),
        )
        assert checked.rejected == []
        first, second = checked.rows
        assert first.department_id == second.department_id == world.departments["lab"].pk
        assert first.department == "/".join(names(world, k) for k in ("root", "tech", "lab"))
        assert (first.rank_id, first.on_probation) == (world.ranks["staff"].pk, False)
        assert (second.rank_id, second.on_probation) == (world.ranks["director"].pk, True)

    def test_every_reason_of_a_row_is_given(self, world, admin):
        checked = check(admin, ("", "", "没有的部门", "no-such-rank", "maybe"))
        assert checked.rows == []
        [row] = checked.rejected
        assert row.number == 2
        text = " ".join(row.reasons)
        for words in ("name is missing", "staff number is missing", "没有的部门", "no-such-rank"):
            assert words in text
        assert "maybe" in text and len(row.reasons) == 5

    def test_probation_is_also_a_tick(self, world, admin):
        """As every yes/no column (baomi.core.imports): √ or ✓ is yes."""
        checked = check(
            admin,
            ("张三", "N1", names(world, "lab"), "staff", "√"),
            ("李四", "N2", names(world, "lab"), "staff", " Yes "),
        )
        assert [r.on_probation for r in checked.rows] == [True, True]

    def test_an_ambiguous_department_names_the_paths(self, world, admin):
        for parent in ("tech", "office"):
            operations.create_department(
                actor=None,
                organisation_id=world.organisation.pk,
                name="研发一室",
                parent_id=world.departments[parent].pk,
            )
        checked = check(
            admin,
            ("张三", "N1", "研发一室", "staff", ""),
            ("李四", "N2", f"{names(world, 'tech')}/研发一室", "staff", ""),
        )
        [row] = checked.rejected
        assert row.number == 2
        assert f"{names(world, 'tech')}/研发一室" in row.reasons[0]
        assert f"{names(world, 'office')}/研发一室" in row.reasons[0]
        assert [r.number for r in checked.rows] == [3]

    def test_another_organisations_department_is_unknown(self, world, admin):
        stranger = World.build().departments["lab"]
        checked = check(admin, ("张三", "N1", stranger.name, "staff", ""))
        assert "Unknown department" in checked.rejected[0].reasons[0]

    def test_taken_and_repeated_staff_numbers(self, world, admin):
        existing = world.person()
        checked = check(
            admin,
            ("张三", existing.staff_number, names(world, "lab"), "staff", ""),
            ("李四", "N7", names(world, "lab"), "staff", ""),
            ("王五", "N7", names(world, "lab"), "staff", ""),
        )
        assert checked.rows == []
        reasons = {r.number: r.reasons for r in checked.rejected}
        assert "taken" in reasons[2][0] and existing.staff_number in reasons[2][0]
        assert "repeated in row(s) 4" in reasons[3][0]
        assert "repeated in row(s) 3" in reasons[4][0]

    def test_checking_needs_manage_organisation(self, world):
        for role in (Role.SECURITY_OFFICER, Role.AUDITOR, Role.STAFF):
            with pytest.raises(AccessDenied):
                check(world.account(role), ("张三", "N1", names(world, "lab"), "staff", ""))


class TestImport:
    def test_creates_everyone_uncleared_in_one_audit_event(self, world, admin):
        rows = imports.read_rows(xlsx_bytes(rows_of(world)), "p.xlsx")
        before = AuditEvent.objects.count()
        imported = operations.import_people(actor=admin, rows=rows)
        people = Person.objects.filter(staff_number__in=["N001", "1002"]).order_by("staff_number")
        assert [p.name for p in people] == ["李四", "张三"]
        assert all(p.clearance == Clearance.NONE for p in people)
        assert all(p.organisation_id == world.organisation.pk for p in people)
        assert people[0].on_probation and not people[1].on_probation
        assert {r.person_id for r in imported} == {p.pk for p in people}
        assert AuditEvent.objects.count() == before + 1
        [event] = audit_events("org.people_imported")
        assert event["data"]["count"] == 2 and event["data"]["rows"] == [2, 3]
        assert sorted(event["data"]["person_ids"]) == sorted(p.pk for p in people)

    def test_one_bad_row_imports_nothing(self, world, admin):
        table = [*rows_of(world), ["王五", "N003", names(world, "lab"), "no-such-rank", ""]]
        rows = imports.read_rows(csv_bytes(table), "p.csv")
        with pytest.raises(imports.ImportRejected) as refused:
            operations.import_people(actor=admin, rows=rows)
        assert [(r.number, len(r.reasons)) for r in refused.value.rejected] == [(4, 1)]
        assert not Person.objects.filter(staff_number__in=["N001", "1002", "N003"]).exists()
        assert audit_events("org.people_imported") == []

    def test_checking_writes_nothing(self, world, admin):
        rows = imports.read_rows(csv_bytes(rows_of(world)), "p.csv")
        people, events = Person.objects.count(), AuditEvent.objects.count()
        assert len(imports.check(admin, rows).rows) == 2
        assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)

    def test_other_roles_are_refused_and_the_refusal_recorded(self, world):
        rows = imports.read_rows(csv_bytes(rows_of(world)), "p.csv")
        for role in (Role.SECURITY_OFFICER, Role.AUDITOR, Role.LEADER, Role.STAFF):
            with pytest.raises(AccessDenied):
                operations.import_people(actor=world.account(role), rows=rows)
        assert not Person.objects.filter(staff_number="N001").exists()
        refusals = [e["data"]["operation"] for e in audit_events("operation.refused")]
        assert refusals.count("import_people") == 4
