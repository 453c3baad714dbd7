"""The import scaffolding every import shares (baomi.core.imports): the header row found below
title rows, a column recognised by any of its names (a fallback name, a column standing in for
a required one, a unit in brackets), every sheet of a workbook that has a header row and the
others named, the unused columns, formulas read as saved and never evaluated, the bounds on
rows, and rows checked into those that can be imported and the rejected ones, each named by its
row (and sheet) with every reason."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.utils import translation
from openpyxl import load_workbook

from baomi.core import imports
from baomi.core.errors import InvalidInput
from baomi.core.imports import Field, ImportSpec
from tests.factories import csv_bytes, xlsx_bytes, xlsx_sheets

SPEC = ImportSpec(
    fields=(
        Field("title", ("标题", "title", "文件标题"), required=True),
        Field("copies", ("份数", "copies", "number of copies"), required=True),
        Field("note", ("备注", "note")),
    ),
    nothing_below="nothing below",
    sheet="things",
    module=__name__,
)
Row = SPEC.row_type
HEADER = ["标题", "份数", "备注"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read_rows(data: bytes, filename: str, spec: ImportSpec = SPEC) -> list[tuple[int, list[str]]]:
    """Each row read as its number and the text of its cells in the order of the fields."""
    return [
        (row.number, [getattr(row, f.name) for f in spec.fields])
        for row in spec.read_rows(data, filename)
    ]


def refusal(data: bytes, filename: str = "f.xlsx", spec: ImportSpec = SPEC) -> str:
    with pytest.raises(InvalidInput) as refused:
        read_rows(data, filename, spec)
    assert refused.value.field == "file"
    return refused.value.message


class TestHeaderRow:
    def test_the_header_row_is_found_below_title_rows(self):
        data = xlsx_bytes(
            [
                ["2024年收文登记簿"],
                ["单位：市保密局", None, "2024-12-31"],
                [],
                HEADER,
                ["通知", 2, "急"],
                ["简报", 1],
            ]
        )
        assert SPEC.read_rows(data, "f.xlsx") == [Row(5, "通知", "2", "急"), Row(6, "简报", "1")]

    def test_in_a_csv_file_too(self):
        data = csv_bytes([["收文登记簿"], ["", ""], ["title", "copies"], ["通知", "3"]])
        assert read_rows(data, "f.csv", SPEC) == [(4, ["通知", "3", ""])]

    def test_a_title_naming_a_column_is_not_the_header(self):
        """A title row that names a column but not every required one is passed over."""
        data = xlsx_bytes([["标题"], HEADER, ["通知", 1]])
        assert read_rows(data, "f.xlsx", SPEC) == [(3, ["通知", "1", ""])]

    def test_the_header_is_looked_for_among_the_top_rows_only(self, monkeypatch):
        monkeypatch.setattr(imports, "HEADER_ROWS", 2)
        data = xlsx_bytes([["登记簿"], ["单位"], HEADER, ["通知", 1]])
        assert "标题/title, 份数/copies" in refusal(data)

    def test_missing_columns_are_those_of_the_row_naming_the_most(self):
        message = refusal(xlsx_bytes([["登记簿"], ["标题", "备注"], ["通知", "x"]]))
        assert message == "Required columns are missing: 份数/copies."

    def test_without_any_column_named_every_required_one_is_missing(self):
        message = refusal(csv_bytes([["a", "b"], ["1", "2"]]), "f.csv")
        assert message == "Required columns are missing: 标题/title, 份数/copies."

    @pytest.mark.parametrize(
        ("data", "filename", "words"),
        [
            (b"", "f.csv", "empty"),
            (xlsx_bytes([[], [None, ""]]), "f.xlsx", "empty"),
            (csv_bytes([["登记簿"], HEADER]), "f.csv", "nothing below"),
            (b"x", "f.txt", ".xlsx or .csv"),
            (b"not a zip", "f.xlsx", "not a readable .xlsx"),
        ],
    )
    def test_a_file_level_problem_is_one_error(self, data, filename, words):
        assert words in refusal(data, filename)


class TestColumnNames:
    def test_synonyms_case_spaces_underscores_marks_and_full_width(self):
        data = csv_bytes(
            [["＊文件标题", " Number  Of_Copies ", "NOTE", "unknown"], ["通知", "2", "急", "x"]]
        )
        assert read_rows(data, "f.csv", SPEC) == [(2, ["通知", "2", "急"])]

    def test_columns_in_any_order_and_absent_optional_ones_empty(self):
        data = xlsx_bytes([["copies", "title"], [3, "通知"]])
        [row] = SPEC.read_rows(data, "f.xlsx")
        assert (row.number, row.title, row.copies, row.note) == (2, "通知", "3", "")

    def test_a_column_named_twice_is_refused_even_by_two_of_its_names(self):
        data = csv_bytes([["标题", "份数", "文件标题"], ["a", "1", "b"]])
        assert refusal(data, "f.csv") == "The column 文件标题 appears twice."

    def test_header_key(self):
        assert imports.header_key(" ＊Date_Received\n") == imports.header_key("date received")
        assert imports.header_key("收文\n日期") == "收文日期"


class TestSheets:
    def test_the_sheet_with_the_header_row_is_read(self):
        """An instructions sheet (active) and the empty sheets of a new workbook are passed
        over; rows are numbered as in their sheet."""
        data = xlsx_sheets(
            {
                "填表说明": [["请按模板填写"], ["份数填阿拉伯数字"]],
                "Sheet2": [],
                "登记": [["收文登记簿"], HEADER, ["通知", 1]],
                "Sheet3": [],
            }
        )
        assert read_rows(data, "f.xlsx", SPEC) == [(3, ["通知", "1", ""])]

    def test_the_active_sheet_needs_not_be_the_first(self):
        data = xlsx_sheets({"说明": [["说明"]], "登记": [HEADER, ["通知", 1]]}, active=1)
        assert read_rows(data, "f.xlsx", SPEC) == [(2, ["通知", "1", ""])]

    def test_every_sheet_with_a_header_row_is_read_and_the_others_are_named(self):
        """Rows carry their sheet's name where several are read; the dry run can say which
        sheets were passed over and why."""
        data = xlsx_sheets(
            {
                "2023": [HEADER, ["a", 1]],
                "说明": [["请按模板填写"]],
                "Sheet3": [],
                "2024": [["登记簿"], HEADER, ["b", 1]],
                "2025": [HEADER],
            }
        )
        reading = SPEC.read(data, "f.xlsx")
        assert [(r.place, r.title) for r in reading.rows] == [("2023!2", "a"), ("2024!3", "b")]
        assert [(s.title, s.header_row, s.rows) for s in reading.sheets] == [
            ("2023", 1, 1),
            ("2024", 2, 1),
        ]
        assert [(p.title, p.reason) for p in reading.passed_over] == [
            ("说明", "no header row: no row of its top 10 names 标题/title, 份数/copies"),
            ("Sheet3", "empty"),
            ("2025", "no rows below its header row"),
        ]

    def test_too_many_sheets_are_refused(self, monkeypatch):
        monkeypatch.setattr(imports, "MAX_SHEETS", 2)
        data = xlsx_sheets({"a": [HEADER, ["a", 1]], "b": [], "c": []})
        assert refusal(data) == "The file has more than 2 sheets."

    def test_without_a_header_row_anywhere_the_active_sheets_columns_are_missing(self):
        data = xlsx_sheets({"说明": [["说明"]], "数据": [["标题"], ["通知"]]}, active=1)
        assert refusal(data) == "Required columns are missing: 份数/copies."


def with_saved_value(data: bytes, formula: str, value: str) -> bytes:
    """The workbook as a spreadsheet saves it: the formula's cell holding ``value``."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                old = f"<f>{formula}</f><v></v>".encode()
                assert old in content
                content = content.replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
            out.writestr(info, content)
    return target.getvalue()


class TestCells:
    def test_a_formula_is_never_evaluated_nor_read_as_text(self):
        """openpyxl saves no value with a formula: the cell reads empty, not "=1+1" nor 2."""
        data = xlsx_bytes([HEADER, ["通知", "=1+1", '=HYPERLINK("http://x.example","x")']])
        assert read_rows(data, "f.xlsx", SPEC) == [(2, ["通知", "", ""])]

    def test_a_formula_reads_as_the_value_the_spreadsheet_saved(self):
        data = with_saved_value(xlsx_bytes([HEADER, ["通知", "=1+1"]]), "1+1", "7")
        assert read_rows(data, "f.xlsx", SPEC) == [(2, ["通知", "7", ""])]

    def test_a_csv_cell_is_its_text(self):
        data = csv_bytes([HEADER, ["=1+1", "2", "@SUM(A1)"]])
        assert read_rows(data, "f.csv", SPEC) == [(2, ["=1+1", "2", "@SUM(A1)"])]

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (None, ""),
            (True, "1"),
            (3.0, "3"),
            (2.5, "2.5"),
            (" a ", "a"),
            (datetime.date(2024, 3, 5), "2024-03-05"),
            (datetime.datetime(2024, 3, 5, 10, 30), "2024-03-05"),
        ],
    )
    def test_cell_text(self, value, text):
        assert imports.cell_text(value) == text

    def test_a_date_cell_reads_as_its_iso_date(self):
        data = xlsx_bytes([HEADER, ["通知", 1, datetime.datetime(2024, 3, 5)]])
        assert read_rows(data, "f.xlsx", SPEC)[0][1][2] == "2024-03-05"


class TestBounds:
    def test_too_many_rows_counts_the_rows_below_the_header(self, monkeypatch):
        monkeypatch.setattr(imports, "MAX_ROWS", 2)
        title_and_blanks = [["登记簿"], [], HEADER, ["a", 1], [], ["b", 1]]
        assert len(read_rows(xlsx_bytes(title_and_blanks), "f.xlsx", SPEC)) == 2
        message = refusal(xlsx_bytes([*title_and_blanks, ["c", 1]]))
        assert message == "The file has more than 2 rows."

    def test_empty_rows_never_cut_a_table_short(self, monkeypatch):
        monkeypatch.setattr(imports, "MAX_ROWS", 3)
        rows = [HEADER, ["a", 1], *[[]] * 5, ["b", 1], [], ["c", 1]]
        got = read_rows(csv_bytes(rows), "f.csv", SPEC)
        assert [n for n, _cells in got] == [2, 8, 10]

    def test_a_table_ends_at_a_run_of_empty_rows(self, monkeypatch):
        monkeypatch.setattr(imports, "BLANK_ROWS", 3)
        rows = [HEADER, ["a", 1], [], [], ["b", 1], [], [], [], ["far below", 1]]
        got = read_rows(xlsx_bytes(rows), "f.xlsx", SPEC)
        assert [cells[0] for _n, cells in got] == ["a", "b"]

    def test_a_sheet_running_beyond_the_rows_read_is_refused(self, monkeypatch):
        monkeypatch.setattr(imports, "READ_ROWS", 5)
        rows = [HEADER, ["a", 1], [], [], [], ["b", 1]]
        assert "more than" in refusal(csv_bytes(rows), "f.csv")

    def test_columns_beyond_the_bound_are_not_read(self, monkeypatch):
        monkeypatch.setattr(imports, "MAX_COLUMNS", 2)
        data = csv_bytes([["标题", "份数", "备注"], ["a", "1", "x"]])
        assert read_rows(data, "f.csv", SPEC) == [(2, ["a", "1", ""])]

    def test_an_upload_larger_than_the_bound_is_refused(self, monkeypatch):
        monkeypatch.setattr(imports, "MAX_BYTES", 10)
        with pytest.raises(InvalidInput, match="larger than"):
            SPEC.read_upload(io.BytesIO(csv_bytes([HEADER, ["通知", "1"]])), "f.csv")


class TestSpec:
    def test_a_row_is_built_by_position_with_empty_defaults(self):
        row = Row(2, "通知")
        assert (row.number, row.title, row.copies, row.note) == (2, "通知", "", "")
        assert Row.__module__ == __name__ and Row.__name__ == "Row"

    def test_the_template_has_the_header_row_only(self):
        sheet = load_workbook(io.BytesIO(SPEC.template_xlsx())).active
        assert sheet.title == "things"
        assert [[c.value for c in row] for row in sheet.iter_rows()] == [HEADER]
        assert "nothing below" in refusal(SPEC.template_xlsx())

    def test_no_rows(self):
        refused = SPEC.no_rows()
        assert (refused.field, refused.message) == ("file", "nothing below")


@dataclass(frozen=True)
class Thing:
    number: int
    title: str
    copies: int
    urgent: bool
    thing_id: int | None = None


class ThingLine(imports.Line):
    def copies(self) -> int | None:
        value = self.row.copies
        if not value.isdigit() or not 1 <= int(value) <= 9:
            self.refuse(f"The number of copies must be from 1 to 9, not {value}.", "X-COPIES")
            return None
        return int(value)


def check(rows: list, taken: frozenset[str] = frozenset()) -> imports.Checked[Thing]:
    lines = [ThingLine(row) for row in rows]
    for line in lines:
        line.values = {
            "number": line.row.number,
            "title": line.text(line.row.title, 4, missing="no title", too_long="too long"),
            "copies": line.copies(),
            "urgent": line.yes_no(line.row.note, "yes or no, not %(v)s"),
        }
    asked = []
    imports.refuse_repeats(
        lines,
        lambda line: line.row.title or None,
        lambda titles: asked.append(titles) or taken,
        already="%(n)s is taken",
        repeated="%(n)s is also in row(s) %(rows)s",
        rule_id="X-UNIQUE",
    )
    assert len(asked) == 1  # the store is asked once, of every value of the file
    return imports.sort_out(lines, Thing)


class TestChecking:
    def test_rows_that_can_be_imported_and_rejected_ones_with_every_reason(self):
        rows = SPEC.read_rows(
            xlsx_bytes(
                [
                    ["登记簿"],
                    HEADER,
                    ["a", 1, "是"],
                    ["b", "many", "maybe"],
                    ["c", 2, "√"],
                    ["b", 3, ""],
                    ["taken", 1],
                    ["", 1, "否"],
                ]
            ),
            "f.xlsx",
        )
        checked = check(rows, taken={"taken"})
        assert checked.rows == [Thing(3, "a", 1, True), Thing(5, "c", 2, True)]
        assert {r.number: r.reasons for r in checked.rejected} == {
            4: [
                "X-COPIES: The number of copies must be from 1 to 9, not many.",
                "yes or no, not maybe",
                "X-UNIQUE: b is also in row(s) 6",
            ],
            6: ["X-UNIQUE: b is also in row(s) 4"],
            7: ["too long", "X-UNIQUE: taken is taken"],
            8: ["no title"],
        }

    def test_a_bad_cell_is_named_by_its_row_and_column(self):
        """The report names the row as numbered in the file, the reason the column."""
        rows = SPEC.read_rows(csv_bytes([["标题", "份数"], ["a", "1"], ["b", "0"]]), "f.csv")
        rejected = check(rows).rejected
        refused = imports.ImportRejected(rejected)
        assert refused.field == "file"
        assert refused.message == "1 row cannot be imported; nothing was imported."
        assert refused.detail == [
            {"row": 3, "reasons": ["X-COPIES: The number of copies must be from 1 to 9, not 0."]}
        ]

    def test_choice(self):
        line = imports.Line(Row(2, "a"))
        words = {"top secret": 4, "绝密": 4}
        assert line.choice(" Top_Secret ", words, "unknown %(v)s") == 4
        assert line.choice("很秘密", words, "unknown %(v)s") is None
        assert line.reasons == ["unknown 很秘密"]

    def test_created_gives_each_row_the_ids_of_what_it_made(self):
        @dataclass
        class Made:
            pk: int

        rows = [Thing(2, "a", 1, False), Thing(3, "b", 1, False)]
        made = imports.created(rows, [Made(7), Made(8)], thing_id="pk")
        assert [r.thing_id for r in made] == [7, 8]
        with pytest.raises(ValueError):
            imports.created(rows, [Made(7)], thing_id="pk")


FALLBACK = ImportSpec(
    fields=(
        Field("register", ("收文编号", "register"), required=True, fallback=("序号",)),
        Field("kind", ("类型", "kind"), required=True, instead="name"),
        Field("name", ("名称", "name")),
        Field("size", ("容量", "size"), unit=True),
    ),
    nothing_below="nothing below",
    module=__name__,
)


class TestRealRegisters:
    def test_a_fallback_name_counts_only_without_the_fields_own(self):
        [row] = FALLBACK.read_rows(csv_bytes([["序号", "类型"], ["7", "U盘"]]), "f.csv")
        assert row.register == "7"
        reading = FALLBACK.read(
            csv_bytes([["序号", "收文编号", "类型"], ["1", "7", "U盘"]]), "f.csv"
        )
        assert reading.rows[0].register == "7"
        [sheet] = reading.sheets
        assert [str(c) for c in sheet.unused] == ["column A (序号)"]

    def test_a_required_column_may_be_stood_in_for(self):
        [row] = FALLBACK.read_rows(csv_bytes([["收文编号", "名称"], ["7", "U盘"]]), "f.csv")
        assert (row.kind, row.name) == ("", "U盘")
        message = refusal(csv_bytes([["收文编号", "容量"], ["7", "1G"]]), "f.csv", FALLBACK)
        assert message == "Required columns are missing: 类型/kind."

    def test_a_bare_number_takes_the_unit_its_header_gives(self):
        data = csv_bytes(
            [["收文编号", "类型", "容量（GB）"], ["1", "U盘", "32"], ["2", "U盘", "1TB"]]
        )
        assert [r.size for r in FALLBACK.read_rows(data, "f.csv")] == ["32 GB", "1TB"]

    def test_headers_with_line_breaks_and_bracketed_units(self):
        assert imports.header_key("保密期限\n（年）") == "保密期限"
        assert imports.header_key("容量(GB)") == imports.header_key("容量")
        assert imports.header_unit("容量（GB）") == "GB" and imports.header_unit("容量") == ""

    def test_the_reading_says_which_row_was_the_header_with_its_columns(self):
        data = xlsx_bytes(
            [
                ["2026年收文登记簿"],
                ["填表单位：办公室"],
                [],
                ["序号", *HEADER, "签收人"],
                [1, "a", 1],
            ]
        )
        [sheet] = SPEC.read(data, "f.xlsx").sheets
        assert (sheet.title, sheet.header_row, sheet.rows) == ("", 4, 1)
        assert [(c.letter, c.header, c.field) for c in sheet.columns] == [
            ("A", "序号", ""),
            ("B", "标题", "title"),
            ("C", "份数", "copies"),
            ("D", "备注", "note"),
            ("E", "签收人", ""),
        ]
        [row] = SPEC.read_rows(data, "f.xlsx")
        assert imports.Line(row).column("copies") == "column C (份数)"

    @pytest.mark.parametrize(
        ("word", "level"),
        [("绝密", "绝密"), ("绝密级", "绝密"), ("★绝密", "绝密"), ("机密★", "机密"), ("级", "级")],
    )
    def test_level_key(self, word, level):
        assert imports.level_key(word) == level

    def test_column_letter(self):
        assert [imports.column_letter(i) for i in (0, 25, 26, 51, 52)] == [
            "A",
            "Z",
            "AA",
            "AZ",
            "BA",
        ]

    def test_repeats_across_sheets_name_the_sheet(self):
        data = xlsx_sheets({"一": [HEADER, ["a", 1]], "二": [["登记簿"], HEADER, ["a", 2]]})
        checked = check(SPEC.read_rows(data, "f.xlsx"))
        assert [(r.place, r.reasons) for r in checked.rejected] == [
            ("一!2", ["X-UNIQUE: a is also in row(s) 二!3"]),
            ("二!3", ["X-UNIQUE: a is also in row(s) 一!2"]),
        ]
        detail = imports.ImportRejected(checked.rejected).detail
        assert detail[0] == {
            "row": 2,
            "sheet": "一",
            "reasons": ["X-UNIQUE: a is also in row(s) 二!3"],
        }


def test_a_cell_beyond_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_CELL", 5)
    data = csv_bytes([HEADER, ["通知", "1", "x" * 5], ["简报", "1", "y" * 6]])
    assert refusal(data, "f.csv") == "Row 3 has a cell longer than 5 characters."
