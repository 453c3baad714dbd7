"""Forms for the end of a copy's life (RULES.md §6): recall, archives and their consultation,
destruction, loss, inventory. They only shape input; every rule is checked by the operation
they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import ArchiveVolume, DestructionMethod, Document
from baomi.carriers.web.forms.common import (
    CopiesForm,
    IdsField,
    PeopleForm,
    document_choices,
    person_field,
    text_field,
)
from baomi.kit.forms import Form, IdField
from baomi.org.web.choices import department_choices, people_choices


class RecallForm(CopiesForm):
    note = text_field(_("Note"), required=False)


class VolumeForm(Form):
    number = text_field(_("Volume number"), max_length=60)
    title = text_field(_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    retention_years = forms.IntegerField(
        label=_("Retention (years)"), required=False, min_value=1, max_value=999
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ArchiveForm(CopiesForm):
    volume = forms.TypedChoiceField(label=_("Archive volume"), coerce=int)

    def __init__(self, *args: Any, volumes: list[ArchiveVolume], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volume"].choices = [(v.pk, f"{v.number} {v.title}") for v in volumes]


class AccessForm(PeopleForm):
    """查档登记 (ARCH-ACCESS): a person of the organisation, or an outside unit's reader with
    an introduction letter, and the documents they may read."""

    documents = IdsField(label=_("Documents to consult"))
    purpose = text_field(_("Purpose"))
    applicant = person_field(_("Applicant"), required=False)
    outside_unit = text_field(_("Or: outside unit"), required=False, max_length=200)
    outside_reader = text_field(_("Outside reader"), required=False, max_length=100)
    introduction_letter = text_field(_("Introduction letter"), required=False, max_length=200)

    def __init__(self, *args: Any, actor: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["documents"].choices = document_choices(documents)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "document_ids": data["documents"],
            "purpose": data["purpose"],
            "applicant_id": data["applicant"],
            "outside_unit": data["outside_unit"],
            "outside_reader": data["outside_reader"],
            "introduction_letter": data["introduction_letter"],
        }


class ExcerptForm(PeopleForm):
    """An excerpt checked and stamped before it leaves the archive room (ARCH-EXCERPT)."""

    document = forms.IntegerField(label=_("Document"), widget=forms.Select)
    description = text_field(_("What was excerpted"))
    checked_by = person_field(_("Checked and stamped by"))

    def __init__(self, *args: Any, actor: Any, documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["document"].widget.choices = document_choices(documents)


class DestructionRequestForm(CopiesForm):
    reason = text_field(_("Reason"), rows=2)


class DestroyForm(PeopleForm, CopiesForm):
    """销毁 (DESTROY-PLACE, DESTROY-WITNESS): the method, the place, who destroys and who
    supervises."""

    method = forms.ChoiceField(label=_("Method"), choices=DestructionMethod.choices)
    place = text_field(_("Designated place"), max_length=200)
    operator = person_field(_("Destroyed by"))
    witnesses = IdsField(
        label=_("Supervised by"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("At least two people other than the one who destroys (DESTROY-WITNESS)."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["witnesses"].choices = people_choices(actor)


class WitnessForm(Form):
    """A witness whose signature on the paper destruction list the clerk records
    (DESTROY-WITNESS)."""

    witness = IdField(label=_("Witness"))


class LossForm(Form):
    """A missing or leaked copy, reported at once (LOSS-REPORT)."""

    discovered_at = forms.DateTimeField(
        label=_("Discovered at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    circumstances = text_field(_("Circumstances"), rows=3, max_length=5000)
    leak = forms.BooleanField(label=_("Leaked (not only lost)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discovered_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class LossProgressForm(Form):
    """How a loss is handled (LOSS-REPORT): written report, remedies, findings, conclusion."""

    written = forms.BooleanField(label=_("Written report filed"), required=False)
    remedies = text_field(_("Remedies taken"), required=False, rows=2, max_length=5000)
    findings = text_field(_("Findings"), required=False, rows=2, max_length=5000)
    concluded = forms.BooleanField(label=_("Investigation concluded"), required=False)
    reported_upward = forms.BooleanField(label=_("Reported upward"), required=False)


class InventoryStartForm(Form):
    department = forms.TypedChoiceField(
        label=_("Department"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [
            ("", _("The whole organisation")),
            *department_choices(actor),
        ]


class CheckForm(PeopleForm):
    """A copy found in an inventory (INVENTORY): by its line's button, or by the document
    number and copy number written on it."""

    copy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    document_number = text_field(_("Document number"), required=False, max_length=100)
    copy_number = forms.IntegerField(label=_("Copy number"), required=False, min_value=1)
    found_with = person_field(_("Found with"), required=False)
    note = text_field(_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("copy") and not (data.get("document_number") and data.get("copy_number")):
            raise forms.ValidationError(_("Give the document number and the copy number."))
        return data
