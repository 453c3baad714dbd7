"""JSON routes of the registers (登记簿): the list of registers, one register's lines with the
same filters as the web page, and its export as .xlsx or PDF (audited). Only for the clerk and
the security officer (403 otherwise); only lines about documents the caller may know
(CLS-MAC); 404 for an unknown register; 422 for a filter that makes no sense."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from baomi.carriers.queries import registers as queries
from baomi.core.inputs import Id, Line, Offset, page
from baomi.core.levels import Level
from baomi.core.registers import Filters, Register
from baomi.kit.pages import attachment

router = Router(tags=["registers"])


class ColumnOut(Schema):
    key: str
    header: str
    kind: str = Field(
        description="How values are given: text, number, datetime, date, flag (boolean), "
        "level (0 public … 4 top secret), choice (a code), list (of strings)"
    )


class StateOut(Schema):
    code: str
    label: str


class RegisterOut(Schema):
    key: str
    title: str
    rules: list[str] = Field(description="The rule IDs that demand the register")
    department: str = Field(description="What the department filter applies to")
    states: list[StateOut]
    columns: list[ColumnOut]


class LinesOut(Schema):
    next_offset: int | None = Field(description="The next page's offset; null on the last page")
    columns: list[ColumnOut]
    items: list[dict[str, Any]] = Field(description="One object per line, keyed by column")


class RegisterFilter(Schema):
    date_from: date | None = Field(None, description="First day, on the register's own date")
    date_to: date | None = Field(None, description="Last day, included")
    level: int | None = Field(None, ge=Level.PUBLIC, le=Level.TOP_SECRET)
    department_id: Id | None = Field(None, description="With its sub-departments")
    state: Line = Field("", description="One of the register's states (GET /registers)")

    def filters(self) -> Filters:
        return Filters(
            date_from=self.date_from,
            date_to=self.date_to,
            level=self.level,
            department_id=self.department_id,
            state=self.state,
        )


class LinesFilter(RegisterFilter):
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=queries.MAX_PAGE_SIZE)
    offset: Offset = 0


class ExportFilter(RegisterFilter):
    format: Literal["xlsx", "pdf"]


def _columns(reg: Register) -> list[dict[str, str]]:
    return [{"key": c.key, "header": str(c.header), "kind": c.kind} for c in reg.columns]


def _register(reg: Register) -> dict[str, Any]:
    return {
        "key": reg.key,
        "title": str(reg.title),
        "rules": list(reg.rules),
        "department": str(reg.department_help),
        "states": [{"code": code, "label": str(label)} for code, label in reg.states],
        "columns": _columns(reg),
    }


@router.get("", response=list[RegisterOut])
def list_registers(request: HttpRequest) -> Any:
    """Every register: its key, title, columns, states and what its department filter means."""
    return [_register(reg) for reg in queries.registers(request.auth)]


@router.get("/{key}", response=LinesOut)
def register_lines(request: HttpRequest, key: Line, filters: Query[LinesFilter]) -> Any:
    """One page of the register's lines, newest first (``next_offset`` null on the last
    page)."""
    qs = queries.lines(request.auth, key, filters.filters())
    reg = queries.register(request.auth, key)
    found = page(qs, filters)
    return {**found, "columns": _columns(reg), "items": queries.rows(reg, found["items"])}


@router.get("/{key}/export")
def export_register(request: HttpRequest, key: Line, filters: Query[ExportFilter]) -> Any:
    """The register within the filters as an .xlsx workbook or a PDF in the paper layout
    (organisation, period, signature columns); the export is recorded in the audit log."""
    exported = queries.export(request.auth, key, filters.filters(), filters.format)
    return attachment(exported.content, exported.filename, exported.content_type)
