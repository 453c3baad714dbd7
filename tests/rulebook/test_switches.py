"""The rulebook is the one gate (issue 10 item 4): every rule that may be switched off, once
enforced, refuses an operation while in force and lets the very same call through once the
security officer switches it off; a rule that may not be switched off never depends on a
switch, and the checks that guard a copy's or an asset's whereabouts name only such rules."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import Copy, Custody, Reproduction
from baomi.carriers.operations import use
from baomi.core import rules
from baomi.core.errors import RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.meetings.operations import minutes as minutes_ops
from baomi.org import operations as org
from baomi.people.models import Travel, TravelState
from baomi.people.operations import travel
from baomi.rulebook import book
from baomi.rulebook.operations import set_rule
from tests.areas.test_switch import entry_without_permission
from tests.carriers.conftest import build_office
from tests.factories import World
from tests.publication.test_switch import release_without_review, visit_without_approval
from tests.seals.test_switch import use_without_approval

SRC = Path(__file__).resolve().parents[2] / "src" / "baomi"

# A scenario sets up a refusal with the real operations and answers the refused call and a
# check of what the call did once it went through.
Scenario = Callable[[World], tuple[Callable[[], Any], Callable[[Any], bool]]]


def _reproduction_without_approval(world: World):
    """COPY-APPROVE: the custodian reproduces a SECRET copy nobody approved copying."""
    office = build_office(world)
    copy = office.copies(office.incoming(level=Level.SECRET))[0]

    def call():
        return use.reproduce(
            actor=office.clerk,
            copy_id=copy.pk,
            count=2,
            method="photocopy",
            made_by_id=office.clerk.person_id,
        )

    def done(entry: Reproduction) -> bool:
        made = Copy.objects.filter(reproduced_from=copy).count()
        return entry.approval_id is None and entry.count == 2 and made == 2

    return call, done


def _loan_without_approval(world: World):
    """LOAN-APPROVE: the custodian lends a SECRET copy without both sides' leaders' word."""
    office = build_office(world)
    copy = office.copies(office.incoming(level=Level.SECRET))[0]
    borrower = office.readers[0]

    def call():
        return use.lend(
            actor=office.clerk,
            copy_id=copy.pk,
            borrower_id=borrower.person_id,
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            purpose="查阅参考",
        )

    def done(custody: Custody) -> bool:
        custody.copy.refresh_from_db()
        return custody.approval_id is None and custody.copy.holder_id == borrower.person_id

    return call, done


def _briefing_without_approval(world: World):
    """PPL-ABROAD: the security office briefs a cleared person for a trip nobody approved."""
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    head = world.account(Role.LEADER, rank="manager", clearance=Clearance.IMPORTANT)
    leader = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=head.person_id,
        leader_in_charge_id=leader.person_id,
    )
    traveller = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    trip = travel.request_travel(
        actor=traveller,
        destination="新加坡",
        purpose="学术会议",
        departs=timezone.localdate() + datetime.timedelta(days=3),
        returns=timezone.localdate() + datetime.timedelta(days=8),
    )

    def call():
        return travel.record_briefing(actor=officer, travel_id=trip.pk, briefing="境外保密须知")

    def done(briefed: Travel) -> bool:
        return briefed.state == TravelState.BRIEFED and briefed.briefed_on is not None

    return call, done


def _minutes_without_approval(world: World):
    """MEET-MINUTES: the minutes' keeper reads them without the office director's approval."""
    from tests.meetings.conftest import build_meetings_office

    office = build_meetings_office(world)
    meeting = office.opened()
    minutes = minutes_ops.record_minutes(
        actor=office.clerk, meeting_id=meeting.pk, custodian_id=office.clerk.person_id, body="纪要"
    )

    def call():
        return minutes_ops.read_minutes(actor=office.clerk, minutes_id=minutes.pk)

    def done(body: str) -> bool:
        return body == "纪要" and minutes.readings.filter(approval=None).count() == 1

    return call, done


SCENARIOS: dict[str, Scenario] = {
    "MEET-MINUTES": _minutes_without_approval,
    "PPL-ABROAD": _briefing_without_approval,
    "COPY-APPROVE": _reproduction_without_approval,
    "LOAN-APPROVE": _loan_without_approval,
    "PUB-REVIEW": release_without_review,
    "PRESS-FOREIGN": visit_without_approval,
    "AREA-ACCESS": entry_without_permission,
    "SEAL-LOG": use_without_approval,
}

SWITCHABLE = [r.id for r in rules.all_rules() if r.switchable and r.enforced]


def test_every_switchable_enforced_rule_has_a_scenario_and_no_other_rule_has_one():
    missing = [r for r in SWITCHABLE if r not in SCENARIOS]
    assert not missing, f"switchable and enforced, but no scenario proves the switch: {missing}"
    assert set(SCENARIOS) == set(SWITCHABLE)


@pytest.mark.parametrize("rule_id", SWITCHABLE)
def test_switching_a_rule_off_changes_what_the_operation_does(world, rule_id):
    call, done = SCENARIOS[rule_id](world)
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    with pytest.raises(RuleViolation) as refused:
        call()
    assert refused.value.rule_id == rule_id
    set_rule(actor=officer, rule_id=rule_id, enabled=False)
    assert done(call())


@pytest.mark.parametrize("rule_id", SWITCHABLE)
def test_switched_back_on_the_rule_refuses_again(world, rule_id):
    call, _done = SCENARIOS[rule_id](world)
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    set_rule(actor=officer, rule_id=rule_id, enabled=False)
    set_rule(actor=officer, rule_id=rule_id, enabled=True)
    with pytest.raises(RuleViolation) as refused:
        call()
    assert refused.value.rule_id == rule_id


# The helpers that refuse an act on an item that is not where the act needs it (with its
# custodian, at a stage, in post, at hand): whatever rule they name must not be switchable,
# or switching that rule off would let a destroyed copy be lent.
_WHEREABOUTS = re.compile(
    r"\b(require_state|require_held|require_stage|person_in_post|require_at_hand|"
    r"_custodians_copy)\((?:[^()]|\([^()]*\))*?\"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\"",
    re.S,
)


def test_checks_of_an_items_whereabouts_name_only_rules_that_cannot_be_switched_off():
    named = {
        (path.relative_to(SRC).as_posix(), m.group(1), m.group(2))
        for path in SRC.rglob("*.py")
        for m in _WHEREABOUTS.finditer(path.read_text(encoding="utf-8"))
    }
    assert ("carriers/operations/use.py", "_custodians_copy", "CIRC-DIRECT") in named
    assert ("devices/operations/away.py", "require_at_hand", "DEV-REPAIR") in named
    switchable = [n for n in named if rules.get(n[2]).switchable]
    assert not switchable
    assert all(not rules.get(r).switchable for r in use._AWAY_RULE.values())


def test_a_rule_that_cannot_be_switched_off_refuses_whatever_is_stored(world):
    """An override stored off for a BLOCK rule (before it became one) changes nothing."""
    from baomi.rulebook.models import RuleOverride

    RuleOverride.objects.create(
        organisation_id=world.organisation.pk, rule_id="DESTROY-APPROVE", enabled=False
    )
    assert book.in_force(world.organisation.pk, "DESTROY-APPROVE")
    with pytest.raises(RuleViolation):
        book.require(world.organisation.pk, "DESTROY-APPROVE", False, "refused")


def test_only_the_rulebook_raises_a_rule_violation():
    """Every rule check asks ``book.require``: nothing else constructs a RuleViolation, so no
    refusal can bypass an organisation's switch."""
    raising = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "RuleViolation(" in path.read_text(encoding="utf-8")
    ]
    assert sorted(raising) == ["core/errors.py", "rulebook/book.py"]
