"""The form of the approvals inbox: approve or reject, with a comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, IdsField


class DecideForm(Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class ApproveManyForm(Form):
    """The requests ticked in the inbox ("approve selected"), with one comment for all."""

    request_ids = IdsField(label=_("Requests"))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)
