"""GET /api/v1/search?q=: the global search, a loop over the search providers every domain
registers (``baomi.seams.search``), each answering only what the caller may know."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from baomi.core.errors import InvalidInput
from baomi.core.inputs import Line
from baomi.seams.search import search

router = Router(tags=["search"])

# The longest text searched for.
MAX_QUERY = 100


class SearchQuery(Schema):
    q: Line = Field(
        ..., min_length=1, max_length=MAX_QUERY, description="Part of a number, title or name"
    )


class SearchHit(Schema):
    label: str
    url: str = Field(description="The item's page; empty when the caller may not open it")
    level: int | None = Field(description="The item's level (CLS-MARK), null for a person")


class SearchGroup(Schema):
    key: str = Field(description="What was searched: documents, assets, people …")
    label: str
    hits: list[SearchHit]


@router.get("", response=list[SearchGroup])
def search_all(request: HttpRequest, query: Query[SearchQuery]) -> Any:
    """What every provider finds for ``q`` among the items the caller may know (CLS-MAC),
    at most 20 a provider, providers without a hit left out."""
    if not query.q.strip():
        raise InvalidInput(_("Give a text to search for."), field="q")
    return [
        {"key": provider.key, "label": str(provider.label), "hits": hits}
        for provider, hits in search(request.auth, query.q)
    ]
