"""The forms of the incidents (INC-RECORD). They only shape input; every rule (a serious
incident reported and investigated before it closes, the copies one may know) is checked by
the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level
from baomi.incidents.models import IncidentKind
from baomi.kit.forms import Candidate, Form, IdsField, offer

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMATS[0]),
        input_formats=MOMENT_FORMATS,
    )


class IncidentForm(Form):
    """Record an incident: what, when, where, who, which carriers, the remedies so far."""

    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    serious = forms.BooleanField(label=_("Serious: reported upward"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level of the incident's papers"),
        coerce=int,
        choices=[(v, label) for v, label in Level.choices if v >= Level.INTERNAL],
        initial=Level.CONFIDENTIAL,
    )
    title = forms.CharField(label=_("Incident"), max_length=200)
    account = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea)
    occurred_at = _moment(_("Occurred at"), required=False)
    discovered_at = _moment(_("Discovered at"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    responsible = IdsField(label=_("Responsible (责任人)"), required=False)
    involved = IdsField(label=_("Other people involved"), required=False)
    copies = IdsField(label=_("Carriers involved"), required=False)
    remedies = forms.CharField(
        label=_("Remedial steps taken"), max_length=4000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, people: Any = (), copies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = list(people)
        for name in ("responsible", "involved"):
            offer(self, name, [Candidate(p) for p in people])
        self.fields["copies"].choices = [
            (c.pk, f"{c.document.number} · 第{c.number:03d}份 · {c.document.title}") for c in copies
        ]


class RemediesForm(Form):
    remedies = forms.CharField(
        label=_("Remedial steps taken"), max_length=4000, widget=forms.Textarea
    )


class ReportForm(Form):
    reported_to = forms.CharField(
        label=_("Reported to"), max_length=200, initial="上级保密行政管理部门"
    )
    report_text = forms.CharField(label=_("Report"), max_length=4000, widget=forms.Textarea)


class InvestigationForm(Form):
    result = forms.CharField(
        label=_("Investigation result"), max_length=4000, widget=forms.Textarea
    )
    sanctions = forms.CharField(
        label=_("Sanctions"), max_length=4000, required=False, widget=forms.Textarea
    )


class ListFilterForm(Form):
    status = forms.ChoiceField(label=_("Show"), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, statuses: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]
