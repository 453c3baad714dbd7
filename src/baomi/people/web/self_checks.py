"""The monthly self-check filed from the home page in one click (PPL-SELFCHECK): each item's
answer (``answer-<key>``: yes or no) and note (``note-<key>``), and the ``month`` it is of
(this month by default; a missed month filed late from the "my file" page); the security
office's own checklist (``self_check_checklist``)."""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.core.errors import InvalidInput
from baomi.kit.forms import Form
from baomi.kit.pages import cleaned, done, next_page, page
from baomi.people.operations.self_checks import file_self_check, set_checklist
from baomi.people.queries.self_checks import checklist, own_checklist

ANSWERS = {"yes": True, "no": False}


@require_POST
@page("home")
def self_check_file(request: HttpRequest) -> HttpResponse:
    """File this month's self-check; an item left unanswered is refused naming the answers."""
    answers = {}
    for name, value in request.POST.items():
        if name.startswith("answer-"):
            key = name.removeprefix("answer-")
            answers[key] = {
                "yes": ANSWERS.get(value, value),
                "note": request.POST.get(f"note-{key}", ""),
            }
    month = None
    if request.POST.get("month"):
        try:
            month = datetime.date.fromisoformat(request.POST["month"][:10])
        except ValueError:
            raise InvalidInput(_("Give the month as a date."), field="month") from None
    file_self_check(actor=request.user, answers=answers, month=month)
    return done(request, _("Self-check filed."), next_page(request, reverse("home")))


class ChecklistForm(Form):
    """The organisation's checklist, one item a line: ``key | rule | text``."""

    items = forms.CharField(
        label=gettext_lazy("Items, one a line: key | rule | text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
    )

    def parsed(self) -> list[dict[str, str]]:
        found = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            key, _bar, rest = line.partition("|")
            rule, _bar, text = rest.partition("|")
            found.append({"key": key.strip(), "rule": rule.strip(), "text": text.strip()})
        return found


@page("people_files")
def self_check_checklist(request: HttpRequest) -> HttpResponse:
    """The security office's own self-check checklist (PPL-SELFCHECK): shown, and replaced
    from the form."""
    organisation_id = request.user.person.organisation_id
    if request.method == "POST":
        data = ChecklistForm(request.POST)
        cleaned(data)
        set_checklist(actor=request.user, items=data.parsed())
        return done(request, _("Checklist saved."), reverse("self_check_checklist"))
    items = checklist(organisation_id)
    lines = "\n".join(f"{i.key} | {i.rule} | {i.text}" for i in items)
    return render(
        request,
        "people/self_checks/checklist.html",
        {
            "items": items,
            "own": own_checklist(organisation_id),
            "form": ChecklistForm(initial={"items": lines}),
        },
    )
