"""The API's imports of a real office's files (issue 12, item 5; the files of
tests/web/test_import_real_files.py): the dry run answers, besides the rows, the header row and
columns of each sheet read and the sheets passed over; the rows carry their sheet, 份号 and a
computer's particulars; a rejected row names its sheet."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.carriers import conftest as carriers
from tests.web.test_import_real_files import COMPUTERS, MEDIA, REGISTER, ledger_file, register_file

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office


def post(client, path: str, data: bytes):
    """A dry run of ``path`` with the file, answered in English."""
    upload = SimpleUploadedFile("file.xlsx", data)
    headers = {**client.headers, "accept-language": "en"}
    return client.client.post(f"/api/v1{path}?dry_run=true", {"file": upload}, headers=headers)


def test_the_ledgers_dry_run_says_what_it_read(office, api):
    r = post(api(office.officer), "/assets/import", ledger_file(COMPUTERS, MEDIA))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["would_create"] == 6
    computers, media = body["sheets"]
    assert (computers["title"], computers["header_row"], computers["rows"]) == (
        "计算机及办公设备",
        4,
        3,
    )
    assert {"letter": "I", "header": "MAC地址", "field": "mac_addresses"} in computers["columns"]
    assert {"letter": "A", "header": "序号", "field": ""} in media["columns"]
    assert body["passed_over"] == [{"title": "Sheet3", "reason": "empty"}]
    desktop, *_, stick = body["rows"]
    assert (desktop["sheet"], desktop["row"], desktop["mac_addresses"]) == (
        "计算机及办公设备",
        5,
        "AA:BB:CC:DD:EE:01",
    )
    assert (stick["sheet"], stick["type"], stick["capacity"], stick["level"]) == (
        "存储介质",
        "usb_stick",
        "500 GB",
        4,
    )


def test_a_rejected_row_names_its_sheet(office, api):
    media = [[1, "U-1", "U盘", "金士顿", "K-1", "很大", "秘密级", "张一", "保密柜"]]
    r = post(api(office.officer), "/assets/import", ledger_file(COMPUTERS, media))
    assert r.status_code == 422
    [row] = r.json()["detail"]
    assert (row["sheet"], row["row"]) == ("存储介质", 3)
    assert "column F (容量): 很大 is not a capacity" in row["reasons"][0]


def test_the_registers_dry_run_answers_the_copy_numbers(office, api):
    r = post(api(office.clerk), "/incoming/import", register_file(*REGISTER))
    assert r.status_code == 200, r.content
    body = r.json()
    assert [row["copy_numbers"] for row in body["rows"]] == [[17, 18, 19], [1, 2], [1, 3, 5]]
    [sheet] = body["sheets"]
    assert sheet["header_row"] == 3 and sheet["title"] == ""
    assert body["passed_over"][0]["title"] == "填表说明"
