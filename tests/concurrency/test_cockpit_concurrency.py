"""Concurrency on PostgreSQL for the deadline engine: two ``notify`` runs of one organisation
at the same moment make each notification once (the second waits for the first and finds
its rows; the unique constraint would ignore a duplicate all the same), and record what they
made once; two clicks on one overdue deadline open one rectification."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from baomi.cockpit.models import Notification
from baomi.cockpit.operations import notifications as ops
from baomi.core.errors import Conflict
from baomi.oversight.models import Rectification
from baomi.oversight.operations import rectifications
from tests.cockpit.deadline_world import DAY, NOW, build_unit, deadline, planted  # noqa: F401
from tests.factories import audit_events

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*calls: Any) -> list[Any]:
    """Run ``calls`` in threads released together; each answer or exception, in order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        try:
            answers[n] = calls[n]()
        except Exception as exc:
            answers[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_two_notify_runs_at_once_make_each_notification_once(planted, world):  # noqa: F811
    unit = build_unit(world)
    staff = [unit.tech_staff, unit.lab_staff, unit.office_staff, unit.tech_head]
    planted.add(
        unit.id,
        *[
            deadline(subject_id=n, due=NOW - 5 * DAY, person=staff[n % len(staff)])
            for n in range(1, 41)
        ],
    )

    def run() -> dict[str, int]:
        return ops.notify(actor=None, organisation_id=unit.id, moment=NOW)

    first, second = _at_once(run, run)
    made = Notification.objects.filter(organisation_id=unit.id)
    keys = list(made.values_list("person_id", "stage", "rule_id", "subject_id", "due_at"))
    assert len(keys) == len(set(keys)) > 0
    assert sum(first.values()) + sum(second.values()) == len(keys)
    assert sorted([sum(first.values()), sum(second.values())]) == [0, len(keys)]
    assert len(audit_events(ops.NOTIFIED)) == 1


def test_two_clicks_on_one_overdue_deadline_open_one_task(planted, world):  # noqa: F811
    unit = build_unit(world)
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))

    def click() -> Any:
        return rectifications.open_from_deadline(
            actor=unit.officer, rule_id="LOAN-DUE", subject_type="org.person", subject_id=1
        )

    answers = _at_once(click, click)
    assert sum(isinstance(a, Rectification) for a in answers) == 1
    assert sum(isinstance(a, Conflict) for a in answers) == 1
    assert Rectification.objects.filter(source_subject_id=1).count() == 1
