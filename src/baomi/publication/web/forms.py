"""The forms of the secrecy review (PUB-REVIEW) and of foreign press and visits
(PRESS-FOREIGN). They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Candidate, Form, IdsField, date_input, offer
from baomi.publication.models import ForeignKind, ForeignState, Kind, SubmissionState, Verdict
from baomi.publication.operations._files import ACCEPT, MAX_NAME

TEXT = 4000


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("File (Word .docx, Excel .xlsx, PDF or text)"),
        max_length=MAX_NAME,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class SubmitForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    outlet = forms.CharField(label=_("Outlet or recipient"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)
    file = _file_field()


class VersionForm(Form):
    file = _file_field()


class VerifyForm(Form):
    file = forms.FileField(label=_("File to check"), max_length=MAX_NAME)


class FilterForm(Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", "—"), *SubmissionState.choices], required=False
    )


class ReviewForm(Form):
    """The review of one version: the verdict, findings and changes, and for each scanner
    finding a field saying why it is not a secret (needed to clear the version)."""

    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    findings_text = forms.CharField(
        label=_("Findings of the review"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    changes_required = forms.CharField(
        label=_("Changes required"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, findings: list[dict[str, Any]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.finding_count = len(findings or [])
        for n, finding in enumerate(findings or []):
            self.fields[f"justification_{n}"] = forms.CharField(
                label=_("Why “%(match)s” (%(location)s) is not a secret")
                % {"match": finding.get("match", ""), "location": finding.get("location", "")},
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def justifications(self) -> list[str]:
        data = self.cleaned_data
        texts = [data.get(f"justification_{n}", "") for n in range(self.finding_count)]
        return texts if any(texts) else []


class ForeignForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ForeignKind.choices)
    party = forms.CharField(label=_("Outlet or visiting party"), max_length=200)
    country = forms.CharField(label=_("Country or region"), max_length=100)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    starts = forms.DateField(label=_("Date"), widget=date_input(), initial=timezone.localdate)
    ends = forms.DateField(label=_("Until"), widget=date_input(), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    talking_points = forms.CharField(
        label=_("Agreed talking points"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scope = forms.CharField(
        label=_("Scope of the visit"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    route = forms.CharField(
        label=_("Route"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hosts = IdsField(label=_("People meeting them"), required=False)

    def __init__(self, *args: Any, people: Any = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        offer(self, "hosts", [Candidate(p) for p in people])


class HoldForm(Form):
    held_on = forms.DateField(label=_("Held on"), widget=date_input(), initial=timezone.localdate)
    outcome = forms.CharField(
        label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ForeignFilterForm(Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", "—"), *ForeignState.choices],
        required=False,
    )
