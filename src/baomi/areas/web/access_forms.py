"""The forms of the access log (要害部位出入登记, AREA-ACCESS). They only shape input; who
needs permission, the approval, the keeper's grant and the escort are the operation's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.areas.web.visitors_forms import moment_input
from baomi.core.levels import Level
from baomi.kit.forms import Candidate, Form, date_input, offer

ASKED = "approval"
ON_THE_SPOT = "on_the_spot"
PERMISSIONS = [
    (ASKED, _("Approval asked ahead")),
    (ON_THE_SPOT, _("Granted on the spot by the keeper")),
]


def area_choices(areas: Any, empty: Any = "—") -> list[tuple[Any, Any]]:
    return [("", empty)] + [(a.pk, f"{a.name} · {Level(a.level).label}") for a in areas]


def _people(people: Any) -> list[tuple[Any, Any]]:
    return [("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in people]


def _visitors(visitors: Any) -> list[tuple[Any, Any]]:
    return [("", "—")] + [(v.pk, f"{v.name}（{v.unit}）") for v in visitors]


class EntryForm(Form):
    """Log an entry: the area, who (a person or a visitor on the premises), why, the escort
    and the permission it is made under."""

    area = forms.TypedChoiceField(label=_("Area"), coerce=int)
    person = forms.TypedChoiceField(
        label=_("Person of the organisation"), coerce=int, required=False, empty_value=None
    )
    visitor = forms.TypedChoiceField(
        label=_("Or a visitor on the premises"), coerce=int, required=False, empty_value=None
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    escort = forms.TypedChoiceField(label=_("Escort"), coerce=int, required=False, empty_value=None)
    permission = forms.ChoiceField(label=_("Permission"), choices=PERMISSIONS)
    entered_at = forms.DateTimeField(
        label=_("In at (now if empty)"), required=False, widget=moment_input()
    )

    def __init__(
        self,
        *args: Any,
        areas: Any = (),
        people: Any = (),
        visitors: Any = (),
        escorts: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(areas)
        self.fields["person"].choices = _people(people)
        self.fields["visitor"].choices = _visitors(visitors)
        self.fields["escort"].choices = _people(escorts)
        offer(self, "escort", [Candidate(p) for p in escorts])


class RequestForm(Form):
    """Ask ahead for an entry: the area, who, the day and why."""

    area = forms.TypedChoiceField(label=_("Area"), coerce=int)
    person = forms.TypedChoiceField(
        label=_("Person of the organisation"), coerce=int, required=False, empty_value=None
    )
    visitor = forms.TypedChoiceField(
        label=_("Or a visitor on the premises"), coerce=int, required=False, empty_value=None
    )
    day = forms.DateField(label=_("Day"), widget=date_input())
    purpose = forms.CharField(label=_("Purpose"), max_length=300)

    def __init__(
        self, *args: Any, areas: Any = (), people: Any = (), visitors: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(areas)
        self.fields["person"].choices = _people(people)
        self.fields["visitor"].choices = _visitors(visitors)


class ExitForm(Form):
    left_at = forms.DateTimeField(
        label=_("Out at (now if empty)"), required=False, widget=moment_input()
    )


class EntryFilterForm(Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int, required=False, empty_value=None)
    since = forms.DateField(label=_("From"), required=False, widget=date_input())
    until = forms.DateField(label=_("To"), required=False, widget=date_input())
    open = forms.BooleanField(label=_("Only those still inside"), required=False)

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(areas, _("All areas"))
