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
        except (RuleViolation, AccessDenied, NotFound) as exc:
            _record_refusal(func.__name__, kwargs, exc)
            raise

    return wrapper


def _record_refusal(name: str, kwargs: dict[str, Any], exc: Exception) -> None:
    data: dict[str, Any] = {
        "operation": name,
        "refusal": type(exc).__name__,
        "rule": getattr(exc, "rule_id", ""),
        "message": str(exc.message) if isinstance(exc, RuleViolation) else "",
        # Only identifiers, never free text: a refused title may itself be secret.
        "arguments": {
            k: _ident(v) for k, v in kwargs.items() if k != "actor" and _ident(v) is not None
        },
    }
    with transaction.atomic(durable=True):
        evidence = getattr(exc, "evidence", None)
        if evidence is not None:
            evidence()
        record_event(actor=kwargs.get("actor"), action=REFUSED, data=data, outcome=Outcome.DENIED)


def _ident(value: Any) -> Any:
    if isinstance(value, models.Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, bool | int):
        return value
    return None
