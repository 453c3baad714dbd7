"""The uses of media and the security office's alerts on the web (RULES.md §7): a use of a
medium recorded on a computer's page (MEDIA-REGISTERED; a refusal leaves an alert), sanitising
a medium with the office director's approval (MEDIA-TAINT), and the alerts of refused uses,
airgap violations and check findings, resolved by the security officer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.devices.models import Asset, AssetKind
from baomi.devices.operations import media as media_ops
from baomi.devices.queries import ledger, steps
from baomi.devices.web.forms.media import (
    MediaUseForm,
    ResolveForm,
    SanitisationRequestForm,
    SanitiseForm,
)
from baomi.kit.pages import cleaned, done, next_page, page

LIMIT = 200


def _sanitising(step: steps.SanitiseStep | None) -> dict[str, Any]:
    """For a medium: the requests to sanitise it (MEDIA-TAINT), and for one that is classified
    or has held classified data, the form to ask for the office director's approval (while
    none is pending or granted) or, once granted, the form to record the sanitising."""
    if step is None:
        return {}
    return {
        "sanitising": {
            "requests": step.requests,
            "sanitisable": step.sanitisable,
            "granted": step.granted,
            "pending": step.pending,
            "request_form": (
                SanitisationRequestForm() if step.next == steps.REQUEST_SANITISATION else None
            ),
            "form": SanitiseForm() if step.next == steps.SANITISE else None,
        }
    }


def asset_media(asset: Asset, following: steps.AssetSteps) -> dict[str, Any]:
    """The asset page's media: on a computer the form to record a use of a medium; for the
    security officer a medium's sanitising (``following``: the asset's next steps)."""
    found: dict[str, Any] = _sanitising(following.sanitise)
    if asset.kind == AssetKind.COMPUTER:
        found["media_form"] = MediaUseForm()
    return found


def _changed(request: HttpRequest, asset_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("asset", args=[asset_id])))


@require_POST
@page("devices")
def sanitisation_request(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Ask the office director to approve sanitising a medium (MEDIA-TAINT)."""
    data = cleaned(SanitisationRequestForm(request.POST))
    media_ops.request_sanitisation(actor=request.user, medium_id=asset_id, reason=data["reason"])
    message = _("Request sent to the approvers; it is in your approvals list.")
    return _changed(request, asset_id, message)


@require_POST
@page("devices")
def sanitise(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record the sanitising of a medium under a granted approval (MEDIA-TAINT): it becomes an
    unclassified medium that has held no classified data; without approval refused."""
    data = cleaned(SanitiseForm(request.POST))
    medium = media_ops.sanitise(actor=request.user, medium_id=asset_id, method=data["method"])
    message = _("Sanitised: %(asset)s is now an unclassified medium.") % {"asset": str(medium)}
    return _changed(request, asset_id, message)


@require_POST
@page("home")
def media_use(request: HttpRequest, asset_id: int) -> HttpResponse:
    """Record a use of a medium on this computer (MEDIA-REGISTERED); a refusal (MEDIA-NO-CROSS,
    MEDIA-TAINT, DEV-NO-HOME …) shows its clause and leaves an alert for the security office."""
    data = cleaned(MediaUseForm(request.POST))
    media_ops.record_media_use(
        actor=request.user,
        computer_id=asset_id,
        medium_identifier=data["medium"],
        purpose=data["purpose"],
        to_take_home=data["to_take_home"],
    )
    message = _("Use of %(medium)s recorded.") % {"medium": data["medium"]}
    return _changed(request, asset_id, message)


@page("devices")
def alerts(request: HttpRequest) -> HttpResponse:
    """The security office's alerts: refused uses of media, airgap violations, check
    findings; open ones first, or every one."""
    every = request.GET.get("all") == "1"
    return render(
        request,
        "devices/alerts.html",
        {
            "alerts": ledger.alerts(request.user, open_only=not every)[:LIMIT],
            "every": every,
            "form": ResolveForm(),
        },
    )


@require_POST
@page("devices")
def alert_resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    data = cleaned(ResolveForm(request.POST))
    media_ops.resolve_alert(actor=request.user, alert_id=alert_id, resolution=data["resolution"])
    return done(request, _("Alert resolved."), next_page(request, reverse("device_alerts")))
