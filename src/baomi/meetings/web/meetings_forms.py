"""The forms of the classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP). They only
shape input; every rule (the venue's level, who may attend, who approves, the checks before
opening) is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level
from baomi.kit.forms import Candidate, Form, IdField, offer
from baomi.meetings.models import Meeting, MeetingCheck
from baomi.meetings.queries.meetings import SHOWS


def moment_input() -> forms.DateTimeInput:
    """A date and time picker (``<input type="datetime-local">``)."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FilterForm(Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All meetings")), *((key, label) for key, (label, _s) in SHOWS.items())],
    )


def _people_choices(people: Any) -> list[tuple[Any, str]]:
    return [("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in people]


class MeetingForm(Form):
    """A meeting to plan, or a planned one's changes."""

    title = forms.CharField(
        label=_("Title"), max_length=Meeting._meta.get_field("title").max_length
    )
    level = forms.TypedChoiceField(label=_("Level"), coerce=int)
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    department = forms.TypedChoiceField(label=_("Organising department"), coerce=int)
    venue = forms.TypedChoiceField(label=_("Venue (a secure area)"), coerce=int)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=moment_input())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=moment_input())

    def __init__(
        self,
        *args: Any,
        ceiling: int = Level.TOP_SECRET,
        people: Any = (),
        departments: Any = (),
        venues: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "—")] + [
            (v, label) for v, label in Level.choices if Level.CONFIDENTIAL <= v <= ceiling
        ]
        self.fields["organiser"].choices = _people_choices(people)
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        self.fields["venue"].choices = [("", "—")] + [
            (a.pk, f"{a.name} · {Level(a.level).label}") for a in venues
        ]


class AttendeeForm(Form):
    """A person to put on the list: the picker greys whoever may not attend, with why."""

    person = IdField(label=_("Person"))

    def __init__(self, *args: Any, candidates: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "person", [Candidate(p, reason) for p, reason in candidates])


class VisitorForm(Form):
    """An outside visitor registered today, sitting in (列席)."""

    visitor = forms.TypedChoiceField(label=_("Visitor"), coerce=int)

    def __init__(self, *args: Any, visitors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visitor"].choices = [("", "—")] + [(v.pk, str(v)) for v in visitors]


FINDINGS_LABELS = {
    "venue": _("What the check found"),
    "phones": _("Where the phones are kept, and how many"),
    "sweep": _("What was left (or: nothing left)"),
}
BY_LABELS = {
    "venue": _("Checked by"),
    "phones": _("Collected by"),
    "sweep": _("Checked by"),
}


class CheckForm(Form):
    """A check of the meeting: who made it, what they found, when (now unless given)."""

    checked_by = forms.TypedChoiceField(label=_("Checked by"), coerce=int)
    findings = forms.CharField(
        label=_("Findings"),
        max_length=MeetingCheck._meta.get_field("findings").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    checked_at = forms.DateTimeField(
        label=_("Checked at (now if empty)"), required=False, widget=moment_input()
    )

    def __init__(self, *args: Any, kind: str = "venue", people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_by"].choices = _people_choices(people)
        self.fields["checked_by"].label = BY_LABELS.get(kind, _("Checked by"))
        self.fields["findings"].label = FINDINGS_LABELS.get(kind, _("Findings"))
