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
from baomi.approvals.queries import among
from baomi.carriers.models import HandoverReason
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.queries import lifecycle as ends
from baomi.carriers.queries.approvals import about as approvals_about
from baomi.carriers.web.forms.handover import HandoverForm
from baomi.kit.pages import cleaned, done, page, panels
from baomi.org import operations as org_operations
from baomi.org import queries as org_queries
from baomi.seams.panels import HANDOVER


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
        "carriers/lifecycle/handovers.html",
        {"handovers": ends.open_handovers(request.user).prefetch_related("copies__document")},
    )


@page("people")
def handover_start(request: HttpRequest, person_id: int) -> HttpResponse:
    """离岗/调岗: everything the person holds or keeps, the hand-over to a successor asked
    for, listed and signed, then "mark as left" (HANDOVER)."""
    actor = request.user
    person = org_queries.person(actor, person_id)
    held = ends.known_holdings(actor, person)
    requests = approvals_about(actor, "org.person", person.pk, "hand_over")
    granted = [(r, _reason_code(r.reason)) for r in among(requests, "hand_over")]
    listed = ends.handovers_from(actor, person.pk)[:20]
    return render(
        request,
        "carriers/lifecycle/handover_start.html",
        {
            "person": person,
            "held": held.copies,
            "hidden": held.hidden,
            "form": HandoverForm(
                actor=actor,
                initial={
                    "copies": sorted(c.pk for c in held.copies),
                    "reason": HandoverReason.LEAVING,
                },
            ),
            "requests": requests,
            "granted": granted,
            "reasons": HandoverReason.choices,
            "listed": listed,
            # What other domains add about the person (the equipment they keep, DEV-LEDGER).
            "panels": panels(request, HANDOVER, person=person),
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
        "carriers/lifecycle/handover.html",
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
