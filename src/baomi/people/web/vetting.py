"""A person's vettings on their page in the organisation (PPL-VET): record one, passed or
failed, with each item of the checklist (``item-<key>`` ticked when it is in order,
``note-<key>``); and the panels of the security file — on a person's page for the office
(posts held, vettings, signed papers, clearance history, with the forms) and on one's own
file page (posts and signed papers, read only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.kit.forms import Form, NoControlCharacters, date_input
from baomi.kit.pages import cleaned, done, page
from baomi.org import queries as org
from baomi.people.models import VettingResult
from baomi.people.operations import vetting as operations
from baomi.people.operations.vetting import MAX_ITEM_NOTE, MAX_NOTE
from baomi.people.policies import keeps_files
from baomi.people.queries import papers as paper_queries
from baomi.people.queries import posts as post_queries
from baomi.people.queries import vetting as queries
from baomi.people.web import papers as paper_pages
from baomi.people.web import posts as post_pages


class VettingForm(Form):
    reviewer = forms.TypedChoiceField(label=gettext_lazy("Reviewed by"), coerce=int, choices=())
    reviewed_on = forms.DateField(label=gettext_lazy("Reviewed on"), widget=date_input())
    result = forms.ChoiceField(label=gettext_lazy("Result"), choices=VettingResult.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, actor: Any, person: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [
            (pk, f"{name} ({number})")
            for pk, name, number in org.people(actor).values_list("pk", "name", "staff_number")
            if person is None or pk != person.pk
        ]
        for key, text in queries.VETTING_ITEMS:
            self.fields[f"item-{key}"] = forms.BooleanField(
                label=text,
                required=False,
                initial=True,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"note-{key}"] = forms.CharField(
                label=_("Note: %(item)s") % {"item": text},
                max_length=MAX_ITEM_NOTE,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
                validators=[NoControlCharacters(multiline=False)],
            )

    def items(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {"ok": data[f"item-{key}"], "note": data[f"note-{key}"]}
            for key, _text in queries.VETTING_ITEMS
        }

    def item_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"item-{key}"], self[f"note-{key}"]) for key, _text in queries.VETTING_ITEMS]


@require_POST
@page("people")
def record_vetting(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a vetting of the person (PPL-VET)."""
    form = VettingForm(request.POST, actor=request.user)
    data = cleaned(form)
    vetting = operations.record_vetting(
        actor=request.user,
        person_id=person_id,
        reviewer_id=data["reviewer"],
        reviewed_on=data["reviewed_on"],
        result=data["result"],
        items=form.items(),
        note=data["note"],
    )
    return done(
        request,
        _("Vetting recorded: %(result)s on %(day)s.")
        % {"result": vetting.get_result_display(), "day": vetting.reviewed_on.isoformat()},
        reverse("person", args=[person_id]),
    )


def person_file(actor: Any, person: Any) -> dict[str, Any] | None:
    """The security file's panel on a person's page, for the office (the forms included)."""
    if not keeps_files(actor):
        return None
    vettings = list(queries.vettings_of(actor, person.pk))
    return {
        "subject": person,
        "holdings": post_queries.holdings_of(actor, person.pk),
        "vettings": [(v, queries.item_lines(v)) for v in vettings],
        "papers": paper_queries.papers_of(actor, person.pk),
        "history": queries.clearance_history(actor, person.pk),
        "missing": queries.missing(person),
        "own": getattr(actor, "person_id", None) == person.pk,
        "appoint_form": post_pages.appoint_form(actor),
        "end_form": post_pages.end_form(),
        "vetting_form": VettingForm(
            actor=actor,
            person=person,
            initial={"reviewed_on": timezone.localdate()},
            auto_id="vetting-%s",
        ),
        "paper_form": paper_pages.paper_form(),
    }


def my_file(actor: Any, **about: Any) -> dict[str, Any] | None:
    """One's own classified posts and signed papers (read only), on the "my file" page."""
    person = getattr(actor, "person", None)
    if person is None:
        return None
    holdings = list(post_queries.holdings_of(actor, person.pk))
    papers = list(paper_queries.papers_of(actor, person.pk))
    if not holdings and not papers:
        return None
    return {"holdings": holdings, "papers": papers}
