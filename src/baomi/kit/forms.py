"""The base form of every page: Bootstrap classes on every widget, and no control character in
any text (as in the API). Forms only shape input; every rule is checked by the operation they
feed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baomi.access.mac import knower
from baomi.core.inputs import MAX_ID, control_character
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


INVALID = "is-invalid"


def mark_invalid(widget: forms.Widget) -> None:
    """Mark a widget whose field has an error (Bootstrap's ``is-invalid``: a red border, and
    the message under it shown)."""
    css = widget.attrs.get("class", "").split()
    if INVALID not in css:
        widget.attrs["class"] = " ".join([*css, INVALID])


class Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
        plain_text(self)

    def add_error(self, field: str | None, error: Any) -> None:
        """Every error of a field, from cleaning or added afterwards (a refusal's field),
        marks its input."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                mark_invalid(self.fields[name].widget)


@dataclass(frozen=True)
class Candidate:
    """A person a picker offers, and why they may not take part (empty: they may)."""

    person: Any
    reason: Any = ""

    @property
    def allowed(self) -> bool:
        return not self.reason


class PeoplePicker(forms.Widget):
    """People to choose from, as a list with a filter box (baomi.js): radio buttons for one,
    check boxes for several (no ctrl-click). Those who may not take part stay in the list,
    greyed and disabled, with the reason (``Candidate.reason``)."""

    template_name = "web/widgets/people_picker.html"

    def __init__(
        self, candidates: Iterable[Candidate], *, multiple: bool = False, attrs: Any = None
    ) -> None:
        super().__init__(attrs)
        self.candidates = list(candidates)
        self.allow_multiple_selected = multiple

    def format_value(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = set(context["widget"]["value"])
        context["widget"]["multiple"] = self.allow_multiple_selected
        context["widget"]["candidates"] = [(c, str(c.person.pk) in chosen) for c in self.candidates]
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked list sends nothing, as check boxes do

    def use_required_attribute(self, initial: Any) -> bool:
        # A browser would ask for every check box of a list ticked.
        return not self.allow_multiple_selected and super().use_required_attribute(initial)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_filter" if id_ else id_


def offer(form: forms.BaseForm, name: str, candidates: Iterable[Candidate]) -> None:
    """Let field ``name`` of ``form`` pick among ``candidates`` with a ``PeoplePicker`` (one
    person, or several for a multiple choice). The field still checks the value's shape; the
    operation checks who may take part."""
    field = form.fields[name]
    multiple = isinstance(field, forms.MultipleChoiceField)
    field.widget = PeoplePicker(candidates, multiple=multiple, attrs={"class": "form-control"})


def level_choices(actor: Any, empty: Any = "—") -> list[tuple[Any, Any]]:
    """The levels ``actor`` is cleared for, after an empty choice labelled ``empty``: no level
    preselected, CLS-MARK wants it chosen, not defaulted."""
    person = knower(actor)
    ceiling = person.clearance if person else Level.INTERNAL
    return [("", empty), *((v, label) for v, label in Level.choices if v <= ceiling)]


def date_input() -> forms.DateInput:
    """A date picker that shows and takes ISO dates (``<input type="date">``)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdField(forms.IntegerField):
    """The id of a row (a person, a document …): 1 to MAX_ID, so a larger number is a field
    error rather than an overflow in the query."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class IdsField(forms.MultipleChoiceField):
    """Ids (of people, copies, requests …), shaped only: whether each may be chosen is the
    operation's question (CLS-MAC, who may decide), so a refusal quotes the rule instead of
    "not a valid choice"."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit() and 1 <= int(value) <= MAX_ID

    def clean(self, value: Any) -> list[int]:
        return [int(v) for v in super().clean(value)]
