"""The demo's leavers (PPL-EXIT): 冯雪 (技术部, 重要) left today through her exit case — the
letter signed and kept in the personnel archive, her 脱密期 of two years begun —, and 邓超
(研发二室, 一般) has an open case of leaving, his commitment letter still to be signed.
Recorded as the installer; two people of their own, so that no other part's demo loses
anyone."""

from __future__ import annotations

from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Department, Rank
from baomi.people.operations import exit as exit_ops
from baomi.seams.demo import Demo

# (staff number, name, department, class)
LEFT = ("E090", "冯雪", "技术部", Clearance.IMPORTANT)
LEAVING = ("E091", "邓超", "研发二室", Clearance.GENERAL)


def _person(organisation_id: int, number: str, name: str, dept: str, clearance: int):
    department = Department.objects.get(organisation_id=organisation_id, name=dept)
    rank = Rank.objects.get(organisation_id=organisation_id, key="staff")
    person = org.create_person(
        actor=None, department_id=department.pk, rank_id=rank.pk, name=name, staff_number=number
    )
    return org.set_clearance(actor=None, person_id=person.pk, clearance=clearance)


def build(demo: Demo) -> None:
    if not demo.created:
        return
    organisation_id = demo.organisation.pk
    left = _person(organisation_id, *LEFT)
    case = exit_ops.open_exit_case(
        actor=None, person_id=left.pk, kind="leave", reason="辞职，已办理离职手续"
    )
    exit_ops.record_commitment(
        actor=None,
        case_id=case.pk,
        signed_on=timezone.localdate(),
        version="2026版",
        kept_in="人力资源部 人事档案室",
    )
    org.mark_left(actor=None, person_id=left.pk)
    leaving = _person(organisation_id, *LEAVING)
    exit_ops.open_exit_case(actor=None, person_id=leaving.pk, kind="leave", reason="合同期满")
