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
