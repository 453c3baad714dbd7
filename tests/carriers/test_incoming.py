"""收文登记: registration of incoming documents (IN-NUMBER, IN-SAMEDAY, IN-ROUTE, IN-URGENT)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.carriers.models import CopyState, Series, Urgency
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level


def test_registration_numbers_each_register_apart__IN_NUMBER(office):
    """Classified and general items are numbered apart, each from 1 without gaps."""
    a = office.incoming(level=Level.SECRET)
    b = office.incoming(level=Level.INTERNAL)
    c = office.incoming(level=Level.CONFIDENTIAL)
    assert (a.series, a.sequence) == (Series.CLASSIFIED, 1)
    assert (b.series, b.sequence) == (Series.GENERAL, 1)
    assert (c.series, c.sequence) == (Series.CLASSIFIED, 2)


def test_a_refused_registration_uses_no_number__IN_NUMBER(office):
    office.incoming(level=Level.SECRET)
    with pytest.raises(RuleViolation) as refused:
        office.incoming(level=Level.SECRET, term_years=50)
    assert refused.value.rule_id == "CLS-TERM"
    assert office.incoming(level=Level.SECRET).sequence == 2


def test_copies_are_registered_with_the_clerk(office):
    entry = office.incoming(copies=5, copy_numbers=[2, 3])
    copies = office.copies(entry)
    assert [c.number for c in copies] == [2, 3]
    assert {(c.state, c.holder_id, c.custodian_id) for c in copies} == {
        (CopyState.WITH_CUSTODIAN, office.clerk.person_id, office.clerk.person_id)
    }
    assert copies[0].label == "copy 2 of 5"
    assert [e.action for e in copies[0].timeline.all()] == ["registered"]


def test_registration_a_day_after_opening_is_flagged_late__IN_SAMEDAY(office):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert office.incoming(opened_at=yesterday).late is True
    assert office.incoming().late is False


def test_urgent_items_are_due_for_circulation_today__IN_URGENT(office):
    urgent = office.incoming(urgency=Urgency.URGENT)
    normal = office.incoming()
    today = timezone.localdate()
    assert timezone.localdate(urgent.circulation_due_at) >= today
    assert normal.circulation_due_at > urgent.circulation_due_at
    assert urgent.director_id == office.director.person_id  # IN-ROUTE: the slip's addressee
