"""The equipment's paper forms (``core.paper``): the destruction list (销毁清单) of a disposal,
laid out as the documents' is (``paper.destruction_list``), with every asset scrapped or
destroyed, the operator and a line per supervisor (监销人). Read through the security office's
records (MANAGE_DEVICES, ``care.disposals``), marked with the highest level among the assets
(CLS-MARK); every print is recorded in the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core import paper
from baomi.core.errors import NotFound
from baomi.devices.queries import care

PRINTED = register_action("devices.form_printed", gettext_lazy("Equipment form printed"))


def destruction_list(actor: Actor, disposal_id: int) -> paper.Printed:
    """销毁清单 of a disposal (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE): every asset
    with its number, type, make, serial and level; when, how and where; a line for the
    operator (销毁人), one per supervisor (监销人) and one per approver. "Not found" for a
    disposal the actor may not see."""
    disposal = care.disposals(actor).filter(pk=disposal_id).first()
    if disposal is None:
        raise NotFound(_("No such disposal."))
    assets = sorted(disposal.assets.all(), key=lambda a: a.number)
    steps = disposal.approval.steps.select_related("approver").order_by("order")
    person = getattr(actor, "person", None)

    def make() -> paper.Form:
        return paper.destruction_list(
            organisation=person.organisation.name if person is not None else "",
            level=paper.highest(a.level for a in assets),
            headers=["资产编号", "类型", "品牌型号", "序列号", "密级"],
            rows=[
                [
                    a.number,
                    a.get_type_display(),
                    a.make_model,
                    a.serial,
                    paper.level_text(a.level),
                ]
                for a in assets
            ],
            facts=[
                ("处置时间", timezone.localtime(disposal.disposed_at).strftime("%Y-%m-%d %H:%M")),
                ("处置结果", disposal.get_outcome_display()),
                ("处置方式", disposal.get_method_display()),
                ("处置地点", disposal.place),
                ("审批单号", str(disposal.approval_id)),
            ],
            operator=disposal.operator.name,
            witnesses=[w.name for w in disposal.witnesses.order_by("name", "pk")],
            approvers=[s.approver.name for s in steps],
        )

    printed = paper.print_form(make, str(disposal.pk))
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PRINTED,
            subject=disposal,
            data={"form": "destruction", "level": printed.form.level},
        )
    return printed
