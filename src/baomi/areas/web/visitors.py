"""The visitors' register on the web (外来人员, AREA-ACCESS): a tab of the secure areas' menu
entry (``areas``) for the security office — the visitors on the premises first, then by
arrival, filtered by period, unit and host, 50 a page, with the register's exports
(来访人员登记簿: .xlsx in full, the PDF with the document numbers masked), the form
registering a visitor and each one's sign-out button."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.areas.operations import visitors as ops
from baomi.areas.queries import visitors as queries
from baomi.areas.web import visitors_forms as forms
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import (
    attachment,
    cleaned,
    done,
    export_links,
    filter_query,
    next_page,
    page,
)

RULES = ("AREA-ACCESS",)
FILTERS = ("since", "until", "unit", "host")


def _filters(request: HttpRequest, hosts: Any) -> tuple[forms.VisitorFilterForm, dict[str, Any]]:
    query = {k: v for k, v in request.GET.items() if k in FILTERS and v}
    form = forms.VisitorFilterForm(query or None, hosts=hosts)
    if not form.is_bound:
        return form, {}
    data = cleaned(form)
    queries.check_period(data["since"], data["until"])
    return form, {
        "since": data["since"],
        "until": data["until"],
        "unit": data["unit"],
        "host_id": data["host"],
    }


@page("areas")
def visitors(request: HttpRequest) -> HttpResponse:
    """The visitors' register; ``?format=xlsx|pdf`` exports 来访人员登记簿 of the period."""
    actor = request.user
    hosts = list(queries.hosts(actor))
    form, filters = _filters(request, hosts)
    if "format" in request.GET:
        exported = queries.export(
            actor, request.GET["format"], since=filters.get("since"), until=filters.get("until")
        )
        return attachment(exported.content, exported.filename, exported.content_type)
    page_obj = Paginator(queries.visitors(actor, **filters), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions = arrange(
        request,
        [
            Action(
                "visitor-register",
                _("Register a visitor"),
                reverse("visitor_register"),
                forms.VisitorForm(hosts=hosts),
                rules=RULES,
                faults={"AREA-ACCESS": "host"},
                intro=_(
                    "A resident identity card number is checked (GB 11643). A foreign visit is "
                    "approved under the secrecy review (PRESS-FOREIGN). A visitor never "
                    "receives a document or material."
                ),
            )
        ],
    )
    return render(
        request,
        "areas/visitors/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": filter_query(request),
            "actions": actions,
            "exports": export_links(request),
            "sign_out": forms.SignOutForm(auto_id="sign-out-%s"),
            "section": "visitors",
        },
    )


@require_POST
@page("home")
def visitor_register(request: HttpRequest) -> HttpResponse:
    """Register a visitor (the office, or a host their own: the operation decides)."""
    actor = request.user
    data = cleaned(forms.VisitorForm(request.POST))
    made = ops.register_visitor(
        actor=actor,
        name=data["name"],
        id_kind=data["id_kind"],
        id_number=data["id_number"],
        unit=data["unit"],
        host_id=data["host"],
        purpose=data["purpose"],
        arrived_at=data["arrived_at"],
        foreign=data["foreign"],
    )
    return done(
        request,
        _("Visitor registered: %(name)s.") % {"name": made.name},
        next_page(request, reverse("visitors")),
    )


@require_POST
@page("home")
def visitor_sign_out(request: HttpRequest, visitor_id: int) -> HttpResponse:
    data = cleaned(forms.SignOutForm(request.POST))
    ops.sign_out_visitor(actor=request.user, visitor_id=visitor_id, left_at=data["left_at"])
    return done(request, _("Visitor signed out."), next_page(request, reverse("visitors")))


# The register in the registers index ---------------------------------------------------------


def register_exports() -> list[tuple[str, str]]:
    from baomi.core.exports import EXPORTERS

    return [(f, f"{reverse('visitors')}?format={f}") for f in EXPORTERS]
