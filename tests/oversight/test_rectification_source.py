# ruff: noqa: F811 - the fixtures imported from tests.cockpit.deadline_world
"""A rectification opened from an overdue deadline (INSP-RECTIFY,
``operations.rectifications.open_from_deadline``): its page and its API detail say which
deadline it came from — the rule, the kind of item, when it fell due — and name and link the
item only to a reader who may know it (CLS-MAC); its description names an unclassified item
in brackets of the house language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.carriers.models import Copy
from baomi.carriers.operations import circulation
from baomi.core import rules
from baomi.core.levels import Clearance, Level
from baomi.oversight.operations import rectifications as ops
from tests.api.conftest import ApiClient
from tests.carriers.conftest import build_office
from tests.cockpit.deadline_world import (
    DAY,
    NOW,
    build_unit,
    deadline,
    planted,  # noqa: F401 - the fixture
)
from tests.oversight.test_rectifications import free_task
from tests.oversight.test_rectifications import officer as officer
from tests.oversight.test_rectifications import owner as owner
from tests.web.conftest import signed_in


def _late(office, copy, reader):
    """``copy`` circulated to ``reader`` and two days late back (CIRC-SAMEDAY overdue)."""
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    Copy.objects.filter(pk=copy.pk).update(due_at=timezone.now() - 2 * DAY)


def _from_copy(office, copy, **kw):
    return ops.open_from_deadline(
        actor=office.officer,
        rule_id="CIRC-SAMEDAY",
        subject_type="carriers.copy",
        subject_id=copy.pk,
        **kw,
    )


def test_the_page_and_the_api_name_the_source_item_only_to_who_may_know_it__INSP_RECTIFY__CLS_MAC(
    world,
):
    """Two SECRET copies late back: one task owed by its reader (who may know the copy: named
    and linked), one given to a person cleared only for CONFIDENTIAL (the kind of item, never
    its number, title or link; the API gives no id)."""
    office = build_office(world)
    reader, other = office.readers[:2]
    entry = office.incoming(level=Level.SECRET, title="绝密工程方案", readers=[reader, other])
    first, second = office.copies(entry)[:2]
    _late(office, first, reader)
    _late(office, second, other)
    low = world.account(dept="tech", clearance=Clearance.GENERAL)
    known = _from_copy(office, first)
    unknown = _from_copy(office, second, owner_id=low.person_id)
    assert (known.owner_id, unknown.owner_id) == (reader.person_id, low.person_id)
    due = f"{timezone.localtime(known.source_due_at):%Y-%m-%d %H:%M}"
    title = rules.get("CIRC-SAMEDAY").title_zh

    page = signed_in(reader).get(reverse("rectification", args=[known.pk])).content.decode()
    assert 'data-source-deadline="CIRC-SAMEDAY"' in page and title in page and due in page
    link = reverse("copy_use", args=[first.pk])
    assert f'href="{link}" data-subject-link' in page and entry.document.number in page
    assert "data-not-shown" not in page

    page = signed_in(low).get(reverse("rectification", args=[unknown.pk])).content.decode()
    assert 'data-source-deadline="CIRC-SAMEDAY"' in page and title in page and due in page
    assert "data-not-shown" in page and "data-subject-link" not in page
    assert entry.document.number not in page and "绝密工程方案" not in page
    assert reverse("copy_use", args=[second.pk]) not in page

    shown = ApiClient(reader).get(f"/rectifications/{known.pk}").json()
    assert (shown["source_rule_id"], shown["source_subject_type"], shown["source_subject_id"]) == (
        "CIRC-SAMEDAY",
        "carriers.copy",
        first.pk,
    )
    assert shown["source_due_at"] is not None
    hidden = ApiClient(low).get(f"/rectifications/{unknown.pk}").json()
    assert (hidden["source_rule_id"], hidden["source_subject_type"]) == (
        "CIRC-SAMEDAY",
        "carriers.copy",
    )
    assert hidden["source_subject_id"] is None and hidden["source_due_at"] is not None
    # A classified item is never named in the description: no brackets at all.
    assert not {"(", "（"} & set(known.description)


def test_a_task_not_from_a_deadline_shows_no_source_deadline__INSP_RECTIFY(world, officer, owner):
    task = free_task(officer, owner)
    page = signed_in(owner).get(reverse("rectification", args=[task.pk])).content.decode()
    assert "data-source-deadline" not in page
    detail = ApiClient(owner).get(f"/rectifications/{task.pk}").json()
    assert (detail["source_rule_id"], detail["source_subject_id"], detail["source_due_at"]) == (
        "",
        None,
        None,
    )


@pytest.fixture
def unit(world):
    return build_unit(world)


def _named(account) -> str:
    person = account.person
    return f"{person.name} · {person.department.name}"


def test_the_description_names_an_unclassified_item_in_the_house_language_s_brackets__INSP_RECTIFY(
    planted, unit, settings
):
    """Chinese (the house language by default) puts the item's label in full-width brackets
    （…）; an English installation keeps " (…)"; either way one sentence."""
    for account in (unit.tech_staff, unit.lab_staff):
        planted.add(
            unit.id, deadline(subject_id=account.person_id, due=NOW - 2 * DAY, person=account)
        )

    def opened(account):
        return ops.open_from_deadline(
            actor=unit.officer,
            rule_id="LOAN-DUE",
            subject_type="org.person",
            subject_id=account.person_id,
        ).description

    chinese = opened(unit.tech_staff)
    assert f"（{_named(unit.tech_staff)}）" in chinese and "(" not in chinese
    assert chinese.endswith("天。") and chinese.count("。") == 1

    settings.LANGUAGE_CODE = "en"
    english = opened(unit.lab_staff)
    assert f" ({_named(unit.lab_staff)}) was due on " in english and "（" not in english
    assert english.endswith(", 2 days overdue.")
