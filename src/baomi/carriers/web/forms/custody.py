"""Forms for using copies (RULES.md §5): reproduction, loans, taking out, meetings, the fax
register. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import FaxChannel, FaxDirection
from baomi.carriers.web.forms.common import PeopleForm, document_choices, person_field, text_field
from baomi.core.levels import Level
from baomi.kit.forms import Form, date_input

REPRODUCTION_METHODS = [
    ("photocopy", _("Photocopy (复印)")),
    ("reprint", _("Reprint (翻印)")),
    ("excerpt", _("Excerpt (摘抄)")),
]


class ReproductionRequestForm(Form):
    count = forms.IntegerField(label=_("Copies to make"), min_value=1, max_value=99, initial=1)
    method = forms.ChoiceField(label=_("Method"), choices=REPRODUCTION_METHODS)
    reason = text_field(_("Reason"), required=False, rows=2, max_length=1000)


class ReproduceForm(PeopleForm):
    count = forms.IntegerField(label=_("Copies made"), min_value=1, max_value=99, initial=1)
    method = forms.ChoiceField(label=_("Method"), choices=REPRODUCTION_METHODS)
    made_by = person_field(_("Made by"))


class LoanForm(PeopleForm):
    """A loan asked for or made (LOAN-APPROVE, LOAN-DUE)."""

    borrower = person_field(_("Borrower"))
    due_date = forms.DateField(label=_("Due back on"), widget=date_input())
    purpose = text_field(_("Purpose"))


class TakeOutRequestForm(Form):
    """Taking a copy out of the office oneself (CARRY-APPROVE, CARRY-ABROAD)."""

    destination = text_field(_("Destination"), max_length=200)
    due_date = forms.DateField(label=_("Back on"), widget=date_input())
    purpose = text_field(_("Purpose"))
    abroad = forms.BooleanField(label=_("Abroad or a foreign-affairs event"), required=False)


class TakeOutForm(PeopleForm, TakeOutRequestForm):
    person = person_field(_("Taken out by"))


class MeetingForm(PeopleForm):
    """A copy taken to an outside meeting, back the same day (CIRC-MEETING-RETURN)."""

    person = person_field(_("Taken by"))
    meeting = text_field(_("Meeting"), max_length=200)
    meeting_date = forms.DateField(label=_("Date of the meeting"), widget=date_input())


class FaxForm(PeopleForm):
    """One line of the fax register (FAX-REGISTER, FAX-NO-PUBLIC)."""

    direction = forms.ChoiceField(label=_("Direction"), choices=FaxDirection.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=FaxChannel.choices)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=Level.choices)
    document = forms.TypedChoiceField(
        label=_("Registered document"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A classified fax names its registered document, whose level it carries."),
    )
    counterparty = text_field(_("Sent to / received from"), max_length=200)
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=9999, initial=1)
    recipient = person_field(_("Given to (received faxes)"), required=False)

    def __init__(self, *args: Any, actor: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["document"].choices = [("", "—"), *document_choices(documents)]
