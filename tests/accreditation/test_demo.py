"""The demo organisation's self-score, computed against both built-in profiles: its N/A
items score full, its override stands with its note, and the result follows the demo's
records (its classified computer on the internet and its office not set up as required put
veto items at risk)."""

from __future__ import annotations

from baomi.accounts.models import Account
from baomi.accreditation.queries import score as queries
from baomi.accreditation.queries.arithmetic import INCOMPLETE, VETO


def test_the_demo_organisation_is_assessed_against_both_profiles(demo_built):
    officer = Account.objects.get(username="secofficer")
    found = {s.key: queries.score(officer, s.pk) for s in queries.standards(officer)}
    assert set(found) == {"jungong", "self_check"}
    jungong = found["jungong"]
    lines = {line.item.code: line for line in jungong.lines}
    assert lines["4.12"].marking.not_applicable and lines["4.14"].marking.not_applicable
    assert lines["4.12"].marking.earned == lines["4.12"].marking.own_points == 15
    assert lines["4.16"].marking.override == 5 and lines["4.16"].assessment.note
    assert jungong.total.unknown == 0 and jungong.total.known_points == 500
    at_risk = {line.item.code for line in jungong.veto_at_risk}
    assert (jungong.total.result == VETO) == bool(at_risk)
    assert 0 <= jungong.total.score <= 500
    self_check = found["self_check"]
    assert self_check.total.unknown == 0 and self_check.total.known_points == 100
    assert self_check.total.result == INCOMPLETE  # no pass mark is published
