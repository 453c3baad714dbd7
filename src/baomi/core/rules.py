"""The rule registry: every rule of RULES.md as a typed object (pure, no database).

An organisation's overrides live in ``baomi.rulebook``; this module knows only the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
    SENIOR = "senior"  # approvers or a rank: a more senior one is stricter
    NONE = "none"  # a choice with no order (e.g. the designated vendors)


# Who may approve (``approvals.approvers`` finds each in the org chart), by seniority: a more
# senior approver stands in for a less senior one. The issuer and the lending side's head are
# particular people whom nobody else stands in for.
APPROVERS: dict[str, int | None] = {
    "department_head": 1,
    "office_director": 2,
    "security_office_head": 2,
    "leader_in_charge": 3,
    "organisation_head": 4,
    "issuer": None,
    "lender_department_head": None,
}
# What each approver is called (the rulebook page and its form, the approvals' refusals).
APPROVER_LABELS = {
    "department_head": gettext_lazy("Department head"),
    "leader_in_charge": gettext_lazy("Leader in charge"),
    "organisation_head": gettext_lazy("Head of the organisation"),
    "office_director": gettext_lazy("Director of the general office"),
    "security_office_head": gettext_lazy("Head of the security office"),
    "issuer": gettext_lazy("Issuer"),
    "lender_department_head": gettext_lazy("Head of the lending department"),
}

# The longest name a list parameter holds (a vendor's name) and the most names it holds.
NAME_LENGTH, MAX_NAMES = 100, 50

_SAME = object()  # a parameter's floor when not given: its default


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: its type and bounds (a value outside them is malformed), and
    the regulation's floor, the least strict value the regulation allows (None: it sets none,
    the bounds apply). An integer has ``minimum``/``maximum``; a list of approvers
    (``stricter`` SENIOR) names keys of APPROVERS, and meets the floor when every approver of
    the floor is there or stood in for by a more senior one; a string with ``stricter``
    SENIOR names one of the organisation's ranks, at or above the floor's."""

    name: str
    type: type
    default: Any
    stricter: Stricter
    help_zh: str
    help_en: str
    floor: Any = _SAME
    minimum: int | None = None
    maximum: int | None = None

    def __post_init__(self) -> None:
        if self.floor is _SAME:
            object.__setattr__(self, "floor", self.default)

    @property
    def approvers(self) -> bool:
        return self.type is list and self.stricter is Stricter.SENIOR

    @property
    def rank(self) -> bool:
        return self.type is str and self.stricter is Stricter.SENIOR

    def coerce(self, value: Any, ranks: dict[str, int] | None = None) -> Any:
        """``value`` as this parameter's type within its bounds, or ValueError saying why;
        ``ranks`` (key → seniority) are the organisation's, which a rank must name."""
        if self.type is int:
            return self._integer(value)
        if self.type is list:
            return self._names(value)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(_("%(name)s must be a name.") % {"name": self.name})
        value = value.strip()
        if self.rank and ranks is not None and value not in ranks:
            raise ValueError(
                _("%(name)s must name a rank of the organisation.") % {"name": self.name}
            )
        return value

    def _integer(self, value: Any) -> int:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("%(name)s must be a whole number.") % {"name": self.name})
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise ValueError(
                _("%(name)s must lie between %(low)s and %(high)s.")
                % {"name": self.name, "low": self.minimum, "high": self.maximum}
            )
        return value

    def _names(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("%(name)s must be a list of names.") % {"name": self.name})
        names = [v.strip() for v in value]
        if not all(n.isprintable() for n in names):  # no NUL or other control character
            raise ValueError(
                _("%(name)s holds a character that is not printable.") % {"name": self.name}
            )
        if len(set(names)) != len(names) or not all(names) or len(names) > MAX_NAMES:
            raise ValueError(
                _("%(name)s must list at most %(n)d different names.")
                % {"name": self.name, "n": MAX_NAMES}
            )
        if self.approvers:
            if not names or any(n not in APPROVERS for n in names):
                raise ValueError(
                    _("%(name)s must list approvers among: %(known)s.")
                    % {"name": self.name, "known": ", ".join(APPROVERS)}
                )
        elif any(len(n) > NAME_LENGTH for n in names):
            raise ValueError(
                _("%(name)s holds names of at most %(n)d characters.")
                % {"name": self.name, "n": NAME_LENGTH}
            )
        return names

    def meets_floor(self, value: Any, ranks: dict[str, int] | None = None) -> bool:
        """Whether ``value`` (coerced) is at least as strict as the regulation's floor.
        A rank is compared in ``ranks``; when the organisation has no rank of the floor's
        key, it places the regulation's rank on its own ladder itself."""
        floor = self.floor
        if floor is None or self.stricter is Stricter.NONE:
            return True
        if self.stricter is Stricter.HIGHER:
            return value >= floor
        if self.stricter is Stricter.LOWER:
            return value <= floor
        if self.approvers:
            return _stands_in(value, floor)
        if not ranks or floor not in ranks:
            return True
        return ranks[value] >= ranks[floor]


def _stands_in(approvers: list[str], floor: list[str]) -> bool:
    """Whether each approver of ``floor`` is among ``approvers`` or stood in for by a distinct
    one at least as senior (the most senior needs first, each taking the least senior fit)."""
    left = list(approvers)
    for need in sorted(floor, key=lambda k: APPROVERS[k] or 99, reverse=True):
        rank = APPROVERS[need]
        fits = [k for k in left if k == need or (rank is not None and (APPROVERS[k] or 0) >= rank)]
        if not fits:
            return False
        left.remove(need if need in fits else min(fits, key=lambda k: APPROVERS[k] or 0))
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


SOURCE_TERMS: dict[str, tuple[str, str]] = {}
_SEED_CLAUSE = re.compile(r"\bP(\d+)")


def source_text(source: str, *, zh: bool) -> str:
    """A rule's source as a reader sees it: the seed's clauses (``P10 §33(4)``; in Chinese
    ``篇10 §33(4)``, listed with Chinese punctuation) and the words of SOURCE_TERMS in the
    reader's language."""
    if zh:
        source = _SEED_CLAUSE.sub(r"篇\1", source).replace("; ", "；").replace(", ", "、")
    terms = "|".join(re.escape(term) for term in SOURCE_TERMS)  # the longer phrase first
    return re.sub(rf"\b(?:{terms})(?!\w)", lambda m: SOURCE_TERMS[m[0]][0 if zh else 1], source)


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: (r.section, _order[r.id]))


_order: dict[str, int] = {}


def _load() -> None:
    from baomi.core import rulebook_data

    for i, rule in enumerate(rulebook_data.RULES):
        register(rule)
        _order[rule.id] = i
    SECTIONS.update(rulebook_data.SECTIONS)
    SOURCE_TERMS.update(rulebook_data.SOURCE_TERMS)


_load()
