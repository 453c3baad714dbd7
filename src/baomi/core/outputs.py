"""``Row``: the answer schema of the rows a list reads as dicts (``core.prepared``).

django-ninja's ``Schema`` reads every field of every row through a getter object that looks for
a resolver, a dict key or an attribute and converts managers, querysets and callables: about a
third of a 25-row list's time. A row that is already a dict of plain values needs none of it:
``Row`` computes the schema's resolvers (``resolve_<field>``, given the dict) once per row and
hands pydantic the dict itself. Anything else (a model instance) goes through ninja's getter as
with ``Schema``."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator


class Row(Schema):
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        getter = DjangoGetter(values, cls, info.context)
        if type(values) is not dict:
            return handler(getter)
        resolvers = cls._ninja_resolvers
        if resolvers:
            values = {**values, **{name: resolve(getter) for name, resolve in resolvers.items()}}
        return handler(values)
