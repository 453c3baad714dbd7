"""The filters of the scan reports' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level
from baomi.kit.forms import Form
from baomi.org.web.choices import department_choices


class ScanRecordFilterForm(Form):
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *department_choices(actor)]


class FindingFilterForm(Form):
    level = forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *Level.choices[Level.INTERNAL :]],
    )
