"""The forms of the security committee's pages (COMMITTEE): recording a meeting with its
attendees (a picker, the committee's members first) and up to ``DECISION_ROWS`` decisions
(text, who is responsible, due date), correcting its record, adding decisions, the year
filter. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.kit.forms import (
    Candidate,
    Form,
    IdsField,
    NoControlCharacters,
    date_input,
    offer,
    styled,
)
from baomi.oversight.operations import committee as ops

# Blank decision rows on the form (the API takes up to ops.MAX_DECISIONS at once).
DECISION_ROWS = 5


def _people_choices(people: Any) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(p.pk), f"{p.name} · {p.department.name}") for p in people]


class DecisionRows(Form):
    """Up to DECISION_ROWS decisions, each a text, an owner and a due date; a row left empty
    is no decision, a row half filled is an error."""

    def __init__(self, *args: Any, people: Any = (), rows: int = DECISION_ROWS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = _people_choices(people)
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"text_{n}"] = forms.CharField(
                label=gettext_lazy("Decision %(n)d") % {"n": n},
                required=False,
                max_length=ops.DECISION_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[NoControlCharacters(multiline=True)],
            )
            self.fields[f"owner_{n}"] = forms.TypedChoiceField(
                label=gettext_lazy("Responsible"),
                required=False,
                choices=choices,
                coerce=int,
                empty_value=None,
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=gettext_lazy("Due"), required=False, widget=date_input()
            )
        # The fields above came after the base form's styling.
        styled(self)

    def decision_rows(self) -> list[list[Any]]:
        """The bound fields of each row, for the template."""
        return [
            [self[f"text_{n}"], self[f"owner_{n}"], self[f"due_{n}"]]
            for n in range(1, self.rows + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decisions = []
        for n in range(1, self.rows + 1):
            text = (data.get(f"text_{n}") or "").strip()
            owner, due = data.get(f"owner_{n}"), data.get(f"due_{n}")
            if not text and owner is None and due is None:
                continue
            if not text or owner is None or due is None:
                raise ValidationError(
                    _("Decision %(n)d needs its text, the person responsible and a due date.")
                    % {"n": n}
                )
            decisions.append({"text": text, "owner_id": owner, "due": due})
        data["decisions"] = decisions
        return data


class RecordFields(Form):
    """The record of a meeting: its day, agenda, attendees and record text."""

    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=date_input())
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"),
        max_length=ops.AGENDA_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attendee_ids = IdsField(label=gettext_lazy("Attendees"))
    minutes = forms.CharField(
        label=gettext_lazy("Record of the meeting"),
        required=False,
        max_length=ops.MINUTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class MeetingForm(RecordFields, DecisionRows):
    """A meeting recorded with its decisions."""

    def __init__(
        self, *args: Any, people: Any = (), members: set[int] = frozenset(), **kwargs: Any
    ) -> None:
        people = list(people)
        super().__init__(*args, people=people, **kwargs)
        offer_attendees(self, people, members)


def offer_attendees(form: forms.Form, people: list[Any], members: set[int]) -> None:
    """The attendees' picker: the committee's members first, then everyone else in post; the
    help names the members."""
    ordered = sorted(people, key=lambda p: p.pk not in members)
    offer(form, "attendee_ids", [Candidate(p) for p in ordered])
    names = "、".join(p.name for p in ordered if p.pk in members)
    form.fields["attendee_ids"].help_text = (
        _("The committee (listed first): %(names)s. At least one of them attends.")
        % {"names": names}
        if names
        else _("Nobody is appointed to the committee yet (security staff).")
    )


class EditForm(RecordFields):
    """A meeting's record corrected (its decisions stay as they were)."""

    def __init__(
        self, *args: Any, people: Any = (), members: set[int] = frozenset(), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_attendees(self, list(people), members)


class YearForm(Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=9998
    )
