"""Importing an existing incoming register (收文登记簿) from .xlsx or .csv: every line checked
(CLS-MARK, CLS-TERM, CLS-MAC, IN-NUMBER), all imported or none, a dry run, and the
register counters moved past the imported numbers (IN-NUMBER)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.audit.models import AuditEvent
from baomi.carriers import imports
from baomi.carriers.models import (
    Copy,
    CopyState,
    Document,
    DocumentKind,
    IncomingEntry,
    RegisterCounter,
    Series,
    Urgency,
)
from baomi.carriers.operations import incoming
from baomi.core.errors import AccessDenied, Conflict, InvalidInput
from baomi.core.levels import Clearance, Level
from tests.factories import audit_events, csv_bytes, xlsx_bytes, xlsx_sheets

ZH = ["收文编号", "年度", "收文日期", "文号", "标题", "来文单位", "密级", "保密期限", "份数"]
ZH_MORE = [*ZH, "紧急程度", "清退时间"]
EN = ["register_number", "year", "date_received", "document_number", "title", "issuer", "level"]
THIS_YEAR = timezone.localdate().year
JAN_1 = datetime.date(THIS_YEAR, 1, 1)  # never in the future


@pytest.fixture(autouse=True)
def english():
    """These tests read the reasons in English."""
    with translation.override("en"):
        yield


def line(n, *, level="机密", term="10", copies="2", year="", day=JAN_1, **kw):
    """One line of a register: the values of ZH_MORE."""
    return [
        kw.get("register_number", n),
        year,
        day,
        kw.get("number", f"市保发〔{THIS_YEAR}〕{n}号"),
        kw.get("title", f"第{n}号文件"),
        kw.get("issuer", "市保密局"),
        level,
        term,
        copies,
        kw.get("urgency", ""),
        kw.get("recall", ""),
    ]


def rows(*lines):
    """Rows as read from a file whose header is ZH_MORE (row 1), lines from row 2."""
    return [imports.Row(n, *(str(v) for v in values)) for n, values in enumerate(lines, start=2)]


def run(office, *lines, dry_run=False, actor=None):
    return incoming.import_incoming(actor=actor or office.clerk, rows=rows(*lines), dry_run=dry_run)


def rejected(office, *lines, actor=None) -> dict[int, str]:
    """Row number → its reasons, of an import refused as a whole."""
    with pytest.raises(imports.ImportRejected) as refused:
        run(office, *lines, actor=actor)
    assert "nothing was imported" in refused.value.message
    return {r["row"]: " | ".join(r["reasons"]) for r in refused.value.detail}


def nothing_written():
    return (
        IncomingEntry.objects.count(),
        Document.objects.count(),
        Copy.objects.count(),
        RegisterCounter.objects.count(),
        AuditEvent.objects.filter(action="carriers.incoming_imported").count(),
    ) == (0, 0, 0, 0, 0)


class TestReading:
    def test_xlsx_with_chinese_headers_and_date_cells(self):
        data = xlsx_bytes(
            [
                ZH_MORE,
                [
                    12,
                    2024,
                    datetime.datetime(2024, 3, 5),
                    "国保发〔2024〕3号",
                    "通知",
                    "国家保密局",
                    "机密★20年",
                    None,
                    3,
                    "特急",
                    datetime.date(2024, 6, 30),
                ],
            ]
        )
        [row] = imports.read_rows(data, "register.XLSX")
        assert (row.number, row.register_number, row.year, row.received) == (
            2,
            "12",
            "2024",
            "2024-03-05",
        )
        assert (row.level, row.term, row.copies, row.urgency, row.recall_date) == (
            "机密★20年",
            "",
            "3",
            "特急",
            "2024-06-30",
        )

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
    def test_csv_with_english_headers_in_any_case_and_order(self, encoding):
        data = csv_bytes(
            [
                ["Level", "Title", "Document Number", "Date Received", "Register Number", "x"],
                ["secret", "通知", "文1", "2024/3/5", "7", "ignored"],
                ["", "", "", "", "", ""],
                ["公开", "简报", "文2", "2024年3月6日", "8"],
            ],
            encoding,
        )
        got = imports.read_rows(data, "r.csv")
        assert [(r.number, r.register_number, r.received, r.level, r.year) for r in got] == [
            (2, "7", "2024/3/5", "secret", ""),
            (4, "8", "2024年3月6日", "公开", ""),
        ]

    def test_read_upload_reads_a_file_object(self):
        data = csv_bytes([EN, ["1", "", "2024-01-02", "文1", "题", "", "内部"]])
        assert len(imports.read_upload(io.BytesIO(data), "r.csv")) == 1

    def test_missing_columns_are_all_named(self):
        with pytest.raises(InvalidInput) as refused:
            imports.read_rows("标题\n通知\n".encode(), "r.csv")
        for column in ("收文编号/register_number", "收文日期/date_received", "文号", "密级/level"):
            assert column in refused.value.message
        assert refused.value.field == "file"

    @pytest.mark.parametrize(
        ("data", "filename", "words"),
        [
            (b"x", "register.txt", ".xlsx"),
            (b"", "register.csv", "header"),
            (",".join(ZH).encode(), "register.csv", "no documents"),
            (",".join([*ZH, "level"]).encode() + b"\n1", "register.csv", "twice"),
        ],
    )
    def test_a_file_level_problem_is_one_error(self, data, filename, words):
        with pytest.raises(InvalidInput) as refused:
            imports.read_rows(data, filename)
        assert refused.value.field == "file" and words in refused.value.message

    def test_the_template_has_every_column_and_no_line(self):
        with pytest.raises(InvalidInput, match="no documents"):
            imports.read_rows(imports.template_xlsx(), "template.xlsx")

    def test_a_register_below_its_title_on_the_sheet_with_the_header(self):
        """As every import (baomi.core.imports): title rows above the header, other names of
        the columns (a required mark, full-width brackets), an instructions sheet first."""
        header = ["＊收文编号", "收到日期", "来文字号", "文件标题", "密级", "保密期限（年）"]
        data = xlsx_sheets(
            {
                "填表说明": [["收文编号填阿拉伯数字"]],
                "2024": [
                    ["2024年收文登记簿"],
                    ["市保密局办公室", None, "共1页"],
                    [],
                    header,
                    [7, datetime.date(2024, 3, 5), "文1", "通知", "秘密", 5],
                ],
            }
        )
        [row] = imports.read_rows(data, "register.xlsx")
        assert (row.number, row.register_number, row.received, row.document_number) == (
            5,
            "7",
            "2024-03-05",
            "文1",
        )
        assert (row.title, row.level, row.term) == ("通知", "秘密", "5")

    def test_a_register_on_two_sheets_is_read_from_both(self):
        sheets = {year: [ZH, line(1)] for year in ("2023", "2024")}
        rows = imports.read_rows(xlsx_sheets(sheets), "register.xlsx")
        assert [(r.place, r.register_number) for r in rows] == [("2023!2", "1"), ("2024!2", "1")]


class TestImport:
    def test_lines_are_registered_with_their_own_numbers__IN_NUMBER(self, office):
        imported = run(
            office,
            line(
                1,
                level="机密★20年",
                term="",
                copies="2",
                urgency="特急",
                recall=f"{THIS_YEAR}/12/31",
            ),
            line(2, level="Top Secret", term="30年", copies="1"),
            line(1, level="内部", term="", copies="", number="市内〔2026〕1号"),
            line(3, level="confidential", term="10 years"),
        )
        assert [r.number for r in imported] == [2, 3, 4, 5]
        entries = [IncomingEntry.objects.get(pk=r.entry_id) for r in imported]
        assert [(e.year, e.series, e.sequence) for e in entries] == [
            (THIS_YEAR, Series.CLASSIFIED, 1),
            (THIS_YEAR, Series.CLASSIFIED, 2),
            (THIS_YEAR, Series.GENERAL, 1),
            (THIS_YEAR, Series.CLASSIFIED, 3),
        ]
        first = entries[0]
        doc = first.document
        assert (doc.level, doc.term_years, doc.kind, doc.urgency) == (
            Level.SECRET,
            20,
            DocumentKind.INCOMING,
            Urgency.VERY_URGENT,
        )
        assert (doc.number, doc.title, doc.issuer, doc.copies_count) == (
            f"市保发〔{THIS_YEAR}〕1号",
            "第1号文件",
            "市保密局",
            2,
        )
        assert doc.recall_date == datetime.date(THIS_YEAR, 12, 31)
        assert [(e.document.level, e.document.term_years) for e in entries[1:]] == [
            (Level.TOP_SECRET, 30),
            (Level.INTERNAL, None),
            (Level.CONFIDENTIAL, 10),
        ]
        copies = office.copies(first)
        assert [c.number for c in copies] == [1, 2]
        assert {(c.state, c.holder_id, c.custodian_id) for c in copies} == {
            (CopyState.WITH_CUSTODIAN, office.clerk.person_id, office.clerk.person_id)
        }
        assert copies[0].timeline.get().action == "registered"

    def test_lines_keep_their_dates_and_carry_no_deadline(self, office):
        """The routing and circulation of a line already in the paper register happened on
        paper: nothing is due. Its dates are those of the register (CLS-TERM counts from
        them)."""
        [row] = run(office, line(1, day=datetime.date(THIS_YEAR - 1, 12, 30), year=THIS_YEAR))
        entry = IncomingEntry.objects.get(pk=row.entry_id)
        received = timezone.make_aware(datetime.datetime(THIS_YEAR - 1, 12, 30))
        assert (entry.year, entry.opened_at, entry.registered_at) == (
            THIS_YEAR,
            received,
            received,
        )
        assert (entry.route_due_at, entry.circulation_due_at, entry.late) == (None, None, False)
        assert entry.director_id == office.director.person_id
        assert entry.document.registered_at == received
        assert entry.document.classified_on == received.date()
        assert entry.document.scope_people.filter(pk=office.director.person_id).exists()

    def test_the_counters_move_past_the_highest_imported_number__IN_NUMBER(self, office):
        office.incoming(level=Level.SECRET, number="在册1号")  # classified number 1, counted live
        run(office, line(5), line(3), line(9, level="公开", term=""))
        assert office.incoming(level=Level.SECRET, number="在册2号").sequence == 6
        assert office.incoming(level=Level.INTERNAL, number="在册3号").sequence == 10
        last_year = run(office, line(4, day=datetime.date(THIS_YEAR - 1, 3, 1)))
        assert last_year[0].year == THIS_YEAR - 1
        counter = RegisterCounter.objects.get(year=THIS_YEAR - 1, series=Series.CLASSIFIED)
        assert counter.last == 4
        assert office.incoming(level=Level.SECRET, number="在册4号").sequence == 7

    def test_one_audit_event_records_the_import(self, office):
        imported = run(office, line(1), line(2))
        [event] = audit_events("carriers.incoming_imported")
        assert event["data"]["count"] == 2
        assert event["data"]["rows"] == [2, 3]
        assert event["data"]["entries"] == [r.entry_id for r in imported]
        assert event["data"]["counters"] == {f"{THIS_YEAR}/classified": 2}
        assert "第1号文件" not in str(event)  # no titles in the audit trail
        assert audit_events("carriers.incoming_registered") == []

    def test_a_dry_run_answers_the_rows_and_writes_nothing(self, office):
        parsed = run(office, line(1), line(2, level="内部", term=""), dry_run=True)
        assert [(p.series, p.sequence, p.level, p.entry_id) for p in parsed] == [
            (Series.CLASSIFIED, 1, Level.SECRET, None),
            (Series.GENERAL, 2, Level.INTERNAL, None),
        ]
        assert parsed[0].received == JAN_1 and parsed[0].copies == 2
        assert nothing_written()

    def test_a_dry_run_lists_the_rejected_rows_too(self, office):
        with pytest.raises(imports.ImportRejected) as refused:
            run(office, line(1), line(1), dry_run=True)
        assert [r["row"] for r in refused.value.detail] == [2, 3]
        assert nothing_written()

    def test_one_rejected_row_and_nothing_is_imported(self, office):
        reasons = rejected(office, line(1), line(2, copies="0"), line(3))
        assert list(reasons) == [3] and "copies" in reasons[3]
        assert nothing_written()

    def test_an_empty_list_of_rows_is_refused(self, office):
        with pytest.raises(InvalidInput, match="no documents"):
            run(office)

    def test_every_reason_of_a_row_is_given(self, office):
        reasons = rejected(
            office,
            line("x", level="", copies="-1", number="", title="", day="yesterday", urgency="?"),
        )
        text = reasons[2]
        for words in (
            "register number must be a whole number",
            "date received yesterday is not a date",
            "CLS-MARK: The level is missing",
            "document number is missing",
            "title is missing",
            "copies must be a whole number",
            "Unknown urgency ?",
        ):
            assert words in text
        assert text.count(" | ") == 6

    def test_the_level_is_required__CLS_MARK(self, office):
        reasons = rejected(office, line(1, level=""), line(2, level="很秘密"), line(3))
        assert "CLS-MARK: The level is missing" in reasons[2]
        assert "CLS-MARK: Unknown level 很秘密" in reasons[3]
        assert 4 not in reasons
        assert nothing_written()

    def test_a_classified_line_carries_its_term__CLS_MARK(self, office):
        reasons = rejected(office, line(1, term=""), line(2, term="long"), line(3, term="0"))
        assert reasons[2].startswith("CLS-MARK:") and "protection term" in reasons[2]
        assert "long is not a number of years" in reasons[3]
        assert reasons[4].startswith("CLS-MARK:")

    def test_the_term_is_within_the_maximum_of_its_level__CLS_TERM(self, office):
        reasons = rejected(
            office,
            line(1, level="秘密", term="11"),
            line(2, level="机密★21年", term=""),
            line(3, level="机密★20年", term="10"),
            line(4, level="绝密", term="30"),
        )
        assert reasons[2].startswith("CLS-TERM:") and "10 years" in reasons[2]
        assert reasons[3].startswith("CLS-TERM:") and "20 years" in reasons[3]
        assert "different terms" in reasons[4]
        assert 5 not in reasons

    def test_a_clerk_imports_only_what_they_are_cleared_for__CLS_MAC(self, office):
        clerk = office.world.account(Role.CLERK, dept="office", clearance=Clearance.IMPORTANT)
        reasons = rejected(office, line(1, level="绝密", term="30"), line(2), actor=clerk)
        assert list(reasons) == [2] and reasons[2].startswith("CLS-MAC:")

    def test_a_number_repeated_in_the_file_is_refused__IN_NUMBER(self, office):
        reasons = rejected(
            office,
            line(1),
            line(1, level="秘密", number="另文1号"),  # same classified register
            line(1, level="内部", term="", number="另文2号"),  # the general register: fine
            line(1, day=datetime.date(THIS_YEAR - 1, 5, 1)),  # last year's register: fine
        )
        assert list(reasons) == [2, 3]
        assert "IN-NUMBER" in reasons[2] and "row(s) 3" in reasons[2]
        assert "row(s) 2" in reasons[3]

    def test_a_number_already_taken_is_refused__IN_NUMBER(self, office):
        office.incoming(level=Level.SECRET, number="先收1号")
        office.incoming(level=Level.INTERNAL, number="先收2号")
        reasons = rejected(office, line(1), line(2), line(1, level="内部", term=""))
        assert list(reasons) == [2, 4]
        assert reasons[2].startswith("IN-NUMBER:") and "already taken" in reasons[2]
        assert IncomingEntry.objects.count() == 2

    def test_a_number_taken_meanwhile_refuses_the_whole_import__IN_NUMBER(
        self, office, monkeypatch
    ):
        """A registration that takes a number between the check and the writes: the unique
        register line refuses the import, nothing half-imported."""
        office.incoming(level=Level.SECRET, number="在册1号")
        monkeypatch.setattr(imports, "_refuse_repeated_numbers", lambda org, lines: None)
        with pytest.raises(Conflict):
            run(office, line(2), line(1))
        assert IncomingEntry.objects.count() == 1 and Document.objects.count() == 1
        assert RegisterCounter.objects.get(series=Series.CLASSIFIED).last == 1

    @pytest.mark.parametrize(
        ("values", "words"),
        [
            ({"day": "2024-02-30"}, "is not a date"),
            ({"day": "5/3/2024"}, "is not a date"),
            ({"day": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "future"),
            ({"year": "24"}, "not a year"),
            ({"year": str(THIS_YEAR - 2)}, "does not fit"),
            ({"recall": "soon"}, "recall date soon is not a date"),
            ({"recall": f"{THIS_YEAR - 1}-01-01"}, "before the date received"),
            ({"copies": "1.5"}, "copies"),
            ({"copies": "1000"}, "copies"),
            ({"register_number": "0"}, "register number"),
            ({"register_number": "1234567"}, "register number"),
            ({"title": "长" * 301}, "title is too long"),
        ],
    )
    def test_bad_values_are_refused(self, office, values, words):
        reasons = rejected(office, line(1, **values))
        assert words in reasons[2]
        assert nothing_written()

    @pytest.mark.parametrize(
        ("text", "day"),
        [
            (f"{THIS_YEAR}-01-01", JAN_1),
            (f"{THIS_YEAR}/1/1", JAN_1),
            (f"{THIS_YEAR}.01.01", JAN_1),
            (f"{THIS_YEAR}年1月1日", JAN_1),
            (f"{THIS_YEAR}0101", JAN_1),
            (f"{THIS_YEAR}-01-01 00:00:00", JAN_1),
        ],
    )
    def test_dates_in_the_usual_forms(self, office, text, day):
        [parsed] = run(office, line(1, day=text), dry_run=True)
        assert parsed.received == day and parsed.year == THIS_YEAR

    def test_importing_is_the_clerks_work(self, office):
        with pytest.raises(AccessDenied):
            run(office, line(1), actor=office.readers[0])
        assert nothing_written()


class TestSecondReceipts:
    """IN-NUMBER: a document number from one issuer is registered once a year; a row that
    repeats one is a second receipt only where its 再次收文 column says so."""

    def test_a_document_repeated_in_the_file_is_refused__IN_NUMBER(self, office):
        reasons = rejected(
            office,
            line(1, number="市发〔2026〕7号"),
            line(2, number="市发[2026]7号"),  # the same, written with other brackets
            line(3, number="市发〔2026〕7号", issuer="省保密局"),  # another issuer: fine
        )
        assert list(reasons) == [3]
        assert reasons[3].startswith("IN-NUMBER:") and "row 2" in reasons[3]

    def test_a_document_already_in_the_register_is_refused__IN_NUMBER(self, office):
        office.incoming(number="市发〔2026〕7号", issuer="市保密局")
        reasons = rejected(office, line(5, number="市发〔2026〕7号"), line(6))
        assert list(reasons) == [2]
        assert reasons[2].startswith("IN-NUMBER:") and "already in the register" in reasons[2]

    def test_confirmed_second_receipts_are_imported_and_recorded__IN_NUMBER(self, office):
        first = office.incoming(number="市发〔2026〕7号", issuer="市保密局")
        again = [*line(5, number="市发〔2026〕7号"), "是"]
        original = [*line(6, number="市发〔2026〕9号"), ""]
        repeated = [*line(7, number="市发〔2026〕9号"), "yes"]
        imported = run(office, again, original, repeated)
        assert [row.second_receipt for row in imported] == [True, False, True]
        entries = [IncomingEntry.objects.get(pk=row.entry_id) for row in imported]
        assert [e.repeat_of_id for e in entries] == [first.pk, None, entries[1].pk]
        [event] = audit_events("carriers.incoming_imported")
        assert event["data"]["second_receipts"] == [
            [entries[0].pk, first.pk],
            [entries[2].pk, entries[1].pk],
        ]

    def test_an_unknown_second_receipt_value_is_refused(self, office):
        reasons = rejected(office, [*line(1), "也许"])
        assert "second receipt" in reasons[2]


def numbered(copies: str, copy_numbers: str, level: str = "机密"):
    """One line with a 份数 and a 份号 cell (keyword cells: the column order does not matter)."""
    return imports.Row(
        2,
        register_number="1",
        received=str(JAN_1),
        document_number="市保发1号",
        title="通知",
        level=level,
        term="10",
        copies=copies,
        copy_numbers=copy_numbers,
    )


class TestCopyNumbers:
    @pytest.mark.parametrize(
        ("copies", "written", "numbers"),
        [
            ("3", "017-019", (17, 18, 19)),
            ("", "17～19", (17, 18, 19)),
            ("3", "1,3,5", (1, 3, 5)),
            ("", "1、3、5", (1, 3, 5)),
            ("3", "第1-3份", (1, 2, 3)),
            ("2", "第4份，第9份", (4, 9)),
            ("1", "007", (7,)),
            ("2", "", (1, 2)),
            ("", "", (1,)),
        ],
    )
    def test_the_copy_numbers_are_kept(self, office, copies, written, numbers):
        [parsed] = incoming.import_incoming(
            actor=office.clerk, rows=[numbered(copies, written)], dry_run=True
        )
        assert (parsed.copies, parsed.copy_numbers) == (len(numbers), numbers)

    @pytest.mark.parametrize(
        ("copies", "written", "words"),
        [
            ("2", "017-019", "gives 3 copies (017-019) but the number of copies says 2"),
            ("", "19-17", "is not copy numbers from 1 to 999"),
            ("", "0-2", "is not copy numbers from 1 to 999"),
            ("", "998-1000", "is not copy numbers from 1 to 999"),
            ("", "1-999,1000", "is not copy numbers from 1 to 999"),
            ("", "一至三", "is not copy numbers from 1 to 999"),
            ("", "1,2,1", "names a copy twice"),
            ("", "1-3,2", "names a copy twice"),
        ],
    )
    def test_copy_numbers_that_do_not_add_up_are_refused(self, office, copies, written, words):
        with pytest.raises(imports.ImportRejected) as refused:
            incoming.import_incoming(
                actor=office.clerk, rows=[numbered(copies, written)], dry_run=True
            )
        assert words in " | ".join(refused.value.detail[0]["reasons"])

    def test_the_copies_registered_carry_their_numbers(self, office):
        [row] = incoming.import_incoming(
            actor=office.clerk, rows=[numbered("3", "017-019", level="绝密级")], dry_run=False
        )
        document = Document.objects.get(pk=row.document_id)
        assert (document.level, document.copies_count) == (Level.TOP_SECRET, 19)
        assert list(
            Copy.objects.filter(document=document)
            .order_by("number")
            .values_list("number", flat=True)
        ) == [17, 18, 19]

    @pytest.mark.parametrize("word", ["绝密级", "★绝密", "绝密★", "绝密"])
    def test_level_words_with_their_marks(self, office, word):
        [parsed] = incoming.import_incoming(
            actor=office.clerk, rows=[numbered("1", "", level=word)], dry_run=True
        )
        assert parsed.level == Level.TOP_SECRET
