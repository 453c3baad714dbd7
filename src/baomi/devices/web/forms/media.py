"""The forms of the uses of media and of the security office's alerts: a use of a medium on
a computer (MEDIA-REGISTERED), sanitising a medium with approval (MEDIA-TAINT) and resolving an
alert. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from baomi.devices.web.forms.common import text
from baomi.kit.forms import Form


class SanitisationRequestForm(Form):
    """Ask the office director to approve sanitising a medium (MEDIA-TAINT)."""

    reason = text(gettext_lazy("Reason for sanitising"), required=True, max_length=1000, rows=2)


class SanitiseForm(Form):
    """Record the sanitising done under a granted approval (MEDIA-TAINT)."""

    method = text(
        gettext_lazy("Method (e.g. degaussing, overwriting)"), required=True, max_length=300, rows=2
    )


class MediaUseForm(Form):
    medium = text(gettext_lazy("Medium (asset number or serial)"), required=True, max_length=100)
    purpose = text(gettext_lazy("Purpose"), required=True)
    to_take_home = forms.BooleanField(
        label=gettext_lazy("To be taken home or out of the office"), required=False
    )


class ResolveForm(Form):
    resolution = text(gettext_lazy("Resolution"), required=True, max_length=300)
