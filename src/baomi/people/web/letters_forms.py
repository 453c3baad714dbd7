"""The forms of the responsibility letters (RESP-ANNUAL) and of the assessments (RESP-ASSESS).
They only shape input; every rule is the operation's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, IdField, date_input
from baomi.people.models import AssessmentPeriod, LetterKind, MeritKind
from baomi.people.operations.letters import TEXT_LENGTH, TITLE_LENGTH


class PrepareForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=9998)


class TemplateForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LetterKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 14})
    )


class PaperSignatureForm(Form):
    """The office records a signature given on paper: whose part, and the day."""

    part = forms.ChoiceField(label=_("Signer"), choices=())
    signed_on = forms.DateField(
        label=_("Signed on"), initial=timezone.localdate, widget=date_input()
    )

    def __init__(self, *args: Any, parts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = parts


class AssessmentForm(Form):
    """A department's scores for a month or a year: a field per item of the sheet."""

    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    period = forms.ChoiceField(label=_("Period"), choices=AssessmentPeriod.choices)
    starts = forms.DateField(
        label=_("A day of the period"), initial=timezone.localdate, widget=date_input()
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, departments: Any, sheet: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        self.items = list(sheet)
        for item in self.items:
            self.fields[f"score-{item.key}"] = forms.IntegerField(
                label=f"{item.text} ({item.points})",
                min_value=0,
                max_value=item.points,
                initial=item.points,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )

    def score_fields(self) -> list[Any]:
        return [self[f"score-{item.key}"] for item in self.items]

    def scores(self, data: dict[str, Any]) -> dict[str, int]:
        return {item.key: data[f"score-{item.key}"] for item in self.items}


class SheetForm(Form):
    """The organisation's score sheet, a line per item: key | text | points."""

    lines = forms.CharField(
        label=_("Items (one a line: key | text | points)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def items(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for line in data["lines"].splitlines():
            if not line.strip():
                continue
            key, _bar, rest = line.partition("|")
            text, _bar, points = rest.rpartition("|")
            points = points.strip()
            found.append(
                {
                    "key": key.strip(),
                    "text": text.strip(),
                    "points": int(points) if points.isdigit() and len(points) < 6 else -1,
                }
            )
        return found


class MeritForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeritKind.choices)
    person = IdField(label=_("Person"), required=False)
    department = forms.TypedChoiceField(
        label=_("Department"), coerce=int, required=False, empty_value=None
    )
    given_on = forms.DateField(label=_("Given on"), initial=timezone.localdate, widget=date_input())
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, people: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        self.fields["person"].widget = forms.Select(
            choices=[("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in people],
            attrs={"class": "form-select"},
        )
