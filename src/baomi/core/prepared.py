"""Querysets compiled to SQL once per shape and run again with new parameters.

A list route builds the same query on every request — the CLS-MAC condition with its
subqueries, the filters, the order — and Django builds and compiles it anew each time: most
of a list request on a warm worker (issue 17). ``rows(key, build, **values)`` builds the
queryset once per *shape* with marker values standing in for the parameters, compiles it,
finds where each marker landed among the SQL's parameters, and from then on runs that SQL
with the real values in their places, converting the columns as Django would.

The shape is ``key`` and, for each value, what changes the SQL's text rather than its
parameters: whether it is None (a filter left out), an empty string, a boolean (which
``build`` branches on), or the length of a list (an ``IN`` list). Values may be ints,
strings (also inside a LIKE pattern, where Django wraps and escapes them), aware datetimes
(compared with datetime columns), booleans, None, tuples or lists of those, or frozen
dataclasses of those. Anything else ``build`` reads must be in ``key``. ``LIMIT`` and
``OFFSET`` are appended as parameters. The compiled queries are kept per database connection
(so per thread), a few per route."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

# Marker integers count down from here: within the range of every integer column (Django
# folds a lookup of an out-of-range value into the SQL's text). The query is compiled twice,
# with markers a thousand apart: a parameter that differs is a value's, one that is the same
# in both is the query's own constant, whatever its value.
_MARKERS = (32767, 31767)
_EPOCH = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)

# What a parameter is: a value itself, a LIKE pattern around a string value, a moment.
VALUE, PATTERN, MOMENT = "value", "pattern", "moment"


@dataclasses.dataclass(frozen=True)
class _Slot:
    index: int  # of the parameter
    kind: str
    path: str  # of the value: "name", "name.field", "name.2"
    pattern: str = ""  # the compiled pattern, ``marker`` where the value goes
    marker: str = ""


@dataclasses.dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[_Slot, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


def _shape(value: Any) -> Hashable:
    """What of ``value`` the SQL's text depends on."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return ("list", tuple(_shape(v) for v in value))
    if isinstance(value, str):
        return ("str", value == "")
    if dataclasses.is_dataclass(value):
        return tuple(_shape(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return "moment"
    if isinstance(value, int):
        return "int"
    raise TypeError(f"prepared: cannot stand in for {type(value).__name__}")


class _Markers:
    """Marker values counting down from ``top``, each recorded with the path of the real value
    it stands for."""

    def __init__(self, top: int) -> None:
        self.numbers = itertools.count(top, -1)
        self.ints: dict[int, str] = {}
        self.strs: dict[str, str] = {}
        self.moments: dict[Any, str] = {}  # by the marker as the database is given it

    def stand_in(self, value: Any, path: str) -> Any:
        if value is None or isinstance(value, bool) or value == "":
            return value
        if isinstance(value, list | tuple):
            return type(value)(self.stand_in(v, f"{path}.{n}") for n, v in enumerate(value))
        if dataclasses.is_dataclass(value):
            return dataclasses.replace(
                value,  # type: ignore[type-var]
                **{
                    f.name: self.stand_in(getattr(value, f.name), f"{path}.{f.name}")
                    for f in dataclasses.fields(value)
                },
            )
        number = next(self.numbers)
        if isinstance(value, str):
            marker = f"\ue000{number}\ue001"  # private-use characters: in no real value
            self.strs[marker] = path
            return marker
        if isinstance(value, datetime.datetime):
            moment = _EPOCH + datetime.timedelta(minutes=number)
            self.moments[connection.ops.adapt_datetimefield_value(moment)] = path
            return moment
        self.ints[number] = path
        return number

    def slot(self, index: int, param: Any) -> _Slot | None:
        """What the compiled parameter ``param`` stands for, or None."""
        if isinstance(param, Hashable) and param in self.moments:
            return _Slot(index, MOMENT, self.moments[param])
        if isinstance(param, int) and not isinstance(param, bool) and param in self.ints:
            return _Slot(index, VALUE, self.ints[param])
        if isinstance(param, str):
            if param in self.strs:
                return _Slot(index, VALUE, self.strs[param])
            for marker, path in self.strs.items():
                if marker in param:
                    return _Slot(index, PATTERN, path, param, marker)
        return None

    def paths(self) -> set[str]:
        return {*self.ints.values(), *self.strs.values(), *self.moments.values()}


def _value(values: dict[str, Any], path: str) -> Any:
    name, *rest = path.split(".")
    found = values[name]
    for part in rest:
        found = found[int(part)] if isinstance(found, list | tuple) else getattr(found, part)
    return found


def _compiled_with(
    build: Callable[..., QuerySet[Any]], values: dict[str, Any], top: int
) -> tuple[_Markers, Any, str, list[Any]]:
    markers = _Markers(top)
    queryset = build(**{name: markers.stand_in(v, name) for name, v in values.items()})
    if queryset.query.low_mark or queryset.query.high_mark is not None:
        raise ValueError("prepared: slice with limit/offset, not in the queryset")
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    return markers, compiler, sql, list(params)


def _compile(build: Callable[..., QuerySet[Any]], values: dict[str, Any]) -> _Compiled:
    markers, compiler, sql, params = _compiled_with(build, values, _MARKERS[0])
    others, _compiler, other_sql, other_params = _compiled_with(build, values, _MARKERS[1])
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError("prepared: the SQL depends on a value, not only its shape")
    slots = []
    for index, (param, other) in enumerate(zip(params, other_params, strict=True)):
        if param == other:
            continue  # the query's own constant
        slot, other_slot = markers.slot(index, param), others.slot(index, other)
        if (
            slot is None
            or other_slot is None
            or (slot.kind, slot.path)
            != (
                other_slot.kind,
                other_slot.path,
            )
        ):
            raise ValueError(f"prepared: parameter {index} is no value's")
        slots.append(slot)
    lost = markers.paths() - {slot.path for slot in slots}
    if lost:  # a value Django folded into the SQL's text: it cannot be a parameter
        raise ValueError(f"prepared: {sorted(lost)} did not become parameters")
    query = compiler.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    if len(names) != len(compiler.select):
        raise ValueError("prepared: build must answer .values(...)")
    converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
    return _Compiled(
        sql=sql,
        params=tuple(params),
        slots=tuple(slots),
        names=names,
        converters=tuple((i, tuple(c), expr) for i, (c, expr) in converters.items()),
    )


def _param(slot: _Slot, value: Any) -> Any:
    """The parameter of ``slot`` for the real ``value``, as Django would have made it."""
    if slot.kind == MOMENT:
        return connection.ops.adapt_datetimefield_value(value)
    if slot.kind == PATTERN:  # escaped as Django escapes a LIKE value
        return slot.pattern.replace(slot.marker, connection.ops.prep_for_like_query(value))
    return value


def rows(
    key: str,
    build: Callable[..., QuerySet[Any]],
    *,
    limit: int,
    offset: int = 0,
    **values: Any,
) -> list[dict[str, Any]]:
    """The rows (dicts of ``build``'s ``.values()``) of ``build(**values)`` from ``offset``,
    at most ``limit``: built and compiled once per shape of ``values``, then only run."""
    shape = (key, tuple((name, _shape(value)) for name, value in sorted(values.items())))
    cache: dict[Hashable, _Compiled] = connection.__dict__.setdefault("baomi_prepared", {})
    compiled = cache.get(shape)
    if compiled is None:
        compiled = cache[shape] = _compile(build, values)
    params = list(compiled.params)
    for slot in compiled.slots:
        params[slot.index] = _param(slot, _value(values, slot.path))
    with connection.cursor() as cursor:
        cursor.execute(f"{compiled.sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        found = cursor.fetchall()
    answer = []
    for row in found:
        row = list(row)
        for index, functions, expression in compiled.converters:
            for function in functions:
                row[index] = function(row[index], expression, connection)
        answer.append(dict(zip(compiled.names, row, strict=True)))
    return answer
