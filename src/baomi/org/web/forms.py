"""Forms of the organisation's pages: the chart the system administrator maintains
(MANAGE_ORGANISATION), people and clearances (PPL-CLASS), the security staff
(PPL-SECURITY-STAFF) and the working calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Clearance
from baomi.kit.forms import Form, date_input
from baomi.org import queries as org
from baomi.org.models import DayKind, StaffRole
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


class PeopleFilterForm(Form):
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(
        label=_("Name or staff number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or staff number")}),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *department_choices(actor)]


class ClearanceForm(Form):
    clearance = forms.TypedChoiceField(
        label=_("Clearance class"), coerce=int, choices=Clearance.choices
    )


class ProbationEndForm(Form):
    on = forms.DateField(label=_("Probation ended on"), widget=date_input())


class AppointForm(Form):
    """PPL-SECURITY-STAFF: a member of the committee or office, or a department's officer."""

    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)
    department = forms.TypedChoiceField(
        label=_("Department"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only for a department security officer."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(actor)
        self.fields["department"].choices = [("", "—"), *department_choices(actor)]


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class WorkingHoursForm(Form):
    """The working day and the worked weekdays (ISO: 1 Monday … 7 Sunday)."""

    day_start = _time_field(_("Working day starts"))
    day_end = _time_field(_("Working day ends"))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Working weekdays"),
        coerce=int,
        choices=[(iso, WEEKDAYS[iso - 1]) for iso in range(1, 8)],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class YearForm(Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2999)


class HolidayImportForm(Form):
    """A year's State Council notice on holidays (国务院办公厅关于…部分节假日安排的通知): its
    pasted text, or a spreadsheet of its dates."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2999,
        help_text=_("Leave empty to take the year the notice names."),
    )
    text = forms.CharField(
        label=_("Text of the notice"),
        required=False,
        max_length=20_000,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。"
                "1月4日（周日）上班。",
            }
        ),
        help_text=_("Paste the notice, or at least its lines 一、… 二、…"),
    )
    file = forms.FileField(
        label=_("Or a spreadsheet (.xlsx or .csv)"),
        required=False,
        help_text=_("Columns 日期, 类型 (放假 or 上班) and optionally 名称, one date a row."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool((data.get("text") or "").strip()) == bool(data.get("file")):
            raise forms.ValidationError(_("Paste the text of the notice or choose a file."))
        return data


class DayForm(Form):
    date = forms.DateField(label=_("Date"), widget=date_input())


class CalendarDayForm(DayForm):
    """A holiday (法定节假日) or an extra working day (调休上班) on one date."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(
        label=_("Name of the day"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. National Day")}),
    )
