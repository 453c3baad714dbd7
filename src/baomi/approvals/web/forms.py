"""The form of the approvals inbox: approve or reject, with a comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form


class DecideForm(Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)
