"""Hand-over when a person leaves or changes post (离岗/调岗, JOURNEYS §6, HANDOVER): the
security office opens the person, lists everything they hold or keep, asks for the approval
and lists the hand-over; giver and receiver sign; then the person is marked as left."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.carriers.models import HandoverReason
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.queries import copies as carriers
from baomi.carriers.queries import lifecycle as ends
from baomi.carriers.queries.approvals import about as approvals_about
from baomi.devices.queries import ledger as devices
from baomi.kit.pages import cleaned, done, page
from baomi.org import operations as org_operations
from baomi.org import queries as org_queries
from baomi.web.forms_lifecycle import HandoverForm
from baomi.web.views.custody import usable


def _reason_code(text: str) -> str:
    """The reason of a hand-over request (stored as its label in the requester's language)."""
    for code, label in HandoverReason.choices:
        for language, _name in settings.LANGUAGES:
            with override(language):
                if str(label) == text:
                    return code
    return ""


@page("lifecycle")
def handovers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/lifecycle/handovers.html",
        {"handovers": ends.open_handovers(request.user).prefetch_related("copies__document")},
    )


@page("people")
def handover_start(request: HttpRequest, person_id: int) -> HttpResponse:
    """离岗/调岗: everything the person holds or keeps, the hand-over to a successor asked
    for, listed and signed, then "mark as left" (HANDOVER)."""
    actor = request.user
    person = org_queries.person(actor, person_id)
    held = list(ends.held_copies(person).select_related("holder", "custodian"))
    known = set(
        carriers.known_copies(actor)
        .filter(pk__in=[c.pk for c in held])
        .values_list("pk", flat=True)
    )
    requests = approvals_about(actor, "org.person", person.pk, "hand_over")
    granted = [(r, _reason_code(r.reason)) for r in usable(requests, "hand_over")]
    listed = ends.handovers_from(actor, person.pk)[:20]
    return render(
        request,
        "web/lifecycle/handover_start.html",
        {
            "person": person,
            "held": [c for c in held if c.pk in known],
            "hidden": len(held) - len(known),
            "form": HandoverForm(
                actor=actor,
                initial={"copies": sorted(known), "reason": HandoverReason.LEAVING},
            ),
            "requests": requests,
            "granted": granted,
            "reasons": HandoverReason.choices,
            "listed": listed,
            # Equipment is handed over on each asset's page (DEV-LEDGER), by the officer who
            # keeps the ledger: the only one this read lists it for.
            "equipment": list(devices.held_by(actor, person.pk)),
        },
    )


def _person_page(person_id: int) -> str:
    return reverse("handover_start", args=[person_id])


def _handover(request: HttpRequest, person_id: int) -> dict[str, Any]:
    """The hand-over of ``person_id``'s items the posted HandoverForm describes, as
    ``request_handover`` and ``hand_over`` take it."""
    data = cleaned(HandoverForm(request.POST, actor=request.user))
    return {
        "actor": request.user,
        "from_person_id": person_id,
        "to_person_id": data["to_person"],
        "reason": data["reason"],
        "copy_ids": data["copies"],
    }


@require_POST
@page("people")
def handover_request(request: HttpRequest, person_id: int) -> HttpResponse:
    handover_ops.request_handover(**_handover(request, person_id))
    return done(request, _("Hand-over sent for approval."), _person_page(person_id))


@require_POST
@page("people")
def handover_list(request: HttpRequest, person_id: int) -> HttpResponse:
    """移交清册: the approved hand-over goes into the register; both sides sign next."""
    listed = handover_ops.hand_over(**_handover(request, person_id))
    return done(
        request,
        _("Hand-over listed: %(from)s and %(to)s sign it now.")
        % {"from": listed.from_person.name, "to": listed.to_person.name},
        reverse("handover", args=[listed.pk]),
    )


@require_POST
@page("people")
def person_left(request: HttpRequest, person_id: int) -> HttpResponse:
    """Mark the person as having left: refused while they hold anything (HANDOVER)."""
    person = org_operations.mark_left(actor=request.user, person_id=person_id)
    return done(
        request, _("%(name)s is marked as left.") % {"name": person.name}, _person_page(person_id)
    )


@page("documents")
def handover(request: HttpRequest, handover_id: int) -> HttpResponse:
    """One hand-over: its copies and both signatures; the giver and the receiver sign here."""
    found, copies = ends.handover(request.user, handover_id)
    me = knower(request.user)
    side = {found.from_person_id: "from", found.to_person_id: "to"}.get(me.pk, "")
    is_open = found.completed_at is None and found.cancelled_at is None
    return render(
        request,
        "web/lifecycle/handover.html",
        {
            "handover": found,
            "copies": copies,
            "signs": side and is_open and getattr(found, f"{side}_signed_at") is None,
            "cancels": is_open
            and (side or has_permission(request.user, Permission.REGISTER_ITEMS)),
        },
    )


@require_POST
@page("documents")
def handover_sign(request: HttpRequest, handover_id: int) -> HttpResponse:
    signed = handover_ops.sign_handover(actor=request.user, handover_id=handover_id)
    message = _("Hand-over completed.") if signed.completed_at else _("Signed.")
    return done(request, message, reverse("handover", args=[handover_id]))


@require_POST
@page("documents")
def handover_cancel(request: HttpRequest, handover_id: int) -> HttpResponse:
    handover_ops.cancel_handover(actor=request.user, handover_id=handover_id)
    return done(request, _("Hand-over cancelled."), reverse("handover", args=[handover_id]))
