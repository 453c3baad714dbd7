"""Forms of the incoming register and the routing slip (JOURNEYS §1). They only shape input;
every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import CarrierType, Urgency
from baomi.carriers.web.forms.common import (
    IdsField,
    named_people_field,
    parse_copy_numbers,
    scope_departments_field,
    scope_ids,
)
from baomi.kit.forms import Form, date_input, level_choices
from baomi.org.web.choices import department_choices, people_choices


def _date_time_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncomingForm(Form):
    """收文登记: what the envelope and the document say (CLS-MARK, IN-NUMBER, IN-URGENT)."""

    number = forms.CharField(label=_("Document number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    term_years = forms.IntegerField(
        label=_("Protection term (years)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Required from Confidential up; at most the rulebook's maximum (CLS-TERM)."),
    )
    copies = forms.IntegerField(label=_("Copies printed (m)"), min_value=1, max_value=999)
    copy_numbers = forms.CharField(
        label=_("Copy numbers received"),
        required=False,
        max_length=200,
        help_text=_("For example 2, 5-7; empty when every copy came."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    addressee_only = forms.BooleanField(label=_("Addressee only (亲收)"), required=False)
    carrier_type = forms.ChoiceField(label=_("Carrier type"), choices=CarrierType.choices)
    opened_at = forms.DateTimeField(
        label=_("Envelope opened at"),
        required=False,
        widget=_date_time_input(),
        help_text=_("Empty: now. Registration on a later day is flagged late (IN-SAMEDAY)."),
    )
    recall_date = forms.DateField(
        label=_("Recall date (清退时间)"),
        required=False,
        widget=date_input(),
    )
    central = forms.BooleanField(
        label=_("Document of the central party committee"),
        required=False,
        help_text=_("Handled as classified and kept apart (CLS-CENTRAL-DOCS)."),
    )
    subject_words = forms.CharField(label=_("Subject words"), max_length=200, required=False)
    named_people = named_people_field()
    departments = scope_departments_field()
    second_receipt = forms.BooleanField(
        label=_("Second receipt"),
        required=False,
        help_text=_(
            "Tick only when this document number from this issuer, already registered this "
            "year, really came again; otherwise the registration is refused (IN-NUMBER)."
        ),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices(actor)
        self.fields["named_people"].choices = people_choices(actor)
        self.fields["departments"].choices = department_choices(actor)

    def clean_copy_numbers(self) -> list[int]:
        return parse_copy_numbers(self.cleaned_data["copy_numbers"])

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "level": data["level"],
            "term_years": data["term_years"],
            "issuer": data["issuer"],
            "copies": data["copies"],
            "copy_numbers": data["copy_numbers"] or None,
            "urgency": data["urgency"],
            "addressee_only": data["addressee_only"],
            "carrier_type": data["carrier_type"],
            "opened_at": data["opened_at"],
            "recall_date": data["recall_date"],
            "central": data["central"],
            "subject_words": data["subject_words"],
            "second_receipt": data["second_receipt"],
            **scope_ids(data),
        }


class ImportIncomingForm(Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "Columns 收文编号, 收文日期, 文号, 标题, 密级 and optionally 年度, 来文单位, "
            "保密期限, 份数, 紧急程度, 清退时间, 再次收文 (or register_number, date_received, "
            "document_number, title, level, year, issuer, term, copies, urgency, recall_date, "
            "second_receipt), one received document a row; 再次收文 是 on a row that registers "
            "a document number from one issuer again in the year (IN-NUMBER)."
        ),
    )


class InstructForm(Form):
    """The director's instruction on a routing slip and the readers it names (IN-ROUTE)."""

    instruction = forms.CharField(
        label=_("Instruction"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. 请张局长、财务部阅")}),
    )
    readers = IdsField(label=_("Readers"))
