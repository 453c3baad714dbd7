"""A page's actions: the item first, then what may be done to it as a row of buttons, each
opening its one form in a panel (``web/partials/actions.html``). Without JavaScript a button
is a link ``?action=<ref>`` that renders the page with that panel open; baomi.js opens it in
place. A refused form comes back open, with what was typed and the field at fault marked:
RefusalMiddleware keeps them (``keep_refused``) for the page it returns to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from baomi.core.errors import BaomiError

ACTION = "action"  # the query parameter naming the open action
REFILL = "refill"  # the hidden input of an action's form: its ``ref``
_KEPT = "baomi.refused_form"
_NOT_KEPT = ("csrfmiddlewaretoken", REFILL)


@dataclass
class Action:
    """One thing the page offers to do to its item. ``form`` None: one click (a button that
    posts ``hidden``). ``faults`` names the field a rule's refusal is about (rule id → field
    name), marked when the rule refuses the form."""

    key: str  # the form's data-form (and the one-click button's data-action)
    label: Any
    url: str  # where the form posts
    form: forms.BaseForm | None = None
    rules: tuple[str, ...] = ()
    faults: Mapping[str, str] = field(default_factory=dict)
    hidden: Mapping[str, Any] = field(default_factory=dict)
    style: str = "primary"  # the Bootstrap colour of its button ("danger": a loss)
    submit: Any = ""  # the submit button's label, if not ``label``
    intro: Any = ""  # a sentence above the fields
    ref: str = ""  # the ``?action=`` value when several actions share a key
    open: bool = False

    def __post_init__(self) -> None:
        self.ref = self.ref or self.key
        if self.form is not None:
            # Several panels of a page may ask for the same field: ids unique per panel.
            self.form.auto_id = f"{self.ref}-%s"

    @property
    def panel_id(self) -> str:
        return f"action-{self.ref}"


def arrange(request: HttpRequest, actions: list[Action]) -> list[Action]:
    """``actions`` ready for ``web/partials/actions.html``: the one whose form was just
    refused open again with what was typed and the field at fault marked, else the one the
    query names open, else none."""
    kept = request.session.pop(_KEPT, None)
    wanted = request.GET.get(ACTION, "")
    with_form = [a for a in actions if a.form is not None]
    refused = next(
        (a for a in with_form if kept and (a.ref, a.url) == (kept["ref"], kept["url"])), None
    )
    if refused is not None:
        _refill(refused, kept)
    chosen = refused or next((a for a in with_form if a.ref == wanted), None)
    if chosen is not None:
        chosen.open = True
    return actions


def keep_refused(request: HttpRequest, exc: BaomiError) -> None:
    """After the refused POST of an action's form (it carries ``REFILL``): keep what was
    typed, the field at fault and the message, for the page the refusal returns to."""
    if REFILL not in request.POST:
        return
    request.session[_KEPT] = {
        "ref": request.POST[REFILL],
        "url": request.path,
        "data": {k: request.POST.getlist(k) for k in request.POST if k not in _NOT_KEPT},
        "field": getattr(exc, "field", ""),
        "rule": getattr(exc, "rule_id", ""),
        "message": exc.message,
    }


def _refill(action: Action, kept: dict[str, Any]) -> None:
    """Bind the action's (still unbound) form to what was typed; mark the field at fault."""
    form = action.form
    assert form is not None
    data = QueryDict(mutable=True)
    for name, values in kept["data"].items():
        data.setlist(name, values)
    form.data, form.is_bound = data, True
    form.is_valid()  # the form's own errors, each field marked
    fault = kept["field"] or action.faults.get(kept["rule"], "")
    if fault in form.fields and fault not in form.errors:
        form.add_error(fault, kept["message"])
