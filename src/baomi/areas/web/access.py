"""The access log on the web (要害部位出入登记, AREA-ACCESS): a tab of the secure areas' menu
entry (``areas``) for the security office — the entries filtered by area, period and those
still inside, 50 a page, the register's exports (要害部位出入登记簿), the form logging an entry
(the escort picked among the area's keeper and assigned people), the form asking ahead, each
open entry's exit button; the keeper's home panel (the entries approved for today, the
people still inside, and the same forms); the approval's subject (the area) and sentence (who
enters which area on which day). ``register_seams`` is called from ``AreasConfig.ready``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.areas.operations import access as ops
from baomi.areas.policies import keeps_areas
from baomi.areas.queries import access as queries
from baomi.areas.web import access_forms as forms
from baomi.core.levels import Level
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
from baomi.org import queries as org_queries
from baomi.seams.approvals import Subject

RULES = ("AREA-ACCESS",)
FILTERS = ("area", "since", "until", "open")


# What the forms offer --------------------------------------------------------------------------


def _people(actor: Any) -> Any:
    from baomi.org.models import Employment

    return (
        org_queries.people(actor)
        .filter(employment=Employment.ACTIVE)
        .select_related("department")
        .order_by("department__path", "name", "pk")
    )


def _escorts(areas: Any) -> list[Any]:
    found: dict[int, Any] = {}
    for area in areas:
        for person in queries.escorts(area):
            found.setdefault(person.pk, person)
    return list(found.values())


def entry_form(actor: Any, *args: Any, **kwargs: Any) -> forms.EntryForm:
    areas = list(queries.loggable_areas(actor))
    return forms.EntryForm(
        *args,
        areas=areas,
        people=_people(actor),
        visitors=_present(actor),
        escorts=_escorts(areas),
        **kwargs,
    )


def _present(actor: Any) -> Any:
    return queries.present_visitors(actor)


def _request_areas(actor: Any) -> Any:
    return queries.request_areas(actor)


def request_form(actor: Any, *args: Any, **kwargs: Any) -> forms.RequestForm:
    return forms.RequestForm(
        *args,
        areas=_request_areas(actor),
        people=_people(actor),
        visitors=_present(actor),
        **kwargs,
    )


def _actions(request: HttpRequest) -> list[Action]:
    actor = request.user
    return arrange(
        request,
        [
            Action(
                "entry-log",
                _("Log an entry"),
                reverse("area_entry_log"),
                entry_form(actor),
                rules=RULES,
                faults={"AREA-ACCESS": "escort", "ROLE-SEPARATION": "person"},
                intro=_(
                    "For someone not assigned to the area: under an approval asked ahead for "
                    "this area, person and day, or granted on the spot by the area's keeper "
                    "logging it. A visitor, and a person not cleared for the area's level, "
                    "enter escorted by its keeper or a person assigned to it."
                ),
            ),
            Action(
                "entry-request",
                _("Ask ahead for an entry"),
                reverse("area_entry_request"),
                request_form(actor),
                rules=RULES,
                style="secondary",
                intro=_("The head of the area's department approves it."),
            ),
        ],
    )


# The office's page -----------------------------------------------------------------------------


def _filters(request: HttpRequest, areas: Any) -> tuple[forms.EntryFilterForm, dict[str, Any]]:
    query = {k: v for k, v in request.GET.items() if k in FILTERS and v}
    form = forms.EntryFilterForm(query or None, areas=areas)
    if not form.is_bound:
        return form, {}
    data = cleaned(form)
    queries.check_period(data["since"], data["until"])
    return form, {
        "area_id": data["area"],
        "since": data["since"],
        "until": data["until"],
        "open_only": data["open"],
    }


@page("areas")
def access_log(request: HttpRequest) -> HttpResponse:
    """The access log; ``?format=xlsx|pdf`` exports 要害部位出入登记簿 of the filters."""
    actor = request.user
    areas = list(queries.loggable_areas(actor))
    form, filters = _filters(request, areas)
    if "format" in request.GET:
        exported = queries.export(
            actor,
            request.GET["format"],
            area_id=filters.get("area_id"),
            since=filters.get("since"),
            until=filters.get("until"),
        )
        return attachment(exported.content, exported.filename, exported.content_type)
    page_obj = Paginator(queries.entries(actor, **filters), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "areas/access/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "lines": [(e, queries.entrant_name(e), queries.permission_text(e)) for e in page_obj],
            "query": filter_query(request),
            "actions": _actions(request),
            "exports": export_links(request),
            "approved": _approved(actor),
            "exit_form": forms.ExitForm(auto_id="exit-%s"),
            "section": "access",
        },
    )


def _approved(actor: Any) -> list[tuple[Any, str, str]]:
    """Today's approvals asked ahead for the areas the actor logs: (request, area, who)."""
    found = queries.approved_ahead(actor)
    areas = queries.areas_by_id(int(r.subject_id) for r in found)
    return [
        (
            r,
            areas[int(r.subject_id)].name if int(r.subject_id) in areas else "—",
            _entrant_label(actor, r.params),
        )
        for r in found
    ]


def _entrant_label(actor: Any, params: Mapping[str, Any]) -> str:
    if "person_id" in params:
        return org_queries.name_of(actor, params.get("person_id")) or "—"
    return queries.visitor_label(actor, params.get("visitor_id")) or "—"


@require_POST
@page("home")
def entry_log(request: HttpRequest) -> HttpResponse:
    """Log an entry (the area's keeper or the office: the operation decides)."""
    actor = request.user
    data = cleaned(entry_form(actor, request.POST))
    ops.log_entry(
        actor=actor,
        area_id=data["area"],
        person_id=data["person"],
        visitor_id=data["visitor"],
        purpose=data["purpose"],
        escort_id=data["escort"],
        on_the_spot=data["permission"] == forms.ON_THE_SPOT,
        entered_at=data["entered_at"],
    )
    return done(request, _("Entry logged."), next_page(request, reverse("access_log")))


@require_POST
@page("home")
def entry_request(request: HttpRequest) -> HttpResponse:
    actor = request.user
    data = cleaned(request_form(actor, request.POST))
    made = ops.request_entry(
        actor=actor,
        area_id=data["area"],
        person_id=data["person"],
        visitor_id=data["visitor"],
        day=data["day"],
        purpose=data["purpose"],
    )
    return done(
        request,
        _("Entry asked for: approval request no. %(id)d.") % {"id": made.pk},
        next_page(request, reverse("access_log") if keeps_areas(actor) else reverse("home")),
    )


@require_POST
@page("home")
def entry_exit(request: HttpRequest, entry_id: int) -> HttpResponse:
    data = cleaned(forms.ExitForm(request.POST))
    ops.log_exit(actor=request.user, entry_id=entry_id, left_at=data["left_at"])
    return done(request, _("Exit logged."), next_page(request, reverse("access_log")))


# The keeper's home panel -----------------------------------------------------------------------


def keeper_panel(actor: Any, **about: Any) -> dict[str, Any] | None:
    """HOME, for the keeper of an area who is not the office: today's approved entries into
    their areas, the people still inside, and the forms logging an entry or an exit."""
    if keeps_areas(actor) or not queries.keeps_some_area(actor):
        return None
    inside = list(queries.open_entries(actor)[:50])
    return {
        "approved": _approved(actor),
        "inside": [(e, queries.entrant_name(e)) for e in inside],
        "entry_form": entry_form(actor, auto_id="keeper-entry-%s"),
        "exit_form": forms.ExitForm(auto_id="keeper-exit-%s"),
    }


def keeper_count(actor: Any) -> int:
    if keeps_areas(actor) or not queries.keeps_some_area(actor):
        return 0
    return len(queries.approved_ahead(actor))


# Approvals -------------------------------------------------------------------------------------


def subject(actor: Any, area_id: int) -> Subject | None:
    """The area an entry request is about, to anyone of its organisation (its name and
    level); its access log linked for those who may read it."""
    found = queries.area_of(actor, area_id)
    if found is None:
        return None
    url = (
        f"{reverse('access_log')}?area={found.pk}"
        if keeps_areas(actor)
        else ("#" if not queries.may_log(actor, found) else reverse("home"))
    )
    return Subject(f"{found.name} · {Level(found.level).label}", None, url)


def sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What an entry approval authorises: who enters which area, on which day."""
    area = queries.area_of(actor, params.get("area_id"))
    return _("%(who)s enters %(area)s on %(day)s.") % {
        "who": _entrant_label(actor, params),
        "area": area.name if area else "—",
        "day": params.get("day", "—"),
    }


# Seams -----------------------------------------------------------------------------------------


def register_seams() -> None:
    """The approval operation and subject, the keeper's panel, the two registers' entries and
    the refusal subjects of this part (``AreasConfig.ready``)."""
    from baomi.access.roles import Permission, has_permission
    from baomi.areas.web import visitors as visitor_pages
    from baomi.audit.operation import subject_argument
    from baomi.core.exports import EXPORTERS
    from baomi.seams.approvals import (
        APPROVAL_OPERATIONS,
        SUBJECT_KINDS,
        ApprovalOperation,
        SubjectKind,
    )
    from baomi.seams.panels import HOME, PANELS, Panel
    from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

    APPROVAL_OPERATIONS.register(
        ApprovalOperation(
            queries.OPERATION,
            gettext_lazy("Entry to a secure area"),
            (queries.RULE,),
            sentence,
        )
    )
    SUBJECT_KINDS.register(SubjectKind(queries.SUBJECT, subject))
    PANELS.register(
        Panel(
            "areas.keeper_access",
            "areas/access/panel_keeper.html",
            keeper_panel,
            place=HOME,
            order=31,
            count=keeper_count,
        )
    )

    def office(actor: Any) -> bool:
        return has_permission(actor, Permission.MANAGE_AREAS)

    REGISTER_ENTRIES.register(
        RegisterEntry(
            key="areas.visitors",
            title=gettext_lazy("Visitors' register"),
            url=lambda: reverse("visitors"),
            rules=RULES,
            shown=office,
            kind="ledger",
            exports=visitor_pages.register_exports,
            order=960,
        ),
        RegisterEntry(
            key="areas.access_log",
            title=gettext_lazy("Secure areas' access log"),
            url=lambda: reverse("access_log"),
            rules=RULES,
            shown=office,
            kind="ledger",
            exports=lambda: [(f, f"{reverse('access_log')}?format={f}") for f in EXPORTERS],
            order=961,
        ),
    )
    subject_argument("entry_id", "areas.areaentry")
    subject_argument("visitor_id", "areas.visitor")
