"""Panels: what a domain adds to a page of another — the home page (``HOME``), a person's
hand-over page (``HANDOVER``, the giver as ``person``), a person's page in the organisation
(``PERSON``, as ``person``: their security file as the security office reads it) and the
page of one's own file (``MY_FILE``: my training hours, self-checks, letters, travel).

``context(actor, **about)`` answers the panel template's context, or None when the panel has
nothing to say to this person (their role does not use it, or there is nothing to show); the
page renders each answered panel's ``template`` in ``order``. A panel of things the person must
do (sign, witness, return) also gives ``count(actor)``, one cheap query: the home entry of the
navigation shows the sum of the home page's counts as its badge (``pending``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from baomi.seams.registry import Registry

HOME = "home"
HANDOVER = "handover"
PERSON = "person"
MY_FILE = "my_file"


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    place: str = HOME
    order: int = 0
    # How many things the panel asks the person to do; None: the panel only informs.
    count: Callable[[Any], int] | None = None


PANELS: Registry[Panel] = Registry("panel")


def panels_for(actor: Any, place: str, **about: Any) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels of ``place`` with something for ``actor``, each with its context, in order."""
    answered = []
    for panel in PANELS:
        if panel.place != place:
            continue
        context = panel.context(actor, **about)
        if context is not None:
            answered.append((panel, context))
    return answered


def pending(actor: Any, place: str = HOME) -> int:
    """How many things the panels of ``place`` ask ``actor`` to do (the sum of their counts)."""
    return sum(panel.count(actor) for panel in PANELS if panel.place == place and panel.count)
