"""What else a change of clearance asks, of the apps above the organisation chart.

Setting a person's clearance class (``operations.set_clearance``) must check the person's
security file (PPL-VET: a passed vetting and a signed agreement before a clearance is granted)
and keep its history, yet the files live in an app above the chart. Such an app registers a
step when it starts (in its ``AppConfig.ready``): ``step(actor=…, person=…, old=…, new=…)``
runs inside ``set_clearance``'s transaction after its own checks and before the new class is
saved; it may refuse (raising a refusal rolls the change back) and may write its own records
(the people app writes the clearance history, ``people.ClearanceChange``).

``actor`` None is the installer's shell (``baomi demo``, set-up commands, the tests'
factories): it records clearances granted before baomi kept the files, and the people app's
step does not gate it (it still writes the history)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baomi.org.models import Person

Step = Callable[..., None]

_steps: list[Step] = []


def register(step: Step) -> None:
    """Run ``step`` whenever a clearance changes (registering the same step twice runs it
    once)."""
    if step not in _steps:
        _steps.append(step)


def check(*, actor: Any, person: Person, old: int, new: int) -> None:
    """Run every registered step for ``person``'s clearance going from ``old`` to ``new``."""
    for step in _steps:
        step(actor=actor, person=person, old=old, new=new)
