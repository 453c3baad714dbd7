"""The fields and base forms shared by the forms of using copies, the end of their life and
classification: a date, a line or block of text, a person of the organisation (offered by
``PeopleForm``), copies and documents chosen by id. They only shape input; every rule is
checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.carriers.web.forms.common import IdsField
from baomi.kit.forms import Form
from baomi.org.web.choices import people_choices


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_field(label: Any, *, required: bool = True, rows: int = 0, max_length: int = 300) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


class PersonField(forms.TypedChoiceField):
    """A person of the organisation, offered by ``PeopleForm``."""


def person_field(label: Any, *, required: bool = True) -> PersonField:
    return PersonField(label=label, coerce=int, required=required, empty_value=None)


def document_choices(documents: Any) -> list[tuple[int, str]]:
    return [(d.pk, f"{d.number} {d.title}") for d in documents]


class PeopleForm(Form):
    """A form whose person fields offer the active people of the actor's organisation."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_choices(actor)
        for field in self.fields.values():
            if isinstance(field, PersonField):
                field.choices = people if field.required else [("", "—"), *people]


class CopiesForm(Form):
    copies = IdsField(label=_("Copies"))
