"""What several forms of the carriers share: a document's knowledge scope, ids of people,
copy numbers, the people offered as readers, a line or block of text, a person of the
organisation (offered by ``PeopleForm``), copies and documents chosen by id. They only shape
input; every rule is checked by the operation they feed."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.access.mac import can_know
from baomi.carriers.models import Document
from baomi.kit.forms import Candidate, Form, IdsField
from baomi.org import queries as org
from baomi.org.models import Employment
from baomi.org.web.choices import people_choices

NAMED_PEOPLE_HELP = _("Added to the knowledge scope by name; each must be cleared for the level.")


def named_people_field(help_text: Any = NAMED_PEOPLE_HELP) -> forms.MultipleChoiceField:
    """The people a document's knowledge scope names (choices: ``people_choices``)."""
    return forms.MultipleChoiceField(
        label=_("People directly concerned"), required=False, help_text=help_text
    )


def scope_departments_field() -> forms.MultipleChoiceField:
    """The departments of a document's knowledge scope (choices: ``department_choices``)."""
    return forms.MultipleChoiceField(label=_("Departments in the scope"), required=False)


def scope_ids(data: dict[str, Any]) -> dict[str, list[int]]:
    """The knowledge scope chosen in the fields above, as the operations take it."""
    return {
        "named_people_ids": [int(v) for v in data["named_people"]],
        "department_ids": [int(v) for v in data["departments"]],
    }


_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_copy_numbers(text: str) -> list[int]:
    """ "1, 3, 5-7" → [1, 3, 5, 6, 7]; empty → [] (every copy); ValidationError otherwise."""
    numbers: set[int] = set()
    text = re.sub(r"\s*[-–~]\s*", "-", text.strip())
    for part in filter(None, re.split(r"[,，、\s]+", text)):
        match = _RANGE.match(part)
        if match is None:
            raise forms.ValidationError(_("Write copy numbers as 1, 3, 5-7."))
        low, high = int(match[1]), int(match[2] or match[1])
        if high < low or high - low > 999:
            raise forms.ValidationError(_("Write copy numbers as 1, 3, 5-7."))
        numbers.update(range(low, high + 1))
    return sorted(numbers)


def candidates(actor: Any, document: Document, *, exclude: int | None = None) -> list[Candidate]:
    """Every active person of the organisation as a possible reader of ``document``: those
    who may not know it carry the reason (CLS-MAC: clearance too low, outside the scope)."""
    found = []
    people = org.people(actor).filter(employment=Employment.ACTIVE).exclude(pk=exclude)
    for person in people:
        if person.clearance < document.level:
            reason = _("clearance too low")
        elif not can_know(person, document):
            reason = _("outside the knowledge scope")
        else:
            reason = ""
        found.append(Candidate(person, reason))
    return found


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
