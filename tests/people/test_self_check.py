"""The monthly self-check (PPL-SELFCHECK): a checklist kept as data (a default list after the
seed regulations), and one self-check per cleared person and month."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from baomi.core.levels import Clearance
from baomi.people.models import SelfCheck, SelfCheckItem


def test_the_default_checklist_is_seeded_in_chinese_with_its_rules__PPL_SELFCHECK(db):
    items = list(SelfCheckItem.objects.filter(organisation=None))
    assert 5 <= len(items) <= 10
    assert all(item.rule and item.key for item in items)
    assert any("涉密" in item.text for item in items)


def test_one_self_check_per_person_and_month__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    month = datetime.date(2026, 12, 1)
    SelfCheck.objects.create(
        organisation=world.organisation, person=person, month=month, answers={}, all_clear=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfCheck.objects.create(
            organisation=world.organisation, person=person, month=month, answers={}, all_clear=True
        )
