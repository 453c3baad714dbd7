"""The unit's assessment of one item (the security office, OVERSEE).

``assess_item`` sets, for one item of a standard the office may know, whether it applies
(the N/A rule: an item the unit does not have scores full), the unit's own points where the
standard's are unknown (0 to the chapter's points where known, else the standard's total),
and a deduction set instead of the predicted one (an override: 0 to the most the item may
lose — its points, a key item's its chapter's; on an unscored condition 0 clears it and 1
fails it), which needs a note. Points are bounded decimals with one place. Each change is an
audit event with the ids and figures, never the note's text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.accreditation import imports
from baomi.accreditation.models import Assessment, Item
from baomi.accreditation.operations.profiles import office
from baomi.accreditation.policies import ITEMS
from baomi.accreditation.queries.arithmetic import Marking
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import bounded_text

ITEM_ASSESSED = register_action(
    "accreditation.item_assessed", gettext_lazy("Self-score item assessed")
)
NOTE_LENGTH = Assessment._meta.get_field("note").max_length


def _points(value: Any, field: str) -> Decimal | None:
    if isinstance(value, bool):
        raise InvalidInput(_("Give points as a number."), field=field)
    try:
        return imports.points_of(value, field)
    except ValueError:
        raise InvalidInput(
            _("Give points from 0 to 9999.9, one decimal at the most."), field=field
        ) from None


def _check_own(item: Item, own: Decimal | None) -> None:
    if own is None:
        return
    if not item.scored or item.points is not None:
        raise InvalidInput(
            _(
                "The standard gives this item's points (or it has none): "
                "only unknown points are the unit's to fill."
            ),
            field="own_points",
        )
    most = item.chapter.points if item.chapter.points is not None else item.standard.total_points
    if own > most:
        raise InvalidInput(
            _("At most %(most)s points (the chapter's or the standard's).") % {"most": most},
            field="own_points",
        )


def _check_override(item: Item, own: Decimal | None, deduction: Decimal | None) -> None:
    if deduction is None:
        return
    if not item.scored:
        if deduction > 1:
            raise InvalidInput(
                _("A condition without points takes 0 (met) or 1 (not met)."), field="deduction"
            )
        return
    cap = Marking(
        chapter=0,
        points=item.points,
        key=item.key,
        chapter_points=item.chapter.points,
        own_points=own,
    ).cap
    if cap is None:
        raise InvalidInput(_("Give the item's points first."), field="deduction")
    if deduction > cap:
        raise InvalidInput(
            _("At most %(most)s points can be deducted from this item.") % {"most": cap},
            field="deduction",
        )


@operation
def assess_item(
    *,
    actor: Actor,
    item_id: Any,
    not_applicable: Any = False,
    own_points: Any = None,
    deduction: Any = None,
    note: Any = "",
) -> Assessment:
    """The office's assessment of item ``item_id`` (see the module)."""
    organisation_id = office(actor)
    item = (
        ITEMS.known(actor).select_related("standard", "chapter").filter(pk=item_id).first()
        if isinstance(item_id, int)
        else None
    )
    if item is None:
        raise NotFound(_("No such item."))
    if not isinstance(not_applicable, bool):
        raise InvalidInput(_("Say yes or no."), field="not_applicable")
    own = _points(own_points, "own_points")
    set_deduction = _points(deduction, "deduction")
    note = bounded_text(note, "note", NOTE_LENGTH)
    _check_own(item, own)
    _check_override(item, own, set_deduction)
    if set_deduction is not None and not note:
        raise InvalidInput(_("Say why the deduction is set by hand."), field="note")
    assessment = (
        Assessment.objects.select_for_update()
        .filter(organisation_id=organisation_id, item=item)
        .first()
    ) or Assessment(organisation_id=organisation_id, item=item)
    assessment.not_applicable = not_applicable
    assessment.own_points = own
    assessment.deduction = set_deduction
    assessment.note = note
    assessment.assessed_by_id = getattr(actor, "person_id", None)
    assessment.assessed_at = timezone.now()
    assessment.save()
    record_event(
        actor=actor,
        action=ITEM_ASSESSED,
        subject=assessment,
        organisation_id=organisation_id,
        data={
            "standard_id": item.standard_id,
            "item_id": item.pk,
            "code": item.code,
            "not_applicable": not_applicable,
            "own_points": None if own is None else str(own),
            "deduction": None if set_deduction is None else str(set_deduction),
            "note": bool(note),
        },
    )
    return assessment
