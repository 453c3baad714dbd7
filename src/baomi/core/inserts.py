"""New rows written in one parameterised statement, without the ORM's query compiler: for the
hot paths whose profile shows the compiler as the cost (the incoming registration writes five
rows, and compiling their inserts took more time than the database did).

``insert(objs)`` writes exactly what ``Model.objects.bulk_create(objs)`` writes (every
concrete column but the automatic key and generated columns, each value through its field's
``pre_save`` (``auto_now_add``) and ``get_db_prep_save``) and sets the keys the database gave
them (``RETURNING``: SQLite ≥ 3.35, PostgreSQL). It sends no signal, like ``bulk_create``; it
runs in the caller's transaction. The statement text is built once per model and row count.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connection
from django.db.models import Field, Model


@cache
def _columns(model: type[Model]) -> tuple[Field, ...]:
    return tuple(
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "generated", False)
    )


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
    fields = _columns(model)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, len(objs), connection.vendor), params)
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
