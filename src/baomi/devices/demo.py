"""The demo's equipment: a small ledger and its care."""

from __future__ import annotations

import contextlib

from django.utils import timezone

from baomi.accounts.models import Account
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices.operations import away, ledger, media, upkeep
from baomi.rulebook import operations as rulebook
from baomi.seams.demo import Demo

# (number, type, level, network, custodian's staff number, location, serial)
EQUIPMENT = [
    ("JSJ-001", "desktop", Level.SECRET, "isolated", "B002", "机要室", "SN-D-1001"),
    ("JSJ-002", "desktop", Level.PUBLIC, "internet", "E004", "研发一室", "SN-D-1002"),
    ("JSJ-003", "laptop", Level.CONFIDENTIAL, "none", "E001", "技术部", "SN-L-2001"),
    ("U-001", "usb_stick", Level.SECRET, "none", "B002", "机要室保密柜", "SN-U-3001"),
    ("U-002", "usb_stick", Level.PUBLIC, "none", "E004", "研发一室", "SN-U-3002"),
    ("DY-001", "printer", Level.SECRET, "isolated", "B002", "机要室", "SN-P-4001"),
]
REPAIR_VENDOR = "示例市保密技术服务中心"


def build(demo: Demo) -> None:
    """A small equipment ledger: a classified desktop and printer in the registry, an
    internet desktop and an unclassified stick in R&D, a classified stick used on the
    classified desktop, and one refused cross use (MEDIA-NO-CROSS) waiting as an alert."""
    if not demo.created:
        return
    officer, clerk = demo.accounts["secofficer"], demo.accounts["clerk"]
    assets = {}
    for number, type_, level, network, keeper, location, serial in EQUIPMENT:
        assets[number] = ledger.register_asset(
            actor=officer,
            type=type_,
            number=number,
            serial=serial,
            level=int(level),
            network=network,
            custodian_id=demo.people[keeper].pk,
            location=location,
        )
    media.record_media_use(
        actor=clerk, computer_id=assets["JSJ-001"].pk, medium_identifier="U-001", purpose="拷贝"
    )
    # Refused, and kept as evidence: the alert the security office finds in the demo.
    with contextlib.suppress(RuleViolation):
        media.record_media_use(
            actor=clerk,
            computer_id=assets["JSJ-001"].pk,
            medium_identifier="U-002",
            purpose="拷贝",
        )
    _care(officer, clerk, assets)


def _care(officer: Account, clerk: Account, assets: dict) -> None:
    """The equipment's care: the designated repair vendor (DEV-REPAIR), the classified
    desktop's antivirus and its important files backed up once this month (DEV-BACKUP), the
    laptop's repair awaiting the office director, and the registry's integrity review."""
    rulebook.set_rule(actor=officer, rule_id="DEV-REPAIR", params={"vendors": [REPAIR_VENDOR]})
    today = timezone.localdate()
    desktop = assets["JSJ-001"].pk
    ledger.update_asset(actor=officer, asset_id=desktop, important_data=True)
    upkeep.record_av_update(actor=clerk, computer_id=desktop, signatures_on=today, product="瑞星")
    upkeep.record_backup(actor=clerk, computer_id=desktop, on=today, target="U-001")
    away.request_repair(
        actor=officer, asset_id=assets["JSJ-003"].pk, vendor=REPAIR_VENDOR, fault="键盘失灵"
    )
    upkeep.record_integrity_review(
        actor=clerk,
        department_id=clerk.person.department_id,
        reviewed_on=today,
        findings="机要室计算机文件、数据整理审查，未发现异常。",
    )
