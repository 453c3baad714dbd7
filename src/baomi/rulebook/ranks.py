"""The organisation's ranks, which a rank parameter of the rulebook names (CLS-SCOPE-RANK).

The org chart lives in a layer above the rulebook, so an app above it registers the reader
when it starts (``CarriersConfig.ready``): ``reader(actor)`` answers the actor's
organisation's ranks as ``{key: seniority}`` (a higher seniority is more senior), and
``namer(actor)`` their names as ``{key: name}`` (what the rulebook page shows for a key)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Reader = Callable[[Any], dict[str, int]]
Namer = Callable[[Any], dict[str, str]]

_readers: list[Reader] = []
_namers: list[Namer] = []


def register(reader: Reader, namer: Namer) -> None:
    """Read the ranks with ``reader`` and their names with ``namer`` from now on."""
    _readers[:] = [reader]
    _namers[:] = [namer]


def ladder(actor: Any) -> dict[str, int]:
    """The actor's organisation's ranks, ``{key: seniority}``."""
    if not _readers:
        raise RuntimeError("no reader of the organisation's ranks is registered")
    return _readers[0](actor)


def names(actor: Any) -> dict[str, str]:
    """The actor's organisation's ranks' names, ``{key: name}`` (none before a reader is
    registered: the keys are shown)."""
    return _namers[0](actor) if _namers else {}
