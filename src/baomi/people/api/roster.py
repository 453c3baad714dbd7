"""JSON routes of the people list and one's own file: ``GET /people-files`` (the security
office: the list with its filters, a page without counting) and ``GET /me/file`` (anyone:
their own file's summary). Bad query parameters answer 422 naming the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from baomi.core.inputs import Id
from baomi.core.levels import Clearance
from baomi.people.queries import roster

router = Router(tags=["people"])

# How far into the list a page may start.
MOST_OFFSET = 2**31


class PeopleFilesQuery(Schema):
    scope: Literal["cleared", "all"] = "cleared"
    clearance: Literal[2, 3, 4] | None = Field(None, description="2 一般, 3 重要, 4 核心")
    department: Id | None = Field(None, description="With its sub-departments")
    training_shortfall: bool = False
    self_check_missing: bool = False
    cooling_off: bool = False
    abroad: bool = False
    offset: int = Field(0, ge=0, le=MOST_OFFSET)
    limit: int = Field(50, ge=1, le=roster.MOST_ROWS)


class PostOut(Schema):
    post_id: int
    name: str
    since: date


class PersonFileOut(Schema):
    id: int
    name: str
    staff_number: str
    department_id: int
    department: str
    clearance: int
    active: bool
    posts: list[PostOut]
    training_hours: Decimal
    self_check_filed: bool
    cooling_off_ends: date | None
    abroad: bool


class PeopleFilesPage(Schema):
    year: int
    min_hours: int
    month: date
    next_offset: int | None
    items: list[PersonFileOut]


def _posts(holdings: list[Any]) -> list[dict[str, Any]]:
    return [{"post_id": h.post_id, "name": h.post.name, "since": h.since} for h in holdings]


@router.get("/people-files", response=PeopleFilesPage)
def people_files(request: HttpRequest, query: Query[PeopleFilesQuery]) -> Any:
    """The organisation's people as the security office's list shows them (403 for anyone
    else): ``scope`` cleared people in post (default) or all; filters ``clearance``,
    ``department`` (with its sub-departments), ``training_shortfall`` (this year's hours under
    PPL-TRAINING's minimum), ``self_check_missing`` (this month, PPL-SELFCHECK),
    ``cooling_off`` (in the 脱密期 today, whoever left) and ``abroad`` (now); a page of
    ``limit`` from ``offset``, ``next_offset`` None on the last."""
    filters = roster.Filters(
        scope=query.scope,
        clearance=query.clearance,
        department_id=query.department,
        training_shortfall=query.training_shortfall,
        self_check_missing=query.self_check_missing,
        cooling_off=query.cooling_off,
        abroad=query.abroad,
    )
    rows, next_offset = roster.page(request.auth, filters, offset=query.offset, limit=query.limit)
    organisation_id = request.auth.person.organisation_id
    today = timezone.localdate()
    return {
        "year": today.year,
        "min_hours": roster.min_hours(organisation_id),
        "month": today.replace(day=1),
        "next_offset": next_offset,
        "items": [
            {
                "id": p.pk,
                "name": p.name,
                "staff_number": p.staff_number,
                "department_id": p.department_id,
                "department": p.department.name,
                "clearance": p.clearance,
                "active": p.is_active,
                "posts": _posts(p.posts),
                "training_hours": p.training_hours,
                "self_check_filed": p.self_check_filed,
                "cooling_off_ends": p.cooling_off_ends,
                "abroad": p.abroad,
            }
            for p in rows
        ],
    }


class TravelOut(Schema):
    id: int
    destination: str
    departs: date
    returns: date
    state: str


class MyFileOut(Schema):
    person_id: int
    name: str
    clearance: int
    clearance_label: str
    posts: list[PostOut]
    year: int
    training_hours: Decimal
    min_hours: int
    month: date
    self_check_filed: bool
    self_check_missed: date | None = Field(description="The last missed month still owed")
    letters_signed: int
    letters_awaiting: int
    travels: list[TravelOut]


@router.get("/me/file", response=MyFileOut)
def my_file(request: HttpRequest) -> Any:
    """The caller's own security file in short: class, open posts, training hours this year
    against the minimum (PPL-TRAINING), this month's self-check and the last missed month
    (PPL-SELFCHECK), this year's responsibility letters signed and awaiting their signature
    (RESP-ANNUAL), their latest travels abroad (PPL-ABROAD)."""
    found = roster.my_file(request.auth)
    return {
        "person_id": found.person.pk,
        "name": found.person.name,
        "clearance": found.clearance,
        "clearance_label": str(Clearance(found.clearance).label),
        "posts": _posts(found.posts),
        "year": found.year,
        "training_hours": found.training_hours,
        "min_hours": found.min_hours,
        "month": found.month,
        "self_check_filed": found.self_check_filed,
        "self_check_missed": found.missed,
        "letters_signed": found.letters_signed,
        "letters_awaiting": found.letters_awaiting,
        "travels": [
            {
                "id": t.pk,
                "destination": t.destination,
                "departs": t.departs,
                "returns": t.returns,
                "state": t.state,
            }
            for t in found.travels
        ],
    }
