"""The forms of the visitors' register (外来人员, AREA-ACCESS). They only shape input; the
identity document's number and every rule are checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.areas.models import IdKind
from baomi.kit.forms import Candidate, Form, IdField, date_input, offer

MAX_UNIT_FILTER = 100


def moment_input() -> forms.DateTimeInput:
    """A date and time picker (``<input type="datetime-local">``)."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def host_choices(hosts: Any) -> list[tuple[Any, Any]]:
    return [("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in hosts]


class VisitorForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    id_kind = forms.ChoiceField(
        label=_("Identity document"), choices=IdKind.choices, initial=IdKind.ID_CARD
    )
    id_number = forms.CharField(label=_("Document number"), max_length=40)
    unit = forms.CharField(label=_("Unit"), max_length=200)
    foreign = forms.BooleanField(label=_("Foreign or from outside the mainland"), required=False)
    host = IdField(label=_("Host"))
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    arrived_at = forms.DateTimeField(
        label=_("Arrived at (now if empty)"), required=False, widget=moment_input()
    )

    def __init__(self, *args: Any, hosts: Any = (), **kwargs: Any) -> None:
        """``hosts``: whom the picker offers (a list with a filter box, ``kit.forms``); the
        field takes an id, the operation checks the host (a person in post of the
        organisation), so a posted form needs no list."""
        super().__init__(*args, **kwargs)
        offer(self, "host", [Candidate(p) for p in hosts])


class SignOutForm(Form):
    left_at = forms.DateTimeField(
        label=_("Left at (now if empty)"), required=False, widget=moment_input()
    )


class VisitorFilterForm(Form):
    since = forms.DateField(label=_("From"), required=False, widget=date_input())
    until = forms.DateField(label=_("To"), required=False, widget=date_input())
    unit = forms.CharField(label=_("Unit"), max_length=MAX_UNIT_FILTER, required=False)
    host = forms.TypedChoiceField(label=_("Host"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, hosts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [("", _("All hosts")), *host_choices(hosts)[1:]]
