"""/api/v1/rules: the organisation's rulebook, changed only by the security officer."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.core import rules


def test_lists_every_rule_with_effective_parameters(world, api):
    r = api(world.account(Role.STAFF)).get("/rules")
    assert r.status_code == 200
    body = r.json()
    assert [x["id"] for x in body] == [rule.id for rule in rules.all_rules()]
    lockout = next(x for x in body if x["id"] == "AUTH-LOCKOUT")
    assert lockout["text_zh"] and lockout["text_en"] and lockout["in_force"] is True
    assert lockout["enforced"] is rules.get("AUTH-LOCKOUT").enforced
    failures = next(p for p in lockout["params"] if p["name"] == "max_failures")
    assert failures["value"] == failures["default"] == 5 and failures["type"] == "int"


def test_security_officer_makes_a_rule_stricter__AUTH_LOCKOUT(world, api):
    """Answers the rule as now in force; every reader of the rulebook sees the change."""
    r = api(world.account(Role.SECURITY_OFFICER)).put(
        "/rules/AUTH-LOCKOUT", {"params": {"max_failures": 3}}
    )
    assert r.status_code == 200, r.content
    assert r.json()["overridden"] is True
    assert {p["name"]: p["value"] for p in r.json()["params"]}["max_failures"] == 3
    listed = api(world.account(Role.STAFF)).get("/rules").json()
    lockout = next(x for x in listed if x["id"] == "AUTH-LOCKOUT")
    assert {p["name"]: p["value"] for p in lockout["params"]}["max_failures"] == 3


def test_loosening_a_block_rule_refused__AUTH_LOCKOUT(world, api):
    r = api(world.account(Role.SECURITY_OFFICER)).put(
        "/rules/AUTH-LOCKOUT", {"params": {"max_failures": 50}}
    )
    assert r.status_code == 403 and r.json()["rule"] == "AUTH-LOCKOUT"


def test_switching_off_a_block_rule_refused__CLS_MARK(world, api):
    r = api(world.account(Role.SECURITY_OFFICER)).put("/rules/CLS-MARK", {"enabled": False})
    assert r.status_code == 403 and r.json()["rule"] == "CLS-MARK"


def test_others_may_not_change_the_rulebook(world, api):
    for role in (Role.SYSADMIN, Role.AUDITOR, Role.LEADER):
        r = api(world.account(role)).put("/rules/AUTH-LOCKOUT", {"params": {"max_failures": 3}})
        assert r.status_code == 403 and r.json()["rule"] is None


def test_unknown_rule_or_parameter_is_invalid_input(world, api):
    client = api(world.account(Role.SECURITY_OFFICER))
    unknown = client.put("/rules/NO-SUCH-RULE", {})
    assert unknown.status_code == 422 and unknown.json()["field"] == "rule_id"
    bad_param = client.put("/rules/AUTH-LOCKOUT", {"params": {"colour": "red"}})
    assert bad_param.status_code == 422 and bad_param.json()["field"] == "colour"


def _param(body, rule_id, name):
    rule = next(x for x in body if x["id"] == rule_id)
    return next(p for p in rule["params"] if p["name"] == name)


def test_each_parameter_shows_its_bounds_and_the_regulations_floor(world, api):
    body = api(world.account(Role.STAFF)).get("/rules").json()
    witnesses = _param(body, "DESTROY-WITNESS", "min_witnesses")
    assert (witnesses["floor"], witnesses["minimum"], witnesses["maximum"]) == (2, 0, 10)
    assert witnesses["stricter"] == "higher" and witnesses["choices"] == []
    carry = _param(body, "CARRY-APPROVE", "top_secret_approvers")
    assert carry["floor"] == ["organisation_head"] and carry["stricter"] == "senior"
    assert "department_head" in carry["choices"]
    assert _param(body, "LOAN-DUE", "max_days")["floor"] is None  # the seed sets no longest loan
    switchable = {x["id"] for x in body if x["switchable"]}
    assert {"COPY-APPROVE", "LOAN-APPROVE"} <= switchable and "CLS-MARK" not in switchable


def test_fewer_witnesses_than_the_regulation_refused__DESTROY_WITNESS(world, api):
    client = api(world.account(Role.SECURITY_OFFICER))
    weaker = client.put("/rules/DESTROY-WITNESS", {"params": {"min_witnesses": 1}})
    assert weaker.status_code == 403 and weaker.json()["rule"] == "DESTROY-WITNESS"
    nonsense = client.put("/rules/DESTROY-WITNESS", {"params": {"min_witnesses": -5}})
    assert nonsense.status_code == 422 and nonsense.json()["field"] == "min_witnesses"
    stricter = client.put("/rules/DESTROY-WITNESS", {"params": {"min_witnesses": 3}})
    assert stricter.status_code == 200
    assert _param([stricter.json()], "DESTROY-WITNESS", "min_witnesses")["value"] == 3


def test_top_secret_approved_by_a_department_head_refused__CARRY_APPROVE(world, api):
    r = api(world.account(Role.SECURITY_OFFICER)).put(
        "/rules/CARRY-APPROVE", {"params": {"top_secret_approvers": ["department_head"]}}
    )
    assert r.status_code == 403 and r.json()["rule"] == "CARRY-APPROVE"


def test_switching_off_a_switchable_rule__COPY_APPROVE(world, api):
    r = api(world.account(Role.SECURITY_OFFICER)).put("/rules/COPY-APPROVE", {"enabled": False})
    assert r.status_code == 200 and r.json()["in_force"] is False and r.json()["switchable"]
