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


FIXED_RULES = [r.id for r in rules.all_rules() if not r.switchable]
SWITCHABLE_RULES = [r.id for r in rules.all_rules() if r.switchable]


@pytest.mark.parametrize("rule_id", FIXED_RULES)
def test_a_rule_that_is_not_switchable_cannot_be_switched_off(officer, rule_id):
    """A BLOCK rule, a register, a deadline, a checklist item or a policy stays in force."""
    with pytest.raises(RuleViolation) as exc:
        set_rule(actor=officer, rule_id=rule_id, enabled=False)
    assert exc.value.rule_id == rule_id
    assert book.in_force(org_of(officer), rule_id)
    assert not RuleOverride.objects.exists()
    with pytest.raises(RuleViolation):
        book.require(org_of(officer), rule_id, False, "always refused")


def test_only_approvals_and_witnesses_that_do_not_block_are_switchable():
    approve_or_witness = {rules.Kind.APPROVE, rules.Kind.WITNESS}
    for rule in rules.all_rules():
        kinds = set(rule.kinds)
        expected = rules.Kind.BLOCK not in kinds and bool(kinds & approve_or_witness)
        assert rule.switchable == expected, rule.id


@pytest.mark.parametrize("rule_id", SWITCHABLE_RULES)
def test_a_switchable_rule_may_be_switched_off_and_on_again(officer, rule_id):
    set_rule(actor=officer, rule_id=rule_id, enabled=False)
    assert not book.in_force(org_of(officer), rule_id)
    book.require(org_of(officer), rule_id, False, "not enforced")  # switched off: no refusal
    set_rule(actor=officer, rule_id=rule_id, enabled=True)
    with pytest.raises(RuleViolation) as exc:
        book.require(org_of(officer), rule_id, False, "enforced again", conflict=True)
    assert (exc.value.rule_id, exc.value.message, exc.value.conflict) == (
        rule_id,
        "enforced again",
        True,
    )


def test_require_keeps_the_evidence_of_a_refusal():
    def evidence():
        pass

    with pytest.raises(RuleViolation) as exc:
        book.require(None, "MEDIA-NO-CROSS", False, "refused", evidence=evidence)
    assert exc.value.evidence is evidence and not exc.value.conflict
    book.require(None, "MEDIA-NO-CROSS", True, "allowed", evidence=evidence)


def test_require_knows_every_rule_it_is_asked_about():
    with pytest.raises(KeyError):
        book.require(None, "NO-SUCH-RULE", False, "?")


def test_an_older_override_does_not_switch_off_a_rule_that_is_not_switchable(officer):
    """An override stored before the rule became unswitchable is read as in force."""
    RuleOverride.objects.create(
        organisation_id=org_of(officer), rule_id="CLS-MARK", enabled=False, params={}
    )
    assert book.in_force(org_of(officer), "CLS-MARK")
    assert book.effective(org_of(officer), "CLS-MARK").enabled


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
        set_rule(actor=actor, rule_id="COPY-APPROVE", enabled=False)
    assert book.in_force(org_of(actor), "COPY-APPROVE")
    refusal = audit_events("operation.refused")[-1]["data"]
    assert (refusal["operation"], refusal["refusal"]) == ("set_rule", "AccessDenied")


def test_every_change_is_audited(officer):
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": "3"})
    set_rule(actor=officer, rule_id="COPY-APPROVE", enabled=False)
    events = audit_events("rulebook.rule_changed")
    assert [(e["subject_id"], e["data"]) for e in events] == [
        ("AUTH-LOCKOUT", {"rule": "AUTH-LOCKOUT", "enabled": True, "params": {"max_failures": 3}}),
        ("COPY-APPROVE", {"rule": "COPY-APPROVE", "enabled": False, "params": {}}),
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
