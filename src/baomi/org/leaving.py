"""What else ends when a person leaves, asked of the apps above the organisation chart.

Marking a person as left (``operations.mark_left``) must close their logins in the same
transaction, yet accounts live in an app above the chart. Such an app registers a step when it
starts (in its ``AppConfig.ready``): ``step(actor=…, person=…)`` runs inside ``mark_left``'s
transaction, may refuse (raising a refusal rolls the whole departure back) and records its own
audit events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baomi.org.models import Person

Step = Callable[..., None]

_steps: list[Step] = []


def register(step: Step) -> None:
    """Run ``step`` whenever a person leaves (registering the same step twice runs it once)."""
    if step not in _steps:
        _steps.append(step)


def close(*, actor: Any, person: Person) -> None:
    """Run every registered step for ``person``, who is leaving."""
    for step in _steps:
        step(actor=actor, person=person)
