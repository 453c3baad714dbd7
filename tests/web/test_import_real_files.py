"""A real office's files imported (issue 12, item 5).

A 收文登记簿 with a merged title row, a "填表单位" line, 收文序号, a 份号 column
("017-019"), 绝密级 and an unused 签收人 column. A 设备台账 whose computers sheet names
its devices by 设备名称, says 放置地点 and 责任人, carries MAC地址, 硬盘序列号 and
操作系统, and whose second sheet lists the 存储介质 with their 容量.

The dry run says which row was the header and which columns and sheets were not used; the
import keeps the copy numbers and every particular; bad MACs, nonsense capacities, a 份号
that disagrees with 份数 and two rows that disagree are named by row and column."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from baomi.carriers.models import Copy, Document, IncomingEntry, Series
from baomi.core.levels import Level
from baomi.devices.models import Asset, AssetKind
from tests.carriers import conftest as carriers
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.web.conftest import signed_in

office = carriers.office  # the fixture: an office with its clerk, director and readers

REGISTER_HEADER = [
    "收文序号",
    "收文日期",
    "来文单位",
    "文号",
    "文件标题",
    "密级",
    "保密期限（年）",
    "份数",
    "份号",
    "签收人",
    "备注",
]
LEDGER_HEADER = [
    "序号",
    "设备名称",
    "资产编号",
    "品牌型号",
    "序列号",
    "密级",
    "责任人",
    "放置地点",
    "MAC地址",
    "硬盘序列号",
    "操作系统",
    "联网情况",
    "启用日期",
    "备注",
]
MEDIA_HEADER = [
    "序号",
    "介质编号",
    "介质类型",
    "品牌型号",
    "序列号",
    "容量",
    "密级",
    "责任人",
    "存放地点",
]


def workbook(sheets: dict[str, list[list[Any]]], *, titles: dict[str, str]) -> bytes:
    """A workbook of the named sheets, each below a merged title row (``titles``) spanning
    the width of its table, as an office keeps its registers."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if name in titles:
            sheet.append([titles[name]])
            width = max((len(r) for r in rows), default=1)
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def register_file(*lines: list[Any]) -> bytes:
    return workbook(
        {
            "2026年": [
                [
                    "填表单位：市保密局办公室",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    "2026年1月10日",
                ],
                REGISTER_HEADER,
                *lines,
            ],
            "填表说明": [["份号写成 017-019 或 1,3,5"]],
        },
        titles={"2026年": "2026年收文登记簿"},
    )


REGISTER = [
    [
        1,
        datetime.date(2026, 1, 5),
        "市委办公厅",
        "市委办发〔2026〕1号",
        "年度保密工作要点",
        "绝密级",
        20,
        3,
        "017-019",
        "王机要",
        "",
    ],
    [
        2,
        datetime.date(2026, 1, 6),
        "市保密局",
        "市保发〔2026〕2号",
        "保密检查通报",
        "机密★10年",
        "",
        2,
        "第1-2份",
        "王机要",
        "急",
    ],
    [
        3,
        "2026年1月7日",
        "市政府办公室",
        "市政办〔2026〕3号",
        "会议纪要",
        "内部",
        "",
        "",
        "1，3，5",
        "王机要",
        "",
    ],
]


def ledger_file(computers: list[list[Any]], media: list[list[Any]]) -> bytes:
    return workbook(
        {
            "计算机及办公设备": [
                ["填表单位：保密办", None, None, None, None, None, "日期：2026-12-01"],
                [],
                LEDGER_HEADER,
                *computers,
            ],
            "存储介质": [MEDIA_HEADER, *media],
            "Sheet3": [],
        },
        titles={"计算机及办公设备": "2026年涉密计算机及办公设备台账", "存储介质": "存储介质台账"},
    )


COMPUTERS = [
    [
        1,
        "台式计算机",
        "ZC-2026-001",
        "联想启天M430",
        "SN-001",
        "机密级",
        "张一",
        "301室",
        "aa-bb-cc-dd-ee-01",
        "WD-123",
        "Windows 10",
        "未联网",
        "2024-01-01",
        "",
    ],
    [
        2,
        "笔记本电脑",
        "ZC-2026-002",
        "ThinkPad X1",
        "SN-002",
        "绝密级",
        "张二",
        "302室",
        "AABB.CCDD.EE02",
        "S3-XYZ; S3-XYW",
        "麒麟V10",
        "单机",
        "",
        "备用机",
    ],
    [
        3,
        "打印机",
        "ZC-2026-003",
        "HP M403",
        "SN-003",
        "非密",
        "张一",
        "301室",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]
MEDIA = [
    [1, "U-2026-001", "U盘", "金士顿", "K-1", "64 GB", "秘密级", "张一", "保密柜"],
    [2, "YP-2026-001", "移动硬盘", "西数", "W-1", "1TB", "机密", "张二", "保密柜"],
    [3, "U-2026-002", "U盘", "闪迪", "SD-1", "500G", "★绝密", "张一", "保密柜"],
]


def post(client, url: str, data: bytes, button: str, name: str = "file.xlsx"):
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, data), button: "1"})


def section(html: str, element_id: str) -> str:
    return html.split(f'id="{element_id}"', 1)[1].split("</table>", 1)[0].split("</ul>", 1)[0]


def rejected(html: str) -> dict[str, str]:
    """Each rejected row's place (as the page shows it) and its reasons."""
    table = html.split('id="import-rejected"', 1)[1].split("</table>", 1)[0]
    return {
        place: re.sub(r"\s+", " ", reasons)
        for place, reasons in re.findall(
            r"<tr data-row[^>]*><td>([^<]+)</td><td>(.*?)</td></tr>", table, re.S
        )
    }


class TestIncomingRegister:
    def test_the_dry_run_says_what_it_read_and_the_import_keeps_the_copy_numbers(self, office):
        client = signed_in(office.clerk, language="en")
        response = post(client, "incoming_import", register_file(*REGISTER), "dry_run")
        html = response.content.decode()
        assert response.status_code == 200 and "Nothing has changed." in html
        read = section(html, "import-reading")
        assert 'data-header-row="3"' in read  # below the merged title and the 填表单位 line
        assert "row 3 taken as the header row, 3 rows below it." in read
        assert "Columns not used: column J (签收人), column K (备注)" in read
        assert 'data-passed-over="填表说明"' in read and "no header row" in read
        rows = section(html, "import-rows")
        assert "17–19" in rows and "1–2" in rows and "1, 3, 5" in rows
        assert "年度保密工作要点" in rows and 'id="import-rejected"' not in html
        assert "2026 Classified No. 1" in rows  # the 收文编号 as everywhere else
        assert not IncomingEntry.objects.exists()
        zh = post(signed_in(office.clerk), "incoming_import", register_file(*REGISTER), "dry_run")
        assert "2026年涉密第1号" in section(zh.content.decode(), "import-rows")

        response = post(client, "incoming_import", register_file(*REGISTER), "import")
        assert response.status_code == 303
        top = Document.objects.get(number="市委办发〔2026〕1号")
        assert (top.level, top.term_years, top.issuer) == (Level.TOP_SECRET, 20, "市委办公厅")
        assert sorted(Copy.objects.filter(document=top).values_list("number", flat=True)) == [
            17,
            18,
            19,
        ]
        assert top.copies_count == 19  # copies 17-19 of a print run of at least 19
        entry = IncomingEntry.objects.get(document=top)
        assert (entry.year, entry.series, entry.sequence) == (2026, Series.CLASSIFIED, 1)
        secret = Document.objects.get(number="市保发〔2026〕2号")
        assert (secret.level, secret.term_years) == (Level.SECRET, 10)
        assert set(secret.copies.values_list("number", flat=True)) == {1, 2}
        minutes = Document.objects.get(number="市政办〔2026〕3号")
        assert set(minutes.copies.values_list("number", flat=True)) == {1, 3, 5}

    def test_a_copy_count_that_disagrees_and_rows_that_disagree_are_named(self, office):
        lines = [
            [
                1,
                "2026-01-05",
                "市委办公厅",
                "市委办发〔2026〕1号",
                "通知",
                "绝密",
                20,
                2,
                "017-019",
            ],
            [2, "2026-01-06", "市委办公厅", "市委办发〔2026〕1号", "通知", "秘密", 10, 1, "1-1"],
            [2, "2026-01-07", "市保密局", "市保发〔2026〕9号", "通报", "机密", 10, 1, "1,1"],
            [4, "2026-01-08", "市保密局", "市保发〔2026〕8号", "通报", "很秘密", 10, 1, "1"],
        ]
        client = signed_in(office.clerk, language="en")
        html = post(client, "incoming_import", register_file(*lines), "dry_run").content.decode()
        refused = rejected(html)
        assert set(refused) == {"4", "5", "6", "7"}
        assert (
            "column I (份号) gives 3 copies (017-019) but the number of copies says 2."
            in refused["4"]
        )
        # The same 文号 from the same issuer names the row before; the same 收文序号 each other.
        assert "市委办发〔2026〕1号 from this issuer is also in row 4" in refused["5"]
        assert "IN-NUMBER: The register number 2026/2 is repeated in row(s) 6" in refused["5"]
        assert "IN-NUMBER: The register number 2026/2 is repeated in row(s) 5" in refused["6"]
        assert "column I (份号): 1,1 names a copy twice." in refused["6"]
        assert "Unknown level 很秘密" in refused["7"]
        assert not IncomingEntry.objects.exists()


class TestEquipmentLedger:
    def test_both_sheets_are_imported_with_every_particular(self, ledger):  # noqa: F811
        client = signed_in(ledger.officer, language="en")
        data = ledger_file(COMPUTERS, MEDIA)
        html = post(client, "asset_import", data, "dry_run").content.decode()
        read = section(html, "import-reading")
        assert 'data-sheet="计算机及办公设备" data-header-row="4"' in read
        assert 'data-sheet="存储介质" data-header-row="2"' in read
        assert "Columns not used: column A (序号), column M (启用日期), column N (备注)" in read
        assert "Columns not used: column A (序号)</div>" in read
        assert 'data-passed-over="Sheet3"' in read and "not read: empty." in read
        rows = section(html, "import-rows")
        assert "6 assets would be registered." in html and "存储介质!5" in rows
        assert "AA:BB:CC:DD:EE:01" in rows and "500 GB" in rows
        assert not Asset.objects.filter(number__startswith="ZC-2026").exists()

        response = post(client, "asset_import", data, "import")
        assert response.status_code == 303
        desktop = Asset.objects.get(number="ZC-2026-001")
        assert (desktop.type, desktop.kind, desktop.level) == ("desktop", AssetKind.COMPUTER, 3)
        assert (desktop.make_model, desktop.location) == ("联想启天M430", "301室")
        assert desktop.custodian_id == ledger.tech[0].person_id
        assert (desktop.mac_addresses, desktop.disk_serials, desktop.operating_system) == (
            "AA:BB:CC:DD:EE:01",
            "WD-123",
            "Windows 10",
        )
        laptop = Asset.objects.get(number="ZC-2026-002")
        assert (laptop.type, laptop.level) == ("laptop", Level.TOP_SECRET)
        assert (laptop.mac_addresses, laptop.operating_system) == ("AA:BB:CC:DD:EE:02", "麒麟V10")
        assert Asset.objects.get(number="ZC-2026-003").level == 0
        media = Asset.objects.filter(kind=AssetKind.MEDIUM, number__in=[m[1] for m in MEDIA])
        assert {(m.number, m.type, m.capacity, m.level, m.tainted) for m in media} == {
            ("U-2026-001", "usb_stick", "64 GB", Level.CONFIDENTIAL, True),
            ("YP-2026-001", "portable_disk", "1 TB", Level.SECRET, True),
            ("U-2026-002", "usb_stick", "500 GB", Level.TOP_SECRET, True),
        }

    @pytest.mark.parametrize(
        ("column", "value", "reason"),
        [
            (8, "AA:BB:CC:DD:EE", "column I (MAC地址): AA:BB:CC:DD:EE is not a MAC address"),
            (8, "aa:bb-cc:dd:ee:ff", "column I (MAC地址): aa:bb-cc:dd:ee:ff is not a MAC address"),
            (8, "GG:BB:CC:DD:EE:FF", "column I (MAC地址): GG:BB:CC:DD:EE:FF is not a MAC address"),
        ],
    )
    def test_an_invalid_mac_address_is_named_by_row_and_column(
        self,
        ledger,  # noqa: F811
        column,
        value,
        reason,
    ):
        computers = [list(COMPUTERS[0])]
        computers[0][column] = value
        client = signed_in(ledger.officer, language="en")
        html = post(client, "asset_import", ledger_file(computers, []), "dry_run").content.decode()
        # The empty media sheet is passed over; the rows keep their sheet's name.
        assert "not read: no rows below its header row." in html
        assert reason in rejected(html)["计算机及办公设备!5"]

    @pytest.mark.parametrize("value", ["很大", "0G", "64", "-5G", "2000TB", "1.2.3G", "64 GX"])
    def test_a_nonsense_capacity_is_named_by_row_and_column(self, ledger, value):  # noqa: F811
        media = [list(MEDIA[0])]
        media[0][5] = value
        client = signed_in(ledger.officer, language="en")
        html = post(
            client, "asset_import", ledger_file(COMPUTERS, media), "dry_run"
        ).content.decode()
        assert f"column F (容量): {value} is not a capacity" in rejected(html)["存储介质!3"]

    def test_rows_that_disagree_on_two_sheets_name_each_other__DEV_LEDGER(self, ledger):  # noqa: F811
        media = [[1, "ZC-2026-001", "U盘", "金士顿", "K-1", "64 GB", "秘密级", "张一", "保密柜"]]
        client = signed_in(ledger.officer, language="en")
        html = post(
            client, "asset_import", ledger_file(COMPUTERS, media), "dry_run"
        ).content.decode()
        refused = rejected(html)
        assert "ZC-2026-001 is repeated in row(s) 存储介质!3" in refused["计算机及办公设备!5"]
        assert "ZC-2026-001 is repeated in row(s) 计算机及办公设备!5" in refused["存储介质!3"]
        assert not Asset.objects.filter(number__startswith="ZC-2026").exists()

    def test_a_capacity_column_may_give_its_unit_in_its_header(self, ledger):  # noqa: F811
        header = ["资产编号", "类型", "存储容量（GB）"]
        data = workbook({"介质": [header, ["U-9", "U盘", 32], ["U-10", "U盘", "1TB"]]}, titles={})
        client = signed_in(ledger.officer, language="en")
        assert post(client, "asset_import", data, "import").status_code == 303
        assert dict(
            Asset.objects.filter(number__in=["U-9", "U-10"]).values_list("number", "capacity")
        ) == {
            "U-9": "32 GB",
            "U-10": "1 TB",
        }
