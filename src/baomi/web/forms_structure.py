"""Forms of the system administrator's organisation maintenance (MANAGE_ORGANISATION)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form
from baomi.org import queries as org
from baomi.org.web.choices import department_choices, people_choices


class DepartmentForm(Form):
    name = forms.CharField(label=_("Name of the department"), max_length=200)
    parent = forms.TypedChoiceField(
        label=_("Parent department"), required=False, coerce=int, empty_value=None
    )
    is_general_office = forms.BooleanField(label=_("General office"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "—"), *department_choices(actor)]


class PersonForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    staff_number = forms.CharField(label=_("Staff number"), max_length=40)
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    rank = forms.TypedChoiceField(label=_("Rank"), coerce=int)
    on_probation = forms.BooleanField(label=_("On probation"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices(actor)
        self.fields["rank"].choices = [(str(r.pk), r.name) for r in org.ranks(actor)]


class LeadersForm(Form):
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    head = forms.TypedChoiceField(
        label=_("Department head"), required=False, coerce=int, empty_value=None
    )
    leader_in_charge = forms.TypedChoiceField(
        label=_("Leader in charge"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices(actor)
        choices = [("", "—"), *people_choices(actor)]
        self.fields["head"].choices = self.fields["leader_in_charge"].choices = choices


class HeadForm(Form):
    person = forms.TypedChoiceField(label=_("Head of the organisation"), coerce=int)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(actor)


class ImportPeopleForm(Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_(
            "Columns 姓名, 工号, 部门, 职级 and optionally 试用期 (or name, staff_number, "
            "department, rank, on_probation), one person a row."
        ),
    )
