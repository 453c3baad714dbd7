"""Values remembered for the length of one operation (one transaction): an organisation's
rulebook overrides and working calendar are read once per operation, not once per rule or
deadline it checks. Outside an operation nothing is remembered."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_values: ContextVar[dict[Hashable, Any] | None] = ContextVar("baomi_memo", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """Remember values until the end of the block (nested scopes share the outer one)."""
    if _values.get() is not None:
        yield
        return
    token = _values.set({})
    try:
        yield
    finally:
        _values.reset(token)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per scope for ``key``; every time outside a scope."""
    values = _values.get()
    if values is None:
        return compute()
    if key not in values:
        values[key] = compute()
    return values[key]


def forget(key: Hashable) -> None:
    """Drop ``key`` after the operation changed what it stands for."""
    values = _values.get()
    if values is not None:
        values.pop(key, None)
