"""Reads of the assessments, commendations and penalties (RESP-ASSESS).

The score sheet a department is assessed on against its letter is data: the organisation's own
``AssessmentItem`` rows, or — while it keeps none — ``DEFAULT_SHEET`` (after the seed's
责任书 duties, P2 二 and P8, and the monthly and yearly assessment of P14), 100 points.
Assessments are the security office's records (``ASSESSMENTS``); commendations and penalties
are read by the office and, for their own, by the person (``MERITS``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.core.errors import NotFound
from baomi.org.models import Department
from baomi.people.models import Assessment, AssessmentItem, AssessmentPeriod, Merit
from baomi.people.policies import ASSESSMENTS, MERITS, OFFICE


@dataclass(frozen=True)
class SheetItem:
    key: str
    text: str
    points: int


# (key, text, points): the default score sheet, 100 points.
DEFAULT_SHEET = (
    SheetItem("duty", "保密工作与业务工作同部署、同检查、同总结，落实“谁主管、谁负责”", 15),
    SheetItem("rules", "执行本单位保密管理制度，部门保密组织和保密员落实", 15),
    SheetItem("carriers", "涉密文件资料和涉密载体的收发、传阅、复制、保管、销毁规范", 20),
    SheetItem("devices", "计算机、办公设备、存储介质保密管理规范，涉密信息不上互联网", 15),
    SheetItem("people", "涉密人员保密教育培训到位，按月进行保密自查", 15),
    SheetItem("activities", "涉密会议、涉密和涉外活动的保密管理落实", 10),
    SheetItem("incidents", "未发生失泄密事件，发现隐患及时报告、整改", 10),
)


def score_sheet(organisation_id: int) -> list[SheetItem]:
    """The organisation's score sheet in order: its own items, or the default sheet."""
    own = [
        SheetItem(item.key, item.text, item.points)
        for item in AssessmentItem.objects.filter(organisation_id=organisation_id)
    ]
    return own or list(DEFAULT_SHEET)


def sheet_for(actor: Actor) -> list[SheetItem]:
    """The score sheet of the security office's organisation."""
    require(actor, OFFICE)
    return score_sheet(actor_organisation_id(actor))


def period_start(period: str, day: datetime.date) -> datetime.date:
    """The first day of the month or the year of ``day``."""
    if period == AssessmentPeriod.YEAR:
        return day.replace(month=1, day=1)
    return day.replace(day=1)


def assessments(
    actor: Actor, department_id: int | None = None, period: str | None = None
) -> QuerySet[Assessment]:
    """The assessments the actor may know (the office's of its organisation), latest first."""
    found = ASSESSMENTS.known(actor).select_related("department", "assessor")
    if department_id is not None:
        found = found.filter(department_id=department_id)
    if period:
        found = found.filter(period=period)
    return found


def merits(actor: Actor) -> QuerySet[Merit]:
    """The commendations and penalties the actor may know: the office's of its organisation,
    anyone else's own."""
    return MERITS.known(actor).select_related("person", "department", "recorded_by")


def departments(actor: Actor) -> QuerySet[Department]:
    """The departments of the office's organisation (the score form's choice)."""
    require(actor, OFFICE)
    return Department.objects.filter(organisation_id=actor_organisation_id(actor))


def department(actor: Actor, department_id: int) -> Department:
    found = departments(actor).filter(pk=department_id).first()
    if found is None:
        raise NotFound(_("No such department."))
    return found
