"""The deadline engine over providers that answer queries (``seams.deadlines.DeadlineQuery``):
the page, the filters and the tallies counted in the database agree, at every moment, with the
deadlines built as rows and their ``state`` — for a timestamp due time (copies on loan, the
undated yearly review), a due day (a recall date) and each viewer's part (LOAN-DUE,
RECALL-DUE, CLS-REVIEW)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from baomi.cockpit.queries import deadlines as queries
from baomi.seams.deadlines import DEADLINE_PROVIDERS, DUE_SOON, State
from tests.cockpit.deadline_world import lent_and_recalled

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def office(world):
    return lent_and_recalled(world)


def _moments() -> list[datetime.datetime]:
    now = timezone.now()
    return [
        now + datetime.timedelta(days=d) + h
        for d in (0, 2, 4, 6, 9, 12)
        for h in (datetime.timedelta(0), HOUR)
    ]


def _oracle(actor, moment, state=None):
    found = queries.seen(actor, moment)
    if state:
        found = [d for d in found if d.state(moment) == state]
    return sorted(found, key=lambda d: (d.due_at, d.rule_id, d.subject_id))


def test_queried_providers_answer_the_page_and_tally_as_their_rows__LOAN_DUE(office):
    queried = {p.key for p in DEADLINE_PROVIDERS if p.queries is not None}
    assert {"LOAN-DUE", "RECALL-DUE", "CLS-REVIEW", "CIRC-SAMEDAY"} <= queried
    viewers = [office.officer, office.tech_head, office.readers[0], office.clerk]
    for moment in _moments():
        for actor in viewers:
            for state in ("", State.OVERDUE, State.DUE, State.UPCOMING):
                expected = _oracle(actor, moment, state)
                page = queries.page(actor, moment, queries.Filters(state=state), limit=200)
                assert [r.deadline for r in page.rows] == expected, (moment, actor, state)
            tally = queries.tally(actor, moment)
            counted = Counter(str(d.state(moment)) for d in _oracle(actor, moment))
            assert {k: v for k, v in tally.states.items() if v} == dict(counted)


def test_a_loan_turns_overdue_at_its_due_time_in_the_count__LOAN_DUE(office):
    (due,) = {
        d.due_at
        for d in queries.seen(office.officer, timezone.now())
        if d.rule_id == "LOAN-DUE" and d.person_id == office.readers[0].person_id
    }
    before = queries.tally(office.officer, due - HOUR).rules["LOAN-DUE"]
    after = queries.tally(office.officer, due).rules["LOAN-DUE"]
    assert before.get("overdue", 0) == 0 and before["due"] == 1
    assert after["overdue"] == 1


def test_a_recall_date_is_due_by_the_end_of_that_day__RECALL_DUE(office):
    day = timezone.localdate() + datetime.timedelta(days=5)
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    recall = queries.Filters(rule_id="RECALL-DUE", state=State.OVERDUE)
    assert not queries.page(office.officer, end - HOUR, recall).rows
    overdue = queries.page(office.officer, end + HOUR, recall).rows
    assert overdue and {r.deadline.rule_id for r in overdue} == {"RECALL-DUE"}
    soon = queries.page(
        office.officer, end - DUE_SOON + HOUR, queries.Filters(rule_id="RECALL-DUE")
    )
    assert {r.state for r in soon.rows} == {State.DUE}


def test_a_page_reads_only_its_rows_and_says_whether_there_are_more__LOAN_DUE(office):
    moment = timezone.now() + datetime.timedelta(days=12)
    every = _oracle(office.officer, moment, State.OVERDUE)
    assert len(every) >= 3
    first = queries.page(office.officer, moment, queries.Filters(state="overdue"), limit=2)
    second = queries.page(
        office.officer, moment, queries.Filters(state="overdue"), offset=2, limit=2
    )
    assert [r.deadline for r in first.rows + second.rows] == every[:4]
    assert first.more and first.next_offset == 2
