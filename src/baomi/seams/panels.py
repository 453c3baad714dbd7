"""Home panels: what a domain shows a person on their home page.

``context(actor)`` answers the template's context, or None when the panel has nothing to say
to this person (their role does not use it, or it is empty and ``always`` is false); the shell's
home page renders each answered panel's ``template`` in ``order``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from baomi.seams.registry import Registry


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 0


HOME_PANELS: Registry[Panel] = Registry("home panel")


def panels_for(actor: Any) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels with something for ``actor``, each with its context, in order."""
    answered = []
    for panel in HOME_PANELS:
        context = panel.context(actor)
        if context is not None:
            answered.append((panel, context))
    return answered
