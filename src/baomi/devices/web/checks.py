"""Physical checks of the equipment ledger on the web (RULES.md §7): start one for a
department or the organisation, record what was seen (one asset, or a list typed or uploaded)
and read the reconciliation with the ledger; then close it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.core.errors import InvalidInput
from baomi.devices import imports
from baomi.devices.operations import checks as check_ops
from baomi.devices.queries import checks as check_reads
from baomi.devices.web.forms.checks import CheckStartForm, ObservationsForm, ObserveForm
from baomi.kit.pages import cleaned, done, page
from baomi.org import queries as org

LIMIT = 200


@page("devices")
def device_checks(request: HttpRequest) -> HttpResponse:
    """Physical checks of the ledger: start one for a department or the organisation."""
    actor = request.user
    if request.method == "POST":
        department = cleaned(CheckStartForm(request.POST, actor=actor))["department"]
        started = check_ops.start_check(actor=actor, department_id=department)
        return done(
            request, _("Physical check started."), reverse("device_check", args=[started.pk])
        )
    return render(
        request,
        "devices/checks.html",
        {"checks": check_reads.checks(actor)[:50], "form": CheckStartForm(actor=actor)},
    )


@page("devices")
def device_check(request: HttpRequest, check_id: int) -> HttpResponse:
    """One check: what was seen, and the reconciliation with the ledger (missing, unexpected,
    with another custodian, elsewhere, in another status)."""
    actor = request.user
    result = check_reads.reconciliation(actor, check_id)
    ids = {f.expected for f in result.wrong_custodian} | {f.found for f in result.wrong_custodian}
    names = dict(org.people(actor).filter(pk__in=ids).values_list("pk", "name"))
    groups = [
        (key, check_reads.FINDING_KINDS[key], [(f, check_reads.describe(f, names)) for f in found])
        for key, found in (
            (check_reads.MISSING, result.missing),
            (check_reads.UNEXPECTED, result.unexpected),
            (check_reads.CUSTODIAN, result.wrong_custodian),
            (check_reads.LOCATION, result.wrong_location),
            (check_reads.STATUS, result.wrong_status),
        )
    ]
    return render(
        request,
        "devices/check.html",
        {
            "result": result,
            "groups": groups,
            "check": result.check,
            "observations": check_reads.observations(actor, check_id)[:LIMIT],
            "form": ObserveForm(actor=actor),
            "list_form": ObservationsForm(),
        },
    )


@require_POST
@page("devices")
def device_observe(request: HttpRequest, check_id: int) -> HttpResponse:
    data = cleaned(ObserveForm(request.POST, actor=request.user))
    check_ops.observe(
        actor=request.user,
        check_id=check_id,
        identifier=data["identifier"],
        custodian_id=data["custodian"],
        location=data["location"],
        status=data["status"] or "",
        note=data["note"],
    )
    message = _("Seen: %(identifier)s.") % {"identifier": data["identifier"]}
    return done(request, message, reverse("device_check", args=[check_id]))


def _identifiers(data: dict[str, Any]) -> list[str]:
    """The identifiers typed one a line, then those of the uploaded file."""
    found = [line.strip() for line in (data["identifiers"] or "").splitlines()]
    upload = data["file"]
    if upload is not None:
        found += imports.read_seen(upload, upload.name)
    found = [identifier for identifier in found if identifier]
    if not found:
        raise InvalidInput(_("Type or upload at least one asset number or serial."))
    return found


@require_POST
@page("devices")
def device_observe_list(request: HttpRequest, check_id: int) -> HttpResponse:
    data = cleaned(ObservationsForm(request.POST, request.FILES))
    seen = check_ops.import_observations(
        actor=request.user, check_id=check_id, identifiers=_identifiers(data)
    )
    message = ngettext("%(n)d asset seen", "%(n)d assets seen", seen.observations) % {
        "n": seen.observations
    }
    if seen.unmatched:
        message += _(", %(n)d not in the ledger.") % {"n": seen.unmatched}
    else:
        message += "."
    return done(request, message, reverse("device_check", args=[check_id]))


@require_POST
@page("devices")
def device_check_close(request: HttpRequest, check_id: int) -> HttpResponse:
    check_ops.close_check(actor=request.user, check_id=check_id)
    return done(request, _("Physical check closed."), reverse("device_check", args=[check_id]))
