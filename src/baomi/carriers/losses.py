"""What else a loss report opens, asked of the apps above the carriers.

Reporting a loss (``operations.loss.report_loss``, LOSS-REPORT) opens an incident (INC-RECORD)
in the same transaction, yet incidents live in an app above the carriers. Such an app registers
a step when it starts (in its ``AppConfig.ready``): ``step(actor=…, report=…, copies=…)`` runs
inside ``report_loss``'s transaction after the copies are marked lost, may refuse (raising a
refusal rolls the whole report back) and records its own audit events. The carriers know
nothing of what the steps do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from baomi.carriers.models import Copy, LossReport

Step = Callable[..., Any]

_steps: list[Step] = []


def register(step: Step) -> None:
    """Run ``step`` whenever a loss is reported (registering the same step twice runs it
    once)."""
    if step not in _steps:
        _steps.append(step)


def reported(*, actor: Any, report: LossReport, copies: Sequence[Copy]) -> None:
    """Run every registered step for the loss ``report`` of ``copies``."""
    for step in _steps:
        step(actor=actor, report=report, copies=copies)
