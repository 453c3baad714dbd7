"""The forms of rectifications (INSP-RECTIFY). They only shape input; every rule (who may
mark done or verify, the owner in post, the due date's bounds) is checked by the operation
they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, date_input
from baomi.oversight.queries.rectifications import FILTERS


def _people(people: Any) -> list[tuple[Any, str]]:
    return [("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in people]


class FilterForm(Form):
    state = forms.ChoiceField(label=_("Show"), required=False, choices=list(FILTERS.items()))


class OpenForm(Form):
    """A task for a finding of a submitted inspection, or free-standing with a rule."""

    answer = forms.TypedChoiceField(label=_("Finding"), coerce=int, required=False)
    rule_id = forms.CharField(label=_("Rule (free-standing task)"), max_length=32, required=False)
    description = forms.CharField(
        label=_("What is to be put right (free-standing task)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.TypedChoiceField(label=_("Person responsible"), coerce=int)
    due = forms.DateField(label=_("Due"), widget=date_input())

    def __init__(self, *args: Any, findings: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [("", _("— free-standing —"))] + [
            (a.pk, f"{a.inspection} · {a.item.text}") for a in findings
        ]
        self.fields["owner"].choices = _people(people)


class ReassignForm(Form):
    owner = forms.TypedChoiceField(label=_("Person responsible"), coerce=int)
    due = forms.DateField(label=_("Due"), widget=date_input())

    def __init__(self, *args: Any, people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _people(people)


class DoneForm(Form):
    note = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(Form):
    accept = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Accepted: close the task")), ("no", _("Not accepted: reopen it"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (the reason when not accepted)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
