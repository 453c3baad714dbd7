"""The forms of the deadlines page and of the one-click rectification. They only shape input;
the queries check that a department lies in the viewer's part, the operation every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, IdField
from baomi.seams.deadlines import DEADLINE_PROVIDERS, State

STATE_LABELS = {
    State.UPCOMING: _("Upcoming"),
    State.DUE: _("Due soon"),
    State.OVERDUE: _("Overdue"),
    State.DONE: _("Done"),
}
MOST_PAGES = 10_000


class PageForm(Form):
    page = forms.IntegerField(min_value=1, max_value=MOST_PAGES, required=False)


class FilterForm(PageForm):
    state = forms.ChoiceField(label=_("State"), required=False)
    rule_id = forms.ChoiceField(label=_("Rule"), required=False)
    department_id = forms.TypedChoiceField(label=_("Department"), coerce=int, required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)

    def __init__(
        self, *args: Any, departments: dict[int, str], titles: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Every state"))] + [
            (str(s), label) for s, label in STATE_LABELS.items()
        ]
        self.fields["rule_id"].choices = [("", _("Every rule"))] + [
            (p.key, f"{p.key} {titles[p.key]}") for p in sorted(DEADLINE_PROVIDERS, key=_key)
        ]
        self.fields["department_id"].choices = [
            ("", _("Every department")),
            *departments.items(),
        ]
        self.fields["department_id"].empty_value = None
        if not departments:
            del self.fields["department_id"]


def _key(provider: Any) -> str:
    return provider.key


class RectifyForm(Form):
    """One overdue deadline, named by its rule and subject (hidden fields of its row)."""

    rule_id = forms.CharField(max_length=32, widget=forms.HiddenInput)
    subject_type = forms.CharField(max_length=64, widget=forms.HiddenInput)
    subject_id = IdField(widget=forms.HiddenInput)
