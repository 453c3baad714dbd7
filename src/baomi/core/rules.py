"""The rule registry: every rule of RULES.md as a typed object (pure, no database).

An organisation's overrides live in ``baomi.rulebook``; this module knows only the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    BLOCK = "BLOCK"
    APPROVE = "APPROVE"
    WITNESS = "WITNESS"
    RECORD = "RECORD"
    DEADLINE = "DEADLINE"
    CHECK = "CHECK"
    POLICY = "POLICY"


# The kinds whose "off" has a meaning: the operation then needs no approval or witness.
SWITCHABLE_KINDS = frozenset({Kind.APPROVE, Kind.WITNESS})


class Stricter(StrEnum):
    """Which way a parameter moves when an organisation makes its rule stricter."""

    HIGHER = "higher"  # e.g. min_witnesses: 3 is stricter than 2
    LOWER = "lower"  # e.g. max_failures, max_hours: 3 is stricter than 5
    NONE = "none"  # a choice with no order (e.g. approver roles): any value is allowed


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    default: Any
    stricter: Stricter
    help_zh: str
    help_en: str

    def coerce(self, value: Any) -> Any:
        """Return ``value`` as this parameter's type, or raise ValueError."""
        if self.type is bool:
            if isinstance(value, bool):
                return value
            raise ValueError(f"{self.name} must be true or false")
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise ValueError(f"{self.name} must be an integer")
            return int(value)
        if self.type is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{self.name} must be a list of names")
            return list(value)
        if self.type is dict:
            if not isinstance(value, dict):
                raise ValueError(f"{self.name} must be a mapping")
            return dict(value)
        if not isinstance(value, self.type):
            raise ValueError(f"{self.name} must be of type {self.type.__name__}")
        return value

    def is_at_least_as_strict(self, value: Any) -> bool:
        if self.stricter is Stricter.HIGHER:
            return value >= self.default
        if self.stricter is Stricter.LOWER:
            return value <= self.default
        return True


@dataclass(frozen=True)
class Rule:
    id: str
    section: int
    kinds: tuple[Kind, ...]
    source: str
    text_zh: str
    text_en: str
    params: tuple[Param, ...] = ()
    enforced: bool = False  # True once code enforces/records it and a test names it
    title_zh: str = ""
    title_en: str = field(default="")

    @property
    def is_block(self) -> bool:
        return Kind.BLOCK in self.kinds

    @property
    def switchable(self) -> bool:
        """Whether an organisation may switch the rule off: only a rule that asks for an
        approval or for witnesses (off: the operation needs none) and does not block. A
        register, a deadline, a checklist item or a policy is always kept (off would only
        hide what the regulation still demands); its parameters may still be tuned."""
        return not self.is_block and any(k in SWITCHABLE_KINDS for k in self.kinds)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"{self.id} has no parameter {name!r}")

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}


SECTIONS: dict[int, tuple[str, str]] = {}
RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in RULES:
        raise ValueError(f"rule {rule.id} registered twice")
    RULES[rule.id] = rule
    return rule


def get(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}") from None


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: (r.section, _order[r.id]))


_order: dict[str, int] = {}


def _load() -> None:
    from baomi.core import rulebook_data

    for i, rule in enumerate(rulebook_data.RULES):
        register(rule)
        _order[rule.id] = i
    SECTIONS.update(rulebook_data.SECTIONS)


_load()
