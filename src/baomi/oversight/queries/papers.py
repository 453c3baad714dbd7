"""The self-inspections on paper: one inspection as its 检查表 with the answers and the
signature lines (``core.paper``), and the register of inspections (.xlsx, PDF)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports, paper
from baomi.core.levels import Level
from baomi.oversight.models import Inspection, Verdict
from baomi.oversight.queries.inspections import answers, inspection, inspections

INSPECTIONS_EXPORTED = register_action(
    "oversight.inspections_exported", gettext_lazy("Register of self-inspections exported")
)
# The most lines one export holds.
MOST_LINES = 5000


def _subject(found: Inspection) -> str:
    return str(found.department or found.person or "—")


def _period(found: Inspection) -> str:
    return f"{found.period_start:%Y-%m-%d} – {found.period_end:%Y-%m-%d}"


def printed(actor: Actor, inspection_id: int) -> tuple[Inspection, paper.Printed]:
    """The inspection's 保密检查表: what was inspected, each item with what the records
    said, the verdict and the note, and the inspector's and the head's signature lines."""
    found = inspection(actor, inspection_id)
    lines = answers(found)

    def make() -> paper.Form:
        verdicts = dict(Verdict.choices)
        rows = [
            [
                str(n),
                answer.item.text,
                "；".join(fact["text"] for fact in answer.evidence) or "—",
                str(verdicts.get(answer.verdict, "")) or "—",
                answer.note or "",
            ]
            for n, answer in enumerate(lines, 1)
        ]
        head = found.department.head if found.department and found.department.head_id else None
        return paper.Form(
            title="保密检查表",
            level=Level.INTERNAL,
            organisation=found.organisation.name,
            blocks=(
                paper.Fields(
                    [
                        ("检查类型", str(found.get_kind_display())),
                        ("检查对象", _subject(found)),
                        ("检查期间", _period(found)),
                        ("检查人", found.inspector.name),
                        ("检查表", str(found.checklist)),
                        ("状态", str(found.get_state_display())),
                    ]
                ),
                paper.Rows(
                    ["序号", "检查项目", "台账记录", "检查结论", "说明"],
                    rows,
                    widths=(0.5, 3, 4, 1.2, 2.5),
                ),
                paper.Signatures(
                    [("检查人", found.inspector.name), ("部门负责人", head.name if head else "")]
                ),
            ),
        )

    return found, paper.print_form(make, str(found.pk))


def register_table(actor: Actor) -> exports.Table:
    rows = [
        [
            str(found.get_kind_display()),
            _subject(found),
            _period(found),
            found.inspector.name,
            str(found.get_state_display()),
            str(found.problems),
            timezone.localtime(found.submitted_at).strftime("%Y-%m-%d")
            if found.submitted_at
            else "",
        ]
        for found in inspections(actor)[:MOST_LINES]
    ]
    person = actor.person
    return exports.Table(
        title=_("Register of self-inspections"),
        organisation=person.organisation.name,
        period="",
        columns=[
            ("kind", _("kind")),
            ("subject", _("inspected")),
            ("period", _("period")),
            ("inspector", _("inspector")),
            ("state", _("state")),
            ("problems", _("problems found")),
            ("submitted", _("submitted at")),
        ],
        rows=rows,
        level=Level.INTERNAL,
    )


def export_register(actor: Actor, file_format: str) -> exports.Export:
    """The register of the inspections the actor may know, as .xlsx or PDF (recorded)."""
    exports.require_format(file_format)
    table = register_table(actor)
    return recorded_export(
        actor,
        table,
        file_format,
        action=INSPECTIONS_EXPORTED,
        data={"rules": ["INSP-MONTHLY", "INSP-QUARTERLY"]},
        organisation_id=actor.person.organisation_id,
    )
