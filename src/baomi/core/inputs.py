"""Input fields shared by the JSON routes of every app: ids, moments with their offset and
text bounded by the column it is written to, so that bad input answers 422, never a database
error (500); and paging through a list without counting it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

# Ids are BigAutoField keys: a larger number is invalid input, not a database overflow.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _representable(moment: datetime) -> datetime:
    """Refuse a moment that UTC or local time cannot represent (near year 1 or 9999)."""
    if not 1900 <= moment.year <= 9998:
        raise ValueError("a date and time between the years 1900 and 9998")
    return moment


# A date and time given with its offset (e.g. 2026-03-05T09:30:00+08:00), as input.
Moment = Annotated[AwareDatetime, AfterValidator(_representable)]


def text(model: type[Model], column: str, default: Any = ..., **kw: Any) -> Any:
    """A text input no longer than the column it is written to (422 beyond, not a database
    error)."""
    return Field(default, max_length=model._meta.get_field(column).max_length, **kw)


class Paging(BaseModel):
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0, le=2**31)


def page(qs: QuerySet[Any], paging: Paging) -> dict[str, Any]:
    """One page of ``qs`` without counting it (counting means checking CLS-MAC on every row):
    ``next_offset`` is the offset of the next page, or None on the last one."""
    rows = list(qs[paging.offset : paging.offset + paging.limit + 1])
    more = len(rows) > paging.limit
    return {
        "next_offset": paging.offset + paging.limit if more else None,
        "items": rows[: paging.limit],
    }
