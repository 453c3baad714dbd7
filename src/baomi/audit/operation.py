"""The ``@operation`` decorator: one durable transaction per thing a person does, and a
refused attempt recorded as its own audit event (refusals are evidence too)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy

from baomi.audit.actions import register_action
from baomi.audit.models import Outcome
from baomi.audit.recorder import record_event
from baomi.core import memo
from baomi.core.errors import AccessDenied, NotFound, RuleViolation

P = ParamSpec("P")
T = TypeVar("T")

REFUSED = register_action("operation.refused", gettext_lazy("Operation refused"))


def operation(func: Callable[P, T]) -> Callable[P, T]:
    """Run ``func`` in one durable transaction; record a refusal after rolling it back, with
    the evidence rows the refusal carries (``RuleViolation.evidence``)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        if args:
            raise TypeError(f"{func.__name__} takes keyword arguments only")
        try:
            with transaction.atomic(durable=True), memo.scope():
                return func(**kwargs)
        except REFUSALS as exc:
            record_refusal(actor=kwargs.get("actor"), name=func.__name__, arguments=kwargs, exc=exc)
            raise

    return wrapper


# The refusals recorded as evidence, whichever interface the attempt came through.
REFUSALS = (RuleViolation, AccessDenied, NotFound)

# Keyword arguments (of an operation, or of a page's or route's URL) that name the subject of
# what was attempted, and the subject type each names: items first, people after (a copy handed
# to a person is about the copy). Apps register theirs when they start, so that a refusal's
# event carries its subject and an item's history lists the refusals about it.
_SUBJECT_ARGUMENTS: dict[str, tuple[bool, str]] = {}


def subject_argument(name: str, subject_type: str, *, person: bool = False) -> None:
    """Take the argument ``name`` as naming an item of ``subject_type`` from now on (after
    every item when it names a ``person``)."""
    _SUBJECT_ARGUMENTS.setdefault(name, (person, subject_type))


def _subject(arguments: dict[str, Any]) -> tuple[str, int] | None:
    named = [
        (person, kind, arguments[key])
        for key, (person, kind) in _SUBJECT_ARGUMENTS.items()
        if type(arguments.get(key)) is int
    ]
    return min(named, key=lambda n: n[0])[1:] if named else None


def record_refusal(*, actor: Any, name: str, arguments: dict[str, Any], exc: Exception) -> None:
    """Record a refused attempt as one ``operation.refused`` event, with the evidence rows the
    refusal carries, in a transaction of its own. An operation records its refusals; a page or
    a route records those refused before any operation ran (a role's page guard, a read), so
    each refusal is exactly one event whatever the interface: the exception remembers that it
    was recorded."""
    if getattr(exc, "recorded", False):
        return
    exc.recorded = True  # type: ignore[attr-defined]
    data: dict[str, Any] = {
        "operation": name,
        "refusal": type(exc).__name__,
        "rule": getattr(exc, "rule_id", ""),
        # Only identifiers, never free text: a refused title may itself be secret, and the
        # refusal's message may quote an item's title, number or serial (the rule ID names
        # the clause; the person refused read the message).
        "arguments": {
            k: _ident(v) for k, v in arguments.items() if k != "actor" and _ident(v) is not None
        },
    }
    subject = _subject(arguments)
    with transaction.atomic(durable=True):
        evidence = getattr(exc, "evidence", None)
        if evidence is not None:
            evidence()
        record_event(
            actor=actor,
            action=REFUSED,
            subject=subject,
            data=data,
            outcome=Outcome.DENIED,
        )


def _ident(value: Any) -> Any:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, bool | int):
        return value
    return None
