"""The issue's scenario from end to end, through the operations the pages and the API call and
the reads they show: an existing 200-line equipment ledger imported from a spreadsheet (its
5 bad lines named, nothing half-imported), a permitted and a refused use of a USB stick on a
classified computer, and a physical check whose reconciliation names exactly the missing
stick and the laptop nobody registered. The audit chain still verifies at the end."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import translation

from baomi.audit import verification
from baomi.audit.models import AuditEvent
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices import imports
from baomi.devices.models import AssetEvent
from baomi.devices.operations import checks, media
from baomi.devices.operations import ledger as ops
from baomi.devices.queries import ledger as ledger_queries
from baomi.devices.queries import uses
from baomi.devices.queries.checks import MISSING, UNEXPECTED, UNKNOWN, reconciliation
from tests.factories import audit_events, xlsx_bytes

HEADER = [
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
# What each line of the ledger holds, by its line number modulo 4: a classified desktop on
# the isolated network, a classified stick, an unclassified stick, a classified printer.
KINDS = {
    0: ("台式机", "机密", "涉密网"),
    1: ("U盘", "机密", ""),
    2: ("U盘", "非密", ""),
    3: ("打印机", "秘密", "未联网"),
}
# The number the security officer registered by hand before the import.
BY_HAND = "ZC-0000"


@pytest.fixture(autouse=True)
def chinese():
    """The default language of the pages: the reasons read in Chinese."""
    with translation.override("zh-hans"):
        yield


def line(ledger: Any, n: int, **changes: str) -> list[str]:
    """Line ``n`` (1–200) of the ledger: asset ZC-0nnn with serial SN-0nnn, kept by the first
    tech custodian (by staff number) or, every other line, by the second (by name)."""
    type_, level, network = KINDS[n % 4]
    keeper = ledger.tech[0].person.staff_number if n % 2 else ledger.tech[1].person.name
    values = {
        "number": f"ZC-{n:04d}",
        "type": type_,
        "serial": f"SN-{n:04d}",
        "make_model": "联想 M720" if type_ == "台式机" else "金士顿 DT",
        "level": level,
        "network": network,
        "custodian": keeper,
        "department": "",
        "location": f"技术部{200 + n % 10}",
        "status": "在用",
    }
    values.update(changes)
    return list(values.values())


def upload(lines: list[list[str]]) -> list[imports.Row]:
    """The lines as a user's .xlsx upload, read the way the upload page reads it."""
    data = xlsx_bytes([HEADER, *lines])
    return imports.read_upload(io.BytesIO(data), "设备总台账.xlsx")


def refused_rows(ledger: Any, rows: list[imports.Row], *, dry_run: bool) -> dict[int, list[str]]:
    """The import is refused as a whole: each rejected row of the file with its reasons."""
    with pytest.raises(imports.ImportRejected) as refused:
        ops.import_assets(actor=ledger.officer, rows=rows, dry_run=dry_run)
    assert "整个文件均未导入" in refused.value.message
    return {r["row"]: r["reasons"] for r in refused.value.detail}


def written(officer: Any) -> tuple[int, int, int]:
    """What an import writes, as read back: the ledger's assets, their history lines and the
    import's audit events."""
    return (
        ledger_queries.totals(officer)["total"],
        AssetEvent.objects.count(),
        AuditEvent.objects.filter(action="devices.ledger_imported").count(),
    )


def test_the_issue_scenario__DEV_LEDGER__DEV_AIRGAP__MEDIA_NO_CROSS__MEDIA_TAINT(
    ledger: Any,
) -> None:
    """Import (DEV-LEDGER, DEV-AIRGAP, MEDIA-TAINT), media uses (MEDIA-NO-CROSS) and a
    physical check (DEV-LEDGER), as the security officer and a custodian do them."""
    officer = ledger.officer

    # The security officer registered one server by hand before the old ledger arrived.
    server = ledger.register(number=BY_HAND, type="server", level=Level.SECRET, network="isolated")

    # 1. The old ledger, 200 lines, 5 of them bad, each for another reason.
    good = [line(ledger, n) for n in range(1, 201)]
    broken = list(good)
    bad = {
        17: ("number", BY_HAND),  # already in the ledger
        42: ("type", "平板"),
        88: ("custodian", "S99999"),
        120: ("network", "互联网"),  # line 120 is a classified desktop
        163: ("level", "特密"),
    }
    for n, (column, value) in bad.items():
        broken[n - 1] = line(ledger, n, **{column: value})
    before = written(officer)
    assert before == (1, 1, 0)

    # The dry run names exactly the five bad rows (the header is row 1: line n is row n + 1),
    # each with its one reason, and writes nothing.
    rejected = refused_rows(ledger, upload(broken), dry_run=True)
    assert sorted(rejected) == [n + 1 for n in sorted(bad)]
    assert all(len(reasons) == 1 for reasons in rejected.values())
    why = {n: rejected[n + 1][0] for n in bad}
    assert why[17] == f"DEV-LEDGER: 资产编号 {BY_HAND} 已在台账中。"
    assert why[42] == "未知类型 平板。"
    assert why[88] == "在岗人员中没有工号或姓名为 S99999 的人。"
    assert why[120] == "DEV-AIRGAP: 涉密设备严禁连接互联网。"
    assert why[163] == "未知密级 特密：请填写非密、秘密、机密或绝密。"
    assert written(officer) == before

    # Importing it for real is refused as a whole: not one of the 195 good lines goes in.
    assert refused_rows(ledger, upload(broken), dry_run=False) == rejected
    assert written(officer) == before

    # The corrected file imports all 200, each with its history line, in one audit event.
    imported = ops.import_assets(actor=officer, rows=upload(good), dry_run=False)
    assert [p.row for p in imported] == list(range(2, 202))
    assert written(officer) == (201, 201, 1)
    asset = {p.number: p.asset_id for p in imported}
    totals = ledger_queries.totals(officer)
    assert totals["by_type"] == {"desktop": 50, "usb_stick": 100, "printer": 50, "server": 1}
    assert totals["by_level"] == {0: 50, Level.CONFIDENTIAL: 50, Level.SECRET: 101}
    # MEDIA-TAINT: the classified sticks are tainted from registration.
    secret_stick = ledger_queries.asset(officer, asset["ZC-0001"])
    assert (secret_stick.type, secret_stick.level, secret_stick.tainted) == (
        "usb_stick",
        Level.SECRET,
        True,
    )
    assert secret_stick.custodian_id == ledger.tech[0].person_id  # by staff number

    # 2. A classified stick on a classified desktop, recorded by the desktop's custodian:
    # allowed and logged.
    desktop = ledger_queries.asset(officer, asset["ZC-0004"])
    assert (desktop.type, desktop.level, desktop.network) == ("desktop", Level.SECRET, "isolated")
    keeper = ledger.tech[1]
    assert desktop.custodian_id == keeper.person_id  # by name
    use = media.record_media_use(
        actor=keeper,
        computer_id=desktop.pk,
        medium_identifier="SN-0001",  # the stick presented by its serial
        purpose="拷贝涉密会议材料",
    )
    assert (use.allowed, use.medium_id, use.rule_id) == (True, secret_stick.pk, "")

    # 3. An unclassified stick on the same desktop: refused (MEDIA-NO-CROSS); the refused use
    # stays as evidence with an alert for the security office.
    plain_stick = asset["ZC-0002"]
    with pytest.raises(RuleViolation) as refused:
        media.record_media_use(actor=keeper, computer_id=desktop.pk, medium_identifier="ZC-0002")
    assert refused.value.rule_id == "MEDIA-NO-CROSS"
    assert refused.value.message == "非密介质严禁在涉密计算机上使用。"
    logged = list(uses.media_uses(officer, desktop.pk))
    assert [(u.medium_id, u.allowed, u.rule_id) for u in logged] == [
        (plain_stick, False, "MEDIA-NO-CROSS"),
        (secret_stick.pk, True, ""),
    ]
    assert [u.allowed for u in uses.media_uses(officer, plain_stick)] == [False]
    [alert] = ledger_queries.alerts(officer)
    assert (alert.rule_id, alert.asset_id, alert.media_use_id) == (
        "MEDIA-NO-CROSS",
        desktop.pk,
        logged[0].pk,
    )
    assert "ZC-0002" in alert.description and "ZC-0004" in alert.description
    assert not ledger_queries.asset(officer, plain_stick).tainted  # a refused use taints nothing

    # 4. A physical check of the organisation: the scanner's list holds every asset but one
    # stick (half by number, half by serial), and a laptop nobody registered is typed in.
    lost = "ZC-0149"  # a classified stick
    assert good[148][1:5] == ["U盘", "SN-0149", "金士顿 DT", "机密"]
    check = checks.start_check(actor=officer)
    scanned = [BY_HAND] + [
        number if n % 2 else f"SN-{n:04d}"
        for n, number in enumerate(sorted(asset), start=1)
        if number != lost
    ]
    assert checks.import_observations(actor=officer, check_id=check.pk, identifiers=scanned) == (
        200,
        0,
    )
    laptop = checks.observe(
        actor=officer, check_id=check.pk, identifier="LX-T14-9F3K2", location="技术部205"
    )
    assert laptop.asset_id is None

    result = reconciliation(officer, check.pk)
    assert (result.expected, result.observed) == (201, 201)
    assert [(f.kind, f.asset_id, f.number) for f in result.missing] == [
        (MISSING, asset[lost], lost)
    ]
    assert [(f.kind, f.asset_id, f.identifier, f.expected) for f in result.unexpected] == [
        (UNEXPECTED, None, "LX-T14-9F3K2", UNKNOWN)
    ]
    assert not (result.wrong_custodian or result.wrong_location or result.wrong_status)
    assert len(list(result.findings)) == 2 and not result.matches

    # Closing the check turns both findings into alerts for the security office.
    checks.close_check(actor=officer, check_id=check.pk)
    followed = [a for a in ledger_queries.alerts(officer) if a.rule_id == "DEV-LEDGER"]
    assert sorted((a.asset_id or 0, a.description) for a in followed) == [
        (0, "清点到 LX-T14-9F3K2，但台账中没有。"),
        (asset[lost], f"未清点到 {lost}。"),
    ]
    assert ledger_queries.alerts(officer).count() == 3
    assert server.pk not in {a.asset_id for a in ledger_queries.alerts(officer)}

    # 5. Every step and every refusal is in the audit chain, and the chain verifies.
    assert [e["data"]["rule"] for e in audit_events("operation.refused")] == ["MEDIA-NO-CROSS"]
    [import_event] = audit_events("devices.ledger_imported")
    assert import_event["data"]["count"] == 200
    verdict = verification.verify()
    assert verdict.ok, verdict
