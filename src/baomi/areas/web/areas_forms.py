"""The forms of the list of secure areas (AREA-LIST). They only shape input; every rule is
the operation's (``operations.areas``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baomi.areas.models import AreaKind
from baomi.areas.operations.areas import AREA_LEVELS, MAX_LOCATION, MAX_MEASURES, MAX_NAME
from baomi.core.levels import Clearance, Level
from baomi.kit.forms import Form, date_input
from baomi.org.web.choices import department_choices

MAX_NOTE = 500


def _level_choices() -> list[tuple[Any, Any]]:
    return [(int(v), Level(v).label) for v in AREA_LEVELS]


def _people(candidates: Any) -> list[tuple[Any, Any]]:
    return [("", "—")] + [
        (p.pk, f"{p.name} · {p.department.name} · {Clearance(p.clearance).label}")
        for p in candidates
    ]


class FilterForm(Form):
    """The list's filters (every one optional) and its page."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *AreaKind.choices]
    )
    level = forms.TypedChoiceField(
        label=_("Level"), required=False, coerce=int, empty_value=None, choices=()
    )
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None, choices=()
    )
    active = forms.ChoiceField(
        label=_("In use"),
        required=False,
        choices=[("", _("All")), ("yes", _("In use")), ("no", _("Out of use"))],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All levels")), *_level_choices()]
        self.fields["department"].choices = [
            ("", _("All departments")),
            *department_choices(actor),
        ]


class AreaForm(Form):
    """An area's particulars (registering and editing)."""

    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    kind = forms.ChoiceField(label=_("Kind"), choices=AreaKind.choices)
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=())
    department = forms.TypedChoiceField(label=_("Department"), coerce=int, choices=())
    location = forms.CharField(label=_("Location"), max_length=MAX_LOCATION, required=False)
    measures = forms.CharField(
        label=_("Protective measures"),
        max_length=MAX_MEASURES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Technical and physical measures (技防/物防): locks, alarms, cameras, safes…"),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "—"), *_level_choices()]
        self.fields["department"].choices = [("", "—"), *department_choices(actor)]


class RegisterForm(AreaForm):
    """A new area: its particulars and its keeper."""

    keeper = forms.TypedChoiceField(label=_("Keeper"), coerce=int, choices=())

    def __init__(self, *args: Any, actor: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["keeper"].choices = _people(candidates)


class KeeperForm(Form):
    """The area's new keeper; the old one hands over the key."""

    keeper = forms.TypedChoiceField(label=_("New keeper"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Note on the key's hand-over"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keeper"].choices = _people(candidates)


class AssignForm(Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, choices=())
    since = forms.DateField(label=_("Since"), initial=timezone.localdate, widget=date_input())

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(candidates)


class EndForm(Form):
    until = forms.DateField(label=_("Until"), initial=timezone.localdate, widget=date_input())


class DeactivateForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
