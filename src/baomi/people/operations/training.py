"""Training sessions and who attended them (PPL-TRAINING, TRAIN-RECORD).

The security office (SET_CLEARANCE) records a session once it is held — topic, day, class
hours, trainer, place and, optionally, a short quiz kept as data — and signs its attendees in
(by hand or from the attendance sheet, ``import_attendance``); each attendance copies the
session's day and hours, so a person's hours of a year are one indexed sum. The effect of a
session (TRAIN-RECORD) is measured by its attendees: each answers the quiz once
(``answer_quiz``: the score computed here) or rates the session once, 1 to 5 (``rate_session``).
The office corrects an attendance's hours or score, or removes it. Nobody signs in, corrects or
removes their own attendance (ROLE-SEPARATION): the hours are their file's.

Audit bodies hold ids, days, hours, counts and scores, never the topic or the quiz."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import bounded_text
from baomi.org.models import Person
from baomi.org.operations import refuse_oneself
from baomi.org.posts import person_in
from baomi.people import imports
from baomi.people.models import Attendance, TrainingSession
from baomi.people.policies import OFFICE
from baomi.rulebook import book

SESSION_RECORDED = register_action(
    "people.training_recorded", gettext_lazy("Training session recorded")
)
SIGNED_IN = register_action(
    "people.training_signed_in", gettext_lazy("Training attendees signed in")
)
ATTENDANCE_IMPORTED = register_action(
    "people.training_imported", gettext_lazy("Training attendance sheet imported")
)
QUIZ_ANSWERED = register_action("people.training_quiz", gettext_lazy("Training quiz answered"))
SESSION_RATED = register_action("people.training_rated", gettext_lazy("Training session rated"))
ATTENDANCE_CORRECTED = register_action(
    "people.training_corrected", gettext_lazy("Training attendance corrected")
)
ATTENDANCE_REMOVED = register_action(
    "people.training_removed", gettext_lazy("Training attendance removed")
)

# The bounds of what a session records.
MAX_HOURS = Decimal(40)
EARLIEST = datetime.date(2000, 1, 1)
MAX_QUESTIONS = 20
MAX_CHOICES = 6
QUESTION_LENGTH = 300
CHOICE_LENGTH = 100
MAX_ATTENDEES = 2000
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")


def hours_of(value: Any, field: str = "hours", most: Decimal = MAX_HOURS) -> Decimal:
    """Class hours: more than 0, at most ``most``, with one decimal at the most (1.5, not
    1.25); InvalidInput naming ``field`` otherwise."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite() or hours != hours.quantize(Decimal("0.1")):
        raise InvalidInput(_("Give the class hours with one decimal at the most."), field=field)
    if not Decimal(0) < hours <= most:
        raise InvalidInput(
            _("The class hours must be more than 0 and at most %(most)s.") % {"most": most},
            field=field,
        )
    return hours.quantize(Decimal("0.1"))


def clean_questions(questions: Any) -> list[dict[str, Any]]:
    """The quiz as kept: at most MAX_QUESTIONS questions, each ``{"key", "text", "choices",
    "answer"}`` with a text, 2 to MAX_CHOICES distinct choices and the answer among them (a
    key, when not given, is q1, q2 …); InvalidInput naming ``questions`` otherwise."""
    if questions in (None, ""):
        return []
    if not isinstance(questions, list) or len(questions) > MAX_QUESTIONS:
        raise InvalidInput(
            _("The quiz is a list of at most %(n)d questions.") % {"n": MAX_QUESTIONS},
            field="questions",
        )
    clean, keys = [], set()
    for number, question in enumerate(questions, start=1):
        where = {"n": number}
        if not isinstance(question, dict):
            raise InvalidInput(_("Question %(n)d is malformed.") % where, field="questions")
        key = question.get("key") or f"q{number}"
        text = question.get("text")
        choices = question.get("choices")
        answer = question.get("answer")
        if not isinstance(key, str) or not _KEY.match(key) or key in keys:
            raise InvalidInput(
                _("Question %(n)d needs a key of its own (letters, digits).") % where,
                field="questions",
            )
        if not isinstance(text, str) or not text.strip() or len(text) > QUESTION_LENGTH:
            raise InvalidInput(
                _("Question %(n)d needs a text of at most %(most)d characters.")
                % {**where, "most": QUESTION_LENGTH},
                field="questions",
            )
        if (
            not isinstance(choices, list)
            or not 2 <= len(choices) <= MAX_CHOICES
            or not all(isinstance(c, str) and 0 < len(c.strip()) <= CHOICE_LENGTH for c in choices)
            or len({c.strip() for c in choices}) != len(choices)
        ):
            raise InvalidInput(
                _(
                    "Question %(n)d needs 2 to %(most)d different choices of at most "
                    "%(length)d characters."
                )
                % {**where, "most": MAX_CHOICES, "length": CHOICE_LENGTH},
                field="questions",
            )
        choices = [c.strip() for c in choices]
        if not isinstance(answer, str) or answer.strip() not in choices:
            raise InvalidInput(
                _("The answer of question %(n)d must be one of its choices.") % where,
                field="questions",
            )
        keys.add(key)
        clean.append(
            {"key": key, "text": text.strip(), "choices": choices, "answer": answer.strip()}
        )
    return clean


def _office_person(actor: Actor) -> tuple[int, Person | None]:
    require(actor, OFFICE)
    return actor_organisation_id(actor), getattr(actor, "person", None)


def _session(
    organisation_id: int | None, session_id: Any, *, lock: bool = False
) -> TrainingSession:
    """The organisation's session, or "not found" (another organisation's answers alike)."""
    found = TrainingSession.objects.filter(organisation_id=organisation_id, pk=session_id)
    if lock:
        found = found.select_for_update()
    session = found.first()
    if session is None:
        raise NotFound(_("No such training session."))
    return session


@operation
def record_session(
    *,
    actor: Actor,
    topic: str,
    held_on: datetime.date,
    hours: Any,
    trainer: str,
    place: str = "",
    questions: Any = None,
) -> TrainingSession:
    """Record a session once it is held (TRAIN-RECORD; the security office): a topic, its day
    (not to come, not before 2000), its class hours (0 < hours ≤ 40, one decimal), the trainer,
    the place and, optionally, the quiz that checks its effect."""
    organisation_id, person = _office_person(actor)
    topic = bounded_text(
        topic, "topic", TrainingSession._meta.get_field("topic").max_length, required=True
    )
    trainer = bounded_text(
        trainer, "trainer", TrainingSession._meta.get_field("trainer").max_length, required=True
    )
    place = bounded_text(place, "place", TrainingSession._meta.get_field("place").max_length)
    if not isinstance(held_on, datetime.date):
        raise InvalidInput(_("Give the day the session was held."), field="held_on")
    if held_on > timezone.localdate():
        raise InvalidInput(
            _("A session is recorded once held: its day cannot be to come."), field="held_on"
        )
    if held_on < EARLIEST:
        raise InvalidInput(_("The day is too long ago."), field="held_on")
    hours = hours_of(hours)
    quiz = clean_questions(questions)
    session = TrainingSession.objects.create(
        organisation_id=organisation_id,
        topic=topic,
        held_on=held_on,
        hours=hours,
        trainer=trainer,
        place=place,
        questions=quiz,
        organiser=person,
    )
    record_event(
        actor=actor,
        action=SESSION_RECORDED,
        subject=session,
        organisation_id=organisation_id,
        data={
            "rule": "TRAIN-RECORD",
            "held_on": held_on.isoformat(),
            "hours": str(hours),
            "questions": len(quiz),
        },
    )
    return session


def _refuse_signed(session: TrainingSession, people: list[Person]) -> None:
    """A person is signed in once per session: the refusal names who is already."""
    ids = [p.pk for p in people]
    signed = set(
        Attendance.objects.filter(session=session, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    names = [p.name for p in people if p.pk in signed]
    book.require(
        session.organisation_id,
        "TRAIN-RECORD",
        not names,
        _("Already signed in at this session: %(names)s.") % {"names": ", ".join(names)},
        conflict=True,
    )


def _attend(
    session: TrainingSession, person_id: int, score: int | None = None, rating: int | None = None
) -> Attendance:
    return Attendance(
        organisation_id=session.organisation_id,
        session=session,
        person_id=person_id,
        held_on=session.held_on,
        hours=session.hours,
        score=score,
        rating=rating,
    )


@operation
def sign_in(*, actor: Actor, session_id: int, person_ids: list[int]) -> list[Attendance]:
    """Sign people in at a session (TRAIN-RECORD, PPL-TRAINING; the security office): people
    of the organisation (another's: not found) still in post, each once (a refusal names who is
    signed in already), never the officer themselves (ROLE-SEPARATION). Each attendance copies
    the session's day and hours."""
    organisation_id, _person = _office_person(actor)
    if not person_ids:
        raise InvalidInput(_("Choose at least one person."), field="person_ids")
    if len(person_ids) > MAX_ATTENDEES:
        raise InvalidInput(
            _("At most %(n)d people at once.") % {"n": MAX_ATTENDEES}, field="person_ids"
        )
    if len(set(person_ids)) != len(person_ids):
        raise InvalidInput(_("A person is named twice."), field="person_ids")
    session = _session(organisation_id, session_id, lock=True)
    people = []
    for person_id in sorted(person_ids):
        person = person_in(organisation_id, person_id)
        if not person.is_active:
            raise InvalidInput(_("%(name)s has left.") % {"name": person.name}, field="person_ids")
        refuse_oneself(
            actor, person.pk, _("Nobody signs themselves in; another officer records it.")
        )
        people.append(person)
    _refuse_signed(session, people)
    attended = Attendance.objects.bulk_create(_attend(session, p.pk) for p in people)
    record_event(
        actor=actor,
        action=SIGNED_IN,
        subject=session,
        organisation_id=organisation_id,
        data={
            "rule": "TRAIN-RECORD",
            "person_ids": [p.pk for p in people],
            "hours": str(session.hours),
        },
    )
    return attended


@operation
def import_attendance(
    *, actor: Actor, session_id: int, rows: list[Any], dry_run: bool = False
) -> imports.Checked:
    """Sign in everyone present on an attendance sheet (``imports.reading``'s rows), all or
    none (TRAIN-RECORD): any rejected row refuses the import with ``imports.ImportRejected``
    listing every rejected row and why. ``dry_run`` checks and answers what would be recorded,
    writing nothing. The sheet's scores and ratings are recorded with the attendances."""
    organisation_id, person = _office_person(actor)
    session = _session(organisation_id, session_id, lock=not dry_run)
    checked = imports.check(
        organisation_id, session.pk, person.pk if person is not None else None, rows
    )
    accepted = imports.accepted(checked)
    if dry_run:
        return checked
    Attendance.objects.bulk_create(
        _attend(session, row.person_id, row.score, row.rating) for row in accepted
    )
    record_event(
        actor=actor,
        action=ATTENDANCE_IMPORTED,
        subject=session,
        organisation_id=organisation_id,
        data={
            "rule": "TRAIN-RECORD",
            "rows": [row.number for row in accepted],
            "person_ids": [row.person_id for row in accepted],
            "absent": len(checked.absent),
            "hours": str(session.hours),
        },
    )
    return checked


def _own_attendance(actor: Actor, session_id: int) -> tuple[TrainingSession, Attendance]:
    """The actor's own attendance at the session, locked; "not found" for a session of
    another organisation, a refusal (TRAIN-RECORD) for one they did not attend."""
    person = getattr(actor, "person", None)
    if person is None or not person.is_active:
        raise NotFound(_("No such training session."))
    session = _session(person.organisation_id, session_id)
    attendance = (
        Attendance.objects.select_for_update().filter(session=session, person=person).first()
    )
    book.require(
        session.organisation_id,
        "TRAIN-RECORD",
        attendance is not None,
        _("Only those who attended the session check its effect."),
    )
    assert attendance is not None
    return session, attendance


def score_of(questions: list[dict[str, Any]], answers: Any) -> int:
    """The quiz's score, 0–100 (the share of right answers, rounded), from ``answers`` mapping
    each question's key to one of its choices; InvalidInput naming ``answers`` otherwise."""
    if not isinstance(answers, dict):
        raise InvalidInput(_("Answer each question with one of its choices."), field="answers")
    keys = [q["key"] for q in questions]
    if set(answers) != set(keys):
        raise InvalidInput(_("Answer every question of the quiz, and only those."), field="answers")
    right = 0
    for question in questions:
        answer = answers[question["key"]]
        if answer not in question["choices"]:
            raise InvalidInput(_("Answer each question with one of its choices."), field="answers")
        right += answer == question["answer"]
    return round(100 * right / len(questions))


@operation
def answer_quiz(*, actor: Actor, session_id: int, answers: Any) -> Attendance:
    """An attendee answers the session's quiz themselves, once (TRAIN-RECORD): the score is
    the share of right answers; a second answer is a conflict."""
    session, attendance = _own_attendance(actor, session_id)
    if not session.questions:
        raise InvalidInput(_("This session has no quiz: rate it instead."), field="answers")
    book.require(
        session.organisation_id,
        "TRAIN-RECORD",
        attendance.score is None,
        _("You have answered this quiz already."),
        conflict=True,
    )
    attendance.score = score_of(session.questions, answers)
    attendance.save(update_fields=["score"])
    record_event(
        actor=actor,
        action=QUIZ_ANSWERED,
        subject=session,
        organisation_id=session.organisation_id,
        data={"rule": "TRAIN-RECORD", "attendance": attendance.pk, "score": attendance.score},
    )
    return attendance


@operation
def rate_session(*, actor: Actor, session_id: int, rating: Any) -> Attendance:
    """An attendee rates the session, 1 to 5, once (TRAIN-RECORD)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(_("Rate the session from 1 to 5."), field="rating")
    session, attendance = _own_attendance(actor, session_id)
    book.require(
        session.organisation_id,
        "TRAIN-RECORD",
        attendance.rating is None,
        _("You have rated this session already."),
        conflict=True,
    )
    attendance.rating = rating
    attendance.save(update_fields=["rating"])
    record_event(
        actor=actor,
        action=SESSION_RATED,
        subject=session,
        organisation_id=session.organisation_id,
        data={"rule": "TRAIN-RECORD", "attendance": attendance.pk, "rating": rating},
    )
    return attendance


def _office_attendance(actor: Actor, attendance_id: int) -> Attendance:
    organisation_id, _person = _office_person(actor)
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("session", "person")
        .filter(organisation_id=organisation_id, pk=attendance_id)
        .first()
    )
    if attendance is None:
        raise NotFound(_("No such attendance."))
    refuse_oneself(
        actor,
        attendance.person_id,
        _("Nobody corrects their own training record; another officer does."),
    )
    return attendance


@operation
def correct_attendance(
    *, actor: Actor, attendance_id: int, hours: Any = None, score: Any = None
) -> Attendance:
    """Correct an attendance (the security office, never one's own: ROLE-SEPARATION): the
    hours actually attended (more than 0, at most the session's) and the score of a quiz
    answered on paper (0–100)."""
    attendance = _office_attendance(actor, attendance_id)
    changed: dict[str, Any] = {}
    if hours not in (None, ""):
        attendance.hours = hours_of(hours, most=attendance.session.hours)
        changed["hours"] = str(attendance.hours)
    if score not in (None, ""):
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
            raise InvalidInput(_("The score must be 0 to 100."), field="score")
        attendance.score = score
        changed["score"] = score
    if not changed:
        raise InvalidInput(_("Give the hours or the score to correct."), field="hours")
    attendance.save(update_fields=["hours", "score"])
    record_event(
        actor=actor,
        action=ATTENDANCE_CORRECTED,
        subject=attendance.session,
        organisation_id=attendance.organisation_id,
        data={
            "rule": "TRAIN-RECORD",
            "attendance": attendance.pk,
            "person": attendance.person_id,
            **changed,
        },
    )
    return attendance


@operation
def remove_attendance(*, actor: Actor, attendance_id: int) -> None:
    """Remove an attendance signed in by mistake (the security office, never one's own:
    ROLE-SEPARATION); the audit event keeps who and how many hours."""
    attendance = _office_attendance(actor, attendance_id)
    session = attendance.session
    data = {
        "rule": "TRAIN-RECORD",
        "attendance": attendance.pk,
        "person": attendance.person_id,
        "hours": str(attendance.hours),
    }
    attendance.delete()
    record_event(
        actor=actor,
        action=ATTENDANCE_REMOVED,
        subject=session,
        organisation_id=session.organisation_id,
        data=data,
    )
