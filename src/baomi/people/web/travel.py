"""The pages of travel abroad (PPL-ABROAD): the security office's list of trips (by state,
who is abroad now, the register's exports) and of the passports it keeps; a trip's page with
the next steps as actions (``kit.actions``) for the office or the traveller, and its
出国（境）审批表 printed (recorded) for whoever may see it; the "my travel"
panel of one's own file and the travel panel of a person's page. The approval request's
subject (the trip) and sentence (who, where, when) are told here too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.core.levels import Clearance
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, export_links, next_page, page
from baomi.org import queries as org_queries
from baomi.people.operations import travel as ops
from baomi.people.policies import keeps_files
from baomi.people.queries import travel as queries
from baomi.people.web import travel_forms as forms
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows

# Approvals ------------------------------------------------------------------------------------


def subject(actor: Any, travel_id: int) -> Subject | None:
    """The trip an approval request is about: the traveller, destination and dates, to those
    who may know the trip or are asked to approve it."""
    trip = queries.asked_about(actor, travel_id)
    if trip is None:
        return None
    label = (
        f"{trip.person.name} · {trip.destination} · {trip.departs:%Y-%m-%d}–{trip.returns:%Y-%m-%d}"
    )
    known = keeps_files(actor) or getattr(actor, "person_id", None) == trip.person_id
    url = reverse("travel", args=[trip.pk]) if known else "#"
    return Subject(label, None, url)


def sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What a travel approval authorises: who travels where, from when until when."""
    name = org_queries.name_of(actor, params.get("person_id"))
    return _("%(name)s travels to %(destination)s from %(departs)s to %(returns)s.") % {
        "name": name or "—",
        "destination": params.get("destination", "—"),
        "departs": params.get("departs", "—"),
        "returns": params.get("returns", "—"),
    }


# Panels ---------------------------------------------------------------------------------------


def my_travel(actor: Any, **about: Any) -> dict[str, Any] | None:
    """One's own trips with their state and report due, and the request form (MY_FILE)."""
    person = getattr(actor, "person", None)
    if person is None or not getattr(actor, "is_authenticated", False):
        return None
    trips = queries.person_travels(actor, person.pk)
    if not trips and queries.class_of(person) == Clearance.NONE:
        return None
    return {
        "trips": _lines(trips),
        "request_form": forms.TravelRequestForm(auto_id="my-travel-%s"),
        "report_form": forms.ReportForm(auto_id="my-report-%s"),
    }


def person_travel(actor: Any, person: Any, **about: Any) -> dict[str, Any] | None:
    """A person's trips and kept passports on their page, for the security office."""
    if not keeps_files(actor):
        return None
    trips = queries.person_travels(actor, person.pk)
    kept = list(queries.passports(actor, person_id=person.pk))
    if not trips and not kept:
        return None
    return {"trips": _lines(trips), "passports": kept, "person": person}


def _lines(trips: Any) -> list[dict[str, Any]]:
    """Each trip with its status, its label and its return report's last day (overdue?)."""
    return [
        {
            "trip": trip,
            "status": trip.status,
            "label": queries.status_label(trip.status),
            "report_due": queries.report_due(trip),
            "overdue": queries.report_overdue(trip),
        }
        for trip in queries.with_report_days(trips)
    ]


def overdue_count(actor: Any) -> int:
    """The badge of the security files' menu entry: trips whose return report is overdue
    (the office's)."""
    if not keeps_files(actor):
        return 0
    return queries.reports_overdue(actor).count()


# The register in the registers index ---------------------------------------------------------


def register_url() -> str:
    return reverse("travels")


def register_shown(actor: Any) -> bool:
    return keeps_files(actor)


def register_exports() -> list[tuple[str, str]]:
    """(format, link) of each export of the travel abroad register."""
    return [(f, f"{reverse('travels')}?format={f}") for f in EXPORTERS]


# The office's pages --------------------------------------------------------------------------


@page("people_files")
def travels(request: HttpRequest) -> HttpResponse:
    """The trips of the organisation, by state, with who is abroad now; ``?format=`` exports
    the register (出国（境）审批登记)."""
    form = forms.FilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(request.user, file_format, status=status)
        return attachment(export.content, export.filename, export.content_type)
    request_form = forms.TravelRequestForm(travellers=queries.travellers(request.user))
    actions = arrange(
        request,
        [
            Action(
                "travel-request",
                _("Record a request for a person"),
                reverse("travel_request"),
                request_form,
                rules=("PPL-ABROAD",),
                intro=_(
                    "The request goes to the approvers of the person's class; a person in "
                    "their cooling-off period is recorded here by the office."
                ),
            )
        ],
    )
    return render(
        request,
        "people/travel/list.html",
        {
            "form": form,
            "trips": _lines(queries.travels(request.user, status=status)[:200]),
            "abroad": list(queries.abroad_now(request.user)),
            "actions": actions,
            "exports": export_links(request),
        },
    )


@page("people_files")
def passports(request: HttpRequest) -> HttpResponse:
    """The passports the office keeps, and registering one."""
    people = queries.travellers(request.user)
    if request.method == "POST":
        data = cleaned(forms.PassportForm(request.POST, people=people))
        ops.register_passport(
            actor=request.user,
            person_id=data["person"],
            number=data["number"],
            kind=data["kind"],
            expires=data["expires"],
        )
        return done(request, _("Passport registered."), reverse("travel_passports"))
    return render(
        request,
        "people/travel/passports.html",
        {
            "passports": list(queries.passports(request.user)),
            "form": forms.PassportForm(people=people),
        },
    )


@require_POST
@page("people_files")
def passport_return(request: HttpRequest, passport_id: int) -> HttpResponse:
    ops.return_passport(actor=request.user, passport_id=passport_id)
    return done(request, _("Passport returned."), next_page(request, reverse("travel_passports")))


# A trip ---------------------------------------------------------------------------------------


def _actions(request: HttpRequest, trip: Any, steps: list[str]) -> list[Action]:
    pk, here = trip.pk, reverse("travel", args=[trip.pk])
    rules = ("PPL-ABROAD",)
    found: list[Action] = []
    if "brief" in steps:
        found.append(
            Action(
                "brief",
                queries.STEP_LABELS["brief"],
                reverse("travel_briefing", args=[pk]),
                forms.BriefingForm(),
                rules=rules,
            )
        )
    if "hand_out_passport" in steps:
        kept = queries.passports_in(request.user, trip)
        found.append(
            Action(
                "hand-out-passport",
                queries.STEP_LABELS["hand_out_passport"],
                reverse("travel_passport_out", args=[pk]),
                forms.HandOutForm(passports=kept),
                rules=rules,
            )
        )
    if "depart" in steps:
        found.append(
            Action(
                "depart",
                queries.STEP_LABELS["depart"],
                reverse("travel_depart", args=[pk]),
                forms.DayForm(),
                rules=rules,
                faults={"PPL-ABROAD": "day"},
            )
        )
    if "return" in steps:
        found.append(
            Action(
                "return",
                queries.STEP_LABELS["return"],
                reverse("travel_return", args=[pk]),
                forms.DayForm(),
                rules=rules,
            )
        )
    if "return_passport" in steps:
        out = queries.passport_out_for(trip)
        if out is not None:
            found.append(
                Action(
                    "return-passport",
                    queries.STEP_LABELS["return_passport"],
                    reverse("travel_passport_return", args=[out.pk]),
                    hidden={"next": here},
                )
            )
    if "report" in steps:
        found.append(
            Action(
                "report",
                queries.STEP_LABELS["report"],
                reverse("travel_report", args=[pk]),
                forms.ReportForm(),
                rules=rules,
            )
        )
    if "cancel" in steps:
        found.append(
            Action(
                "cancel",
                queries.STEP_LABELS["cancel"],
                reverse("travel_cancel", args=[pk]),
                style="danger",
            )
        )
    return arrange(request, found)


@page("home")
def travel(request: HttpRequest, travel_id: int) -> HttpResponse:
    """A trip with its approval, briefing, passport and report, and its next steps."""
    trip = queries.travel(request.user, travel_id)
    steps = queries.next_steps(request.user, trip)
    return render(
        request,
        "people/travel/detail.html",
        {
            "trip": trip,
            "line": _lines([trip])[0],
            "class": queries.class_of(trip.person),
            "actions": _actions(request, trip, steps),
            "office": allows("people_files", request.user),
            "approvers": list(trip.approval.steps.select_related("approver"))
            if trip.approval
            else [],
        },
    )


@page("home")
def travel_print(request: HttpRequest, travel_id: int) -> HttpResponse:
    """The trip's approval form (出国（境）审批表) as a PDF for whoever may see the trip; the
    print is recorded."""
    printed = ops.print_travel_form(actor=request.user, travel_id=travel_id)
    return attachment(printed.content, printed.filename, "application/pdf")


def _back(request: HttpRequest, travel_id: int, message: str) -> HttpResponse:
    return done(request, message, next_page(request, reverse("travel", args=[travel_id])))


@require_POST
@page("home")
def travel_request(request: HttpRequest) -> HttpResponse:
    """Ask approval to travel abroad, for oneself, or (the office) for the person chosen."""
    travellers = queries.travellers(request.user) if "person" in request.POST else None
    data = cleaned(forms.TravelRequestForm(request.POST, travellers=travellers))
    trip = ops.request_travel(
        actor=request.user,
        person_id=data.get("person"),
        destination=data["destination"],
        purpose=data["purpose"],
        departs=data["departs"],
        returns=data["returns"],
    )
    return done(
        request, _("Travel requested: it awaits approval."), reverse("travel", args=[trip.pk])
    )


@require_POST
@page("people_files")
def travel_briefing(request: HttpRequest, travel_id: int) -> HttpResponse:
    data = cleaned(forms.BriefingForm(request.POST))
    ops.record_briefing(
        actor=request.user,
        travel_id=travel_id,
        briefing=data["briefing"],
        briefed_on=data["briefed_on"],
    )
    return _back(request, travel_id, _("Briefing recorded."))


@require_POST
@page("people_files")
def travel_passport_out(request: HttpRequest, travel_id: int) -> HttpResponse:
    trip = queries.travel(request.user, travel_id)
    kept = queries.passports_in(request.user, trip)
    data = cleaned(forms.HandOutForm(request.POST, passports=kept))
    ops.hand_out_passport(actor=request.user, passport_id=data["passport"], travel_id=travel_id)
    return _back(request, travel_id, _("Passport handed out."))


@require_POST
@page("home")
def travel_depart(request: HttpRequest, travel_id: int) -> HttpResponse:
    data = cleaned(forms.DayForm(request.POST))
    ops.depart(actor=request.user, travel_id=travel_id, departed_on=data["day"])
    return _back(request, travel_id, _("Departure recorded."))


@require_POST
@page("home")
def travel_return(request: HttpRequest, travel_id: int) -> HttpResponse:
    data = cleaned(forms.DayForm(request.POST))
    ops.record_return(actor=request.user, travel_id=travel_id, returned_on=data["day"])
    return _back(request, travel_id, _("Return recorded."))


@require_POST
@page("home")
def travel_report(request: HttpRequest, travel_id: int) -> HttpResponse:
    data = cleaned(forms.ReportForm(request.POST))
    ops.file_report(actor=request.user, travel_id=travel_id, report=data["report"])
    return _back(request, travel_id, _("Return report filed."))


@require_POST
@page("home")
def travel_cancel(request: HttpRequest, travel_id: int) -> HttpResponse:
    ops.cancel_travel(actor=request.user, travel_id=travel_id)
    return _back(request, travel_id, _("Trip cancelled."))
