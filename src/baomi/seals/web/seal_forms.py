"""The forms of the seals (SEAL-LOG). They only shape input; every rule (who keeps a seal, the
approval before a use or a take-out, the impressions approved, the seal out at the lock-up) is
checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, date_input
from baomi.seals.models import MAX_IMPRESSIONS, SealKind


def _people(people: Any) -> list[tuple[Any, str]]:
    return [("", "—")] + [(p.pk, f"{p.name} · {p.department.name}") for p in people]


class SealForm(Form):
    """Register a seal or a pad of letters of introduction."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=SealKind.choices)
    number = forms.CharField(label=_("Registration number"), max_length=60, required=False)
    keeper = forms.TypedChoiceField(label=_("Keeper"), coerce=int)
    location = forms.CharField(label=_("Safe"), max_length=200, required=False)

    def __init__(self, *args: Any, keepers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].choices = _people(keepers)


class KeeperForm(Form):
    keeper = forms.TypedChoiceField(label=_("New keeper"), coerce=int)

    def __init__(self, *args: Any, keepers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].choices = _people(keepers)


class UseRequestForm(Form):
    """Ask to use a seal: which, for what document, how many impressions, to whom."""

    seal = forms.TypedChoiceField(label=_("Seal"), coerce=int)
    document = forms.CharField(label=_("Document or reason"), max_length=200)
    impressions = forms.IntegerField(
        label=_("Impressions"), min_value=1, max_value=MAX_IMPRESSIONS, initial=1
    )
    recipient = forms.CharField(label=_("To whom, what for"), max_length=200, required=False)

    def __init__(self, *args: Any, seals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seal"].choices = [("", "—")] + [
            (s.pk, f"{s.name} · {s.get_kind_display()}") for s in seals
        ]


class LogUseForm(Form):
    """The keeper logs the use made: the impressions (at most those approved), the letter's
    number for a letter of introduction, a note."""

    impressions = forms.IntegerField(
        label=_("Impressions made"), min_value=1, max_value=MAX_IMPRESSIONS
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class TakeOutRequestForm(Form):
    """Ask to take a seal out (forbidden in principle; the exception needs approval)."""

    seal = forms.TypedChoiceField(label=_("Seal"), coerce=int)
    destination = forms.CharField(label=_("Where to"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    due_back_at = forms.DateTimeField(
        label=_("Back by"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, seals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seal"].choices = [("", "—")] + [
            (s.pk, f"{s.name} · {s.get_kind_display()}") for s in seals
        ]


class LockUpForm(Form):
    """The day whose lock-up is confirmed, today unless changed."""

    day = forms.DateField(label=_("Day"), initial=timezone.localdate, widget=date_input())


class RegisterFilterForm(Form):
    seal = forms.TypedChoiceField(label=_("Seal"), coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, seals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seal"].choices = [("", _("All"))] + [(s.pk, s.name) for s in seals]
