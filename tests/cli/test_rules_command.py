"""``baomi rules``: the rulebook as this organisation has it."""

from __future__ import annotations

import json

import pytest

from baomi.access.roles import Role
from baomi.core import rules
from baomi.rulebook.operations import set_rule
from tests.cli.conftest import one_line
from tests.factories import World


@pytest.fixture
def stricter(world):
    """The organisation locks after 3 failed logins instead of 5 (AUTH-LOCKOUT)."""
    officer = world.account(Role.SECURITY_OFFICER)
    set_rule(actor=officer, rule_id="AUTH-LOCKOUT", params={"max_failures": 3})
    return world


def test_json_lists_every_rule_with_its_text_kind_source_and_enforcement(baomi, db):
    result = baomi("rules", "--json")
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["organisation"] is None
    listed = {r["id"]: r for r in answer["rules"]}
    assert list(listed) == [r.id for r in rules.all_rules()]
    mac = listed["CLS-MAC"]
    registered = rules.get("CLS-MAC")
    assert mac["kinds"] == ["BLOCK"]
    assert (mac["text_zh"], mac["text_en"]) == (registered.text_zh, registered.text_en)
    assert (mac["source"], mac["enforced"]) == (registered.source, registered.enforced)
    assert [r["enforced"] for r in answer["rules"]] == [r.enforced for r in rules.all_rules()]


def test_json_shows_the_organisations_overrides(baomi, stricter):
    answer = json.loads(baomi("rules", "--json").out)
    assert answer["organisation"] == stricter.organisation.name
    lockout = next(r for r in answer["rules"] if r["id"] == "AUTH-LOCKOUT")
    assert lockout["overridden"] is True
    assert lockout["in_force"] is True
    failures = next(p for p in lockout["params"] if p["name"] == "max_failures")
    assert (failures["value"], failures["default"]) == (3, 5)


def test_another_organisation_is_chosen_by_name(baomi, stricter):
    other = World.build(name="另一单位")
    answer = json.loads(baomi("rules", "--json", "--organisation", other.organisation.name).out)
    assert answer["organisation"] == "另一单位"
    lockout = next(r for r in answer["rules"] if r["id"] == "AUTH-LOCKOUT")
    assert lockout["overridden"] is False


def test_the_readable_rulebook_has_sections_rules_parameters_and_overrides(baomi, stricter):
    result = baomi("rules")
    assert result.code == 0
    text = result.out
    assert f"Rulebook of {stricter.organisation.name}" in text
    assert "== 0. 账户与认证 / Accounts and authentication ==" in text
    for rule in rules.all_rules():
        assert f"\n{rule.id}  [" in text
    assert "max_failures = 3 (default 5)  [floor: ≤ 5 (1–100)]" in text
    assert "min_witnesses = 2  [floor: ≥ 2 (0–10)]" in text
    assert '[floor: ["organisation_head"] or more senior]' in text
    assert "overridden by this organisation" in text
    assert "in force; may be switched off" in text and "in force; always in force" in text
    assert "  zh: " + rules.get("CLS-MAC").text_zh in text


def test_an_unknown_organisation_is_a_one_line_error(baomi, db):
    result = baomi("rules", "--organisation", "无此单位")
    assert result.code == 1
    assert one_line(result.err) == "CommandError: There is no organisation named 无此单位."
