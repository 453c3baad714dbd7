"""Reading an existing equipment ledger (总台账) from an uploaded .xlsx or .csv file and
checking every line, without writing anything. ``operations.ledger.import_assets`` registers
them. The file is read as every import reads one, by ``baomi.core.imports`` (title rows above
the header row, any of a column's names, the sheet that has the header row); so is a physical
check's list of what was found (``read_seen``).

The header row names the columns in Chinese or English (each column's names are in SPEC, and
in docs/operator.md): 资产编号/number, 类型/type (台式机, 笔记本, 服务器, U盘, 移动硬盘, 光盘,
存储卡, 打印机, 复印机, 传真机, 扫描仪, 多功能一体机, or the codes desktop, laptop, usb_stick …;
a ledger without a type column gives it as 设备名称/name) and, optionally, 设备名称/name (where
it is not the type, it is kept as the make and model, before any), 序列号/serial,
品牌型号/make_model, 密级/level (非密, 内部 and 公开 are unclassified; 秘密, 机密, 绝密, with or
without 级 and ★; or 0, 2, 3, 4), 网络/network (未联网, 涉密网, 内网, 互联网 or none, isolated,
internal, internet; empty: not connected), 保管人/custodian (staff number or name: exactly one
active person), 部门/department (by name; the custodian's by default), 存放位置/location,
状态/status (在用, 备用, 维修中, 外借, 已报废, 已销毁 or the codes; empty: in use; an existing
ledger may hold any status), MAC地址/mac_addresses (one or more, written AA:BB:CC:DD:EE:FF,
aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff; kept as AA:BB:CC:DD:EE:FF),
硬盘序列号/disk_serials, 操作系统/operating_system, 防病毒软件/antivirus,
病毒库日期/av_signatures_on, 无线网卡/wireless and 重要数据/important_data (是/否),
容量/capacity ("500G", "1TB", "64 GB", or a number under a header giving the unit, "容量(GB)";
kept as "500 GB"). Every sheet with a header row is read: a ledger's computers on one and its
removable media (存储介质) on another. Row numbers are those of the file (of its sheet)."""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
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
    (
        "资产编号",
        "number",
        "asset number",
        "编号",
        "设备编号",
        "固定资产编号",
        "介质编号",
        "资产号",
        "统一编号",
    ),
    required=True,
)
SERIAL = Field("serial", ("序列号", "serial", "serial number", "出厂编号", "设备序列号", "SN"))
# The template's header row, and the column names each field is recognised by.
SPEC = imports.ImportSpec(
    fields=(
        ASSET_NUMBER,
        Field(
            "type",
            ("类型", "type", "设备类型", "种类", "介质类型", "设备种类", "资产类型"),
            required=True,
            instead="name",
        ),
        SERIAL,
        Field(
            "make_model",
            ("品牌型号", "make_model", "make and model", "型号", "品牌", "规格型号", "品牌及型号"),
        ),
        Field("level", ("密级", "level", "classification", "密级程度", "涉密等级", "设备密级")),
        Field("network", ("网络", "network", "联网情况", "网络类型", "所属网络", "接入网络")),
        Field("custodian", ("保管人", "custodian", "责任人", "使用人", "保管责任人")),
        Field("department", ("部门", "department", "所属部门", "使用部门", "责任部门")),
        Field(
            "location",
            ("存放位置", "location", "位置", "存放地点", "放置地点", "使用地点", "安装位置"),
        ),
        Field("status", ("状态", "status", "使用状态", "设备状态")),
        Field("name", ("设备名称", "name", "名称", "资产名称", "介质名称", "设备名")),
        Field(
            "mac_addresses",
            ("MAC地址", "mac_addresses", "MAC", "mac address", "网卡地址", "物理地址", "网卡MAC"),
        ),
        Field(
            "disk_serials",
            ("硬盘序列号", "disk_serials", "硬盘号", "硬盘编号", "硬盘序号", "hard disk serial"),
        ),
        Field(
            "operating_system",
            ("操作系统", "operating_system", "OS", "操作系统版本", "系统版本"),
        ),
        Field("capacity", ("容量", "capacity", "存储容量", "介质容量"), unit=True),
        Field("antivirus", ("防病毒软件", "antivirus", "杀毒软件", "防病毒产品")),
        Field(
            "av_signatures_on",
            ("病毒库日期", "av_signatures_on", "病毒库更新日期", "病毒库版本日期"),
        ),
        Field("wireless", ("无线网卡", "wireless", "无线", "无线模块", "有无无线")),
        Field("important_data", ("重要数据", "important_data", "存有重要文件", "重要文件")),
    ),
    nothing_below=NOTHING_BELOW,
    sheet="assets",
    module=__name__,
)
# A line as read from the file: its row number and the text of each column.
Row = SPEC.row_type
read_rows = SPEC.read_rows
read_upload = SPEC.read_upload
reading = SPEC.reading
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
# MAC-48 as written: six pairs joined by : or -, three quads joined by ., or twelve digits.
_MAC = re.compile(
    r"^(?:[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}"
    r"|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}|[0-9a-f]{12})$"
)
_SEVERAL = re.compile(r"[\s,;、/|]+")
# A capacity: a number and a unit, "500G", "1TB", "64 GB", "1.5 T", "512MB".
_CAPACITY = re.compile(r"^(?P<n>\d{1,6}(?:\.\d{1,3})?)\s*(?P<unit>[kmgtp])(?:i?b)?$")
_UNITS = "kmgtp"
# At most a petabyte: more is a slip of the unit.
_MOST_BYTES = 1024**5
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
    mac_addresses: str
    disk_serials: str
    operating_system: str
    capacity: str
    antivirus: str
    av_signatures_on: datetime.date | None
    wireless: bool
    important_data: bool
    # The row's sheet, where several were read.
    sheet: str = ""
    # The asset created from the row, once imported.
    asset_id: int | None = None

    @property
    def place(self) -> str:
        return imports.place_of(self.row, self.sheet)

    @property
    def particulars(self) -> list[str]:
        """The computer's or medium's particulars given, for the dry run to show."""
        given = (self.mac_addresses, self.disk_serials, self.operating_system, self.capacity)
        return [v for v in given if v]


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

    def kept(self, field: str, value: str, label: str) -> str:
        """A text kept in the asset's ``field`` (``model_text``)."""
        return self.model_text(value, Asset, field, label)

    def type_and_make(self) -> tuple[str | None, str]:
        """The type (from its column, else from the name) and the make and model, after the
        name where the name is more than the type."""
        name, make = self.row.name, self.row.make_model
        words = _words()["type"]
        if not self.row.type and imports.key(name) in words:
            return words[imports.key(name)], make
        type_ = self.choice(self.row.type or name, words, _("Unknown type %(v)s."))
        if name and imports.key(name) != imports.key(self.row.type) and name not in make:
            make = f"{name} {make}".strip()
        return type_, make

    def mac_addresses(self) -> str:
        """MAC-48 addresses, as AA:BB:CC:DD:EE:FF joined by ", "; refused, naming the column,
        where one is not an address."""
        found = []
        text = unicodedata.normalize("NFKC", self.row.mac_addresses)
        for part in filter(None, _SEVERAL.split(text)):
            if not _MAC.match(part.casefold()):
                self.refuse(
                    _("%(column)s: %(v)s is not a MAC address (write AA:BB:CC:DD:EE:FF).")
                    % {"column": self.column("mac_addresses"), "v": part}
                )
                return ""
            digits = re.sub(r"[^0-9a-f]", "", part.casefold()).upper()
            found.append(":".join(digits[i : i + 2] for i in range(0, 12, 2)))
        return ", ".join(dict.fromkeys(found))

    def capacity(self) -> str:
        """A capacity as a number and its unit ("500 GB", "1 TB"); refused, naming the column,
        without a unit, zero or beyond a petabyte."""
        value = self.row.capacity
        if not value:
            return ""
        found = _CAPACITY.match(imports.key(unicodedata.normalize("NFKC", value)))
        size = float(found["n"]) if found else 0
        unit = found["unit"] if found else ""
        if not size or size * 1024 ** (_UNITS.index(unit) + 1) > _MOST_BYTES:
            self.refuse(
                _("%(column)s: %(v)s is not a capacity (write 500G, 1TB or 64 GB).")
                % {"column": self.column("capacity"), "v": value}
            )
            return ""
        return f"{size:g} {unit.upper()}B"

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
        type_, make_model = line.type_and_make()
        level = _LEVELS.get(imports.level_key(row.level))
        if level is None:
            line.refuse(_("Unknown level %(v)s: use 非密, 秘密, 机密 or 绝密.") % {"v": row.level})
        network = line.choice(row.network, _words()["network"], _("Unknown network %(v)s."))
        wireless = line.yes_no(row.wireless, _("Unknown wireless %(v)s: use 是 or 否."))
        custodian = line.custodian()
        text = line.kept
        line.values = {
            "row": row.number,
            "type": type_,
            "number": text("number", row.asset_number, _("asset number")),
            "serial": text("serial", row.serial, _("serial number")),
            "make_model": text("make_model", make_model, _("make and model")),
            "level": level,
            "network": network,
            "custodian_id": custodian["pk"] if custodian else None,
            "department_id": line.department(custodian),
            "location": text("location", row.location, _("location")),
            "status": line.choice(row.status, _words()["status"], _("Unknown status %(v)s.")),
            "mac_addresses": text("mac_addresses", line.mac_addresses(), _("MAC addresses")),
            "disk_serials": text("disk_serials", row.disk_serials, _("hard disk serials")),
            "operating_system": text(
                "operating_system", row.operating_system, _("operating system")
            ),
            "capacity": line.capacity(),
            "antivirus": text("antivirus", row.antivirus, _("antivirus product")),
            "av_signatures_on": line.date(
                row.av_signatures_on, _("The antivirus signature date %(v)s is not a date.")
            ),
            "wireless": wireless,
            "important_data": line.yes_no(
                row.important_data, _("Unknown important data %(v)s: use 是 or 否.")
            ),
            "sheet": row.sheet,
        }
        if None not in (type_, level, network):
            reason = airgap_refusal(
                kind=KIND_OF_TYPE[AssetType(type_)],
                level=level,
                network=network,
                wireless=wireless,
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
