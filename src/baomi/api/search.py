"""GET /api/v1/search?q=: the global search, a loop over the search providers every domain
registers (``baomi.seams.search``), each answering only what the caller may know, as one list
ranked like the /search/ page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from baomi.core.errors import InvalidInput
from baomi.core.inputs import Line
from baomi.seams.search import MAX_QUERY, search

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: Line = Field(
        ..., min_length=1, max_length=MAX_QUERY, description="Part of a number, title or name"
    )


class SearchHit(Schema):
    kind: str = Field(
        description="Which search found it: documents, copies, incoming, assets, people …"
    )
    kind_label: str = Field(description="What it is, in the caller's language")
    label: str
    url: str = Field(description="The item's page; empty when the caller may not open it")
    level: int | None = Field(description="The item's level (CLS-MARK), null for a person")


@router.get("", response=list[SearchHit])
def search_all(request: HttpRequest, query: Query[SearchQuery]) -> Any:
    """What every provider finds for ``q`` among the items the caller may know (CLS-MAC), at
    most 20 a provider, the nearest number first (an exact 文号, 份号, 收文编号, 资产编号 or
    staff number), then in the order of the providers. Numbers are compared as people write
    them: any width, any bracket (〔〕 [] （） 【】), spaces anywhere."""
    if not query.q.strip():
        raise InvalidInput(_("Give a text to search for."), field="q")
    return [
        {
            "kind": provider.key,
            "kind_label": str(hit.kind or provider.label),
            "label": hit.label,
            "url": hit.url,
            "level": hit.level,
        }
        for provider, hit in search(request.auth, query.q)
    ]
