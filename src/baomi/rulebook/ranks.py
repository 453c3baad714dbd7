"""The organisation's ranks, which a rank parameter of the rulebook names (CLS-SCOPE-RANK).

The org chart lives in a layer above the rulebook, so an app above it registers the reader
when it starts (``CarriersConfig.ready``): ``reader(actor)`` answers the actor's
organisation's ranks as ``{key: seniority}`` (a higher seniority is more senior)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Reader = Callable[[Any], dict[str, int]]

_readers: list[Reader] = []


def register(reader: Reader) -> None:
    """Read the ranks with ``reader`` from now on."""
    _readers[:] = [reader]


def ladder(actor: Any) -> dict[str, int]:
    """The actor's organisation's ranks, ``{key: seniority}``."""
    if not _readers:
        raise RuntimeError("no reader of the organisation's ranks is registered")
    return _readers[0](actor)
