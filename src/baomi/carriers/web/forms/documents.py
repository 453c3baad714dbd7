"""Forms of the documents' pages: the list's filter and registering a document (CLS-MARK).
They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.web.forms.common import named_people_field, scope_departments_field, scope_ids
from baomi.core.levels import Level
from baomi.kit.forms import Form, level_choices
from baomi.org.web.choices import department_choices, people_choices


class DocumentFilterForm(Form):
    q = forms.CharField(
        label=_("Number or title"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Number or title")}),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *Level.choices],
    )


class DocumentForm(Form):
    """Register a document (CLS-MARK: level, term and scope from the start)."""

    number = forms.CharField(label=_("Document number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    term_years = forms.IntegerField(
        label=_("Protection term (years)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Required from Confidential up; at most the rulebook's maximum (CLS-TERM)."),
    )
    issuer = forms.CharField(label=_("Issuing body"), max_length=200, required=False)
    issued_by = forms.TypedChoiceField(
        label=_("Issued by (person)"), required=False, coerce=int, empty_value=None
    )
    named_people = named_people_field()
    departments = scope_departments_field()

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices(actor)
        people = people_choices(actor)
        self.fields["issued_by"].choices = [("", "—"), *people]
        self.fields["named_people"].choices = people
        self.fields["departments"].choices = department_choices(actor)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "level": data["level"],
            "term_years": data["term_years"],
            "issuer": data["issuer"],
            "issued_by_id": data["issued_by"],
            **scope_ids(data),
        }
