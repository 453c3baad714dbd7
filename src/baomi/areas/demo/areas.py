"""The demo's key secure areas (AREA-LIST): 档案室 kept by the clerk 杨帆 (核心), 文印室 by
赵敏, 机要室/传真室 by 杨帆, 保密会议室 (the meetings' venue: its name is what the meetings'
demo looks for) by the office's 陈静, and 财务部 by 冯雪; the people assigned to each, every
one cleared for its level. Recorded by the security officer 孙立 (``secofficer``)."""

from __future__ import annotations

from baomi.areas.models import AreaKind
from baomi.areas.operations import areas as ops
from baomi.core.levels import Level
from baomi.org.models import Department, Person
from baomi.seams.demo import Demo

# (name, kind, level, department, keeper, location, measures, assigned people)
AREAS = [
    (
        "档案室",
        AreaKind.ARCHIVE_ROOM,
        Level.SECRET,
        "总经理办公室",
        "B002",
        "办公楼三层 305",
        "防盗门、密码文件柜；红外报警与视频监控；出入登记。",
        ["B001"],
    ),
    (
        "文印室",
        AreaKind.PRINT_ROOM,
        Level.CONFIDENTIAL,
        "总经理办公室",
        "B003",
        "办公楼三层 307",
        "涉密打印机、复印机专机专用，不联网；废纸粉碎机；视频监控。",
        ["B002"],
    ),
    (
        "机要室/传真室",
        AreaKind.FAX_ROOM,
        Level.TOP_SECRET,
        "总经理办公室",
        "B002",
        "办公楼三层 309",
        "密码传真机；保险柜；双人双锁；门禁与报警。",
        [],
    ),
    (
        "保密会议室",
        AreaKind.MEETING_ROOM,
        Level.SECRET,
        "总经理办公室",
        "B001",
        "办公楼四层 401",
        "屏蔽设施与手机信号干扰器；会前安全检查；不设无线设备。",
        ["B002"],
    ),
    (
        "财务部",
        AreaKind.FINANCE,
        Level.CONFIDENTIAL,
        "财务部",
        "D001",
        "办公楼二层 201–203",
        "保险柜存放涉密经费资料；门禁；视频监控。",
        ["D002"],
    ),
]


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    organisation_id = demo.organisation.pk
    departments = dict(
        Department.objects.filter(organisation_id=organisation_id).values_list("name", "pk")
    )
    people = dict(
        Person.objects.filter(organisation_id=organisation_id).values_list("staff_number", "pk")
    )
    for name, kind, level, department, keeper, location, measures, assigned in AREAS:
        area = ops.register_area(
            actor=officer,
            name=name,
            kind=kind,
            level=level,
            department_id=departments[department],
            keeper_id=people[keeper],
            location=location,
            measures=measures,
        )
        for number in assigned:
            ops.assign(actor=officer, area_id=area.pk, person_id=people[number])
