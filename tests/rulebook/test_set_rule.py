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
from tests.factories import RANKS, World, audit_events


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


PARAMS = [(rule, p) for rule in rules.all_rules() for p in rule.params]
SENIORITY = {key: seniority for key, _name, seniority in RANKS}


def _less_senior_than(key):
    return next(k for k, s in sorted(SENIORITY.items(), key=lambda i: -i[1]) if s < SENIORITY[key])


def _more_senior_than(key):
    return next(k for k, s in sorted(SENIORITY.items(), key=lambda i: i[1]) if s > SENIORITY[key])


def _weaker(p):
    """A well-formed value of ``p`` less strict than the regulation's floor (None: none is)."""
    if p.floor is None or p.stricter is rules.Stricter.NONE:
        return None
    if p.stricter is rules.Stricter.HIGHER:
        return p.floor - 1 if p.minimum is None or p.floor - 1 >= p.minimum else None
    if p.stricter is rules.Stricter.LOWER:
        return p.floor + 1 if p.maximum is None or p.floor + 1 <= p.maximum else None
    if p.rank:
        return _less_senior_than(p.floor)
    # An approver nobody of the floor stands in for: the issuer for a ranked approver, the
    # head of the organisation for a particular person (the issuer, the lending side's head).
    need = p.floor[0]
    return ["organisation_head" if rules.APPROVERS[need] is None else "issuer", *p.floor[1:]]


def _stricter(p):
    """A well-formed value of ``p`` stricter than the regulation's floor (None: none is)."""
    if p.floor is None or p.stricter is rules.Stricter.NONE:
        return None
    if p.stricter is rules.Stricter.HIGHER:
        return p.floor + 1 if p.maximum is None or p.floor + 1 <= p.maximum else None
    if p.stricter is rules.Stricter.LOWER:
        return p.floor - 1 if p.minimum is None or p.floor - 1 >= p.minimum else None
    if p.rank:
        return _more_senior_than(p.floor)
    extra = next(
        k for k in ("organisation_head", "leader_in_charge", "office_director") if k not in p.floor
    )
    return [*p.floor, extra]


def _set(officer, rule, p, value):
    set_rule(actor=officer, rule_id=rule.id, params={p.name: value})
    return book.param(org_of(officer), rule.id, p.name)


@pytest.mark.parametrize(("rule", "p"), PARAMS, ids=[f"{r.id}.{p.name}" for r, p in PARAMS])
def test_every_parameter_keeps_its_type_bounds_and_the_regulations_floor(officer, rule, p):
    """Whatever the rule's kind: a value of the wrong type or out of bounds is malformed (the
    parameter named), one less strict than the floor is refused with the rule, the floor and
    anything stricter are allowed."""
    malformed = ["3", 3.5, None, {"a": 1}] if p.type is not int else ["three", 2.5, None, True]
    if p.type is list:
        malformed += [["a\x00b"], ["x" * 101]]
    if p.minimum is not None:
        malformed += [p.minimum - 1, p.maximum + 1]
    if p.approvers:
        malformed += [[], ["nobody"], [*p.floor, p.floor[0]]]
    if p.rank:
        malformed += ["nobody", ""]
    for value in malformed:
        with pytest.raises(InvalidInput) as exc:
            set_rule(actor=officer, rule_id=rule.id, params={p.name: value})
        assert exc.value.field == p.name, value
    weaker = _weaker(p)
    if weaker is not None:
        with pytest.raises(RuleViolation) as refused:
            set_rule(actor=officer, rule_id=rule.id, params={p.name: weaker})
        assert refused.value.rule_id == rule.id
    assert book.param(org_of(officer), rule.id, p.name) == p.default
    if p.floor is not None:
        assert _set(officer, rule, p, p.floor) == p.floor
    stricter = _stricter(p)
    if stricter is not None:
        assert _set(officer, rule, p, stricter) == stricter
    for bound in (p.minimum, p.maximum):
        if bound is not None and p.meets_floor(bound):
            assert _set(officer, rule, p, bound) == bound


def test_every_default_is_well_formed_and_meets_the_regulations_floor():
    for rule, p in PARAMS:
        assert p.coerce(p.default, SENIORITY) == p.default, (rule.id, p.name)
        assert p.meets_floor(p.default, SENIORITY), (rule.id, p.name)
        if p.floor is not None:
            assert p.coerce(p.floor, SENIORITY) == p.floor, (rule.id, p.name)
        if p.type is int:
            assert p.minimum is not None and p.maximum is not None, (rule.id, p.name)


@pytest.mark.parametrize(("value", "refusal"), [(-5, "422"), (0, "403"), (1, "403")])
def test_fewer_than_two_witnesses_refused__DESTROY_WITNESS(officer, value, refusal):
    """The seed says two supervisors (监销) at least: −5 is no number of people, 0 and 1 are
    less than the regulation allows."""
    expected = InvalidInput if refusal == "422" else RuleViolation
    with pytest.raises(expected) as exc:
        set_rule(actor=officer, rule_id="DESTROY-WITNESS", params={"min_witnesses": value})
    if expected is RuleViolation:
        assert exc.value.rule_id == "DESTROY-WITNESS"
    else:
        assert exc.value.field == "min_witnesses"
    assert book.param(org_of(officer), "DESTROY-WITNESS", "min_witnesses") == 2
    assert not audit_events("rulebook.rule_changed")


def test_three_witnesses_are_stricter_allowed_and_audited__DESTROY_WITNESS(officer):
    set_rule(actor=officer, rule_id="DESTROY-WITNESS", params={"min_witnesses": 3})
    assert book.param(org_of(officer), "DESTROY-WITNESS", "min_witnesses") == 3
    [event] = audit_events("rulebook.rule_changed")
    assert event["data"]["params"] == {"min_witnesses": 3}


@pytest.mark.parametrize(
    "approvers", [["department_head"], ["leader_in_charge"], ["issuer"], ["office_director"]]
)
def test_top_secret_taken_out_on_a_lesser_approval_refused__CARRY_APPROVE(officer, approvers):
    """A top-secret item leaves only with the head of the organisation's approval."""
    with pytest.raises(RuleViolation) as exc:
        set_rule(actor=officer, rule_id="CARRY-APPROVE", params={"top_secret_approvers": approvers})
    assert exc.value.rule_id == "CARRY-APPROVE"
    assert book.param(org_of(officer), "CARRY-APPROVE", "top_secret_approvers") == [
        "organisation_head"
    ]


def test_a_leader_in_charge_before_the_head_is_stricter__CARRY_APPROVE(officer):
    chain = ["leader_in_charge", "organisation_head"]
    set_rule(actor=officer, rule_id="CARRY-APPROVE", params={"top_secret_approvers": chain})
    assert book.param(org_of(officer), "CARRY-APPROVE", "top_secret_approvers") == chain


def test_a_more_senior_approver_stands_in_for_a_less_senior_one__COPY_APPROVE(officer):
    """Department head → leader in charge is stricter; the lending side's head is a
    particular person nobody stands in for (LOAN-APPROVE)."""
    set_rule(actor=officer, rule_id="COPY-APPROVE", params={"approvers": ["leader_in_charge"]})
    assert book.param(org_of(officer), "COPY-APPROVE", "approvers") == ["leader_in_charge"]
    with pytest.raises(RuleViolation):
        set_rule(
            actor=officer,
            rule_id="LOAN-APPROVE",
            params={"approvers": ["department_head", "organisation_head"]},
        )


def test_an_override_stored_below_the_floor_does_not_weaken_the_rule(officer):
    """An override written before the floor was declared counts for nothing."""
    RuleOverride.objects.create(
        organisation_id=org_of(officer),
        rule_id="DESTROY-WITNESS",
        params={"min_witnesses": 1},
    )
    assert book.param(org_of(officer), "DESTROY-WITNESS", "min_witnesses") == 2


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
