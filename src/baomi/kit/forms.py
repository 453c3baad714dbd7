"""The base form of every page: Bootstrap classes on every widget, and no control character in
any text (as in the API). Forms only shape input; every rule is checked by the operation they
feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baomi.access.mac import knower
from baomi.core.inputs import control_character
from baomi.core.levels import Level


def styled(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class (templates carry no inline styles)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class NoControlCharacters:
    """Text typed into a form holds no C0 control character, as in the API (core.inputs):
    a text area keeps tab and line breaks, a one-line input none. (Django refuses a NUL in
    any CharField already; the others would reach the registers and their exports.)"""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: str) -> None:
        if code := control_character(value, multiline=self.multiline):
            raise ValidationError(
                _("Remove the control character %(code)s."),
                code="control_character",
                params={"code": code},
            )


def plain_text(form: forms.BaseForm) -> None:
    """Give every text field of ``form`` its control-character check."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(NoControlCharacters(multiline=multiline))


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
        plain_text(self)


def level_choices(actor: Any, empty: Any = "—") -> list[tuple[Any, Any]]:
    """The levels ``actor`` is cleared for, after an empty choice labelled ``empty``: no level
    preselected, CLS-MARK wants it chosen, not defaulted."""
    person = knower(actor)
    ceiling = person.clearance if person else Level.INTERNAL
    return [("", empty), *((v, label) for v, label in Level.choices if v <= ceiling)]


def date_input() -> forms.DateInput:
    """A date picker that shows and takes ISO dates (``<input type="date">``)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
