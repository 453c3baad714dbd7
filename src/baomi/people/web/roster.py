"""The security office's people list (涉密人员): the organisation's people with their class,
posts, training hours of the year against the minimum (PPL-TRAINING), this month's self-check
(PPL-SELFCHECK), the 脱密期 (PPL-EXIT) and travel abroad (PPL-ABROAD), filtered, 50 a page
without counting the list; its exports are the register of cleared people (涉密人员名册,
``operations.roster.export_register``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from baomi.core.levels import Clearance
from baomi.kit.forms import Form
from baomi.kit.pages import attachment, cleaned, export_links, page
from baomi.org.web.choices import department_choices
from baomi.people.operations.roster import export_register
from baomi.people.queries import roster

PAGE_SIZE = 50
# How far into the list a page may start (the API's bound too).
MOST_OFFSET = 2**31


class RosterFilterForm(Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("Whom to list"),
        choices=[
            ("cleared", gettext_lazy("Cleared people in post")),
            ("all", gettext_lazy("Everyone")),
        ],
        required=False,
    )
    clearance = forms.TypedChoiceField(
        label=gettext_lazy("Class"),
        choices=[("", gettext_lazy("All classes")), *Clearance.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    department = forms.TypedChoiceField(
        label=gettext_lazy("Department"), coerce=int, required=False, empty_value=None
    )
    training_shortfall = forms.BooleanField(
        label=gettext_lazy("Training hours short this year"), required=False
    )
    self_check_missing = forms.BooleanField(
        label=gettext_lazy("Self-check not filed this month"), required=False
    )
    cooling_off = forms.BooleanField(
        label=gettext_lazy("In the cooling-off period"), required=False
    )
    abroad = forms.BooleanField(label=gettext_lazy("Abroad now"), required=False)
    offset = forms.IntegerField(
        min_value=0, max_value=MOST_OFFSET, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", gettext_lazy("All departments")),
            *department_choices(actor),
        ]

    def filters(self) -> roster.Filters:
        data = self.cleaned_data
        return roster.Filters(
            scope=data["scope"] or "cleared",
            clearance=data["clearance"],
            department_id=data["department"],
            training_shortfall=data["training_shortfall"],
            self_check_missing=data["self_check_missing"],
            cooling_off=data["cooling_off"],
            abroad=data["abroad"],
        )


def _at(request: HttpRequest, offset: int) -> str:
    """The list's filters with the page starting at ``offset``."""
    query = request.GET.copy()
    for name in ("offset", "format"):
        query.pop(name, None)
    query["offset"] = str(offset)
    return query.urlencode()


@page("people_files")
def people_files(request: HttpRequest) -> HttpResponse:
    """The list, filtered; ``?format=xlsx|pdf`` exports the register of the cleared people
    the filters select."""
    actor = request.user
    form = RosterFilterForm(request.GET or None, actor=actor)
    data = cleaned(form) if form.is_bound else None
    filters = form.filters() if data is not None else roster.Filters()
    if "format" in request.GET:
        exported = export_register(actor=actor, filters=filters, file_format=request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    offset = (data or {}).get("offset") or 0
    if offset > MOST_OFFSET:
        offset = 0
    rows, next_offset = roster.page(actor, filters, offset=offset, limit=PAGE_SIZE)
    organisation_id = actor.person.organisation_id
    return render(
        request,
        "people/roster/list.html",
        {
            "form": form,
            "rows": rows,
            "least": roster.min_hours(organisation_id),
            "year": timezone.localdate().year,
            "month": timezone.localdate().replace(day=1),
            "offset": offset,
            "previous": _at(request, max(offset - PAGE_SIZE, 0)) if offset else None,
            "next": _at(request, next_offset) if next_offset else None,
            "exports": export_links(request),
        },
    )
