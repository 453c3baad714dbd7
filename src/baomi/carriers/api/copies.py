"""JSON route of copies: ``GET /api/v1/copies``, the copies the caller may know (CLS-MAC), with
filters and paging. An unknowable copy is simply absent, like a missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from baomi.carriers.models import CopyState
from baomi.carriers.queries.copies import copies_page
from baomi.core.inputs import Id, Offset, window
from baomi.core.outputs import Row

router = Router(tags=["copies"])


class CopyOut(Row):
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
    found = copies_page(
        request.auth,
        holder_id=filters.holder_id,
        document_id=filters.document_id,
        state=filters.state,
        overdue=filters.overdue,
        offset=filters.offset,
        limit=filters.limit + 1,
    )
    return window(found, filters)
