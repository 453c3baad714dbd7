"""Reading an existing equipment ledger (总台账) from an uploaded .xlsx or .csv file and
checking every line, without writing anything. ``operations.ledger.import_assets`` registers
them. The file is read as every import reads one, by ``baomi.core.imports`` (title rows above
the header row, any of a column's names, the sheet that has the header row); so is a physical
check's list of what was found (``read_seen``).

The header row names the columns in Chinese or English: 资产编号/number, 类型/type (台式机,
笔记本, 服务器, U盘, 移动硬盘, 光盘, 存储卡, 打印机, 复印机, 传真机, 扫描仪, 多功能一体机, or
the codes desktop, laptop, usb_stick …) and, optionally, 序列号/serial, 品牌型号/make_model,
密级/level (非密, 内部 and 公开 are unclassified; 秘密, 机密, 绝密; or 0, 2, 3, 4),
网络/network (未联网, 涉密网, 内网, 互联网 or none, isolated, internal, internet; empty: not
connected), 保管人/custodian (staff number or name: exactly one active person),
部门/department (by name; the custodian's by default), 存放位置/location and 状态/status (在用,
备用, 维修中, 外借, 已报废, 已销毁 or the codes; empty: in use; an existing ledger may hold any
status). Row numbers are those of the
file, the header being row 1."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core import imports
from baomi.core.imports import Field, ImportRejected, Rejected
from baomi.core.levels import Level
from baomi.devices.ledger_rules import airgap_refusal
from baomi.devices.models import KIND_OF_TYPE, Asset, AssetType, Network, Status
from baomi.org.models import Department, Employment, Person

__all__ = ["ImportRejected", "Parsed", "Rejected", "Row", "check", "read_upload"]

NOTHING_BELOW = gettext_lazy("The file has no assets below its header row.")
ASSET_NUMBER = Field(
    "asset_number",
    ("资产编号", "number", "asset number", "编号", "设备编号"),
    required=True,
)
SERIAL = Field("serial", ("序列号", "serial", "serial number", "出厂编号"))
# The template's header row, and the column names each field is recognised by.
SPEC = imports.ImportSpec(
    fields=(
        ASSET_NUMBER,
        Field("type", ("类型", "type", "设备类型", "种类"), required=True),
        SERIAL,
        Field("make_model", ("品牌型号", "make_model", "make and model", "型号", "品牌")),
        Field("level", ("密级", "level", "classification")),
        Field("network", ("网络", "network", "联网情况", "网络类型")),
        Field("custodian", ("保管人", "custodian", "责任人", "使用人")),
        Field("department", ("部门", "department", "所属部门", "使用部门")),
        Field("location", ("存放位置", "location", "位置", "存放地点")),
        Field("status", ("状态", "status", "使用状态")),
    ),
    nothing_below=NOTHING_BELOW,
    sheet="assets",
    module=__name__,
)
# A line as read from the file: its row number and the text of each column.
Row = SPEC.row_type
read_rows = SPEC.read_rows
read_upload = SPEC.read_upload
no_rows = SPEC.no_rows
template_xlsx = SPEC.template_xlsx
# A list of seen assets (a physical check): a column of asset numbers or serials.
SEEN = imports.ImportSpec(
    fields=(Field(ASSET_NUMBER.name, ASSET_NUMBER.headers), SERIAL),
    nothing_below=NOTHING_BELOW,
)


def read_seen(upload: BinaryIO, filename: str) -> list[str]:
    """The asset numbers or serials of an uploaded list of what a physical check found, one a
    row (the number where a row has both; empty where it has neither), or InvalidInput."""
    return [row.asset_number or row.serial for row in SEEN.read_upload(upload, filename)]


def _vocabulary(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    """Each value's code, English label and Chinese names (``extra``), as lookup keys."""
    with translation.override("en"):
        return {
            **{imports.key(value): value for value in choices.values},
            **{imports.key(str(label)): value for value, label in choices.choices},
            **{imports.key(word): value for word, value in extra.items()},
        }


_TYPE_WORDS = {
    "台式机": "desktop",
    "台式计算机": "desktop",
    "台式电脑": "desktop",
    "笔记本": "laptop",
    "笔记本电脑": "laptop",
    "便携式计算机": "laptop",
    "服务器": "server",
    "u盘": "usb_stick",
    "优盘": "usb_stick",
    "usb": "usb_stick",
    "移动硬盘": "portable_disk",
    "光盘": "optical_disc",
    "存储卡": "memory_card",
    "内存卡": "memory_card",
    "sd卡": "memory_card",
    "打印机": "printer",
    "复印机": "copier",
    "传真机": "fax",
    "扫描仪": "scanner",
    "多功能一体机": "multifunction",
    "一体机": "multifunction",
}
_LEVELS = {
    "": 0,
    "0": 0,
    "非密": 0,
    "非涉密": 0,
    "公开": 0,
    "内部": 0,
    "unclassified": 0,
    "public": 0,
    "internal": 0,
    "2": Level.CONFIDENTIAL,
    "秘密": Level.CONFIDENTIAL,
    "confidential": Level.CONFIDENTIAL,
    "3": Level.SECRET,
    "机密": Level.SECRET,
    "secret": Level.SECRET,
    "4": Level.TOP_SECRET,
    "绝密": Level.TOP_SECRET,
    "top secret": Level.TOP_SECRET,
}
_NETWORK_WORDS = {
    "": "none",
    "无": "none",
    "未联网": "none",
    "单机": "none",
    "涉密网": "isolated",
    "涉密内网": "isolated",
    "隔离网": "isolated",
    "内网": "internal",
    "办公网": "internal",
    "办公内网": "internal",
    "互联网": "internet",
    "外网": "internet",
    "国际互联网": "internet",
}
_STATUS_WORDS = {
    "": "in_use",
    "在用": "in_use",
    "使用中": "in_use",
    "备用": "spare",
    "闲置": "spare",
    "维修中": "in_repair",
    "维修": "in_repair",
    "外借": "lent",
    "借出": "lent",
    "已报废": "scrapped",
    "报废": "scrapped",
    "已销毁": "destroyed",
    "销毁": "destroyed",
}


@functools.cache
def _words() -> dict[str, dict[str, str]]:
    """The words each column's values are recognised by (built once, in English)."""
    return {
        "type": _vocabulary(AssetType, _TYPE_WORDS),
        "network": _vocabulary(Network, _NETWORK_WORDS),
        "status": _vocabulary(Status, _STATUS_WORDS),
    }


@dataclass(frozen=True)
class Parsed:
    """A line that can be imported: the columns of its asset."""

    row: int
    type: str
    number: str
    serial: str
    make_model: str
    level: int
    network: str
    custodian_id: int | None
    department_id: int | None
    location: str
    status: str
    # The asset created from the row, once imported.
    asset_id: int | None = None


class _People:
    """The organisation's people in post, by staff number and by name; its departments by
    name."""

    def __init__(self, org: int) -> None:
        people = Person.objects.filter(organisation_id=org, employment=Employment.ACTIVE).values(
            "pk", "staff_number", "name", "department_id"
        )
        self.by_number = {p["staff_number"]: p for p in people}
        self.by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in people:
            self.by_name[p["name"]].append(p)
        self.departments: dict[str, list[int]] = defaultdict(list)
        for pk, name in Department.objects.filter(organisation_id=org).values_list("pk", "name"):
            self.departments[name].append(pk)


class _Line(imports.Line):
    """Reading one row's cells against the organisation's ``people``."""

    def __init__(self, row: Any, people: _People) -> None:
        super().__init__(row)
        self.people = people

    def custodian(self) -> dict[str, Any] | None:
        value = self.row.custodian
        if not value:
            return None
        person = self.people.by_number.get(value)
        if person is not None:
            return person
        named = self.people.by_name.get(value, [])
        if len(named) == 1:
            return named[0]
        if named:
            self.refuse(
                _("%(v)s names %(n)d people: give the staff number.")
                % {"v": value, "n": len(named)}
            )
        else:
            self.refuse(_("No person in post has the staff number or name %(v)s.") % {"v": value})
        return None

    def department(self, custodian: dict[str, Any] | None) -> int | None:
        value = self.row.department
        if not value:
            return custodian["department_id"] if custodian else None
        found = self.people.departments.get(value, [])
        if len(found) != 1:
            self.refuse(_("Unknown department %(v)s.") % {"v": value})
            return None
        return found[0]


def check(keeper: Person, rows: list[Row]) -> imports.Checked[Parsed]:
    """Check each line for an import by ``keeper`` into their organisation's ledger: the
    lines that can be imported and every rejected line with all its reasons, among them a
    number repeated in the file or already in the ledger (DEV-LEDGER) and a classified
    device on the internet (DEV-AIRGAP). Writes nothing."""
    org = keeper.organisation_id
    people = _People(org)
    lines = []
    for row in rows:
        line = _Line(row, people)
        if not row.asset_number:
            line.refuse(_("The asset number is missing."), "DEV-LEDGER")
        type_ = line.choice(row.type, _words()["type"], _("Unknown type %(v)s."))
        level = line.choice(
            row.level, _LEVELS, _("Unknown level %(v)s: use 非密, 秘密, 机密 or 绝密.")
        )
        network = line.choice(row.network, _words()["network"], _("Unknown network %(v)s."))
        custodian = line.custodian()
        line.values = {
            "row": row.number,
            "type": type_,
            "number": line.model_text(row.asset_number, Asset, "number", _("asset number")),
            "serial": line.model_text(row.serial, Asset, "serial", _("serial number")),
            "make_model": line.model_text(row.make_model, Asset, "make_model", _("make and model")),
            "level": level,
            "network": network,
            "custodian_id": custodian["pk"] if custodian else None,
            "department_id": line.department(custodian),
            "location": line.model_text(row.location, Asset, "location", _("location")),
            "status": line.choice(row.status, _words()["status"], _("Unknown status %(v)s.")),
        }
        if None not in (type_, level, network):
            reason = airgap_refusal(
                kind=KIND_OF_TYPE[AssetType(type_)], level=level, network=network, wireless=False
            )
            if reason:
                line.refuse(reason, "DEV-AIRGAP")
        lines.append(line)
    _refuse_repeated_numbers(org, lines)
    return imports.sort_out(lines, Parsed)


def _refuse_repeated_numbers(org: int, lines: list[_Line]) -> None:
    """DEV-LEDGER: an asset number is unique in the organisation's ledger."""

    def taken(numbers: list[str]) -> set[str]:
        found = Asset.objects.filter(organisation_id=org, number__in=numbers)
        return set(found.values_list("number", flat=True))

    imports.refuse_repeats(
        lines,
        lambda line: line.values["number"] or None,
        taken,
        already=_("The asset number %(n)s is already in the ledger."),
        repeated=_("The asset number %(n)s is repeated in row(s) %(rows)s."),
        rule_id="DEV-LEDGER",
    )


def created(rows: list[Parsed], assets: list[Asset]) -> list[Parsed]:
    """The rows with the id of the asset each created (in order)."""
    return imports.created(rows, assets, asset_id="pk")
