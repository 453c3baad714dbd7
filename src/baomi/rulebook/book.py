"""Reading an organisation's rulebook: what is in force and with which parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from baomi.core import refdata, rules
from baomi.core.errors import RuleViolation
from baomi.rulebook.models import RuleOverride


@dataclass(frozen=True)
class EffectiveRule:
    rule: rules.Rule
    enabled: bool
    params: dict[str, Any]
    overridden: bool


def _overrides(organisation_id: int | None) -> dict[str, RuleOverride]:
    """The organisation's overrides, read once per process and again after a change
    (``core.refdata``, kind RULEBOOK: ``RuleOverride``'s save bumps it). Shared: read-only."""
    if organisation_id is None:
        return {}

    def read() -> dict[str, RuleOverride]:
        return {o.rule_id: o for o in RuleOverride.objects.filter(organisation_id=organisation_id)}

    return refdata.cached(organisation_id, refdata.RULEBOOK, "overrides", read)


def effective(organisation_id: int | None, rule_id: str) -> EffectiveRule:
    return _merge(rules.get(rule_id), _overrides(organisation_id).get(rule_id))


def rulebook(organisation_id: int | None) -> list[EffectiveRule]:
    overrides = _overrides(organisation_id)
    return [_merge(rule, overrides.get(rule.id)) for rule in rules.all_rules()]


def _merge(rule: rules.Rule, override: RuleOverride | None) -> EffectiveRule:
    params = rule.defaults()
    if override is None:
        return EffectiveRule(rule, True, params, False)
    params.update({k: v for k, v in override.params.items() if _allowed(rule, k, v)})
    # A rule that cannot be switched off is in force whatever an older override says.
    return EffectiveRule(rule, override.enabled or not rule.switchable, params, True)


def _allowed(rule: rules.Rule, name: str, value: Any) -> bool:
    """Whether an override's stored value still counts: a parameter the rule has, of its
    type, within its bounds and not below the regulation's floor (an override stored before
    the floor was declared does not weaken the rule)."""
    try:
        p = rule.param(name)
        return p.coerce(value) == value and p.meets_floor(value)
    except (KeyError, ValueError):
        return False


def param(organisation_id: int | None, rule_id: str, name: str) -> Any:
    """The value of one parameter of a rule, for this organisation."""
    return effective(organisation_id, rule_id).params[name]


def in_force(organisation_id: int | None, rule_id: str) -> bool:
    """Whether the rule applies in the organisation: always, unless it is switchable and the
    organisation switched it off."""
    if not rules.get(rule_id).switchable:
        return True
    return effective(organisation_id, rule_id).enabled


def require(
    organisation_id: int | None,
    rule_id: str,
    ok: bool,
    message: str,
    *,
    evidence: Callable[[], None] | None = None,
    conflict: bool = False,
) -> None:
    """The one gate of every rule check: raise ``RuleViolation(rule_id, message)`` when the
    check failed (``ok`` is false) and the rule is in force in the organisation, so that what
    the rulebook page shows is what the operation does. ``evidence`` (rows the refusal leaves
    behind) and ``conflict`` (409: the record already says otherwise) are RuleViolation's."""
    if not ok and in_force(organisation_id, rule_id):
        raise RuleViolation(rule_id, message, evidence=evidence, conflict=conflict)


def shown(value: Any) -> str:
    """A parameter's value as people read it: a list of names joined, no floor as "—"."""
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def floor_text(param: rules.Param, show: Callable[[Any], str] = shown) -> str:
    """The regulation's floor of a parameter as a reader sees it (≥ 2, ≤ 30, an approver or
    one more senior), with the parameter's bounds; ``show`` writes a value."""
    if param.floor is None or param.stricter is rules.Stricter.NONE:
        text = _("not set by the regulation")
    elif param.stricter is rules.Stricter.HIGHER:
        text = f"≥ {param.floor}"
    elif param.stricter is rules.Stricter.LOWER:
        text = f"≤ {param.floor}"
    else:
        text = _("%(value)s or more senior") % {"value": show(param.floor)}
    if param.minimum is not None and param.maximum is not None:
        text += f" ({param.minimum}–{param.maximum})"
    return text


def as_record(effective: EffectiveRule) -> dict[str, Any]:
    """One rule as plain data (the API and ``baomi rules --json``): its text in Chinese and
    English, whether baomi enforces it yet, and the organisation's setting of it."""
    rule = effective.rule
    return {
        "id": rule.id,
        "section": rule.section,
        "kinds": [str(k) for k in rule.kinds],
        "source": rule.source,
        "title_zh": rule.title_zh,
        "title_en": rule.title_en,
        "text_zh": rule.text_zh,
        "text_en": rule.text_en,
        "enforced": rule.enforced,
        "switchable": rule.switchable,
        "in_force": effective.enabled,
        "overridden": effective.overridden,
        "params": [
            {
                "name": p.name,
                "type": p.type.__name__,
                "default": p.default,
                "value": effective.params[p.name],
                "stricter": str(p.stricter),
                "floor": p.floor,
                "minimum": p.minimum,
                "maximum": p.maximum,
                "choices": list(rules.APPROVERS) if p.approvers else [],
                "help_zh": p.help_zh,
                "help_en": p.help_en,
            }
            for p in rule.params
        ],
    }
