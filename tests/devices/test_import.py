"""Importing an existing equipment ledger (总台账) from .xlsx or .csv: every line checked
(DEV-LEDGER, DEV-AIRGAP), all imported or none, a dry run, one audit event."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation

from baomi.audit.models import AuditEvent
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Level
from baomi.devices import imports
from baomi.devices.models import Alert, Asset, AssetEvent
from baomi.devices.operations import ledger as ops
from tests.factories import audit_events, csv_bytes, xlsx_bytes, xlsx_sheets

ZH = [
    "资产编号",
    "类型",
    "序列号",
    "品牌型号",
    "密级",
    "网络",
    "保管人",
    "部门",
    "存放位置",
    "状态",
]
# The template's columns after ZH.
MORE = [
    "设备名称",
    "MAC地址",
    "硬盘序列号",
    "操作系统",
    "容量",
    "防病毒软件",
    "病毒库日期",
    "无线网卡",
    "重要数据",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def line(n, *, type="台式机", level="非密", network="", custodian="", **kw):
    """One line with the values of ZH."""
    return [
        kw.get("number", f"ZC-{n:04d}"),
        type,
        kw.get("serial", f"SN{n}"),
        kw.get("make_model", "联想"),
        level,
        network,
        custodian,
        kw.get("department", ""),
        kw.get("location", ""),
        kw.get("status", ""),
    ]


def rows(*lines):
    return [imports.Row(n, *(str(v) for v in values)) for n, values in enumerate(lines, start=2)]


def run(ledger, *lines, dry_run=False, actor=None):
    return ops.import_assets(actor=actor or ledger.officer, rows=rows(*lines), dry_run=dry_run)


def rejected(ledger, *lines, dry_run=False) -> dict[int, str]:
    with pytest.raises(imports.ImportRejected) as refused:
        run(ledger, *lines, dry_run=dry_run)
    assert "nothing was imported" in refused.value.message
    return {r["row"]: " | ".join(r["reasons"]) for r in refused.value.detail}


def nothing_written():
    """No asset but those registered one by one, no import event."""
    return (
        Asset.objects.count(),
        AuditEvent.objects.filter(action="devices.ledger_imported").count(),
    ) == (AuditEvent.objects.filter(action="devices.asset_registered").count(), 0)


class TestReading:
    def test_xlsx_with_chinese_headers(self):
        data = xlsx_bytes(
            [ZH, ["ZC-1", "U盘", "S1", "金士顿", "机密", None, "S00001", "", "柜1", ""]]
        )
        [row] = imports.read_rows(data, "ledger.xlsx")
        assert (row.number, row.asset_number, row.type, row.level, row.custodian) == (
            2,
            "ZC-1",
            "U盘",
            "机密",
            "S00001",
        )

    def test_csv_with_english_headers_and_only_the_required_columns(self):
        data = csv_bytes([["Type", "Asset Number"], ["laptop", "N-1"]], "gb18030")
        [row] = imports.read_upload(io.BytesIO(data), "ledger.csv")
        assert (row.asset_number, row.type, row.level, row.network) == ("N-1", "laptop", "", "")

    def test_missing_columns_are_named(self):
        with pytest.raises(InvalidInput) as refused:
            imports.read_rows("序列号\nS1\n".encode(), "r.csv")
        assert "资产编号/number" in refused.value.message
        assert "类型/type" in refused.value.message

    def test_the_template_has_the_header_row(self):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(imports.template_xlsx())).active
        assert [c.value for c in next(sheet.iter_rows())] == [*ZH, *MORE]

    def test_a_ledger_below_its_title_on_the_sheet_with_the_header(self):
        """As every import (baomi.core.imports): title rows above the header, other names of
        the columns (spaces, a required mark, underscores), an instructions sheet first."""
        header = ["资产 编号", "＊设备类型", "Serial_Number", "使用部门"]
        data = xlsx_sheets(
            {
                "说明": [["类型填台式机、笔记本、U盘……"]],
                "总台账": [["设备总台账"], ["2024年12月"], header, ["ZC-1", "U盘", "S1", "技术部"]],
                "Sheet3": [],
            }
        )
        [row] = imports.read_rows(data, "ledger.xlsx")
        assert (row.number, row.asset_number, row.type, row.serial, row.department) == (
            4,
            "ZC-1",
            "U盘",
            "S1",
            "技术部",
        )

    def test_a_ledger_on_two_sheets_is_read_from_both(self):
        sheets = {kind: [ZH, line(1)] for kind in ("计算机", "存储介质")}
        rows = imports.read_rows(xlsx_sheets(sheets), "ledger.xlsx")
        assert [r.place for r in rows] == ["计算机!2", "存储介质!2"]

    def test_a_list_of_what_a_check_found_below_its_title(self):
        """A physical check's list (read_seen): the number where a row has both, else the
        serial, one a row."""
        data = csv_bytes(
            [["清查记录"], [], ["设备编号", "出厂编号"], ["ZC-1", "S1"], ["", "S2"], ["ZC-3", ""]]
        )
        assert imports.read_seen(io.BytesIO(data), "seen.csv") == ["ZC-1", "S2", "ZC-3"]


class TestImport:
    def test_labels_and_codes_are_read(self, ledger):
        keeper, other = ledger.tech[0].person, ledger.office.person
        parsed = run(
            ledger,
            line(1, type="笔记本", level="机密", network="涉密网", custodian=keeper.staff_number),
            line(2, type="usb_stick", level="3", custodian=other.name),
            line(3, type="打印机", level="内部", network="互联网", status="备用"),
            line(4, type="光盘", level="绝密", status="已销毁", department=other.department.name),
            line(5, type="Portable Disk", level="secret", network="Internal office network"),
            dry_run=True,
        )
        assert [(p.type, p.level, p.network, p.status) for p in parsed] == [
            ("laptop", Level.SECRET, "isolated", "in_use"),
            ("usb_stick", Level.SECRET, "none", "in_use"),
            ("printer", 0, "internet", "spare"),
            ("optical_disc", Level.TOP_SECRET, "none", "destroyed"),
            ("portable_disk", Level.SECRET, "internal", "in_use"),
        ]
        assert parsed[0].custodian_id == keeper.pk
        assert parsed[0].department_id == keeper.department_id
        assert parsed[3].department_id == other.department_id
        assert nothing_written()

    def test_import_registers_with_history_and_taint__MEDIA_TAINT(self, ledger):
        keeper = ledger.tech[0].person
        imported = run(
            ledger,
            line(1, type="U盘", level="秘密", custodian=keeper.name),
            line(2, type="U盘"),
        )
        stick, plain = (Asset.objects.get(pk=p.asset_id) for p in imported)
        assert (stick.kind, stick.tainted, stick.custodian_id) == ("medium", True, keeper.pk)
        assert not plain.tainted
        assert AssetEvent.objects.filter(action="registered").count() == 2
        [event] = audit_events("devices.ledger_imported")
        assert event["data"]["count"] == 2 and event["data"]["rows"] == [2, 3]

    def test_every_bad_row_with_its_reason__DEV_LEDGER(self, ledger):
        ledger.register(number="OLD-1")
        ledger.world.person(name="张一")  # a second 张一: the name is ambiguous
        got = rejected(
            ledger,
            line(1, type="平板"),
            line(2, number="OLD-1"),
            line(3, number="DUP"),
            line(4, number="DUP"),
            line(5, level="1"),
            line(6, custodian="无此人"),
            line(7, custodian="张一"),
            line(8, network="wifi", status="丢失"),
            line(9, level="机密", network="互联网"),
            line(10, type="U盘", level="机密", network="互联网"),
            line(11, number=""),
        )
        assert set(got) == {2, 3, 4, 5, 6, 7, 8, 9, 10, 12}
        assert "Unknown type 平板" in got[2]
        assert got[3].startswith("DEV-LEDGER:") and "already in the ledger" in got[3]
        assert "repeated in row(s) 5" in got[4] and "repeated in row(s) 4" in got[5]
        assert "Unknown level 1" in got[6]
        assert "无此人" in got[7]
        assert "names 2 people" in got[8]
        assert "Unknown network wifi" in got[9] and "Unknown status 丢失" in got[9]
        assert got[10].startswith("DEV-AIRGAP:")
        assert "DEV-LEDGER: The asset number is missing." in got[12]
        assert Asset.objects.count() == 1 and not Alert.objects.exists()

    def test_a_200_row_ledger_with_5_bad_rows__DEV_LEDGER(self, ledger):
        """The dry run lists exactly the 5 bad rows, nothing is half-imported, then the
        corrected file imports 200."""
        ledger.register(number="OLD-1")
        keeper = ledger.tech[0].person.staff_number
        good = [
            line(n, type=("台式机", "U盘", "打印机")[n % 3], level="秘密", custodian=keeper)
            for n in range(1, 201)
        ]
        bad = {10: "type", 50: "airgap", 99: "duplicate", 150: "level", 200: "custodian"}
        broken = list(good)
        broken[9] = line(10, type="平板")
        broken[49] = line(50, level="机密", network="互联网")
        broken[98] = line(99, number="OLD-1")
        broken[149] = line(150, level="秘")
        broken[199] = line(200, custodian="S99999")
        got = rejected(ledger, *broken, dry_run=True)
        # Row numbers of the file: line n is row n + 1.
        assert set(got) == {n + 1 for n in bad}
        assert "DEV-AIRGAP" in got[51] and "DEV-LEDGER" in got[100]
        assert nothing_written()
        rejected(ledger, *broken)
        assert nothing_written()
        imported = run(ledger, *good)
        assert len(imported) == Asset.objects.count() - 1 == 200
        # MEDIA-TAINT: every classified asset's storage has held classified data.
        assert Asset.objects.filter(tainted=True).count() == 200
        assert AuditEvent.objects.filter(action="devices.ledger_imported").count() == 1

    def test_only_the_security_officer_imports(self, ledger):
        with pytest.raises(AccessDenied):
            run(ledger, line(1), actor=ledger.office)
        assert nothing_written()


def asset_row(**cells):
    """One row from keyword cells (the column order does not matter)."""
    cells.setdefault("asset_number", "ZC-9")
    return imports.Row(2, **cells)


def dry(ledger, **cells):
    [parsed] = ops.import_assets(actor=ledger.officer, rows=[asset_row(**cells)], dry_run=True)
    return parsed


def reasons(ledger, **cells) -> str:
    with pytest.raises(imports.ImportRejected) as refused:
        ops.import_assets(actor=ledger.officer, rows=[asset_row(**cells)], dry_run=True)
    return " | ".join(refused.value.detail[0]["reasons"])


class TestRealLedgers:
    @pytest.mark.parametrize(
        ("cells", "type_", "make_model"),
        [
            ({"name": "台式计算机", "make_model": "联想"}, "desktop", "联想"),
            ({"name": "U盘"}, "usb_stick", ""),
            (
                {"type": "笔记本", "name": "财务处笔记本", "make_model": "X1"},
                "laptop",
                "财务处笔记本 X1",
            ),
            ({"type": "打印机", "name": "打印机"}, "printer", ""),
            ({"type": "打印机", "name": "HP M403", "make_model": "HP M403"}, "printer", "HP M403"),
        ],
    )
    def test_the_name_gives_the_type_or_goes_before_the_make(
        self, ledger, cells, type_, make_model
    ):
        parsed = dry(ledger, **cells)
        assert (parsed.type, parsed.make_model) == (type_, make_model)

    def test_a_name_that_is_no_type_without_a_type_is_refused(self, ledger):
        assert "Unknown type 财务处的电脑." in reasons(ledger, name="财务处的电脑")

    @pytest.mark.parametrize(
        ("written", "kept"),
        [
            ("aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF"),
            ("AA-BB-CC-DD-EE-FF", "AA:BB:CC:DD:EE:FF"),
            ("aabb.ccdd.eeff", "AA:BB:CC:DD:EE:FF"),
            ("AABBCCDDEEFF", "AA:BB:CC:DD:EE:FF"),
            ("ＡＡ：ＢＢ：ＣＣ：ＤＤ：ＥＥ：０１", "AA:BB:CC:DD:EE:01"),
            ("aa:bb:cc:dd:ee:01 / aa-bb-cc-dd-ee-02", "AA:BB:CC:DD:EE:01, AA:BB:CC:DD:EE:02"),
            ("aa:bb:cc:dd:ee:01\naa:bb:cc:dd:ee:01", "AA:BB:CC:DD:EE:01"),
        ],
    )
    def test_mac_addresses_are_kept_in_one_form(self, ledger, written, kept):
        assert dry(ledger, type="台式机", mac_addresses=written).mac_addresses == kept

    @pytest.mark.parametrize(
        ("written", "kept"),
        [
            ("500G", "500 GB"),
            ("1TB", "1 TB"),
            ("64 GB", "64 GB"),
            ("1.5t", "1.5 TB"),
            ("512MB", "512 MB"),
            ("4.7 GiB", "4.7 GB"),
            ("６４ＧＢ", "64 GB"),
        ],
    )
    def test_capacities_are_kept_as_a_number_and_a_unit(self, ledger, written, kept):
        assert dry(ledger, type="U盘", capacity=written).capacity == kept

    def test_wireless_hardware_on_a_classified_computer_is_refused__DEV_AIRGAP(self, ledger):
        assert "DEV-AIRGAP" in reasons(ledger, type="台式机", level="机密级", wireless="有")
        assert dry(ledger, type="台式机", level="非密", wireless="是").wireless is True

    def test_the_computers_particulars_are_read(self, ledger):
        parsed = dry(
            ledger,
            type="台式机",
            disk_serials="WD-1",
            operating_system="麒麟V10",
            antivirus="360",
            av_signatures_on="2026年11月30日",
            important_data="是",
        )
        assert (parsed.disk_serials, parsed.operating_system, parsed.antivirus) == (
            "WD-1",
            "麒麟V10",
            "360",
        )
        assert (parsed.av_signatures_on, parsed.important_data) == (
            datetime.date(2026, 11, 30),
            True,
        )
        assert "is not a date" in reasons(ledger, type="台式机", av_signatures_on="上周")
