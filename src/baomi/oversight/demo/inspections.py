"""The demo's self-inspection (INSP-MONTHLY): someone tries to connect the classified laptop
JSJ-003 of 技术部 to the internet — refused by DEV-AIRGAP, the alert left open as evidence —
and 技术部's security officer opens this month's inspection, pre-filled from the records:
"classified computers offline" shows the laptop as a problem with its link. The copies out
with 技术部 and 研发一室 (carriers' demo) are due back in a few days: an inspection opened
once they are overdue shows them under "carriers cleaned up"."""

from __future__ import annotations

import contextlib

from baomi.core.errors import RuleViolation
from baomi.devices.models import Asset
from baomi.devices.operations import ledger
from baomi.org.models import Department
from baomi.oversight.models import InspectionKind
from baomi.oversight.operations.inspections import open_inspection
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    officer = demo.accounts["secofficer"]
    laptop = Asset.objects.filter(organisation=demo.organisation, number="JSJ-003").first()
    if laptop is not None:
        with contextlib.suppress(RuleViolation):
            ledger.change_network(actor=officer, asset_id=laptop.pk, network="internet")
    department = Department.objects.filter(organisation=demo.organisation, name="技术部").first()
    if department is None or department.head_id is None:
        return
    open_inspection(
        actor=officer,
        kind=InspectionKind.DEPARTMENT_MONTHLY,
        department_id=department.pk,
        inspector_id=department.head_id,
    )
