"""The rulebook page: the active rulebook as a 制度 (chapters, numbered articles, source,
kinds, this organisation's parameters) and the security officer's edits."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from baomi.access.roles import Role
from baomi.core import rules
from baomi.core.levels import Clearance
from baomi.rulebook import book
from tests.web.conftest import signed_in


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, clearance=Clearance.IMPORTANT)


def test_the_rulebook_reads_as_chapters_of_numbered_articles(world):
    html = signed_in(world.account(Role.STAFF)).get(reverse("rulebook")).content.decode()
    for section, (title_zh, _en) in rules.SECTIONS.items():
        assert f'id="chapter-{section}"' in html and title_zh in html
    assert "第一章" in html and "第一条" in html
    all_rules = rules.all_rules()
    assert re.findall(r'class="article[^"]*" id="rule-([A-Z0-9-]+)"', html) == [
        r.id for r in all_rules
    ]
    lockout = rules.get("AUTH-LOCKOUT")
    assert lockout.text_zh in html and escape(rules.source_text(lockout.source, zh=True)) in html
    assert lockout.params[0].help_zh in html


def test_sources_and_rank_floors_read_in_chinese__CLS_SCOPE_RANK(world):
    """A source's words and the seed's clauses in Chinese (篇10, not P10; the law by its
    name); a rank parameter by the organisation's rank's name, not its key."""
    html = signed_in(world.account(Role.STAFF)).get(reverse("rulebook")).content.decode()
    article = html[html.index('id="rule-CLS-TERM"') :][:3000]
    assert "《中华人民共和国保守国家秘密法》；篇10 §33(4)" in article
    assert "baomi kernel" not in html and "出处: law" not in html
    article = html[html.index('id="rule-CLS-SCOPE-RANK"') :][:6000]
    assert "监事" in article and "部门经理及以上" in article
    assert "supervisor" not in article and ">manager<" not in article


def test_english_articles_are_numbered_in_english(world):
    client = signed_in(world.account(Role.STAFF), language="en")
    html = client.get(reverse("rulebook")).content.decode()
    assert "Chapter 1" in html and "Article 1" in html
    assert escape(rules.get("CLS-MAC").text_en) in html


def test_only_the_security_officer_sees_the_edit_forms(world, officer):
    assert 'data-form="rule"' in signed_in(officer).get(reverse("rulebook")).content.decode()
    html = signed_in(world.account(Role.LEADER)).get(reverse("rulebook")).content.decode()
    assert 'data-form="rule"' not in html


def test_making_a_rule_stricter_marks_the_parameter_overridden(world, officer):
    client = signed_in(officer)
    response = client.post(
        reverse("rule_edit", args=["AUTH-LOCKOUT"]),
        {
            "AUTH-LOCKOUT-param_max_failures": 3,
            "AUTH-LOCKOUT-param_window_minutes": 15,
            "AUTH-LOCKOUT-param_lock_minutes": 30,
        },
    )
    assert response.status_code == 303
    assert response.url == reverse("rulebook") + "#rule-AUTH-LOCKOUT"
    assert book.param(world.organisation.pk, "AUTH-LOCKOUT", "max_failures") == 3
    html = client.get(reverse("rulebook")).content.decode()
    assert 'data-param-overridden="max_failures"' in html
    assert 'data-param-overridden="window_minutes"' not in html


def test_relaxing_a_blocking_rule_is_refused_with_its_clause__AUTH_LOCKOUT(world, officer):
    client = signed_in(officer)
    url = reverse("rule_edit", args=["AUTH-LOCKOUT"])
    response = client.post(
        url,
        {
            "AUTH-LOCKOUT-param_max_failures": 50,
            "AUTH-LOCKOUT-param_window_minutes": 15,
            "AUTH-LOCKOUT-param_lock_minutes": 30,
        },
        HTTP_REFERER="http://testserver/rulebook/",
        follow=True,
    )
    html = response.content.decode()
    assert 'role="alert"' in html and 'data-rule="AUTH-LOCKOUT"' in html
    assert book.param(world.organisation.pk, "AUTH-LOCKOUT", "max_failures") == 5


def test_switching_off_a_switchable_rule_and_editing_a_list(world, officer):
    rule = next(
        r for r in rules.all_rules() if r.switchable and any(p.type is list for p in r.params)
    )
    data = {
        f"{rule.id}-param_{p.name}": p.default
        if p.type is not list
        else ", ".join(reversed(p.default))
        for p in rule.params
    }
    response = signed_in(officer).post(reverse("rule_edit", args=[rule.id]), data)
    assert response.status_code == 303
    effective = book.effective(world.organisation.pk, rule.id)
    assert effective.enabled is False
    listed = next(p for p in rule.params if p.type is list)
    assert effective.params[listed.name] == list(reversed(listed.default))


def test_an_unknown_rule_is_not_found(officer):
    response = signed_in(officer).post(reverse("rule_edit", args=["NO-SUCH-RULE"]), {})
    assert response.status_code == 404


def _article(html, rule_id):
    start = html.index(f'id="rule-{rule_id}"')
    following = html.find(' id="rule-', start + 1)
    return html[start : following if following > 0 else None]


def test_the_page_shows_the_floor_and_which_rules_may_be_switched_off(world, officer):
    html = signed_in(officer, language="en").get(reverse("rulebook")).content.decode()
    witness = _article(html, "DESTROY-WITNESS")
    assert re.search(r'data-floor="min_witnesses">≥ 2 \(0–10\)<', witness)
    assert "data-always" in witness and "data-switchable" not in witness
    carry = _article(html, "CARRY-APPROVE")
    assert re.search(
        r'data-floor="top_secret_approvers">Head of the organisation or more senior<', carry
    )
    copy = _article(html, "COPY-APPROVE")
    assert "data-switchable" in copy and "data-always" not in copy


def test_a_rule_that_is_not_switchable_has_no_live_switch(world, officer):
    """The form of a BLOCK rule offers its switch disabled, and posting it off changes nothing."""
    html = signed_in(officer).get(reverse("rulebook")).content.decode()
    form = _article(html, "CLS-MARK")
    assert re.search(r'name="CLS-MARK-enabled"[^>]*disabled', form)
    response = signed_in(officer).post(reverse("rule_edit", args=["CLS-MARK"]), {})
    assert response.status_code == 303
    assert book.in_force(world.organisation.pk, "CLS-MARK")


def test_approvers_are_edited_by_their_names_in_order(world, officer):
    """An approver list shows and takes the approvers' names (部门负责人、分管领导), in order,
    never their keys."""
    rule = next(r for r in rules.all_rules() if any(p.approvers for p in r.params))
    listed = next(p for p in rule.params if p.approvers)
    html = signed_in(officer).get(reverse("rulebook")).content.decode()
    form = _article(html, rule.id)
    assert all(key not in form.split("<form", 1)[1] for key in rules.APPROVER_LABELS)
    data = {
        f"{rule.id}-param_{p.name}": p.default if p.type is not list else ", ".join(p.default)
        for p in rule.params
    }
    data[f"{rule.id}-param_{listed.name}"] = "单位主要负责人，部门负责人"
    response = signed_in(officer).post(reverse("rule_edit", args=[rule.id]), data)
    assert response.status_code == 303
    value = book.param(world.organisation.pk, rule.id, listed.name)
    assert value == ["organisation_head", "department_head"]
