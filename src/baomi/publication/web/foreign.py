"""The pages of foreign press and visits (PRESS-FOREIGN): the list (with the record form and
the register's exports for the reviewers) and a request's page (terms, hosts, approval,
outcome, next steps). The approval request's subject and sentence are told here too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, export_links, page
from baomi.org import queries as org_queries
from baomi.org.models import Employment
from baomi.publication.models import ForeignKind
from baomi.publication.operations import foreign as ops
from baomi.publication.policies import reviews
from baomi.publication.queries import foreign as queries
from baomi.publication.web import forms
from baomi.seams.approvals import Subject

RULES = ("PRESS-FOREIGN",)


def subject(actor: Any, foreign_id: int) -> Subject | None:
    item = queries.asked_about(actor, foreign_id)
    if item is None:
        return None
    return Subject(
        f"{item.party} · {item.country} · {item.starts:%Y-%m-%d}",
        None,
        reverse("foreign_request", args=[item.pk]),
    )


def sentence(actor: Any, params: Mapping[str, Any]) -> str:
    kinds = dict(ForeignKind.choices)
    return _(
        "%(kind)s: %(party)s (%(country)s) from %(starts)s to %(ends)s, on the agreed talking "
        "points, scope and route."
    ) % {
        "kind": kinds.get(params.get("kind", ""), "—"),
        "party": params.get("party", "—"),
        "country": params.get("country", "—"),
        "starts": params.get("starts", "—"),
        "ends": params.get("ends", "—"),
    }


def register_url() -> str:
    return reverse("foreign_requests")


def register_exports() -> list[tuple[str, str]]:
    from baomi.core.exports import EXPORTERS

    return [(f, f"{reverse('foreign_requests')}?format={f}") for f in EXPORTERS]


def _lines(items: Any) -> list[dict[str, Any]]:
    return [
        {"item": item, "status": (s := queries.status(item)), "label": queries.status_label(s)}
        for item in items
    ]


def _people(request: HttpRequest) -> Any:
    return org_queries.people(request.user).filter(employment=Employment.ACTIVE).order_by("name")


@page("publication")
def foreign_requests(request: HttpRequest) -> HttpResponse:
    actor = request.user
    form = forms.ForeignFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(actor, file_format, state=state)
        return attachment(export.content, export.filename, export.content_type)
    actions = arrange(
        request,
        [
            Action(
                "foreign-record",
                _("Record a foreign press request or visit"),
                reverse("foreign_record"),
                forms.ForeignForm(people=_people(request)),
                rules=RULES,
                intro=_(
                    "A phone interview by a foreign journalist is recorded and refused. An "
                    "invited interview or a visit needs the agreed talking points, scope, route "
                    "and the people who meet them before it goes for approval."
                ),
            )
        ],
    )
    reviewer = reviews(actor)
    return render(
        request,
        "publication/foreign/list.html",
        {
            "lines": _lines(queries.requests(actor, state=state)[:200]),
            "form": form,
            "actions": actions,
            "exports": export_links(request) if reviewer else [],
        },
    )


@require_POST
@page("publication")
def foreign_record(request: HttpRequest) -> HttpResponse:
    data = cleaned(forms.ForeignForm(request.POST, people=_people(request)))
    item = ops.record_foreign(
        actor=request.user,
        kind=data["kind"],
        party=data["party"],
        country=data["country"],
        contact=data["contact"],
        starts=data["starts"],
        ends=data["ends"],
        subject=data["subject"],
        talking_points=data["talking_points"],
        scope=data["scope"],
        route=data["route"],
        host_ids=data["hosts"],
    )
    message = (
        _("Recorded: a phone interview by foreign media is refused.")
        if item.kind == ForeignKind.PHONE
        else _("Recorded: it awaits approval.")
    )
    return done(request, message, reverse("foreign_request", args=[item.pk]))


@page("publication")
def foreign_request(request: HttpRequest, foreign_id: int) -> HttpResponse:
    item = queries.request(request.user, foreign_id)
    steps = queries.next_steps(request.user, item)
    found: list[Action] = []
    if "hold" in steps:
        found.append(
            Action(
                "hold",
                queries.STEP_LABELS["hold"],
                reverse("foreign_hold", args=[item.pk]),
                forms.HoldForm(),
                rules=RULES,
            )
        )
    if "cancel" in steps:
        found.append(
            Action(
                "cancel",
                queries.STEP_LABELS["cancel"],
                reverse("foreign_cancel", args=[item.pk]),
                style="danger",
            )
        )
    status = queries.status(item)
    return render(
        request,
        "publication/foreign/detail.html",
        {
            "item": item,
            "status": status,
            "label": queries.status_label(status),
            "hosts": list(item.hosts.all()),
            "steps": list(item.approval.steps.all()) if item.approval else [],
            "actions": arrange(request, found),
        },
    )


@require_POST
@page("publication")
def foreign_hold(request: HttpRequest, foreign_id: int) -> HttpResponse:
    data = cleaned(forms.HoldForm(request.POST))
    ops.hold_foreign(
        actor=request.user, foreign_id=foreign_id, outcome=data["outcome"], held_on=data["held_on"]
    )
    return done(request, _("Recorded as held."), reverse("foreign_request", args=[foreign_id]))


@require_POST
@page("publication")
def foreign_cancel(request: HttpRequest, foreign_id: int) -> HttpResponse:
    ops.cancel_foreign(actor=request.user, foreign_id=foreign_id)
    return done(request, _("Cancelled."), reverse("foreign_request", args=[foreign_id]))
