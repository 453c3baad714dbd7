"""Global-search providers: each domain answers a search over the items it keeps, filtered by
what the searching person may know (the same policy as its lists)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from baomi.seams.registry import Registry

# Hits per provider, at most.
LIMIT = 20


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    level: int | None = None


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: Promise  # what it finds ("Documents", "Equipment")
    search: Callable[[Any, str, int], list[Hit]]  # (actor, text, limit) → hits
    order: int = 0


SEARCH_PROVIDERS: Registry[SearchProvider] = Registry("search provider")


def search(actor: Any, text: str) -> list[tuple[SearchProvider, list[Hit]]]:
    """Every provider's hits for ``text`` (stripped; nothing for blank text), in order."""
    text = text.strip()
    if not text:
        return []
    answered = []
    for provider in SEARCH_PROVIDERS:
        hits = provider.search(actor, text, LIMIT)
        if hits:
            answered.append((provider, hits))
    return answered
