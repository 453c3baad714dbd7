"""JSON route of copies: ``GET /api/v1/copies``, the copies the caller may know (CLS-MAC), with
filters and paging. An unknowable copy is simply absent, like a missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from baomi.carriers.models import CopyState
from baomi.carriers.queries.copies import known_copies, known_copies_held_by
from baomi.core.inputs import Id, Offset

router = Router(tags=["copies"])

# The columns an item needs, and nothing else: no join beyond the document's number and copy
# count (bench/http_copies.py measures this route against a bare JSON view).
COLUMNS = (
    "id",
    "document_id",
    "number",
    "state",
    "holder_id",
    "custodian_id",
    "due_at",
    "due_rule",
)
# Pages follow the primary key: the indexes on (organisation), (holder) and (document) deliver
# their rows in that order (SQLite appends the rowid to every index), so a page stops after
# ``limit`` rows the caller may know instead of sorting every copy of the organisation.


class CopyOut(Schema):
    id: int
    document_id: int
    document_number: str
    number: int
    label: str = Field(description='"n/m": copy n of the m the document was registered with')
    state: CopyState
    holder_id: int | None
    custodian_id: int
    due_at: datetime | None
    due_rule: str | None = Field(
        description="The rule it is due back under while away from its custodian "
        "(CIRC-SAMEDAY, CIRC-NO-KEEP, LOAN-DUE, CARRY-APPROVE, CIRC-MEETING-RETURN)"
    )

    @staticmethod
    def resolve_label(row: dict[str, Any]) -> str:
        return f"{row['number']}/{row['copies_count']}"


# No count(*): it checks CLS-MAC on every copy of the organisation (40–80 ms at 50k copies on
# SQLite and PostgreSQL, growing with the table: about a second at 1M) where a page stops after
# ``limit`` + 1 rows the caller may know.
class CopyPage(Schema):
    """One page. There is no total: counting every copy the caller may know means checking
    CLS-MAC on every copy on every page. ``next_offset`` is the offset of the next page, or
    null on the last one."""

    next_offset: int | None
    items: list[CopyOut]


class CopyFilter(Schema):
    document_id: Id | None = None
    holder_id: Id | None = Field(None, description="Who has the copy in hand now")
    state: CopyState | None = None
    overdue: bool | None = Field(None, description="true: due back before now; false: not")
    limit: int = Field(25, ge=1, le=100)
    offset: Offset = 0


@router.get("", response=CopyPage)
def list_copies(request: HttpRequest, filters: Query[CopyFilter]) -> Any:
    """The copies the caller may know (CLS-MAC: a copy is known exactly when its document is),
    in the order they were registered (a document's copies by number) — with ``overdue=true``
    the most overdue first — one page at a time (``limit`` ≤ 100, ``offset``)."""
    if filters.holder_id is None:
        qs = known_copies(request.auth)
    else:
        qs = known_copies_held_by(request.auth, filters.holder_id)
    order = ["pk"]
    if filters.document_id is not None:
        qs = qs.filter(document_id=filters.document_id)
    if filters.state is not None:
        qs = qs.filter(state=filters.state)
    if filters.overdue is not None:
        late = Q(due_at__lt=timezone.now())
        if filters.overdue:  # the most overdue first, along the index on due times
            qs, order = qs.filter(late), ["due_at", "pk"]
        else:
            qs = qs.exclude(late)
    rows = list(
        qs.order_by(*order).values(
            *COLUMNS,
            document_number=F("document__number"),
            copies_count=F("document__copies_count"),
        )[filters.offset : filters.offset + filters.limit + 1]
    )
    more = len(rows) > filters.limit
    return {
        "next_offset": filters.offset + filters.limit if more else None,
        "items": rows[: filters.limit],
    }
