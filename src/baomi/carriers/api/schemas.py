"""Schemas shared by the JSON routes of copies: a copy with its holder and custodian, a period
away from the custodian (one line of the circulation, loan or take-out register), and paging.

Component names are unique across the whole API (ninja keeps one schema per name): hence
``CopyDetail`` next to ``api_copies.CopyOut``, the light item of ``GET /copies``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from baomi.carriers.models import CopyState, CustodyKind

# The input fields of every app (core.inputs), re-exported for the routes of copies.
from baomi.core.inputs import Id as Id
from baomi.core.inputs import Moment as Moment
from baomi.core.inputs import Paging as Paging
from baomi.core.inputs import Text
from baomi.core.inputs import page as page
from baomi.core.inputs import text as text


class ReasonIn(Schema):
    reason: Text = ""


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
    due_rule: str | None = Field(
        description="The rule it is due back under while away from its custodian, named when "
        "it is flagged due or overdue (CIRC-SAMEDAY, CIRC-NO-KEEP, LOAN-DUE, CARRY-APPROVE, "
        "CIRC-MEETING-RETURN)"
    )
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
    def resolve_due_rule(copy: Any) -> str | None:
        return getattr(copy, "due_rule", None)

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


class CopyDetailPage(Schema):
    """One page; ``next_offset`` is the offset of the next page, or null on the last one."""

    next_offset: int | None
    items: list[CopyDetail]


class CopyWithCustodyPage(Schema):
    next_offset: int | None
    items: list[CopyWithCustody]
