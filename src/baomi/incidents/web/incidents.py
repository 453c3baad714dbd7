"""The pages of the incidents (泄密事件, INC-RECORD): the security officer's menu entry
(OVERSEE), whose badge counts the reports and investigations overdue. The list by state
(open, report upward overdue, investigation overdue, closed) and year, with the form to record
one; an incident's page with its facts, the carriers and people involved, the report upward
and the investigation, the forms of each step (``kit.actions``) and the 泄密事件报告 PDF; the
incidents register (泄密事件登记簿) with its .xlsx and PDF exports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.incidents.models import PersonRole
from baomi.incidents.operations import incidents as ops
from baomi.incidents.policies import keeps_incidents
from baomi.incidents.queries import incidents as queries
from baomi.incidents.web import forms
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, page

RULES = ("INC-RECORD",)


# Navigation and registers --------------------------------------------------------------------


def overdue_count(actor: Any) -> int:
    return queries.overdue_count(actor)


def register_url() -> str:
    return reverse("incident_register")


def register_shown(actor: Any) -> bool:
    return keeps_incidents(actor)


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('incident_register')}?format={f}") for f in EXPORTERS]


# The list ------------------------------------------------------------------------------------


def _lines(found: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "incident": i,
            "kind": queries.KIND_LABELS.get(i.kind, i.kind),
            "state": queries.STATE_LABELS.get(i.state, i.state),
            "report_overdue": queries.report_overdue(i),
            "investigation_overdue": queries.investigation_overdue(i),
        }
        for i in found
    ]


def _record_form(actor: Any, data: Any = None) -> forms.IncidentForm:
    return forms.IncidentForm(
        data,
        people=queries.people_offered(actor),
        copies=queries.copies_offered(actor) if keeps_incidents(actor) else (),
    )


@page("incidents")
def incidents(request: HttpRequest) -> HttpResponse:
    """The incidents by state and year, and the form to record one."""
    actor = request.user
    form = forms.ListFilterForm(request.GET or None, statuses=queries.STATUSES.items())
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.incidents(actor, status=data.get("status") or None, year=data.get("year"))
    actions = [
        Action(
            "incident-record",
            _("Record an incident"),
            reverse("incident_record"),
            _record_form(actor),
            rules=RULES,
        )
    ]
    return render(
        request,
        "incidents/incidents/list.html",
        {"form": form, "lines": _lines(found), "actions": arrange(request, actions)},
    )


@require_POST
@page("incidents")
def incident_record(request: HttpRequest) -> HttpResponse:
    data = cleaned(_record_form(request.user, request.POST))
    people = [{"person_id": p, "role": PersonRole.RESPONSIBLE} for p in data["responsible"]]
    people += [
        {"person_id": p, "role": PersonRole.INVOLVED}
        for p in data["involved"]
        if p not in data["responsible"]
    ]
    item = ops.record_incident(
        actor=request.user,
        kind=data["kind"],
        serious=data["serious"],
        level=data["level"],
        title=data["title"],
        account=data["account"],
        occurred_at=data["occurred_at"],
        discovered_at=data["discovered_at"],
        place=data["place"],
        people=people,
        copy_ids=data["copies"],
        remedies=data["remedies"],
    )
    return done(request, _("Incident recorded."), reverse("incident", args=[item.pk]))


# An incident ---------------------------------------------------------------------------------


@page("incidents")
def incident(request: HttpRequest, incident_id: int) -> HttpResponse:
    """An incident: its facts, the carriers and people involved, the report upward, the
    investigation, and the forms of the steps still open."""
    actor = request.user
    item = queries.incident(actor, incident_id)
    steps = queries.steps(actor, item)
    found: list[Action] = []
    if "remedies" in steps:
        found.append(
            Action(
                "incident-remedies",
                _("Record the remedial steps"),
                reverse("incident_remedies", args=[item.pk]),
                forms.RemediesForm(initial={"remedies": item.remedies}),
                rules=RULES,
            )
        )
    if "report" in steps:
        found.append(
            Action(
                "incident-report",
                _("Record the report upward"),
                reverse("incident_report", args=[item.pk]),
                forms.ReportForm(),
                rules=RULES,
                style="warning" if item.serious else "primary",
                intro=_("A serious incident is reported upward within INC-RECORD's hours."),
            )
        )
    if "investigate" in steps:
        found.append(
            Action(
                "incident-investigate",
                _("Record the investigation"),
                reverse("incident_investigate", args=[item.pk]),
                forms.InvestigationForm(),
                rules=RULES,
            )
        )
    if "close" in steps:
        found.append(
            Action(
                "incident-close",
                _("Close the incident"),
                reverse("incident_close", args=[item.pk]),
                rules=RULES,
                style="danger",
            )
        )
    return render(
        request,
        "incidents/incidents/detail.html",
        {
            "incident": item,
            "line": _lines([item])[0],
            "office": keeps_incidents(actor),
            "copies": queries.named_copies(actor, item),
            "people": queries.named_people(item),
            "report_due": queries.report_due(item),
            "investigation_due": queries.investigation_due(item),
            "actions": arrange(request, found),
        },
    )


def _to_incident(request: HttpRequest, incident_id: int, message: str) -> HttpResponse:
    return done(request, message, reverse("incident", args=[incident_id]))


@require_POST
@page("incidents")
def incident_remedies(request: HttpRequest, incident_id: int) -> HttpResponse:
    data = cleaned(forms.RemediesForm(request.POST))
    ops.record_remedies(actor=request.user, incident_id=incident_id, remedies=data["remedies"])
    return _to_incident(request, incident_id, _("Remedial steps recorded."))


@require_POST
@page("incidents")
def incident_report(request: HttpRequest, incident_id: int) -> HttpResponse:
    data = cleaned(forms.ReportForm(request.POST))
    ops.report_upward(
        actor=request.user,
        incident_id=incident_id,
        reported_to=data["reported_to"],
        report_text=data["report_text"],
    )
    return _to_incident(request, incident_id, _("Report upward recorded."))


@require_POST
@page("incidents")
def incident_investigate(request: HttpRequest, incident_id: int) -> HttpResponse:
    data = cleaned(forms.InvestigationForm(request.POST))
    ops.record_investigation(
        actor=request.user,
        incident_id=incident_id,
        result=data["result"],
        sanctions=data["sanctions"],
    )
    return _to_incident(request, incident_id, _("Investigation recorded."))


@require_POST
@page("incidents")
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    ops.close_incident(actor=request.user, incident_id=incident_id)
    return _to_incident(request, incident_id, _("Incident closed."))


@page("incidents")
def incident_printed(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The 泄密事件报告 as a PDF, marked with the incident's level."""
    printed = queries.printed(request.user, incident_id)
    return attachment(printed.content, printed.filename, "application/pdf")


# The register (泄密事件登记簿) ------------------------------------------------------------------


@page("incidents", keeps_incidents)
def incident_register(request: HttpRequest) -> HttpResponse:
    """The office's 泄密事件登记簿 by year; ``?format=`` exports it (.xlsx, PDF)."""
    actor = request.user
    form = forms.ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year")
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(actor, file_format, year=year)
        return attachment(export.content, export.filename, export.content_type)
    table = queries.register_table(actor, year=year)
    query = request.GET.copy()
    query.pop("format", None)
    exports = []
    for f in EXPORTERS:
        query["format"] = f
        exports.append((f, f"?{query.urlencode()}"))
    return render(
        request,
        "incidents/incidents/register.html",
        {"form": form, "table": table, "exports": exports},
    )
