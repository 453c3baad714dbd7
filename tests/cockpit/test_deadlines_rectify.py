# ruff: noqa: F811 - the fixtures imported from tests.cockpit.deadline_world
"""One click: an overdue deadline becomes a rectification task (INSP-RECTIFY,
``oversight.operations.rectifications.open_from_deadline``), and its refusals."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.carriers.models import Copy
from baomi.carriers.operations import circulation
from baomi.core.errors import AccessDenied, Conflict, InvalidInput
from baomi.core.levels import Level
from baomi.oversight.models import Rectification, RectificationState
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
from tests.web.conftest import signed_in


@pytest.fixture
def unit(world):
    return build_unit(world)


def _open(unit, subject_id=1, **kw):
    return ops.open_from_deadline(
        actor=unit.officer,
        rule_id="LOAN-DUE",
        subject_type="org.person",
        subject_id=subject_id,
        **kw,
    )


def test_a_late_circulation_becomes_a_task_of_its_reader_naming_no_secret__INSP_RECTIFY(world):
    """A SECRET copy two days late: the reader owes the task in their department; the
    description names the rule and the kind of item with its id, never the document's number
    or title (the owner and the heads read the task)."""
    office = build_office(world)
    reader = office.readers[0]
    entry = office.incoming(level=Level.SECRET, title="绝密工程方案")
    copy = office.copies(entry)[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    Copy.objects.filter(pk=copy.pk).update(due_at=timezone.now() - 2 * DAY)

    task = ops.open_from_deadline(
        actor=office.officer,
        rule_id="CIRC-SAMEDAY",
        subject_type="carriers.copy",
        subject_id=copy.pk,
    )
    assert (task.owner_id, task.department_id, task.rule_id) == (
        reader.person_id,
        reader.person.department_id,
        "CIRC-SAMEDAY",
    )
    assert task.due == timezone.localdate() + datetime.timedelta(days=ops.FROM_DEADLINE_DAYS)
    assert (task.source_subject_type, task.source_subject_id) == ("carriers.copy", copy.pk)
    assert "CIRC-SAMEDAY" in task.description and str(copy.pk) in task.description
    assert "绝密工程方案" not in task.description and entry.document.number not in task.description

    with pytest.raises(Conflict):  # the same deadline again, while its task is open
        ops.open_from_deadline(
            actor=office.officer,
            rule_id="CIRC-SAMEDAY",
            subject_type="carriers.copy",
            subject_id=copy.pk,
        )
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    Rectification.objects.filter(pk=task.pk).update(state=RectificationState.VERIFIED)
    with pytest.raises(Conflict):  # returned: not overdue any more
        ops.open_from_deadline(
            actor=office.officer,
            rule_id="CIRC-SAMEDAY",
            subject_type="carriers.copy",
            subject_id=copy.pk,
        )


def test_a_deadline_not_overdue_or_unknown_is_refused__INSP_RECTIFY(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW + DAY, person=unit.tech_staff))
    with pytest.raises(Conflict):
        _open(unit, 1)  # due, not overdue
    with pytest.raises(Conflict):
        _open(unit, 2)  # no such deadline
    with pytest.raises(InvalidInput) as refused:
        ops.open_from_deadline(
            actor=unit.officer, rule_id="NO-RULE", subject_type="org.person", subject_id=1
        )
    assert refused.value.field == "rule_id"
    with pytest.raises(InvalidInput) as refused:
        ops.open_from_deadline(
            actor=unit.officer,
            rule_id="INSP-RECTIFY",
            subject_type="oversight.rectification",
            subject_id=1,
        )
    assert refused.value.field == "rule_id"


def test_only_the_security_office_opens_one__INSP_RECTIFY(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    for someone in (unit.leader, unit.tech_head, unit.tech_staff, unit.appointed):
        with pytest.raises(AccessDenied):
            ops.open_from_deadline(
                actor=someone, rule_id="LOAN-DUE", subject_type="org.person", subject_id=1
            )
    assert not Rectification.objects.exists()


def test_nobody_named_the_department_head_owes_it_else_the_office_must_choose__INSP_RECTIFY(
    planted, unit
):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, department=unit.dept("lab")))
    planted.add(unit.id, deadline(subject_id=2, due=NOW - DAY))
    task = _open(unit, 1)
    assert (task.owner_id, task.department_id) == (unit.tech_head.person_id, unit.dept("lab"))
    with pytest.raises(InvalidInput) as refused:
        _open(unit, 2)
    assert refused.value.field == "owner_id"
    chosen = _open(unit, 2, owner_id=unit.office_staff.person_id)
    assert chosen.owner_id == unit.office_staff.person_id


def test_another_organisation_s_deadline_cannot_be_opened__INSP_RECTIFY(planted, unit, db):
    from tests.factories import World

    other = build_unit(World.build())
    planted.add(other.id, deadline(subject_id=1, due=NOW - DAY, person=other.tech_staff))
    with pytest.raises(Conflict):
        _open(unit, 1)


def test_the_page_s_button_and_the_route__INSP_RECTIFY(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    planted.add(unit.id, deadline(subject_id=2, due=NOW - DAY, person=unit.lab_staff))
    form = {"rule_id": "LOAN-DUE", "subject_type": "org.person", "subject_id": "1"}
    response = signed_in(unit.officer).post(reverse("deadline_rectify"), form)
    task = Rectification.objects.get(source_subject_id=1)
    assert response.status_code == 303 and response["Location"] == reverse(
        "rectification", args=[task.pk]
    )
    assert signed_in(unit.tech_staff).post(reverse("deadline_rectify"), form).status_code == 403
    api = ApiClient(unit.officer)
    created = api.post(
        "/deadlines/rectify", {"rule_id": "LOAN-DUE", "subject_type": "org.person", "subject_id": 2}
    )
    assert created.status_code == 201 and created.json()["owner_id"] == unit.lab_staff.person_id
    again = api.post(
        "/deadlines/rectify", {"rule_id": "LOAN-DUE", "subject_type": "org.person", "subject_id": 2}
    )
    assert again.status_code == 409
    bad = api.post("/deadlines/rectify", {"rule_id": "LOAN-DUE", "subject_type": "org.person"})
    assert bad.status_code == 422 and "subject_id" in bad.content.decode()
