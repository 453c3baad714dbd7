"""Changing an organisation's rulebook: security officer only, audited (the rulebook)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import rules
from baomi.core.errors import InvalidInput
from baomi.rulebook import book, ranks
from baomi.rulebook.models import RuleOverride

RULE_CHANGED = register_action("rulebook.rule_changed", gettext_lazy("Rule changed"))


@operation
def set_rule(
    *, actor: Actor, rule_id: str, enabled: bool = True, params: dict[str, Any] | None = None
) -> RuleOverride:
    """Set this organisation's own version of a rule. Only a switchable rule
    (``Rule.switchable``) can be switched off. A parameter must be of its type and within its
    bounds (else InvalidInput naming it) and at least as strict as the regulation's floor
    (else refused with the rule), whatever the rule's kind."""
    require(actor, Permission.EDIT_RULEBOOK)
    try:
        rule = rules.get(rule_id)
    except KeyError:
        raise InvalidInput(
            _("There is no rule %(id)s.") % {"id": rule_id}, field="rule_id"
        ) from None
    ladder = ranks.ladder(actor) if any(p.rank for p in rule.params) else None
    values: dict[str, Any] = {}
    for name, raw in (params or {}).items():
        try:
            p = rule.param(name)
        except KeyError:
            raise InvalidInput(
                _("%(rule)s has no parameter %(name)s.") % {"rule": rule.id, "name": name},
                field=name,
            ) from None
        try:
            values[name] = p.coerce(raw, ladder)
        except ValueError as exc:
            raise InvalidInput(str(exc), field=name) from None
        book.require(
            actor.person.organisation_id,
            rule.id,
            p.meets_floor(values[name], ladder),
            _("%(name)s may not be less strict than the regulation allows: %(floor)s.")
            % {"name": name, "floor": book.shown(p.floor)},
        )
    book.require(
        actor.person.organisation_id,
        rule.id,
        enabled or rule.switchable,
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
    # The override's save set a new RULEBOOK stamp in this transaction (core.refdata): every
    # process applies the new rule on its next operation, this one at once.
    record_event(
        actor=actor,
        action=RULE_CHANGED,
        subject=("rulebook.rule", rule.id),
        data={"rule": rule.id, "enabled": enabled, "params": values},
    )
    return override
