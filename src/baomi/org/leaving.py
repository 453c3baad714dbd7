"""What else ends when a person leaves, asked of the apps above the organisation chart.

Marking a person as left (``operations.mark_left``) must close their logins in the same
transaction, yet accounts live in an app above the chart. Such an app registers a step when it
starts (in its ``AppConfig.ready``): ``step(actor=…, person=…)`` runs inside ``mark_left``'s
transaction, may refuse (raising a refusal rolls the whole departure back) and records its own
audit events.

A step may answer facts about the departure for the answer of ``mark_left`` (the people app
answers ``{"cooling_off": {...}}``, the 脱密期 that starts, PPL-EXIT): a dict of JSON-ready
values under keys of its own, or None. ``close`` merges them; ``mark_left`` keeps them on the
person it returns (``person.leaving``), and the route ``POST /org/people/{id}/left`` answers
them beside the person. The chart knows nothing of what they mean."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baomi.org.models import Person

Step = Callable[..., dict[str, Any] | None]

_steps: list[Step] = []


def register(step: Step) -> None:
    """Run ``step`` whenever a person leaves (registering the same step twice runs it once)."""
    if step not in _steps:
        _steps.append(step)


def close(*, actor: Any, person: Person) -> dict[str, Any]:
    """Run every registered step for ``person``, who is leaving; the facts they answer,
    merged (a later step's key replaces an earlier one's)."""
    facts: dict[str, Any] = {}
    for step in _steps:
        answer = step(actor=actor, person=person)
        if answer:
            facts.update(answer)
    return facts
