"""The forms of travel abroad (PPL-ABROAD). They only shape input; every rule (who may ask
for whom, the approval and the briefing before departure, the dates) is checked by the
operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, date_input
from baomi.people.models import TravelState


def _date(label: Any, *, today: bool = False, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate if today else None,
        widget=date_input(),
        required=required,
    )


class TravelRequestForm(Form):
    """Ask approval to travel abroad: for oneself, or (the office) for a person it picks."""

    person = forms.TypedChoiceField(label=_("Traveller"), coerce=int, required=False)
    destination = forms.CharField(label=_("Destination (country or region)"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    departs = _date(_("Departs"))
    returns = _date(_("Returns"))

    def __init__(self, *args: Any, travellers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if travellers is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", "—")] + [
                (p.pk, f"{p.name} · {p.department.name}") for p in travellers
            ]
            self.fields["person"].required = True


class BriefingForm(Form):
    briefed_on = _date(_("Briefed on"), today=True)
    briefing = forms.CharField(
        label=_("What the briefing covered"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DayForm(Form):
    """The day of a departure or a return, today unless changed."""

    day = _date(_("Day"), today=True)


class ReportForm(Form):
    report = forms.CharField(
        label=_("Return report"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class HandOutForm(Form):
    passport = forms.TypedChoiceField(label=_("Passport"), coerce=int)

    def __init__(self, *args: Any, passports: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passport"].choices = [(p.pk, f"{p.kind} {p.number}") for p in passports]


class PassportForm(Form):
    person = forms.TypedChoiceField(label=_("Holder"), coerce=int)
    number = forms.CharField(label=_("Passport number"), max_length=40)
    kind = forms.CharField(label=_("Kind"), max_length=40, required=False, initial="护照")
    expires = _date(_("Expires"), required=False)

    def __init__(self, *args: Any, people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "—")] + [
            (p.pk, f"{p.name} · {p.department.name}") for p in people
        ]


class FilterForm(Form):
    status = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All")), *list(TravelState.choices)]
    )
