"""Demo builders: each domain adds its part of the demo organisation.

``build(demo)`` receives the ``Demo`` being built — its organisation, people and accounts by
their short names, and ``parts`` where a builder leaves what later builders need — and adds
the domain's records through its operations. Builders run in ``order`` (the organisation
first). The demo is built once: when the organisation's builder finds it present already, it
leaves ``created`` False and the other builders add nothing (the logins are still listed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from baomi.seams.registry import Registry


@dataclass
class Demo:
    organisation: Any = None
    created: bool = False  # built by this run (False: it was there already)
    people: dict[str, Any] = field(default_factory=dict)  # by staff number
    accounts: dict[str, Any] = field(default_factory=dict)  # by username
    parts: dict[str, Any] = field(default_factory=dict)
    # What ``baomi demo`` prints: the logins' shared password and each login as
    # (username, role label, person's name).
    password: str = ""
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    # And who approves what: each approver of the org chart as (person's name, username or
    # "—", their posts, the rules that ask for them).
    approvers: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class DemoBuilder:
    key: str
    build: Callable[[Demo], None]
    order: int = 0


DEMO_BUILDERS: Registry[DemoBuilder] = Registry("demo builder")


def build_demo() -> Demo:
    """The demo organisation, built by every registered builder in order (idempotent)."""
    demo = Demo()
    for builder in DEMO_BUILDERS:
        builder.build(demo)
    return demo
