"""The upgrade drill's comparisons catch what they are there to catch: a record of the release
lost or changed, a column added to the release's tables without saying what it holds, a row
that going back changed, rows written again differently, a schema object that differs."""

from __future__ import annotations

from typing import Any

from baomi.carriers.receipts import receipt_key
from tests.upgrade.databases import Table, _parts, schema_differences
from tests.upgrade.test_upgrade_drill import kept, same_rows, untouched


def _table(columns: str, *rows: tuple[Any, ...]) -> Table:
    names = tuple(columns.split())
    return Table(names, ("id",), {(row[0],): row for row in rows})


def release() -> dict[str, Table]:
    return {
        "org_person": _table("id name clearance", (1, "孙立", "core"), (2, "杨帆", "important")),
        "accounts_account": _table("id username", (1, "clerk")),
        "carriers_document": _table("id number", (7, "示单发〔2026〕1号")),
        "carriers_incomingentry": _table("id document_id received_from", (3, 7, "示例单位")),
    }


def upgraded(**changes: Table) -> dict[str, Table]:
    tables = release()
    tables["accounts_account"] = _table("id username password_must_change", (1, "clerk", False))
    key = receipt_key("示单发〔2026〕1号", "示例单位")
    tables["carriers_incomingentry"] = _table(
        "id document_id received_from receipt_key repeat_of_id", (3, 7, "示例单位", key, None)
    )
    tables["audit_stagedevent"] = _table("id seq")  # a new table: nothing to keep
    tables.update(changes)
    return tables


def test_an_upgrade_that_keeps_everything_passes():
    assert kept(release(), upgraded()) == []


def test_a_table_a_column_a_row_or_a_value_lost_is_named():
    lost = upgraded(
        org_person=_table("id name", (1, "孙立"), (2, "杨帆")),
        carriers_document=_table("id number", (7, "示单发(2026)1号")),
    )
    del lost["accounts_account"]
    lost["carriers_incomingentry"].rows.clear()
    assert kept(release(), lost) == [
        "column org_person.clearance is gone",
        "table accounts_account (1 rows) is gone",
        "carriers_document (7,) number: '示单发〔2026〕1号' became '示单发(2026)1号'",
        "carriers_incomingentry (3,): the row is gone",
    ]


def test_a_column_added_to_the_release_holds_what_its_migration_says():
    wrong = upgraded(
        accounts_account=_table("id username password_must_change", (1, "clerk", True)),
        org_person=_table(
            "id name clearance vetted", (1, "孙立", "core", None), (2, "杨帆", "important", None)
        ),
    )
    wrong["carriers_incomingentry"].rows[(3,)] = (3, 7, "示例单位", "示单发|示例单位", None)
    problems = kept(release(), wrong)
    assert problems[0].startswith("column org_person.vetted was added to a table of the release")
    assert problems[1:] == [
        "accounts_account (1,) new password_must_change: True, expected False",
        "carriers_incomingentry (3,) new receipt_key: '示单发|示例单位', expected "
        f"{receipt_key('示单发〔2026〕1号', '示例单位')!r}",
    ]


def test_going_back_may_drop_tables_and_columns_but_changes_no_row_it_keeps():
    before = upgraded()
    back = release()
    back["checklists"] = _table("id name")
    before["checklists"] = _table("id name", (1, "默认"))
    assert untouched(before, back, {"checklists"}) == []
    assert untouched(before, back, set()) == ["checklists: rows [(1,)] differ"]
    back["org_person"] = _table("id name clearance", (1, "孙立", "core"), (2, "杨帆", "general"))
    back["carriers_document"] = _table("id number", (7, "示单发〔2026〕1号"), (8, "新"))
    assert untouched(before, back, {"checklists"}) == [
        "carriers_document: rows [(8,)] differ",
        "org_person (2,) clearance: 'important' became 'general'",
    ]


def test_rows_written_again_compare_by_content_under_new_keys():
    before = {"oversight_checklist": _table("id name created_at", (1, "默认", "t1"))}
    again = {"oversight_checklist": _table("id name created_at", (9, "默认", "t2"))}
    assert same_rows(before, again) == []
    again = {"oversight_checklist": _table("id name created_at", (9, "改过", "t2"))}
    assert same_rows(before, again) == [
        "oversight_checklist: the rows written again differ from those before"
    ]
    before = {"org_person": _table("id name", (1, "孙立"))}
    assert same_rows(before, {"org_person": _table("id name", (2, "孙立"))}) == [
        "org_person (1,): the row is gone"
    ]


def test_schema_objects_compare_one_by_one():
    fresh = {("table", "t"): ("CREATE TABLE t", _parts('"a" int, "b" varchar(5, 2)'))}
    same = {("table", "t"): ("CREATE TABLE t", _parts('"b" varchar(5, 2), "a" int'))}
    assert schema_differences(same, fresh) == []  # a column added at the end is the same
    other = {
        ("table", "t"): ("CREATE TABLE t", _parts('"a" int, "b" varchar(5, 3)')),
        ("trigger", "x"): "CREATE TRIGGER x",
    }
    fresh[("index", "i")] = "CREATE INDEX i"
    assert [d.split(":")[0] for d in schema_differences(other, fresh)] == [
        "index i",
        "table t",
        "trigger x",
    ]
    assert _parts("\"a\" text DEFAULT 'x, y', CHECK (\"a\" IN ('p', 'q'))") == frozenset(
        {"\"a\" text DEFAULT 'x, y'", "CHECK (\"a\" IN ('p', 'q'))"}
    )
