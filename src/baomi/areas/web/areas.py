"""The pages of the list of secure areas (要害部门部位, AREA-LIST): the security office's
list (filtered by kind, level, department and use, 50 a page, with the register's exports) and
its form registering an area; an area's page (details, keeper, protective measures, the people
assigned) with the office's actions — change it, hand its key to a new keeper, assign a
person, end an assignment, take it out of use; the "my secure areas" home panel of a keeper
or an assigned person; the search provider and the register's entry (``register_seams``,
called from ``AreasConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.areas.operations import areas as ops
from baomi.areas.policies import keeps_areas
from baomi.areas.queries import areas as queries
from baomi.areas.web import areas_forms as forms
from baomi.core.exports import EXPORTERS
from baomi.core.matching import closeness, matches
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, export_links, filter_query, page
from baomi.seams.search import Hit

RULES = ("AREA-LIST",)


def _filters(form: forms.FilterForm) -> queries.AreaFilters:
    if not form.is_bound:
        return queries.AreaFilters()
    data = cleaned(form)
    active = {"yes": True, "no": False}.get(data["active"] or "")
    return queries.AreaFilters(
        kind=data["kind"] or "",
        level=data["level"],
        department_id=data["department"],
        active=active,
    )


def _register_form(actor: Any, *args: Any, **kwargs: Any) -> forms.RegisterForm:
    return forms.RegisterForm(*args, actor=actor, candidates=queries.candidates(actor), **kwargs)


@page("areas")
def areas(request: HttpRequest) -> HttpResponse:
    """The organisation's secure areas, filtered, 50 a page; ``?format=xlsx|pdf`` exports
    the register (要害部门部位登记表) the filters select."""
    actor = request.user
    query = {k: v for k, v in request.GET.items() if k in ("kind", "level", "department", "active")}
    form = forms.FilterForm(query or None, actor=actor)
    filters = _filters(form)
    if "format" in request.GET:
        exported = queries.export(actor, request.GET["format"], filters)
        return attachment(exported.content, exported.filename, exported.content_type)
    page_obj = Paginator(queries.office_areas(actor, filters), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions = arrange(
        request,
        [
            Action(
                "area-register",
                _("Register an area"),
                reverse("area_register"),
                _register_form(actor),
                rules=RULES,
                faults={"AREA-LIST": "keeper", "ROLE-SEPARATION": "keeper"},
                intro=_(
                    "The keeper holds the key and is cleared for the area's level (AREA-LIST)."
                ),
            )
        ],
    )
    return render(
        request,
        "areas/areas/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": filter_query(request),
            "actions": actions,
            "exports": export_links(request),
            "section": "areas",
        },
    )


@require_POST
@page("areas")
def area_register(request: HttpRequest) -> HttpResponse:
    data = cleaned(_register_form(request.user, request.POST))
    made = ops.register_area(
        actor=request.user,
        name=data["name"],
        kind=data["kind"],
        level=data["level"],
        department_id=data["department"],
        keeper_id=data["keeper"],
        location=data["location"],
        measures=data["measures"],
    )
    return done(
        request,
        _("Secure area registered: %(name)s.") % {"name": made.name},
        reverse("area", args=[made.pk]),
    )


def _actions(request: HttpRequest, found: Any) -> list[Action]:
    actor, pk = request.user, found.pk
    if not keeps_areas(actor) or not found.active:
        return []
    candidates = queries.candidates(actor)
    edit = forms.AreaForm(
        actor=actor,
        initial={
            "name": found.name,
            "kind": found.kind,
            "level": found.level,
            "department": found.department_id,
            "location": found.location,
            "measures": found.measures,
        },
    )
    return arrange(
        request,
        [
            Action(
                "area-assign",
                _("Assign a person"),
                reverse("area_assign", args=[pk]),
                forms.AssignForm(candidates=candidates),
                rules=RULES,
                faults={"AREA-LIST": "person", "ROLE-SEPARATION": "person"},
            ),
            Action(
                "area-keeper",
                _("Change the keeper"),
                reverse("area_keeper", args=[pk]),
                forms.KeeperForm(candidates=candidates),
                rules=RULES,
                faults={"AREA-LIST": "keeper", "ROLE-SEPARATION": "keeper"},
                intro=_("The keeper hands the key over to the new keeper; this is recorded."),
            ),
            Action(
                "area-edit",
                _("Change the area"),
                reverse("area_edit", args=[pk]),
                edit,
                rules=RULES,
                faults={"AREA-LIST": "level"},
                style="secondary",
            ),
            Action(
                "area-deactivate",
                _("Take out of use"),
                reverse("area_deactivate", args=[pk]),
                forms.DeactivateForm(),
                rules=RULES,
                style="danger",
                intro=_("The people assigned to it are no longer assigned from today."),
            ),
        ],
    )


@page("home")
def area(request: HttpRequest, area_id: int) -> HttpResponse:
    """One area: its particulars, keeper, protective measures and people assigned, for the
    office (with its actions) and for its keeper and the people assigned to it."""
    actor = request.user
    found = queries.area(actor, area_id)
    office = keeps_areas(actor)
    return render(
        request,
        "areas/areas/area.html",
        {
            "area": found,
            "office": office,
            "assignments": list(queries.assignments(actor, area_id)),
            "ended": list(queries.assignments(actor, area_id, ended=True)[:50]) if office else [],
            "actions": _actions(request, found),
            "end_form": forms.EndForm(auto_id=False),
            "section": "areas",
        },
    )


@require_POST
@page("areas")
def area_edit(request: HttpRequest, area_id: int) -> HttpResponse:
    data = cleaned(forms.AreaForm(request.POST, actor=request.user))
    changed = ops.edit_area(
        actor=request.user,
        area_id=area_id,
        name=data["name"],
        kind=data["kind"],
        level=data["level"],
        department_id=data["department"],
        location=data["location"],
        measures=data["measures"],
    )
    return done(
        request,
        _("Secure area changed: %(name)s.") % {"name": changed.name},
        reverse("area", args=[area_id]),
    )


@require_POST
@page("areas")
def area_keeper(request: HttpRequest, area_id: int) -> HttpResponse:
    candidates = queries.candidates(request.user)
    data = cleaned(forms.KeeperForm(request.POST, candidates=candidates))
    changed = ops.change_keeper(
        actor=request.user, area_id=area_id, keeper_id=data["keeper"], note=data["note"]
    )
    return done(
        request,
        _("%(name)s now keeps %(area)s.") % {"name": changed.keeper.name, "area": changed.name},
        reverse("area", args=[area_id]),
    )


@require_POST
@page("areas")
def area_assign(request: HttpRequest, area_id: int) -> HttpResponse:
    candidates = queries.candidates(request.user)
    data = cleaned(forms.AssignForm(request.POST, candidates=candidates))
    made = ops.assign(
        actor=request.user, area_id=area_id, person_id=data["person"], since=data["since"]
    )
    return done(
        request,
        _("%(name)s is assigned to %(area)s.") % {"name": made.person.name, "area": made.area.name},
        reverse("area", args=[area_id]),
    )


@require_POST
@page("areas")
def area_assignment_end(request: HttpRequest, assignment_id: int) -> HttpResponse:
    data = cleaned(forms.EndForm(request.POST))
    ended = ops.end_assignment(actor=request.user, assignment_id=assignment_id, until=data["until"])
    return done(
        request,
        _("%(name)s is no longer assigned to %(area)s.")
        % {"name": ended.person.name, "area": ended.area.name},
        reverse("area", args=[ended.area_id]),
    )


@require_POST
@page("areas")
def area_deactivate(request: HttpRequest, area_id: int) -> HttpResponse:
    data = cleaned(forms.DeactivateForm(request.POST))
    changed = ops.deactivate_area(actor=request.user, area_id=area_id, reason=data["reason"])
    return done(
        request,
        _("Secure area taken out of use: %(name)s.") % {"name": changed.name},
        reverse("area", args=[area_id]),
    )


# The home panel, search and the register entry ------------------------------------------------


def my_areas(actor: Any, **about: Any) -> dict[str, Any] | None:
    """HOME: the areas in use the person keeps or is assigned to; nothing when none."""
    found = queries.mine(actor)
    return {"areas": found} if found else None


def search(actor: Any, text: str, limit: int) -> list[Hit]:
    """Secure areas by name, among those the person may know (AREAS)."""
    found = (
        queries.known_areas(actor)
        .filter(matches("name", text))
        .annotate(closeness=closeness("name", text))
        .order_by("closeness", "name", "pk")[:limit]
    )
    return [
        Hit(
            f"{a.name} · {a.department.name}",
            reverse("area", args=[a.pk]),
            level=a.level,
            kind=_("Secure area"),
            closeness=a.closeness,
        )
        for a in found
    ]


def register_seams() -> None:
    """Navigation, the home panel, the register entry, search and holdings of this part
    (``AreasConfig.ready``)."""
    from baomi.access.roles import Permission
    from baomi.areas.queries.areas import held_keys
    from baomi.org import holdings
    from baomi.seams.navigation import NAVIGATION, NavItem
    from baomi.seams.panels import HOME, PANELS, Panel
    from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry
    from baomi.seams.search import SEARCH_PROVIDERS, SearchProvider

    # 要害部位: the security office's entry, beside its people's files (82); its tabs
    # (areas/_tabs.html) are the list and, from AREA-ACCESS, the visitors and the access log.
    NAVIGATION.register(
        NavItem("areas", gettext_lazy("Secure areas"), (Permission.MANAGE_AREAS,), order=84)
    )
    PANELS.register(
        Panel("areas.mine", "areas/areas/panel_mine.html", my_areas, place=HOME, order=30)
    )
    REGISTER_ENTRIES.register(
        RegisterEntry(
            key="areas",
            title=queries.REGISTER_TITLE,
            url=lambda: reverse("areas"),
            rules=RULES,
            shown=keeps_areas,
            kind="ledger",
            exports=lambda: [(f, f"{reverse('areas')}?format={f}") for f in EXPORTERS],
            order=850,
        )
    )
    SEARCH_PROVIDERS.register(
        SearchProvider("areas", gettext_lazy("Secure areas"), search, order=60)
    )
    # HANDOVER: the keeper of an area in use holds its key.
    holdings.register(held_keys)
