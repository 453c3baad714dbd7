"""The default checklists (INSP-CHECKLIST) come back on first use in a database emptied
without its migrations' data: opening an inspection writes whichever is missing."""

from __future__ import annotations

import pytest

from baomi.oversight.defaults import DEFAULTS
from baomi.oversight.models import Checklist, ChecklistItem
from baomi.oversight.operations.checklists import ensure_defaults

pytestmark = pytest.mark.django_db


def test_the_defaults_are_written_once_when_missing__INSP_CHECKLIST():
    Checklist.objects.filter(organisation=None).delete()
    ensure_defaults()
    ensure_defaults()
    made = Checklist.objects.filter(organisation=None)
    assert sorted(made.values_list("kind", flat=True)) == sorted(k for k, _n, _i in DEFAULTS)
    for kind, _name, items in DEFAULTS:
        checklist = made.get(kind=kind)
        texts = list(
            ChecklistItem.objects.filter(checklist=checklist)
            .order_by("position")
            .values_list("text", "rule_id", "evidence")
        )
        assert texts == list(items)


def test_the_shipped_defaults_are_the_migrations__INSP_CHECKLIST():
    """The migration wrote exactly the shipped defaults (nothing to add on first use)."""
    before = Checklist.objects.count()
    ensure_defaults()
    assert Checklist.objects.count() == before
