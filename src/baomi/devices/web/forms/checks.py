"""The forms of the physical checks of the equipment ledger: starting one for a department
or the organisation, and what was seen, one asset or a list. They only shape input; every rule
is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.devices.models import Status
from baomi.devices.web.forms.common import OrgForm, choice, id_choice, text
from baomi.kit.forms import Form


class CheckStartForm(OrgForm):
    department = id_choice(gettext_lazy("Department"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.fields["department"].choices[1:]
        self.fields["department"].choices = [("", _("The whole organisation")), *choices]


class ObserveForm(OrgForm):
    identifier = text(gettext_lazy("Asset number or serial"), required=True, max_length=100)
    custodian = id_choice(gettext_lazy("Found with"))
    location = text(gettext_lazy("Found at"))
    status = choice(gettext_lazy("Found in status"), Status.choices, empty="—")
    note = text(gettext_lazy("Note"))


class ObservationsForm(Form):
    identifiers = text(
        gettext_lazy("Asset numbers or serials, one a line"), max_length=20000, rows=6
    )
    file = forms.FileField(
        label=gettext_lazy("Or a file (.xlsx or .csv)"),
        required=False,
        help_text=gettext_lazy("A column 资产编号 or 序列号 (number or serial), one asset a row."),
    )
