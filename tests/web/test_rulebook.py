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
    assert lockout.text_zh in html and escape(lockout.source) in html
    assert lockout.params[0].help_zh in html


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
