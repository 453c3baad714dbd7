"""Forms of the outgoing workflow (发文, JOURNEYS §2): the draft, the review, the print
approval and the print run, the seal, the dispatch and the recipient's signature. They only
shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baomi.carriers import queries as carriers
from baomi.carriers.models import CarrierType, CatalogueEntry, DispatchMethod, Urgency
from baomi.carriers.web.forms.common import (
    IdsField,
    named_people_field,
    parse_copy_numbers,
    scope_departments_field,
    scope_ids,
)
from baomi.core.levels import Level
from baomi.kit.forms import Form, date_input, level_choices, styled
from baomi.org.web.choices import department_choices, people_choices

# The documents offered as sources of a derived draft (CLS-DERIVE): the newest ones known.
SOURCE_CHOICES = 200

# PRINT-WASTE: what becomes of the electronic master (the operation's MASTER_FATES).
MASTER_CHOICES = [("deleted", _("Deleted")), ("encrypted", _("Kept encrypted"))]


def years(n: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def catalogue_choices(entries: list[CatalogueEntry]) -> list[tuple[Any, str]]:
    """Each catalogue entry in use as "matter · level · term"."""
    return [
        (e.pk, f"{e.matter} · {Level(e.level).label} · {years(e.term_years)}")
        for e in entries
        if e.active
    ]


class CatalogueChoiceForm(Form):
    """The GET form that fills a draft's level and term from the catalogue (CLS-CATALOG)."""

    catalogue_entry = forms.TypedChoiceField(
        label=_("Catalogue entry"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, entries: list[CatalogueEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue_entry"].choices = [("", "—"), *catalogue_choices(entries)]


class DraftForm(Form):
    """拟稿 (DRAFT-FORM): title, to and cc, level and term (from the catalogue entry and the
    sources when left empty: CLS-CATALOG, CLS-DERIVE), public or not, subject words, the
    drafting department, and the scope."""

    title = forms.CharField(label=_("Title"), max_length=300)
    main_to = forms.CharField(label=_("To (主送)"), max_length=300)
    cc = forms.CharField(label=_("Cc (抄送)"), max_length=300, required=False)
    catalogue_entry = forms.TypedChoiceField(
        label=_("Catalogue entry"), coerce=int, required=False, empty_value=None
    )
    sources = IdsField(
        label=_("Derived from"),
        required=False,
        help_text=_(
            "An excerpt or compilation takes the highest level and longest term of "
            "its sources (CLS-DERIVE)."
        ),
    )
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, required=False, empty_value=None)
    term_years = forms.IntegerField(
        label=_("Protection term (years)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Empty: the catalogue entry's or the sources' (CLS-CATALOG, CLS-DERIVE)."),
    )
    basis = forms.CharField(label=_("Classification basis"), max_length=300, required=False)
    number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("Usually empty: the print approval fixes the number (PRINT-APPROVE)."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    addressee_only = forms.BooleanField(label=_("Addressee only (亲收)"), required=False)
    carrier_type = forms.ChoiceField(label=_("Carrier type"), choices=CarrierType.choices)
    is_public = forms.BooleanField(label=_("To be made public"), required=False)
    normative = forms.BooleanField(
        label=_("Normative document"),
        required=False,
        help_text=_("Reviewed by the general office as well (DRAFT-CHAIN)."),
    )
    subject_words = forms.CharField(label=_("Subject words"), max_length=200, required=False)
    drafting_department = forms.TypedChoiceField(
        label=_("Drafting department"), coerce=int, required=False, empty_value=None
    )
    named_people = named_people_field(
        _("Name the general office's clerk who prints, seals and dispatches it.")
    )
    departments = scope_departments_field()

    def __init__(
        self, *args: Any, actor: Any, entries: list[CatalogueEntry], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue_entry"].choices = [("", "—"), *catalogue_choices(entries)]
        self.fields["level"].choices = level_choices(actor, _("From the catalogue or sources"))
        self.fields["sources"].choices = [
            (d.pk, f"{d.number} {d.title}") for d in carriers.documents(actor)[:SOURCE_CHOICES]
        ]
        self.fields["drafting_department"].choices = [
            ("", _("My department")),
            *department_choices(actor),
        ]
        people = people_choices(actor)
        self.fields["named_people"].choices = people
        self.fields["departments"].choices = department_choices(actor)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "main_to": data["main_to"],
            "cc": data["cc"],
            "catalogue_entry_id": data["catalogue_entry"],
            "source_document_ids": data["sources"],
            "level": data["level"],
            "term_years": data["term_years"],
            "basis": data["basis"],
            "number": data["number"],
            "urgency": data["urgency"],
            "addressee_only": data["addressee_only"],
            "carrier_type": data["carrier_type"],
            "is_public": data["is_public"],
            "normative": data["normative"],
            "subject_words": data["subject_words"],
            "drafting_department_id": data["drafting_department"],
            **scope_ids(data),
        }


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Note to the approvers"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PrintRequestForm(ReasonForm):
    """What the print approval fixes (PRINT-APPROVE): number, copies, recall date and
    distribution; printing outside needs the head's approval as well (PRINT-PLACE)."""

    number = forms.CharField(label=_("Document number"), max_length=100)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=999)
    recall_date = forms.DateField(label=_("Recall date (清退时间)"), widget=date_input())
    distribution = forms.CharField(
        label=_("Distribution"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One recipient a line."),
    )
    outside = forms.BooleanField(label=_("Print outside the general office"), required=False)

    def clean_distribution(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["distribution"].splitlines() if line.strip()
        ]

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("number", "copies", "recall_date", "distribution", "outside", "reason")
        }


class PrintRunForm(Form):
    """印制 (PRINT-COUNT, PRINT-REGISTER, PRINT-PLACE, PRINT-WASTE)."""

    copies = forms.IntegerField(label=_("Copies printed"), min_value=1, max_value=999)
    printed_by = forms.TypedChoiceField(label=_("Printed by"), coerce=int)
    proofread_by = forms.TypedChoiceField(label=_("Proofread by"), coerce=int)
    workstation = forms.CharField(label=_("Classified computer"), max_length=100, required=False)
    waste_sheets = forms.IntegerField(
        label=_("Waste sheets destroyed"), min_value=0, max_value=999, initial=0
    )
    master = forms.ChoiceField(label=_("Electronic master"), choices=MASTER_CHOICES)
    outside = forms.BooleanField(label=_("Printed outside the general office"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_choices(actor)
        self.fields["printed_by"].choices = people
        self.fields["proofread_by"].choices = people

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "copies": data["copies"],
            "printed_by_id": data["printed_by"],
            "proofread_by_id": data["proofread_by"],
            "workstation": data["workstation"],
            "waste_sheets": data["waste_sheets"],
            "master": data["master"],
            "outside": data["outside"],
        }


class SealForm(Form):
    """盖印 (OUT-SEAL): the copy kept as the file copy; the last one by default."""

    file_copy_number = forms.IntegerField(label=_("File copy"), min_value=1, widget=forms.Select)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file_copy_number"].widget.choices = [(n, n) for n in numbers]
        if numbers:
            self.fields["file_copy_number"].initial = numbers[-1]


class CopyNumbersField(forms.CharField):
    """ "1, 3, 5-7" → [1, 3, 5, 6, 7]."""

    def clean(self, value: Any) -> list[int]:
        return parse_copy_numbers(super().clean(value) or "")


class DispatchForm(Form):
    """分送: one envelope per recipient of the approved distribution (OUT-CHECK), the copies
    kept, and how they travel (OUT-COURIER)."""

    kept = CopyNumbersField(label=_("Copies kept"), required=False, max_length=200)
    method = forms.ChoiceField(label=_("Carried by"), choices=DispatchMethod.choices)
    courier = forms.TypedChoiceField(
        label=_("Courier"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, actor: Any, recipients: list[str], free: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recipients = recipients
        for i, _recipient in enumerate(recipients):
            self.fields[f"copies_{i}"] = CopyNumbersField(
                label=_("Copies"),
                required=False,
                max_length=200,
                initial=str(free[i]) if i < len(free) else "",
            )
            self.fields[f"only_{i}"] = forms.BooleanField(
                label=_("Addressee only (亲收)"), required=False
            )
        self.fields["kept"].initial = ", ".join(str(n) for n in free[len(recipients) :])
        self.fields["courier"].choices = [("", "—"), *people_choices(actor)]
        styled(self)

    def envelope_rows(self) -> list[tuple[str, Any, Any]]:
        return [
            (recipient, self[f"copies_{i}"], self[f"only_{i}"])
            for i, recipient in enumerate(self.recipients)
        ]

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        envelopes = [
            {
                "recipient": recipient,
                "copy_numbers": data[f"copies_{i}"],
                "addressee_only": data[f"only_{i}"],
            }
            for i, recipient in enumerate(self.recipients)
            if data[f"copies_{i}"]
        ]
        return {
            "envelopes": envelopes,
            "kept_copy_numbers": data["kept"],
            "method": data["method"],
            "courier_id": data["courier"],
        }


class SignDispatchForm(Form):
    """签收 (OUT-SIGN): who signed for the envelope, their post, and whether they are the
    department head or their designee."""

    signed_by_name = forms.CharField(label=_("Signed for by"), max_length=100)
    signed_by_title = forms.CharField(label=_("Post"), max_length=100)
    head_or_designee = forms.BooleanField(label=_("Department head or designee"), required=False)
