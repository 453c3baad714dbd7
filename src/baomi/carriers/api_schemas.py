"""Schemas shared by the JSON routes of copies: a copy with its holder and custodian, a period
away from the custodian (one line of the circulation, loan or take-out register), and paging.

Component names are unique across the whole API (ninja keeps one schema per name): hence
``CopyDetail`` next to ``api_copies.CopyOut``, the light item of ``GET /copies``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from baomi.carriers.models import CopyState, CustodyKind

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


class ReasonIn(Schema):
    reason: str = ""


class PersonName(Schema):
    id: int
    name: str


class CustodyOut(Schema):
    """A period a copy spends away from its custodian: circulation (CIRC-SIGN: handed over,
    receipt signed, returned), loan (LOAN-APPROVE), take-out (CARRY-APPROVE) or meeting."""

    id: int
    copy_id: int
    kind: CustodyKind
    holder_id: int
    holder: str
    started_at: datetime
    due_at: datetime | None
    received_at: datetime | None
    returned_at: datetime | None
    approval_id: int | None
    purpose: str
    destination: str
    abroad: bool

    @staticmethod
    def resolve_holder(custody: Any) -> str:
        return custody.holder.name


class CopyDetail(Schema):
    """One copy ("copy n of m"), who has it now and who keeps it."""

    id: int
    document_id: int
    document_number: str
    number: int
    label: str = Field(description='"copy n of m", or "copy n (reproduced)"')
    state: CopyState
    state_label: str
    holder_id: int | None = Field(description="Who has it in hand; null once it left our hands")
    holder: str | None
    custodian_id: int
    custodian: str
    due_at: datetime | None
    location: str
    volume_id: int | None = Field(description="The archive volume it is filed in (ARCH-FILE)")
    reproduced_from_id: int | None

    @staticmethod
    def resolve_document_number(copy: Any) -> str:
        return copy.document.number

    @staticmethod
    def resolve_label(copy: Any) -> str:
        return str(copy.label)

    @staticmethod
    def resolve_state_label(copy: Any) -> str:
        return str(CopyState(copy.state).label)

    @staticmethod
    def resolve_holder(copy: Any) -> str | None:
        return copy.holder.name if copy.holder_id else None

    @staticmethod
    def resolve_custodian(copy: Any) -> str:
        return copy.custodian.name


class CopyWithCustody(CopyDetail):
    """A copy with its current period away from the custodian, if it is away."""

    custody: CustodyOut | None

    @staticmethod
    def resolve_custody(copy: Any) -> Any:
        # The queries that answer this schema prefetch the open periods as ``open_custodies``.
        return next(iter(copy.open_custodies), None)


class Paging(Schema):
    limit: int = Field(25, ge=1, le=100)
    offset: int = Field(0, ge=0)


class CopyDetailPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one."""

    next_offset: int | None
    items: list[CopyDetail]


class CopyWithCustodyPage(Schema):
    next_offset: int | None
    items: list[CopyWithCustody]


def page(qs: QuerySet[Any], paging: Paging) -> dict[str, Any]:
    """One page of ``qs`` without counting it (counting means checking CLS-MAC on every row)."""
    rows = list(qs[paging.offset : paging.offset + paging.limit + 1])
    more = len(rows) > paging.limit
    return {
        "next_offset": paging.offset + paging.limit if more else None,
        "items": rows[: paging.limit],
    }
