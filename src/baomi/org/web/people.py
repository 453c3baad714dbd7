"""People and clearances (security officer, PPL-CLASS) and the security staff
(PPL-SECURITY-STAFF)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.levels import Clearance
from baomi.kit.pages import cleaned, done, page, panels
from baomi.org import operations
from baomi.org import queries as org
from baomi.org.models import StaffRole
from baomi.org.web.forms import AppointForm, ClearanceForm, PeopleFilterForm, ProbationEndForm
from baomi.seams.panels import PERSON


@page("people")
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None, actor=request.user)
    qs = org.people(request.user)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["department"]:
            qs = qs.filter(department_id=form.cleaned_data["department"])
        if form.cleaned_data["q"]:
            term = form.cleaned_data["q"]
            qs = qs.filter(Q(name__icontains=term) | Q(staff_number__icontains=term))
    return render(request, "org/people.html", {"form": form, "people": qs})


@page("people")
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person; the security officer sets the clearance class here (PPL-CLASS)."""
    if request.method == "POST":
        data = cleaned(ClearanceForm(request.POST))
        changed = operations.set_clearance(
            actor=request.user, person_id=person_id, clearance=data["clearance"]
        )
        return done(
            request,
            _("Clearance of %(name)s set to %(class)s.")
            % {"name": changed.name, "class": Clearance(changed.clearance).label},
            reverse("person", args=[person_id]),
        )
    found = org.person(request.user, person_id)
    return render(
        request,
        "org/person.html",
        {
            "person": found,
            "form": ClearanceForm(initial={"clearance": found.clearance}),
            "probation_form": ProbationEndForm(initial={"on": timezone.localdate()}),
            "appointments": org.appointments(request.user).filter(person=found),
            "panels": panels(request, PERSON, person=found),
        },
    )


@require_POST
@page("people")
def end_probation(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record the end of a person's probation (security officer; PPL-PROBATION)."""
    data = cleaned(ProbationEndForm(request.POST))
    ended = operations.end_probation(actor=request.user, person_id=person_id, on=data["on"])
    return done(
        request,
        _("Probation of %(name)s ended on %(on)s.")
        % {"name": ended.name, "on": data["on"].isoformat()},
        reverse("person", args=[person_id]),
    )


@page("security_staff")
def security_staff(request: HttpRequest) -> HttpResponse:
    current = org.appointments(request.user, current=True)
    officers = org.department_officers(request.user)
    return render(
        request,
        "org/security_staff.html",
        {
            "committee": current.filter(
                role__in=[StaffRole.COMMITTEE_CHAIR, StaffRole.COMMITTEE_MEMBER]
            ).order_by("role", "since"),
            "office": current.filter(
                role__in=[StaffRole.OFFICE_HEAD, StaffRole.OFFICE_MEMBER]
            ).order_by("role", "since"),
            "officers": officers,
            "missing": sum(1 for _d, a in officers if a is None),
            "form": AppointForm(actor=request.user),
        },
    )


@require_POST
@page("security_staff")
def appoint(request: HttpRequest) -> HttpResponse:
    data = cleaned(AppointForm(request.POST, actor=request.user))
    made = operations.appoint(
        actor=request.user,
        person_id=data["person"],
        role=data["role"],
        department_id=data["department"],
    )
    return done(
        request,
        _("Appointed %(name)s: %(role)s.")
        % {"name": made.person.name, "role": made.get_role_display()},
        reverse("security_staff"),
    )


@require_POST
@page("security_staff")
def end_appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    ended = operations.end_appointment(actor=request.user, appointment_id=appointment_id)
    return done(
        request, _("Appointment ended: %(what)s.") % {"what": ended}, reverse("security_staff")
    )
