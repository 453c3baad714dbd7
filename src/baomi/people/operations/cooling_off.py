"""The cooling-off period (脱密期) a cleared person enters on leaving (PPL-EXIT).

``start_cooling_off`` is the people app's step of ``baomi.org.leaving``: it runs inside
``org.operations.mark_left``'s transaction, after the hand-over check (HANDOVER). A cleared
person leaves only through an exit case (``operations.exit``): an open case of kind ``leave``
whose commitment letter (保密承诺书) is recorded; the step then starts the period of the class
recorded when the case opened, linked to the case, and closes the case. An uncleared person
without a case leaves as before, with no period. The step answers the period as facts for the
answer of ``mark_left`` (``{"cooling_off": {...}}``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.core.levels import Clearance
from baomi.org.models import Person
from baomi.people.models import CoolingOff, ExitCase, ExitKind
from baomi.people.queries.cooling_off import years_later, years_of
from baomi.rulebook import book

COOLING_OFF_STARTED = register_action(
    "people.cooling_off_started", gettext_lazy("Cooling-off period started")
)
EXIT_CLOSED = register_action("people.exit_case_closed", gettext_lazy("Exit case completed"))


def facts(cooling: CoolingOff, years: int) -> dict[str, Any]:
    """The period as JSON-ready facts (the answer of ``mark_left`` and of completing a move)."""
    return {
        "id": cooling.pk,
        "starts": cooling.starts.isoformat(),
        "ends": cooling.ends.isoformat(),
        "years": years,
        "clearance": cooling.clearance,
        "clearance_label": str(Clearance(cooling.clearance).label),
    }


def begin(*, actor: Any, case: ExitCase, person: Person) -> tuple[CoolingOff, int]:
    """Start the cooling-off period of ``case`` (its class at opening) from today, link it to
    the case, close the case and record both (a step inside the caller's transaction: the
    leaving step below and ``exit.complete_move``)."""
    years = years_of(person.organisation_id, case.clearance) or 0
    starts = timezone.localdate()
    cooling = CoolingOff.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        exit_case=case,
        clearance=case.clearance,
        starts=starts,
        ends=years_later(starts, years),
    )
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    record_event(
        actor=actor,
        action=COOLING_OFF_STARTED,
        subject=cooling,
        organisation_id=person.organisation_id,
        data={
            "rule": "PPL-EXIT",
            "years": years,
            "ends": cooling.ends.isoformat(),
            "exit_case": case.pk,
        },
    )
    record_event(
        actor=actor,
        action=EXIT_CLOSED,
        subject=case,
        organisation_id=person.organisation_id,
        data={"rule": "PPL-EXIT", "kind": case.kind, "person": person.pk},
    )
    return cooling, years


def start_cooling_off(*, actor: Any, person: Person) -> dict[str, Any] | None:
    """The leaving step (``baomi.org.leaving``, PPL-EXIT): a cleared person leaves only with an
    open exit case of kind ``leave`` whose commitment letter is recorded — refused, naming
    what is missing, otherwise; the cooling-off period of the case's class then starts and
    the case closes. An uncleared person without a case has none."""
    case = (
        ExitCase.objects.select_for_update()
        .filter(person=person, closed_at__isnull=True)
        .order_by("pk")
        .first()
    )
    organisation_id = person.organisation_id
    if case is None and person.clearance == Clearance.NONE:
        return None
    book.require(
        organisation_id,
        "PPL-EXIT",
        case is not None,
        _(
            "%(name)s is cleared: open an exit case (leaving) for them and record their signed "
            "commitment letter before marking them as left."
        )
        % {"name": person.name},
    )
    assert case is not None
    book.require(
        organisation_id,
        "PPL-EXIT",
        case.kind == ExitKind.LEAVE,
        _(
            "%(name)s has an open case of moving off a classified post: complete it first, "
            "then open a case of leaving."
        )
        % {"name": person.name},
    )
    book.require(
        organisation_id,
        "PPL-EXIT",
        case.commitment_id is not None,
        _(
            "%(name)s has not signed the commitment letter (保密承诺书): record it on the exit "
            "case before marking them as left."
        )
        % {"name": person.name},
    )
    if case.clearance == Clearance.NONE:
        case.closed_at = timezone.now()
        case.save(update_fields=["closed_at"])
        return None
    cooling, years = begin(actor=actor, case=case, person=person)
    return {"cooling_off": facts(cooling, years)}
