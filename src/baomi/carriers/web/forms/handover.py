"""The form of a hand-over when a person leaves or changes post (RULES.md §6, HANDOVER). It
only shapes input; every rule is checked by the operation it feeds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import HandoverReason
from baomi.carriers.web.forms.common import CopiesForm, PeopleForm, person_field


class HandoverForm(PeopleForm, CopiesForm):
    """移交 (HANDOVER): the reason, the successor, and every copy to hand over."""

    reason = forms.ChoiceField(label=_("Reason"), choices=HandoverReason.choices)
    to_person = person_field(_("Successor"))
