"""The filter form of a register page (GET): a period, a level, a department and, where the
register has one, a state. Every filter is checked again by the register's query."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Level
from baomi.core.registers import Filters, Register
from baomi.kit.forms import Form, date_input
from baomi.org.web.choices import department_choices


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=date_input(),
    )


class RegisterFilterForm(Form):
    date_from = _date(gettext_lazy("From"))
    date_to = _date(gettext_lazy("Until"))
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("All levels")), *Level.choices],
    )
    department = forms.TypedChoiceField(
        label=gettext_lazy("Department"), required=False, coerce=int, empty_value=None
    )
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, *args: Any, actor: Any, register: Register, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        department.choices = [("", _("All departments")), *department_choices(actor)]
        department.help_text = _("By %(basis)s, sub-departments included.") % {
            "basis": register.department_help
        }
        if register.states:
            self.fields["state"].choices = [("", _("Any state")), *register.states]
        else:
            del self.fields["state"]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            level=data["level"],
            department_id=data["department"],
            state=data.get("state") or "",
        )
