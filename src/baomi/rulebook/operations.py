"""Changing an organisation's rulebook: security officer only, audited (the rulebook)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import memo, rules
from baomi.core.errors import InvalidInput, RuleViolation
from baomi.rulebook import book
from baomi.rulebook.models import RuleOverride

RULE_CHANGED = register_action("rulebook.rule_changed", gettext_lazy("Rule changed"))


@operation
def set_rule(
    *, actor: Any, rule_id: str, enabled: bool = True, params: dict[str, Any] | None = None
) -> RuleOverride:
    """Set this organisation's own version of a rule. Only a switchable rule
    (``Rule.switchable``) can be switched off; a BLOCK rule's parameters may only be made
    stricter."""
    require(actor, Permission.EDIT_RULEBOOK)
    try:
        rule = rules.get(rule_id)
    except KeyError:
        raise InvalidInput(
            _("There is no rule %(id)s.") % {"id": rule_id}, field="rule_id"
        ) from None
    values: dict[str, Any] = {}
    for name, raw in (params or {}).items():
        try:
            p = rule.param(name)
            values[name] = p.coerce(raw)
        except (KeyError, ValueError) as exc:
            raise InvalidInput(str(exc), field=name) from None
        if rule.is_block and not p.is_at_least_as_strict(values[name]):
            raise RuleViolation(
                rule.id,
                _("A blocking rule may only be made stricter: %(name)s may not go %(dir)s %(v)s.")
                % {
                    "name": name,
                    "dir": _("below") if p.stricter == "higher" else _("above"),
                    "v": p.default,
                },
            )
    if not enabled and not rule.switchable:
        raise RuleViolation(
            rule.id,
            _("A blocking rule cannot be switched off.")
            if rule.is_block
            else _("This rule keeps a register, a deadline or a policy: it is always in force."),
        )
    organisation_id = actor.person.organisation_id
    override, _created = RuleOverride.objects.update_or_create(
        organisation_id=organisation_id,
        rule_id=rule.id,
        defaults={"enabled": enabled, "params": values, "changed_by": actor},
    )
    memo.forget(book.memo_key(organisation_id))
    record_event(
        actor=actor,
        action=RULE_CHANGED,
        subject=("rulebook.rule", rule.id),
        data={"rule": rule.id, "enabled": enabled, "params": values},
    )
    return override
