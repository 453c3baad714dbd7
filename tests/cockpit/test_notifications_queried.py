"""The notifications of the providers that answer queries are made in the database (one
INSERT … SELECT a stage): at every moment they are exactly those the deadlines built as rows
call for (``stages``, the reference) — a timestamp due time (copies on loan), a due day (a
recall date, written as that day's end by ``core.dbfunctions.EndOfDay``), the yearly review
answered by a department's head or by nobody — made once however often ``notify`` runs."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from baomi.carriers.models import Document
from baomi.cockpit.models import Notification
from baomi.cockpit.operations import notifications as ops
from baomi.core.dbfunctions import EndOfDay
from baomi.seams.deadlines import DEADLINE_PROVIDERS, end_of_day
from tests.cockpit.deadline_world import lent_and_recalled

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def office(world):
    office = lent_and_recalled(world)
    # A document neither reviewed nor dated, drafted in tech: its head answers for its yearly
    # review, due since its registration; one classified 362 days ago, due on a day.
    undated = office.incoming(level=2)
    Document.objects.filter(pk=undated.document_id).update(
        drafting_department_id=office.tech_head.person.department_id,
        classified_on=None,
        reviewed_on=None,
    )
    dated = office.incoming(level=2)
    Document.objects.filter(pk=dated.document_id).update(
        classified_on=timezone.localdate() - datetime.timedelta(days=362), reviewed_on=None
    )
    return office


def _reference(organisation_id: int, moment: datetime.datetime) -> set[tuple]:
    """The notifications every provider's deadlines, built as rows, call for at ``moment``."""
    org = ops._Organisation(organisation_id, timezone.localdate(moment))
    found = [d for p in DEADLINE_PROVIDERS for d in p.answer(organisation_id, moment)]
    return {ops._key(n) for n in ops._rows(org, found, moment)}


def _made(organisation_id: int) -> set[tuple]:
    return {ops._key(n) for n in Notification.objects.filter(organisation_id=organisation_id)}


def test_queried_deadlines_notify_the_people_the_rows_call_for_at_every_moment__LOAN_DUE(office):
    organisation_id = office.world.organisation.pk
    queried = {p.key for p in DEADLINE_PROVIDERS if p.queries is not None}
    assert {"LOAN-DUE", "RECALL-DUE", "CLS-REVIEW"} <= queried
    now = timezone.now()
    expected: set[tuple] = set()
    stages = set()
    for days in (0, 2, 4, 6, 7, 9, 10, 13):
        moment = now + days * DAY + HOUR
        expected |= _reference(organisation_id, moment)
        made = ops.notify(actor=None, organisation_id=organisation_id, moment=moment)
        assert _made(organisation_id) == expected, moment
        again = ops.notify(actor=None, organisation_id=organisation_id, moment=moment)
        assert sum(again.values()) == 0
        stages |= {stage for stage, n in made.items() if n}
    rules = {key[2] for key in expected}
    assert {"LOAN-DUE", "RECALL-DUE", "CLS-REVIEW"} <= rules
    # The dated review, due by the end of its day, notified with that due time.
    review_day = timezone.localdate() - datetime.timedelta(days=362) + 365 * DAY
    assert any(k[2] == "CLS-REVIEW" and k[5] == end_of_day(review_day) for k in expected)
    assert stages == {"reminder", "overdue", "head", "office"}


def test_a_due_day_ends_at_the_next_midnight_where_the_installation_is(office):
    """EndOfDay in SQL is end_of_day in Python, across a daylight-saving change too."""
    doc = Document.objects.filter(organisation_id=office.world.organisation.pk).first()
    for zone in ("Asia/Shanghai", "America/New_York", "UTC"):
        with override_settings(TIME_ZONE=zone):
            for day in (
                datetime.date(2026, 3, 7),  # New York springs forward on the 8th
                datetime.date(2026, 11, 1),  # and falls back that day
                datetime.date(2028, 2, 29),
            ):
                Document.objects.filter(pk=doc.pk).update(recall_date=day)
                for days in (0, 1, 365):
                    (computed,) = Document.objects.filter(pk=doc.pk).values_list(
                        EndOfDay("recall_date", days), flat=True
                    )
                    assert computed == end_of_day(day + datetime.timedelta(days=days)), (
                        zone,
                        day,
                        days,
                    )
