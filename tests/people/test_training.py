"""Training (PPL-TRAINING, TRAIN-RECORD): sessions recorded with their attendees and effect,
each cleared person's hours of the year against the minimum, the shortfall flagged through
the deadline seam."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.people.deadlines.training import sessions_due
from baomi.people.models import Attendance, TrainingSession
from baomi.people.operations import training as ops
from baomi.people.queries import training as queries
from baomi.seams.deadlines import DEADLINE_PROVIDERS, State, deadlines
from tests.factories import World, audit_events

QUIZ = [
    {"text": "涉密文件能否带回家？", "choices": ["能", "不能"], "answer": "不能"},
    {"text": "涉密计算机能否上网？", "choices": ["能", "不能", "看情况"], "answer": "不能"},
]


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def today() -> datetime.date:
    return timezone.localdate()


def session(officer, *, hours="2", held_on=None, questions=None, topic="保密法规"):
    return ops.record_session(
        actor=officer,
        topic=topic,
        held_on=held_on or today(),
        hours=hours,
        trainer="李老师",
        place="三楼会议室",
        questions=questions,
    )


def test_a_session_is_recorded_with_its_quiz__TRAIN_RECORD(world, officer):
    s = session(officer, hours="1.5", questions=QUIZ)
    assert s.hours == Decimal("1.5")
    assert [q["key"] for q in s.questions] == ["q1", "q2"]
    assert s.organiser_id == officer.person_id
    [event] = audit_events("people.training_recorded")
    assert event["data"] == {
        "rule": "TRAIN-RECORD",
        "held_on": today().isoformat(),
        "hours": "1.5",
        "questions": 2,
    }
    assert "保密法规" not in str(event)


@pytest.mark.parametrize("hours", ["0", "-1", "40.5", "1.25", "abc", "NaN", ""])
def test_bad_hours_are_refused__TRAIN_RECORD(world, officer, hours):
    with pytest.raises(InvalidInput) as refused:
        session(officer, hours=hours)
    assert refused.value.field == "hours"
    assert not TrainingSession.objects.exists()


def test_a_day_to_come_is_refused__TRAIN_RECORD(world, officer):
    with pytest.raises(InvalidInput) as refused:
        session(officer, held_on=today() + datetime.timedelta(days=1))
    assert refused.value.field == "held_on"


@pytest.mark.parametrize(
    "questions",
    [
        [{"text": "?", "choices": ["a", "b"], "answer": "c"}],
        [{"text": "?", "choices": ["a"], "answer": "a"}],
        [{"text": "?", "choices": ["a", "a"], "answer": "a"}],
        [{"text": "", "choices": ["a", "b"], "answer": "a"}],
        [{"text": "x" * 301, "choices": ["a", "b"], "answer": "a"}],
        [{"text": "?", "choices": ["a", "b"], "answer": "a"}] * 21,
        "not a list",
    ],
)
def test_a_malformed_quiz_is_refused__TRAIN_RECORD(world, officer, questions):
    with pytest.raises(InvalidInput) as refused:
        session(officer, questions=questions)
    assert refused.value.field == "questions"


def test_only_the_office_records_sessions__TRAIN_RECORD(world):
    clerk = world.account(Role.CLERK, clearance=Clearance.GENERAL)
    with pytest.raises(AccessDenied):
        session(clerk)


def test_signing_in_copies_the_session_day_and_hours__TRAIN_RECORD(world, officer):
    s = session(officer, hours="2.5")
    a, b = world.person(clearance=Clearance.GENERAL), world.person()
    ops.sign_in(actor=officer, session_id=s.pk, person_ids=[a.pk, b.pk])
    rows = Attendance.objects.filter(session=s).order_by("person_id")
    assert [(r.person_id, r.held_on, r.hours) for r in rows] == [
        (a.pk, s.held_on, Decimal("2.5")),
        (b.pk, s.held_on, Decimal("2.5")),
    ]
    [event] = audit_events("people.training_signed_in")
    assert event["data"]["person_ids"] == sorted([a.pk, b.pk])


def test_a_second_sign_in_is_refused_naming_who__TRAIN_RECORD(world, officer):
    s = session(officer)
    a = world.person(name="王五")
    b = world.person(name="赵六")
    ops.sign_in(actor=officer, session_id=s.pk, person_ids=[a.pk])
    with pytest.raises(RuleViolation) as refused:
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[a.pk, b.pk])
    assert refused.value.rule_id == "TRAIN-RECORD" and refused.value.conflict
    assert "王五" in refused.value.message and "赵六" not in refused.value.message
    assert Attendance.objects.filter(session=s).count() == 1


def test_another_organisations_person_or_session_is_not_found__TRAIN_RECORD(world, officer):
    other = World.build()
    stranger = other.person()
    s = session(officer)
    with pytest.raises(NotFound):
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[stranger.pk])
    other_officer = other.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    with pytest.raises(NotFound):
        ops.sign_in(actor=other_officer, session_id=s.pk, person_ids=[stranger.pk])
    assert not Attendance.objects.exists()


def test_a_person_who_left_is_not_signed_in__TRAIN_RECORD(world, officer):
    s = session(officer)
    gone = world.person()
    org.mark_left(actor=None, person_id=gone.pk)
    with pytest.raises(InvalidInput) as refused:
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[gone.pk])
    assert refused.value.field == "person_ids"


def test_nobody_signs_themselves_in__ROLE_SEPARATION(world, officer):
    s = session(officer)
    with pytest.raises(RuleViolation) as refused:
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[officer.person_id])
    assert refused.value.rule_id == "ROLE-SEPARATION"


def test_an_attendee_answers_the_quiz_once__TRAIN_RECORD(world, officer):
    s = session(officer, questions=QUIZ)
    attendee = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    ops.sign_in(actor=officer, session_id=s.pk, person_ids=[attendee.person_id])
    answered = ops.answer_quiz(actor=attendee, session_id=s.pk, answers={"q1": "不能", "q2": "能"})
    assert answered.score == 50
    with pytest.raises(RuleViolation) as refused:
        ops.answer_quiz(actor=attendee, session_id=s.pk, answers={"q1": "不能", "q2": "不能"})
    assert refused.value.rule_id == "TRAIN-RECORD" and refused.value.conflict
    assert Attendance.objects.get(session=s).score == 50


@pytest.mark.parametrize("answers", [{"q1": "不能"}, {"q1": "不能", "q2": "也许"}, ["不能"]])
def test_a_quiz_answered_badly_is_refused__TRAIN_RECORD(world, officer, answers):
    s = session(officer, questions=QUIZ)
    attendee = world.account(Role.STAFF)
    ops.sign_in(actor=officer, session_id=s.pk, person_ids=[attendee.person_id])
    with pytest.raises(InvalidInput) as refused:
        ops.answer_quiz(actor=attendee, session_id=s.pk, answers=answers)
    assert refused.value.field == "answers"


def test_only_an_attendee_rates_a_session_once__TRAIN_RECORD(world, officer):
    s = session(officer)
    attendee = world.account(Role.STAFF)
    outsider = world.account(Role.STAFF)
    ops.sign_in(actor=officer, session_id=s.pk, person_ids=[attendee.person_id])
    with pytest.raises(RuleViolation) as refused:
        ops.rate_session(actor=outsider, session_id=s.pk, rating=5)
    assert refused.value.rule_id == "TRAIN-RECORD"
    with pytest.raises(RuleViolation):
        ops.answer_quiz(actor=outsider, session_id=s.pk, answers={})
    assert ops.rate_session(actor=attendee, session_id=s.pk, rating=4).rating == 4
    with pytest.raises(RuleViolation) as twice:
        ops.rate_session(actor=attendee, session_id=s.pk, rating=5)
    assert twice.value.conflict
    for bad in (0, 6, "5", True):
        with pytest.raises(InvalidInput):
            ops.rate_session(actor=attendee, session_id=s.pk, rating=bad)


def test_the_office_corrects_and_removes_an_attendance__TRAIN_RECORD(world, officer):
    s = session(officer, hours="3")
    person = world.person(clearance=Clearance.GENERAL)
    [attendance] = ops.sign_in(actor=officer, session_id=s.pk, person_ids=[person.pk])
    corrected = ops.correct_attendance(actor=officer, attendance_id=attendance.pk, hours="1.5")
    assert corrected.hours == Decimal("1.5")
    with pytest.raises(InvalidInput) as refused:
        ops.correct_attendance(actor=officer, attendance_id=attendance.pk, hours="3.5")
    assert refused.value.field == "hours"
    ops.remove_attendance(actor=officer, attendance_id=attendance.pk)
    assert not Attendance.objects.exists()
    [event] = audit_events("people.training_removed")
    assert event["data"]["person"] == person.pk and event["data"]["hours"] == "1.5"


def test_nobody_corrects_their_own_attendance__ROLE_SEPARATION(world, officer):
    second = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    s = session(second)
    [mine] = ops.sign_in(actor=second, session_id=s.pk, person_ids=[officer.person_id])
    with pytest.raises(RuleViolation) as refused:
        ops.remove_attendance(actor=officer, attendance_id=mine.pk)
    assert refused.value.rule_id == "ROLE-SEPARATION"
    ops.remove_attendance(actor=second, attendance_id=mine.pk)


def _attend(officer, person, *hours_and_days):
    for hours, day in hours_and_days:
        s = session(officer, hours=hours, held_on=day)
        ops.sign_in(actor=officer, session_id=s.pk, person_ids=[person.pk])


def test_hours_sum_across_sessions_of_a_year_only__PPL_TRAINING(world, officer):
    person = world.person(clearance=Clearance.GENERAL)
    year = today().year
    _attend(
        officer,
        person,
        ("2", datetime.date(year, 1, 5)),
        ("1.5", datetime.date(year, 1, 6)),
        ("4", datetime.date(year - 1, 12, 31)),
    )
    assert queries.hours(officer, person.pk, year).hours == Decimal("3.5")
    assert queries.hours(officer, person.pk, year - 1).hours == Decimal("4")
    assert queries.hours(officer, person.pk, year - 2).hours == Decimal("0")


def _deadline(organisation_id, person_id, moment=None):
    moment = moment or timezone.now()
    found = [
        d
        for d in deadlines(organisation_id, moment)
        if d.rule_id == "PPL-TRAINING" and d.subject_id == person_id
    ]
    return found[0] if found else None


def test_six_of_eight_hours_is_flagged_eight_is_met__PPL_TRAINING(world, officer):
    short = world.person(clearance=Clearance.GENERAL)
    enough = world.person(clearance=Clearance.IMPORTANT)
    uncleared = world.person()
    day = datetime.date(today().year, 1, 2)
    _attend(officer, short, ("2", day), ("2", day), ("2", day))
    _attend(officer, enough, ("4", day), ("4", day))
    flagged = _deadline(world.organisation.pk, short.pk)
    assert flagged is not None and not flagged.done
    assert flagged.department_id == short.department_id and flagged.person_id == short.pk
    assert flagged.due_at.date() == datetime.date(today().year + 1, 1, 1)
    # Eight hours: the person's deadline is met, no longer open.
    assert _deadline(world.organisation.pk, enough.pk) is None
    assert _deadline(world.organisation.pk, uncleared.pk) is None
    # After the year's end an unmet minimum is overdue.
    late = flagged.due_at + datetime.timedelta(minutes=1)
    assert flagged.state(late) == State.OVERDUE
    # Shortfall per person and department, for the office.
    mine = {p.person_id: p for p in queries.year_hours(officer)}
    assert mine[short.pk].short and mine[short.pk].missing == Decimal(2)
    assert not mine[enough.pk].short
    tech = next(d for d in queries.shortfall(officer) if d.department_id == short.department_id)
    people = [p for p in queries.year_hours(officer) if p.department_id == short.department_id]
    assert (tech.people, tech.short) == (len(people), sum(p.short for p in people))
    assert tech.hours == sum(p.hours for p in people)
    assert tech.missing == sum(p.missing for p in people) >= Decimal(2)
    listed = [p.person_id for p in queries.short_list(officer)]
    assert short.pk in listed and enough.pk not in listed


def test_the_minimum_is_the_rulebooks__PPL_TRAINING(world, officer):
    person = world.person(clearance=Clearance.GENERAL)
    _attend(officer, person, ("6", datetime.date(today().year, 1, 2)))
    assert not _deadline(world.organisation.pk, person.pk).done
    assert queries.min_hours(world.organisation.pk) == 8


def test_the_deadline_costs_the_same_queries_whatever_the_people__PPL_TRAINING(world, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            DEADLINE_PROVIDERS["PPL-TRAINING"].answer(world.organisation.pk, timezone.now())
        return len(captured.captured_queries)

    world.person(clearance=Clearance.GENERAL)
    few = count()
    for _n in range(10):
        world.person(clearance=Clearance.GENERAL)
    assert count() == few <= 5


def test_a_person_reads_their_own_hours_only__PPL_TRAINING(world, officer):
    me = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    other = world.person(clearance=Clearance.GENERAL)
    _attend(officer, me.person, ("2", datetime.date(today().year, 1, 2)))
    mine = queries.hours(me, me.person_id)
    assert (mine.hours, mine.minimum, mine.short) == (Decimal(2), 8, True)
    with pytest.raises(NotFound):
        queries.hours(me, other.pk)
    with pytest.raises(AccessDenied):
        queries.year_hours(me)


def test_nobody_cleared_owes_no_sessions__PPL_TRAINING(world):
    moment = timezone.now()
    assert sessions_due(world.organisation.pk, moment) == []


def test_a_session_a_quarter_is_owed_by_the_organisation__PPL_TRAINING(world, officer):
    year = today().year - 1
    moment = timezone.make_aware(datetime.datetime(year, 8, 10, 12))

    def quarters():
        return [
            d
            for d in sessions_due(world.organisation.pk, moment)
            if d.subject_type == "org.organisation"
        ]

    # August: the first three quarters are begun, none with a session.
    found = quarters()
    assert [d.due_at.date() for d in found] == [
        datetime.date(year, 4, 1),
        datetime.date(year, 7, 1),
        datetime.date(year, 10, 1),
    ]
    assert not any(d.done for d in found)
    assert found[0].state(moment) == State.OVERDUE
    session(officer, held_on=datetime.date(year, 2, 1))
    session(officer, held_on=datetime.date(year, 5, 1))
    assert [d.done for d in quarters()] == [True, True, False]
