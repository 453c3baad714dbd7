"""The form registering a recording (AV-RECORD): a document's number, title, level, term and
scope, and what the recording is. It only shapes input; every rule is checked by
``operations.recordings.register_recording``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.models import RecordingFormat, RecordingMedium
from baomi.carriers.operations.recordings import MAX_MINUTES
from baomi.carriers.web.forms.common import named_people_field, scope_departments_field, scope_ids
from baomi.core.levels import Level
from baomi.kit.forms import Form, date_input, level_choices
from baomi.org.web.choices import department_choices, people_choices


class RecordingForm(Form):
    number = forms.CharField(label=_("Document number"), max_length=100)
    title = forms.CharField(label=_("Content"), max_length=300)
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        help_text=_("A recording is a classified item: never public (AV-RECORD)."),
    )
    term_years = forms.IntegerField(
        label=_("Protection term (years)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Required from Confidential up; at most the rulebook's maximum (CLS-TERM)."),
    )
    speaker = forms.TypedChoiceField(
        label=_("Speaker"), required=False, coerce=int, empty_value=None
    )
    occasion = forms.CharField(label=_("Occasion"), max_length=200)
    recorded_on = forms.DateField(label=_("Recorded on"), widget=date_input())
    medium = forms.ChoiceField(label=_("Audio or video"), choices=RecordingMedium.choices)
    format = forms.ChoiceField(label=_("Carrier"), choices=RecordingFormat.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_MINUTES
    )
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=999, initial=1)
    named_people = named_people_field()
    departments = scope_departments_field()

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            (value, label) for value, label in level_choices(actor) if value != Level.PUBLIC
        ]
        people = people_choices(actor)
        self.fields["speaker"].choices = [("", "—"), *people]
        self.fields["named_people"].choices = people
        self.fields["departments"].choices = department_choices(actor)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "level": data["level"],
            "term_years": data["term_years"],
            "speaker_id": data["speaker"],
            "occasion": data["occasion"],
            "recorded_on": data["recorded_on"],
            "medium": data["medium"],
            "format": data["format"],
            "duration_minutes": data["duration_minutes"],
            "copies": data["copies"],
            **scope_ids(data),
        }
