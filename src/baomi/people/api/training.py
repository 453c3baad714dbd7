"""JSON routes of training (PPL-TRAINING, TRAIN-RECORD): the security office records sessions,
signs attendees in (by hand or from an attendance sheet, with a dry run) and reads everyone's
hours of a year with the shortfall flagged; an attendee answers a session's quiz or rates it,
once. Every knowing person of the organisation lists its sessions; the quiz's answers and the
attendees are the office's (anyone else sees their own attendance). A refusal by a rule
answers 403 naming it (409 when already done); a session or person of another organisation
answers 404 like a missing one; bad input answers 422 naming the field."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from baomi.core.imports import ImportRejected, PassedOver, SheetRead, read_from
from baomi.core.inputs import Id, Line, Offset, Year, asked_year, text
from baomi.people import imports
from baomi.people.models import TrainingSession
from baomi.people.operations import training as ops
from baomi.people.policies import keeps_files
from baomi.people.queries import training as queries

router = Router(tags=["people"])

# A number (the operation refuses more than one decimal, naming ``hours``).
Hours = Annotated[float, Field(gt=0, le=40)]
# The most rows of hours one answer gives.
MOST_HOURS_ROWS = 500
ChoiceText = Annotated[Line, Field(min_length=1, max_length=ops.CHOICE_LENGTH)]
QuestionKey = Annotated[Line, Field(min_length=1, max_length=20, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class QuestionIn(Schema):
    key: QuestionKey | None = None
    text: Annotated[Line, Field(min_length=1, max_length=ops.QUESTION_LENGTH)]
    choices: list[ChoiceText] = Field(..., min_length=2, max_length=ops.MAX_CHOICES)
    answer: ChoiceText


class TrainingSessionIn(Schema):
    """A session once held: ``held_on`` not to come, ``hours`` one decimal at the most, and an
    optional quiz (each answer among its question's choices)."""

    topic: Line = text(TrainingSession, "topic", min_length=1)
    held_on: date
    hours: Hours
    trainer: Line = text(TrainingSession, "trainer", min_length=1)
    place: Line = text(TrainingSession, "place", "")
    questions: list[QuestionIn] = Field([], max_length=ops.MAX_QUESTIONS)


class QuestionOut(Schema):
    key: str
    text: str
    choices: list[str]
    # The right choice: to the security office only.
    answer: str | None = None


class TrainingSessionOut(Schema):
    id: int
    topic: str
    held_on: date
    hours: Decimal
    trainer: str
    place: str
    questions: list[QuestionOut]
    attendees: int
    answered: int
    average_score: float | None
    rated: int
    average_rating: float | None


class AttendanceOut(Schema):
    id: int
    person_id: int
    name: str
    held_on: date
    hours: Decimal
    score: int | None
    rating: int | None
    signed_in_at: datetime


class TrainingSessionDetail(TrainingSessionOut):
    # Everyone signed in for the office; one's own attendance for anyone else.
    attendances: list[AttendanceOut]


class SignInIn(Schema):
    person_ids: list[Id] = Field(..., min_length=1, max_length=ops.MAX_ATTENDEES)


class QuizIn(Schema):
    """Each question's key to the chosen choice."""

    answers: dict[QuestionKey, ChoiceText] = Field(..., max_length=ops.MAX_QUESTIONS)


class RatingIn(Schema):
    rating: int = Field(..., ge=1, le=5)


class TrainingHoursOut(Schema):
    person_id: int
    name: str
    staff_number: str
    department_id: int
    department: str
    year: int
    hours: Decimal
    minimum: int
    short: bool
    missing: Decimal


class AttendanceRowOut(Schema):
    row: int
    sheet: str
    person_id: int
    name: str
    staff_number: str
    department: str
    score: int | None
    rating: int | None

    @staticmethod
    def resolve_row(parsed: Any) -> int:
        return parsed.number


class AbsentRowOut(Schema):
    row: int
    sheet: str
    name: str
    staff_number: str

    @staticmethod
    def resolve_row(absent: Any) -> int:
        return absent.number


class AttendanceImportOut(Schema):
    created: int | None = None
    would_create: int | None = None
    rows: list[AttendanceRowOut]
    # The rows whose 签到 says the person was not there (passed over).
    absent: list[AbsentRowOut]
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


def _session_out(actor: Any, found: Any, *, detail: bool = False) -> dict[str, Any]:
    office = keeps_files(actor)
    out = {
        "id": found.pk,
        "topic": found.topic,
        "held_on": found.held_on,
        "hours": found.hours,
        "trainer": found.trainer,
        "place": found.place,
        "questions": [
            {**q, "answer": q["answer"] if office else None} for q in found.questions or []
        ],
        "attendees": found.attendees,
        "answered": found.answered,
        "average_score": found.average_score,
        "rated": found.rated,
        "average_rating": found.average_rating,
    }
    if detail:
        out["attendances"] = [
            {
                "id": a.pk,
                "person_id": a.person_id,
                "name": a.person.name,
                "held_on": a.held_on,
                "hours": a.hours,
                "score": a.score,
                "rating": a.rating,
                "signed_in_at": a.signed_in_at,
            }
            for a in queries.attendances(actor, found.pk)
        ]
    return out


@router.get("/training-sessions", response=list[TrainingSessionOut])
def training_sessions(request: HttpRequest, year: Year | None = None) -> Any:
    """The organisation's training sessions (of ``year`` when given), latest first, each with
    its effect: attendees, quiz answers and average score, ratings and average rating."""
    actor = request.auth
    return [_session_out(actor, s) for s in queries.sessions(actor, year=year)[:500]]


@router.post("/training-sessions", response={201: TrainingSessionOut})
def record_session(request: HttpRequest, payload: TrainingSessionIn) -> Any:
    """Record a held session (TRAIN-RECORD; the security office)."""
    actor = request.auth
    values = payload.dict()
    values["questions"] = [
        {k: v for k, v in q.items() if v is not None} for q in values["questions"]
    ]
    recorded = ops.record_session(actor=actor, **values)
    return Status(201, _session_out(actor, queries.session(actor, recorded.pk)))


@router.get("/training-sessions/{session_id}", response=TrainingSessionDetail)
def training_session(request: HttpRequest, session_id: Id) -> Any:
    """One session with its attendances (everyone's for the office, one's own otherwise)."""
    actor = request.auth
    return _session_out(actor, queries.session(actor, session_id), detail=True)


@router.post("/training-sessions/{session_id}/attendees", response={201: list[AttendanceOut]})
def sign_in(request: HttpRequest, session_id: Id, payload: SignInIn) -> Any:
    """Sign people in (the security office): 409 naming those already signed in, 404 for a
    person of another organisation, 422 (``person_ids``) for one who has left, 403
    ROLE-SEPARATION for oneself."""
    actor = request.auth
    attended = ops.sign_in(actor=actor, session_id=session_id, person_ids=payload.person_ids)
    ids = {a.pk for a in attended}
    return Status(
        201,
        [
            {**a.__dict__, "name": a.person.name}
            for a in queries.attendances(actor, session_id)
            if a.pk in ids
        ],
    )


@router.post("/training-sessions/{session_id}/attendees/import", response=AttendanceImportOut)
def import_attendance(
    request: HttpRequest, session_id: Id, file: File[UploadedFile], dry_run: bool = False
) -> Any:
    """Sign in everyone present on an attendance sheet (.xlsx or .csv, multipart field
    ``file``; the security office): columns 姓名/name and/or 工号/staff_number, optionally
    签到/signed_in (empty or 否/缺席: absent), 成绩/score (0–100), 评分/rating (1–5).
    ``dry_run=true`` answers ``would_create`` and the rows, changing nothing. All or none: a
    rejected row answers 422 with ``detail`` listing each rejected ``row`` and its reasons."""
    actor = request.auth
    reading = imports.reading(file, file.name or "")
    if dry_run:
        checked = queries.check_sheet(actor, session_id, reading.rows)
        if checked.rejected:
            raise ImportRejected(checked.rejected)
        counted = {"would_create": len(checked.rows)}
    else:
        checked = ops.import_attendance(actor=actor, session_id=session_id, rows=reading.rows)
        counted = {"created": len(checked.rows)}
    return {**counted, "rows": checked.rows, "absent": checked.absent, **read_from(reading)}


def _attendance_out(actor: Any, session_id: int, attendance: Any) -> dict[str, Any]:
    return {**attendance.__dict__, "name": attendance.person.name}


@router.post("/training-sessions/{session_id}/quiz", response=AttendanceOut)
def answer_quiz(request: HttpRequest, session_id: Id, payload: QuizIn) -> Any:
    """Answer the session's quiz, one's own, once (TRAIN-RECORD): the score is computed; 403
    for someone who did not attend, 409 when answered already, 422 (``answers``) when a
    question is unanswered or answered with no choice of it."""
    actor = request.auth
    answered = ops.answer_quiz(actor=actor, session_id=session_id, answers=payload.answers)
    return _attendance_out(actor, session_id, answered)


@router.post("/training-sessions/{session_id}/rating", response=AttendanceOut)
def rate_session(request: HttpRequest, session_id: Id, payload: RatingIn) -> Any:
    """Rate the session 1 to 5, one's own attendance, once (TRAIN-RECORD)."""
    actor = request.auth
    rated = ops.rate_session(actor=actor, session_id=session_id, rating=payload.rating)
    return _attendance_out(actor, session_id, rated)


@router.get("/training/hours", response=list[TrainingHoursOut])
def training_hours(
    request: HttpRequest,
    year: Year | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Field(ge=1, le=MOST_HOURS_ROWS)] = MOST_HOURS_ROWS,
) -> Any:
    """Class hours of ``year`` (this year) against PPL-TRAINING's ``min_hours``: to the
    security office, the cleared people in post by department and name, ``limit`` (at most
    500) from ``offset``, with ``short`` flagging a shortfall (fewer than ``limit`` rows: the
    last page); to anyone else, their own."""
    actor = request.auth
    year = asked_year(year)
    return [
        {**p.__dict__, "short": p.short, "missing": p.missing, "year": year}
        for p in queries.hours_rows(actor, year, offset=offset, limit=limit)
    ]
