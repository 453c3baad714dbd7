"""New rows written in one parameterised statement, without the ORM's query compiler: for the
hot paths whose profile shows the compiler as the cost (the incoming registration writes five
rows, and compiling their inserts took more time than the database did).

``insert(objs)`` writes exactly what ``Model.objects.bulk_create(objs)`` writes (every
concrete column but the automatic key and generated columns, each value through its field's
``pre_save`` (``auto_now_add``) and ``get_db_prep_save``, or as it is where that would not
change it: a ``str`` for a text column, an ``int`` for an integer column) and sets the keys the
database gave them (``RETURNING``: SQLite ≥ 3.35, PostgreSQL). It sends no signal, like
``bulk_create``; it runs in the caller's transaction. The statement text is built once per
model and row count.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    TextField,
)


@cache
def _columns(model: type[Model]) -> tuple[Field, ...]:
    return tuple(
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    )


def _plain(field: Field) -> type | None:
    """The one Python type whose values ``field`` writes unchanged (``get_db_prep_save`` of a
    ``str`` for a text column is the same ``str``, of an ``int`` for an integer column or a key
    the same ``int``, of a ``bool`` for a boolean column the same ``bool``), or None: its values
    go through the field (dates and times, JSON, choices given as enum members, lazy texts)."""
    if isinstance(field, DateField):
        return None
    if isinstance(field, ForeignKey):
        return int if isinstance(field.target_field, IntegerField) else None
    if isinstance(field, BooleanField):
        return bool
    if isinstance(field, IntegerField):
        return int
    if isinstance(field, CharField | TextField):
        return str
    return None


@cache
def _preparers(model: type[Model]) -> tuple[tuple[Field, str, type | None, bool], ...]:
    return tuple((f, f.attname, _plain(f), f.null) for f in _columns(model))


def _value(obj: Model, field: Field, attname: str, plain: type | None, null: bool) -> object:
    if plain is not None:
        value = getattr(obj, attname)
        if type(value) is plain or (value is None and null):
            return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


@cache
def _statement(model: type[Model], rows: int, vendor: str) -> str:
    quote = connection.ops.quote_name
    fields = _columns(model)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Names from the model's metadata, quoted; every value is a parameter.
    return (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([one] * rows)} RETURNING {quote(model._meta.pk.column)}"
    )


def insert(objs: Sequence[Model]) -> None:
    """Insert the new instances ``objs`` (all of one model with an automatic key) in one
    statement and give each its key, as ``bulk_create`` would."""
    if not objs:
        return
    model = type(objs[0])
    preparers = _preparers(model)
    params = [_value(obj, *p) for obj in objs for p in preparers]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, len(objs), connection.vendor), params)
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
