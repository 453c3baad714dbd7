"""Global-search providers: each domain answers a search over the items it keeps, filtered by
what the searching person may know (the same policy as its lists). Every hit says what kind of
item it is and how near its number is to the text (``core.matching.Closeness``); the search
lists every provider's hits together, the nearest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from baomi.core.matching import Closeness
from baomi.seams.registry import Registry

# Hits per provider, at most.
LIMIT = 20
# The longest text searched for (the /search/ page and GET /api/v1/search alike).
MAX_QUERY = 100


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    level: int | None = None
    kind: str | Promise = ""  # what it is ("Document", "Copy"); the provider's label if blank
    closeness: int = Closeness.ELSEWHERE  # an exact number first, a title or name last


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: Promise  # what it finds ("Documents", "Equipment")
    search: Callable[[Any, str, int], list[Hit]]  # (actor, text, limit) → hits
    order: int = 0


SEARCH_PROVIDERS: Registry[SearchProvider] = Registry("search provider")


def search(actor: Any, text: str) -> list[tuple[SearchProvider, Hit]]:
    """Every provider's hits for ``text`` (stripped; nothing for blank text), the nearest
    first, then in the providers' order and each provider's own."""
    text = text.strip()
    if not text:
        return []
    found = [
        (provider, hit)
        for provider in SEARCH_PROVIDERS
        for hit in provider.search(actor, text, LIMIT)
    ]
    return sorted(found, key=lambda each: each[1].closeness)  # stable: the order within kept
