"""Forms for classification work (RULES.md §1): the catalogue, the review and
reclassification. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import ChangeKind
from baomi.carriers.web.forms.common import text_field
from baomi.core.levels import Level
from baomi.kit.forms import Form

RECLASSIFICATIONS = [
    (ChangeKind.DOWNGRADE, ChangeKind.DOWNGRADE.label),
    (ChangeKind.DECLASSIFY, ChangeKind.DECLASSIFY.label),
    (ChangeKind.CHANGE_TERM, ChangeKind.CHANGE_TERM.label),
]


class CatalogueForm(Form):
    """A matter of the catalogue of what is secret (CLS-CATALOG, CLS-TERM)."""

    matter = text_field(_("Matter"), max_length=200)
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, choices=[c for c in Level.choices if c[0] > Level.INTERNAL]
    )
    term_years = forms.IntegerField(label=_("Protection term (years)"), min_value=1, max_value=99)
    examples = text_field(_("Examples"), required=False, rows=2, max_length=2000)


class ReviewForm(Form):
    reason = text_field(_("Reason"), required=False)


class ReclassifyForm(Form):
    """A downgrade, declassification or change of term (CLS-TERM)."""

    kind = forms.ChoiceField(label=_("Change"), choices=RECLASSIFICATIONS)
    to_level = forms.TypedChoiceField(
        label=_("New level"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *(c for c in Level.choices if c[0] >= Level.INTERNAL)],
    )
    to_term = forms.IntegerField(
        label=_("New protection term (years)"), required=False, min_value=1, max_value=99
    )
    reason = text_field(_("Reason"), required=False)
