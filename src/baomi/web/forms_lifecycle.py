"""Forms for using copies (RULES.md §5), the end of their life (§6) and classification work
(§1): reproduction, loans, taking out, meetings, the fax register; recall, archives,
destruction, hand-over, loss, inventory; the catalogue, the review and reclassification.
They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import (
    ArchiveVolume,
    ChangeKind,
    DestructionMethod,
    Document,
    FaxChannel,
    FaxDirection,
    HandoverReason,
)
from baomi.core.levels import Level
from baomi.kit.forms import Form
from baomi.org.web.choices import department_choices, people_choices
from baomi.web.forms_carriers import IdsField

REPRODUCTION_METHODS = [
    ("photocopy", _("Photocopy (复印)")),
    ("reprint", _("Reprint (翻印)")),
    ("excerpt", _("Excerpt (摘抄)")),
]
RECLASSIFICATIONS = [
    (ChangeKind.DOWNGRADE, ChangeKind.DOWNGRADE.label),
    (ChangeKind.DECLASSIFY, ChangeKind.DECLASSIFY.label),
    (ChangeKind.CHANGE_TERM, ChangeKind.CHANGE_TERM.label),
]


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, required: bool = True, rows: int = 0, max_length: int = 300) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


class PersonField(forms.TypedChoiceField):
    """A person of the organisation, offered by ``PeopleForm``."""


def _person(label: Any, *, required: bool = True) -> PersonField:
    return PersonField(label=label, coerce=int, required=required, empty_value=None)


def document_choices(documents: Any) -> list[tuple[int, str]]:
    return [(d.pk, f"{d.number} {d.title}") for d in documents]


class PeopleForm(Form):
    """A form whose person fields offer the active people of the actor's organisation."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_choices(actor)
        for field in self.fields.values():
            if isinstance(field, PersonField):
                field.choices = people if field.required else [("", "—"), *people]


# Using copies (RULES.md §5) -------------------------------------------------------------------


class ReproductionRequestForm(Form):
    count = forms.IntegerField(label=_("Copies to make"), min_value=1, max_value=99, initial=1)
    method = forms.ChoiceField(label=_("Method"), choices=REPRODUCTION_METHODS)
    reason = _text(_("Reason"), required=False, rows=2, max_length=1000)


class ReproduceForm(PeopleForm):
    count = forms.IntegerField(label=_("Copies made"), min_value=1, max_value=99, initial=1)
    method = forms.ChoiceField(label=_("Method"), choices=REPRODUCTION_METHODS)
    made_by = _person(_("Made by"))


class LoanForm(PeopleForm):
    """A loan asked for or made (LOAN-APPROVE, LOAN-DUE)."""

    borrower = _person(_("Borrower"))
    due_date = forms.DateField(label=_("Due back on"), widget=_date())
    purpose = _text(_("Purpose"))


class TakeOutRequestForm(Form):
    """Taking a copy out of the office oneself (CARRY-APPROVE, CARRY-ABROAD)."""

    destination = _text(_("Destination"), max_length=200)
    due_date = forms.DateField(label=_("Back on"), widget=_date())
    purpose = _text(_("Purpose"))
    abroad = forms.BooleanField(label=_("Abroad or a foreign-affairs event"), required=False)


class TakeOutForm(PeopleForm, TakeOutRequestForm):
    person = _person(_("Taken out by"))


class MeetingForm(PeopleForm):
    """A copy taken to an outside meeting, back the same day (CIRC-MEETING-RETURN)."""

    person = _person(_("Taken by"))
    meeting = _text(_("Meeting"), max_length=200)
    meeting_date = forms.DateField(label=_("Date of the meeting"), widget=_date())


class FaxForm(PeopleForm):
    """One line of the fax register (FAX-REGISTER, FAX-NO-PUBLIC)."""

    direction = forms.ChoiceField(label=_("Direction"), choices=FaxDirection.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=FaxChannel.choices)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=Level.choices)
    document = forms.TypedChoiceField(
        label=_("Registered document"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A classified fax names its registered document, whose level it carries."),
    )
    counterparty = _text(_("Sent to / received from"), max_length=200)
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=9999, initial=1)
    recipient = _person(_("Given to (received faxes)"), required=False)

    def __init__(self, *args: Any, actor: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["document"].choices = [("", "—"), *document_choices(documents)]


# The end of a copy's life (RULES.md §6) --------------------------------------------------------


class CopiesForm(Form):
    copies = IdsField(label=_("Copies"))


class RecallForm(CopiesForm):
    note = _text(_("Note"), required=False)


class VolumeForm(Form):
    number = _text(_("Volume number"), max_length=60)
    title = _text(_("Title"), max_length=200)
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
    purpose = _text(_("Purpose"))
    applicant = _person(_("Applicant"), required=False)
    outside_unit = _text(_("Or: outside unit"), required=False, max_length=200)
    outside_reader = _text(_("Outside reader"), required=False, max_length=100)
    introduction_letter = _text(_("Introduction letter"), required=False, max_length=200)

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
    description = _text(_("What was excerpted"))
    checked_by = _person(_("Checked and stamped by"))

    def __init__(self, *args: Any, actor: Any, documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["document"].widget.choices = document_choices(documents)


class DestructionRequestForm(CopiesForm):
    reason = _text(_("Reason"), rows=2)


class DestroyForm(PeopleForm, CopiesForm):
    """销毁 (DESTROY-PLACE, DESTROY-WITNESS): the method, the place, who destroys and who
    supervises."""

    method = forms.ChoiceField(label=_("Method"), choices=DestructionMethod.choices)
    place = _text(_("Designated place"), max_length=200)
    operator = _person(_("Destroyed by"))
    witnesses = IdsField(
        label=_("Supervised by"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("At least two people other than the one who destroys (DESTROY-WITNESS)."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["witnesses"].choices = people_choices(actor)


class HandoverForm(PeopleForm, CopiesForm):
    """移交 (HANDOVER): the reason, the successor, and every copy to hand over."""

    reason = forms.ChoiceField(label=_("Reason"), choices=HandoverReason.choices)
    to_person = _person(_("Successor"))


class LossForm(Form):
    """A missing or leaked copy, reported at once (LOSS-REPORT)."""

    discovered_at = forms.DateTimeField(
        label=_("Discovered at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    circumstances = _text(_("Circumstances"), rows=3, max_length=5000)
    leak = forms.BooleanField(label=_("Leaked (not only lost)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discovered_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class LossProgressForm(Form):
    """How a loss is handled (LOSS-REPORT): written report, remedies, findings, conclusion."""

    written = forms.BooleanField(label=_("Written report filed"), required=False)
    remedies = _text(_("Remedies taken"), required=False, rows=2, max_length=5000)
    findings = _text(_("Findings"), required=False, rows=2, max_length=5000)
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
    document_number = _text(_("Document number"), required=False, max_length=100)
    copy_number = forms.IntegerField(label=_("Copy number"), required=False, min_value=1)
    found_with = _person(_("Found with"), required=False)
    note = _text(_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("copy") and not (data.get("document_number") and data.get("copy_number")):
            raise forms.ValidationError(_("Give the document number and the copy number."))
        return data


# Classification (RULES.md §1) ------------------------------------------------------------------


class CatalogueForm(Form):
    """A matter of the catalogue of what is secret (CLS-CATALOG, CLS-TERM)."""

    matter = _text(_("Matter"), max_length=200)
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, choices=[c for c in Level.choices if c[0] > Level.INTERNAL]
    )
    term_years = forms.IntegerField(label=_("Protection term (years)"), min_value=1, max_value=99)
    examples = _text(_("Examples"), required=False, rows=2, max_length=2000)


class ReviewForm(Form):
    reason = _text(_("Reason"), required=False)


class ReclassifyForm(Form):
    """A downgrade, declassification or change of term (CLS-TERM)."""

    kind = forms.ChoiceField(label=_("Change"), choices=RECLASSIFICATIONS)
    to_level = forms.TypedChoiceField(
        label=_("New level"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *(c for c in Level.choices if c[0] >= Level.INTERNAL)],
    )
    to_term = forms.IntegerField(
        label=_("New protection term (years)"), required=False, min_value=1, max_value=99
    )
    reason = _text(_("Reason"), required=False)
