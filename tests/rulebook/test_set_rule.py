"""An organisation's own rulebook: changed by the security officer only, audited; a BLOCK rule
stays in force and its parameters only become stricter; other rules may be switched off."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.core import rules
from baomi.core.errors import AccessDenied, InvalidInput, RuleViolation
from baomi.rulebook import book
from baomi.rulebook.models import RuleOverride
from baomi.rulebook.operations import set_rule
from tests.factories import World, audit_events


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office")


def org_of(account):
    return account.person.organisation_id


BLOCK_RULES = [r.id for r in rules.all_rules() if r.is_block]
OTHER_RULES = [r.id for r in rules.all_rules() if not r.is_block]


@pytest.mark.parametrize("rule_id", BLOCK_RULES)
def test_a_block_rule_cannot_be_switched_off(officer, rule_id):
    with pytest.raises(RuleViolation) as exc:
        set_rule(actor=officer, rule_id=rule_id, enabled=False)
    assert exc.value.rule_id == rule_id
    assert book.in_force(org_of(officer), rule_id)
    assert not RuleOverride.objects.exists()


@pytest.mark.parametrize("rule_id", ["CLS-REVIEW", "COPY-APPROVE", "CLS-CATALOG", "INSP-MONTHLY"])
def test_a_rule_that_does_not_block_may_be_switched_off(officer, rule_id):
    assert rule_id in OTHER_RULES
    set_rule(actor=officer, rule_id=rule_id, enabled=False)
    assert not book.in_force(org_of(officer), rule_id)
    book.check(org_of(officer), rule_id, False, "not enforced")  # switched off: no refusal
    set_rule(actor=officer, rule_id=rule_id, enabled=True)
    with pytest.raises(RuleViolation):
        book.check(org_of(officer), rule_id, False, "enforced again")


def _strictness_cases():
    """(rule, parameter, a stricter value, a laxer value) of every ordered BLOCK parameter."""
    for rule in rules.all_rules():
        for p in rule.params:
            if rule.is_block and p.stricter != rules.Stricter.NONE:
                step = 1 if p.stricter == rules.Stricter.HIGHER else -1
                yield pytest.param(
                    rule.id, p.name, p.default + step, p.default - step, id=f"{rule.id}.{p.name}"
                )


@pytest.mark.parametrize(("rule_id", "name", "stricter", "laxer"), list(_strictness_cases()))
def test_a_block_rules_parameters_only_become_stricter(officer, rule_id, name, stricter, laxer):
    with pytest.raises(RuleViolation) as exc:
        set_rule(actor=officer, rule_id=rule_id, params={name: laxer})
    assert exc.value.rule_id == rule_id
    assert book.param(org_of(officer), rule_id, name) == rules.get(rule_id).param(name).default
    set_rule(actor=officer, rule_id=rule_id, params={name: stricter})
    assert book.param(org_of(officer), rule_id, name) == stricter


def test_a_rule_that_does_not_block_may_be_relaxed(officer):
    set_rule(actor=officer, rule_id="DESTROY-WITNESS", params={"min_witnesses": 1})
    assert book.param(org_of(officer), "DESTROY-WITNESS", "min_witnesses") == 1


@pytest.mark.parametrize(
    ("rule_id", "params"),
    [
        ("NO-SUCH-RULE", {}),
        ("AUTH-LOCKOUT", {"max_tries": 3}),
        ("AUTH-LOCKOUT", {"max_failures": "three"}),
        ("AUTH-LOCKOUT", {"max_failures": True}),
        ("DRAFT-CHAIN", {"approvers": "department_head"}),
    ],
)
def test_unknown_rules_parameters_and_values_are_refused(officer, rule_id, params):
    with pytest.raises(InvalidInput):
        set_rule(actor=officer, rule_id=rule_id, params=params)
    assert not RuleOverride.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_OFFICER])
def test_only_the_security_officer_changes_the_rulebook(world, role):
    actor = world.account(role)
    with pytest.raises(AccessDenied):
        set_rule(actor=actor, rule_id="CLS-REVIEW", enabled=False)
    assert book.in_force(org_of(actor), "CLS-REVIEW")
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["refusal"]) == ("set_rule", "AccessDenied")


def test_every_change_is_audited(officer):
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": "3"})
    set_rule(actor=officer, rule_id="CLS-REVIEW", enabled=False)
    events = audit_events("rulebook.rule_changed")
    assert [(e["subject_id"], e["data"]) for e in events] == [
        ("AUTH-LOCKOUT", {"rule": "AUTH-LOCKOUT", "enabled": True, "params": {"max_failures": 3}}),
        ("CLS-REVIEW", {"rule": "CLS-REVIEW", "enabled": False, "params": {}}),
    ]
    assert all(e["actor_id"] == officer.pk for e in events)
    assert RuleOverride.objects.get(rule_id="AUTH-LOCKOUT").changed_by == officer


def test_an_override_is_the_organisations_own(world, officer):
    other = World.build().account(Role.SECURITY_OFFICER)
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": 3})
    assert book.param(org_of(officer), "AUTH-LOCKOUT", "max_failures") == 3
    assert book.param(org_of(other), "AUTH-LOCKOUT", "max_failures") == 5
    assert book.param(None, "AUTH-LOCKOUT", "max_failures") == 5


def test_setting_a_rule_again_replaces_the_override(officer):
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": 3})
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"lock_minutes": 60})
    assert book.effective(org_of(officer), "AUTH-LOCKOUT").params == {
        "max_failures": 5,
        "window_minutes": 15,
        "lock_minutes": 60,
    }
    assert RuleOverride.objects.count() == 1
