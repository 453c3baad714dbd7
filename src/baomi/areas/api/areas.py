"""JSON routes of the list of secure areas (要害部门部位, AREA-LIST).

- ``GET /areas`` (filters ``kind``, ``level``, ``department_id``, ``active``; ``offset``,
  ``limit``): the office's list; ``POST /areas`` registers an area.
- ``GET /areas/{id}``: one area with the people assigned now (the office, its keeper, the
  people assigned); ``PUT /areas/{id}`` changes it; ``POST /areas/{id}/keeper`` hands its key
  to a new keeper; ``POST /areas/{id}/deactivate`` takes it out of use.
- ``POST /areas/{id}/assignments`` assigns a person; ``POST /area-assignments/{id}/end``
  ends an assignment.
- ``GET /venues``: the areas in use a meeting may be held in (MANAGE_MEETINGS or
  MANAGE_AREAS).

A refusal is 403 with ``rule`` (AREA-LIST naming the keeper or person, ROLE-SEPARATION),
bad input 422 naming the field, an area of another organisation 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from baomi.areas.models import AreaKind
from baomi.areas.operations import areas as operations
from baomi.areas.operations.areas import MAX_LOCATION, MAX_MEASURES, MAX_NAME
from baomi.areas.queries import areas as queries
from baomi.core.inputs import Id, Line, Offset, Text

router = Router(tags=["areas"])
MOST = 500


class AreaIn(Schema):
    name: Line = Field(max_length=MAX_NAME)
    kind: AreaKind
    level: int = Field(ge=1, le=4)
    department_id: Id
    location: Line = Field("", max_length=MAX_LOCATION)
    measures: Text = Field("", max_length=MAX_MEASURES)


class RegisterIn(AreaIn):
    keeper_id: Id


class KeeperIn(Schema):
    keeper_id: Id
    note: Text = Field("", max_length=500)


class AssignIn(Schema):
    person_id: Id
    since: date | None = None


class EndIn(Schema):
    until: date | None = None


class DeactivateIn(Schema):
    reason: Text = Field("", max_length=500)


class AreaOut(Schema):
    id: int
    name: str
    kind: str
    level: int
    department_id: int
    department: str = Field(alias="department.name")
    keeper_id: int
    keeper: str = Field(alias="keeper.name")
    location: str
    measures: str
    active: bool
    created_at: datetime
    assigned: int = 0


class AssignmentOut(Schema):
    id: int
    area_id: int
    person_id: int
    person: str = Field(alias="person.name")
    since: date
    until: date | None


class AreaDetailOut(AreaOut):
    assignments: list[AssignmentOut] = Field([], alias="assignments_now")


class VenueOut(Schema):
    id: int
    name: str
    kind: str
    level: int
    location: str
    department: str = Field(alias="department.name")


class AreaFilter(Schema):
    kind: AreaKind | None = None
    level: int | None = Field(None, ge=0, le=4)
    department_id: Id | None = None
    active: bool | None = None
    offset: Offset = 0
    limit: int = Field(100, ge=1, le=MOST)


def _detail(request: HttpRequest, area_id: int) -> Any:
    found = queries.area(request.auth, area_id)
    found.assignments_now = list(queries.assignments(request.auth, area_id))
    return found


@router.get("/areas", response=list[AreaOut])
def areas(request: HttpRequest, filters: Query[AreaFilter]) -> Any:
    """The organisation's secure areas (the security office), filtered, a page at a time."""
    found = queries.office_areas(
        request.auth,
        queries.AreaFilters(
            kind=filters.kind or "",
            level=filters.level,
            department_id=filters.department_id,
            active=filters.active,
        ),
    )
    return list(found[filters.offset : filters.offset + filters.limit])


@router.post("/areas", response={201: AreaDetailOut})
def register_area(request: HttpRequest, payload: RegisterIn) -> Any:
    """Register an area: 403 with ``rule`` AREA-LIST when the keeper has left or is not
    cleared for the level (naming them), ROLE-SEPARATION for oneself; 422 naming ``name``
    (taken), ``department_id``, ``keeper_id`` (no such person) or ``level``."""
    made = _call(operations.register_area, request, **payload.dict())
    return Status(201, _detail(request, made.pk))


@router.get("/areas/{area_id}", response=AreaDetailOut)
def area(request: HttpRequest, area_id: Id) -> Any:
    return _detail(request, area_id)


@router.put("/areas/{area_id}", response=AreaDetailOut)
def edit_area(request: HttpRequest, area_id: Id, payload: AreaIn) -> Any:
    """Change an area in use (AREA-LIST when the level would pass the keeper's or an
    assigned person's clearance)."""
    _call(operations.edit_area, request, area_id=area_id, **payload.dict())
    return _detail(request, area_id)


@router.post("/areas/{area_id}/keeper", response=AreaDetailOut)
def change_keeper(request: HttpRequest, area_id: Id, payload: KeeperIn) -> Any:
    """Hand the area's key to a new keeper (recorded in the audit event)."""
    _call(operations.change_keeper, request, area_id=area_id, **payload.dict())
    return _detail(request, area_id)


@router.post("/areas/{area_id}/deactivate", response=AreaDetailOut)
def deactivate_area(request: HttpRequest, area_id: Id, payload: DeactivateIn) -> Any:
    """Take an area out of use; its assignments end today (409 when already out of use)."""
    _call(operations.deactivate_area, request, area_id=area_id, **payload.dict())
    return _detail(request, area_id)


@router.post("/areas/{area_id}/assignments", response={201: AssignmentOut})
def assign(request: HttpRequest, area_id: Id, payload: AssignIn) -> Any:
    """Assign a person: 403 with ``rule`` AREA-LIST (left, or not cleared for the level)
    or ROLE-SEPARATION (oneself); 422 naming ``person_id`` or ``since``."""
    return Status(201, _call(operations.assign, request, area_id=area_id, **payload.dict()))


@router.post("/area-assignments/{assignment_id}/end", response=AssignmentOut)
def end_assignment(request: HttpRequest, assignment_id: Id, payload: EndIn) -> Any:
    return _call(operations.end_assignment, request, assignment_id=assignment_id, **payload.dict())


@router.get("/venues", response=list[VenueOut])
def venues(request: HttpRequest) -> Any:
    """The areas in use a classified meeting may be held in, meeting rooms first."""
    return list(queries.venues(request.auth))


# The API's fields end in _id where the operations' do not: the one renaming.
_RENAMED = {"field": {"keeper": "keeper_id", "person": "person_id", "department": "department_id"}}


def _call(function: Any, request: HttpRequest, **arguments: Any) -> Any:
    """Run ``function`` as the request's account; a refused field is named as the API names
    it (``keeper_id`` for the operation's ``keeper``)."""
    from baomi.core.errors import InvalidInput

    try:
        return function(actor=request.auth, **arguments)
    except InvalidInput as exc:
        renamed = _RENAMED["field"].get(exc.field)
        if renamed:
            exc.field = renamed
        raise
