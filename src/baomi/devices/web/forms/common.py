"""What several forms of the equipment's pages share: choice, text and id fields, and the
base form offering the organisation's departments and people. They only shape input; every
rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from baomi.kit.forms import Candidate, Form, offer
from baomi.org import queries as org
from baomi.org.models import Employment
from baomi.org.web.choices import department_choices, people_choices


def choice(label: Any, choices: Any, *, empty: Any = None, coerce: Any = str) -> Any:
    """A choice field; with ``empty`` it is optional and offers ``empty`` first."""
    if empty is None:
        return forms.TypedChoiceField(label=label, choices=choices, coerce=coerce)
    return forms.TypedChoiceField(
        label=label,
        choices=[("", empty), *choices],
        coerce=coerce,
        required=False,
        empty_value=None,
    )


def text(label: Any, *, required: bool = False, max_length: int = 200, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


def pick_people(form: forms.BaseForm, *names: str, actor: Any) -> None:
    """Let the person fields ``names`` of ``form`` pick among the organisation's active people
    from a filterable list (``kit.forms.PeoplePicker``)."""
    people = [Candidate(p) for p in org.people(actor).filter(employment=Employment.ACTIVE)]
    for name in names:
        offer(form, name, people)


def id_choice(label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=required, empty_value=None)


class OrgForm(Form):
    """A form offering the organisation's departments and people to ``actor``."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices, empty in (
            ("department", department_choices, _("All departments")),
            ("custodian", people_choices, "—"),
        ):
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", empty), *choices(actor)]
