"""The filter of the audit log and the export of a period (JOURNEYS §7)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.audit.models import Outcome
from baomi.audit.operations import CHAIN, XLSX
from baomi.kit.forms import Form, date_input


class AuditFilterForm(Form):
    """JOURNEYS §7: filter the audit log by person, item, action, date and outcome."""

    actor = forms.CharField(label=_("Person or username"), required=False, max_length=150)
    subject = forms.CharField(label=_("Item (type:id)"), required=False, max_length=140)
    action = forms.ChoiceField(label=_("Action"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All outcomes")), *Outcome.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=date_input())
    until = forms.DateField(label=_("To"), required=False, widget=date_input())

    def __init__(self, *args: Any, actions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *actions]


class ExportForm(Form):
    """A period of the log to export, as a workbook or as the chain that verifies offline."""

    since = forms.DateField(label=_("From"), widget=date_input())
    until = forms.DateField(label=_("To"), widget=date_input())
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(XLSX, _("Workbook (.xlsx)")), (CHAIN, _("Verifiable chain (.zip)"))],
    )
