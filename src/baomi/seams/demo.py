"""Demo builders: each domain adds its part of the demo organisation.

``build(demo)`` receives the ``Demo`` being built — its organisation, people and accounts by
their short names, and ``parts`` where a builder leaves what later builders need — and adds
the domain's records through its operations. Builders run in ``order`` (the organisation
first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from baomi.seams.registry import Registry


@dataclass
class Demo:
    organisation: Any = None
    people: dict[str, Any] = field(default_factory=dict)
    accounts: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoBuilder:
    key: str
    build: Callable[[Demo], None]
    order: int = 0


DEMO_BUILDERS: Registry[DemoBuilder] = Registry("demo builder")


def build_demo() -> Demo:
    demo = Demo()
    for builder in DEMO_BUILDERS:
        builder.build(demo)
    return demo
