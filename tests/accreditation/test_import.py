"""The import of the unit's own edition: a dry run writes nothing; title rows, the columns'
other names and two sheets are read; a bad row is named with its row and column; a new
version never overwrites an old one."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation

from baomi.accreditation import imports
from baomi.accreditation.models import Chapter, Item, Standard
from baomi.accreditation.operations import profiles
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.imports import ImportRejected
from tests.factories import audit_events, xlsx_bytes, xlsx_sheets

HEADER = ["章节", "项目编号", "项目内容", "分值", "基本项", "重点项", "评分方法"]
ROWS = [
    HEADER,
    ["保密责任", "1.1", "法定代表人保密责任", "10", "否", "否", "谈话"],
    ["保密组织机构/保密工作机构", "2.1", "按要求设置保密工作机构", "", "是", "", "查阅文件"],
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(content: bytes, name: str = "edition.xlsx"):
    return imports.reading(io.BytesIO(content), name)


def stored() -> tuple[int, int, int]:
    return Standard.objects.count(), Chapter.objects.count(), Item.objects.count()


def test_a_dry_run_writes_nothing(officer):
    before = stored()
    values, checked, version = profiles.check_edition(
        actor=officer, profile="jungong", edition="2026版", rows=read(xlsx_bytes(ROWS)).rows
    )
    assert (len(checked.rows), checked.rejected, version) == (2, [], 1)
    assert values["total_points"] == 500 and values["pass_mark"] == 450
    assert stored() == before and not audit_events("accreditation.edition_imported")


def test_title_rows_other_names_and_two_sheets_are_read(officer):
    first = [
        ["某单位军工保密资质评分标准（2026 年版）"],
        ["填表单位：保密办"],
        [],
        [
            "章  节",
            "编号",
            "评分内容",
            "标准分",
            "是否基本项",
            "是否重点项",
            "评分办法",
            "章节分值",
        ],
        ["保密监督管理/涉密人员", "4.2.1", "涉密人员上岗前审查", "6", "否", "★", "抽查", "50"],
        ["保密监督管理/涉密人员", "4.2.2", "签订保密承诺书", "4", "", "", "查阅", ""],
    ]
    second = [
        ["chapter", "code", "text", "points", "veto", "key", "method"],
        ["计算机和信息系统", "4.5", "涉密计算机未接入互联网", "", "yes", "no", "现场检查"],
    ]
    content = xlsx_sheets({"涉密人员": first, "计算机": second, "说明": [["本表说明"]]})
    standard = profiles.import_edition(
        actor=officer,
        profile="jungong",
        edition="2026版",
        rows=read(content).rows,
        filename="评分标准.xlsx",
    )
    assert standard.organisation_id == officer.person.organisation_id and standard.version == 1
    items = {i.code: i for i in standard.standard_items.select_related("chapter")}
    assert set(items) == {"4.2.1", "4.2.2", "4.5"}
    assert items["4.2.1"].key and items["4.2.1"].points == Decimal(6)
    assert items["4.2.1"].chapter.group == "保密监督管理"
    assert items["4.2.1"].chapter.points == 50
    assert items["4.5"].veto and items["4.5"].points is None
    # No evidence column: each takes the built-in chapter's evidence (a veto item its veto's).
    assert "devices.airgap" in items["4.5"].evidence
    assert "people.vetting" in items["4.2.1"].evidence
    assert items["4.5"].source == "评分标准.xlsx!计算机!2"
    assert standard.confidence == "unit"
    [event] = audit_events("accreditation.edition_imported")
    assert event["data"]["items"] == 3 and event["data"]["version"] == 1


def test_a_new_version_never_overwrites_the_old_one(officer):
    rows = read(xlsx_bytes(ROWS)).rows
    first = profiles.import_edition(actor=officer, profile="jungong", edition="2026版", rows=rows)
    changed = [*ROWS, ["保密制度", "3.1", "保密制度健全", "30", "", "", ""]]
    second = profiles.import_edition(
        actor=officer, profile="jungong", edition="2026版", rows=read(xlsx_bytes(changed)).rows
    )
    assert (first.version, second.version) == (1, 2)
    assert first.standard_items.count() == 2 and second.standard_items.count() == 3
    other = profiles.import_edition(actor=officer, profile="jungong", edition="2027版", rows=rows)
    assert other.version == 1


def test_a_bad_row_is_named_with_its_row_and_column(officer):
    rows = [
        *ROWS,
        ["保密制度", "3.1", "保密制度健全", "三十", "", "", ""],
        ["", "3.2", "", "5", "也许", "", ""],
        ["保密制度", "1.1", "重复的编号", "5", "", "", ""],
    ]
    before = stored()
    with pytest.raises(ImportRejected) as refused:
        profiles.import_edition(
            actor=officer, profile="jungong", edition="x", rows=read(xlsx_bytes(rows)).rows
        )
    assert stored() == before
    why = {r.number: " ".join(r.reasons) for r in refused.value.rejected}
    assert set(why) == {2, 4, 5, 6}
    assert "column D (分值)" in why[4] and "三十" in why[4]
    assert "column A (章节)" in why[5] and "column C (项目内容)" in why[5]
    assert "column E (基本项)" in why[5] and "也许" in why[5]
    assert "1.1" in why[6] and "1.1" in why[2]  # the repeated item number, both rows


def test_the_edition_fields_are_checked(officer):
    rows = read(xlsx_bytes(ROWS)).rows
    for kwargs, field in (
        ({"profile": "other", "edition": "x"}, "profile"),
        ({"profile": "jungong", "edition": ""}, "edition"),
        ({"profile": "jungong", "edition": "x", "pass_mark": "600"}, "pass_mark"),
        ({"profile": "jungong", "edition": "x", "total_points": "1e9"}, "total_points"),
    ):
        with pytest.raises(InvalidInput) as refused:
            profiles.import_edition(actor=officer, rows=rows, **kwargs)
        assert refused.value.field == field


def test_only_the_security_office_imports(world, officer):
    from baomi.access.roles import Role

    rows = read(xlsx_bytes(ROWS)).rows
    for role in (Role.LEADER, Role.CLERK, Role.STAFF, Role.SYSADMIN, Role.AUDITOR):
        with pytest.raises(AccessDenied):
            profiles.import_edition(
                actor=world.account(role), profile="jungong", edition="x", rows=rows
            )
    assert not Standard.objects.exclude(organisation=None).exists()
