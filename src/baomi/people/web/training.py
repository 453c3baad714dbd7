"""The training pages (PPL-TRAINING, TRAIN-RECORD). The security office's: the sessions of a
year with the form that records one and the 培训记录's exports; one session with its
attendees, its effect (attendee count, average score, ratings), the sign-in form, the
attendance sheet's import with a dry run, and each attendance's correction or removal; the
shortfall of the year per department and person. Everyone's: answering a session's quiz and
rating it, from the panel of their own file (``panels``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.core.inputs import asked_year
from baomi.kit.pages import attachment, cleaned, done, next_page, page
from baomi.people import imports
from baomi.people.operations import training as ops
from baomi.people.policies import keeps_files
from baomi.people.queries import training as queries
from baomi.people.web.forms_training import (
    AttendanceSheetForm,
    CorrectForm,
    RatingForm,
    SessionForm,
    SignInForm,
    YearForm,
    quiz_answers,
)

# How many of the people short of the minimum the shortfall page lists (the people list
# filtered by the shortfall has them all, paged).
SHORT_SHOWN = 100


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None, initial={"year": queries.this_year()})
    year = cleaned(form)["year"] if form.is_bound else None
    return form, asked_year(year)


@page("people_files")
def training(request: HttpRequest) -> HttpResponse:
    """The sessions of a year (this year), the record form and the 培训记录's exports."""
    actor = request.user
    if request.method == "POST":
        data = cleaned(SessionForm(request.POST))
        recorded = ops.record_session(
            actor=actor,
            topic=data["topic"],
            held_on=data["held_on"],
            hours=data["hours"],
            trainer=data["trainer"],
            place=data["place"],
            questions=data["quiz"],
        )
        return done(
            request,
            _("Training session recorded."),
            reverse("training_session", args=[recorded.pk]),
        )
    year_form, year = _year(request)
    if "format" in request.GET:
        exported = queries.export(actor, year, request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    organisation_id = actor.person.organisation_id if actor.person else None
    return render(
        request,
        "people/training/sessions.html",
        {
            "year": year,
            "year_form": year_form,
            "sessions": queries.sessions(actor, year=year),
            "form": SessionForm(),
            "held": queries.sessions_held(organisation_id, year),
            "per_year": queries.sessions_per_year(organisation_id),
            "exports": [(f, f"?year={year}&format={f}") for f in EXPORTERS],
        },
    )


@page("people_files")
def training_session(request: HttpRequest, session_id: int) -> HttpResponse:
    """One session: its attendees and effect, the sign-in form and the attendance sheet."""
    actor = request.user
    found = queries.session(actor, session_id)
    attendances = list(queries.attendances(actor, session_id))
    signed = {a.person_id for a in attendances}
    return render(
        request,
        "people/training/session.html",
        {
            "session": found,
            "attendances": attendances,
            "ratings": queries.ratings(actor, session_id),
            "sign_in_form": SignInForm(actor=actor, signed=signed),
            "sheet_form": AttendanceSheetForm(),
            "correct_form": CorrectForm(),
            "own_id": getattr(actor, "person_id", None),
        },
    )


@require_POST
@page("people_files")
def training_sign_in(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request.user
    data = cleaned(SignInForm(request.POST, actor=actor, signed=set()))
    signed = ops.sign_in(actor=actor, session_id=session_id, person_ids=data["person_ids"])
    message = ngettext("%(n)d person signed in.", "%(n)d people signed in.", len(signed))
    return done(
        request, message % {"n": len(signed)}, reverse("training_session", args=[session_id])
    )


@require_POST
@page("people_files")
def training_import(request: HttpRequest, session_id: int) -> HttpResponse:
    """The attendance sheet: "dry run" lists who would be signed in, the absent and every
    rejected row, changing nothing; "import" signs them all in or, when any row is rejected,
    nobody and lists the rejected rows."""
    actor = request.user
    found = queries.session(actor, session_id)
    upload = cleaned(AttendanceSheetForm(request.POST, request.FILES))["file"]
    reading = imports.reading(upload, upload.name)
    context: dict[str, Any] = {
        "session": found,
        "reading": reading,
        "sheet_form": AttendanceSheetForm(),
    }
    if "dry_run" in request.POST:
        checked = queries.check_sheet(actor, session_id, reading.rows)
        context.update(
            dry_run=True, rows=checked.rows, rejected=checked.rejected, absent=checked.absent
        )
        return render(request, "people/training/import.html", context)
    try:
        checked = ops.import_attendance(actor=actor, session_id=session_id, rows=reading.rows)
    except imports.ImportRejected as exc:
        context.update(
            dry_run=False, rows=[], rejected=exc.rejected, absent=[], message=exc.message
        )
        return render(request, "people/training/import.html", context, status=400)
    message = ngettext("%(n)d person signed in.", "%(n)d people signed in.", len(checked.rows))
    return done(
        request,
        message % {"n": len(checked.rows)},
        reverse("training_session", args=[session_id]),
    )


@page("people_files")
def training_import_template(request: HttpRequest) -> HttpResponse:
    """The attendance sheet's template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), _("attendance-sheet.xlsx"))


@require_POST
@page("people_files")
def training_attendance_correct(request: HttpRequest, attendance_id: int) -> HttpResponse:
    actor = request.user
    data = cleaned(CorrectForm(request.POST))
    corrected = ops.correct_attendance(
        actor=actor, attendance_id=attendance_id, hours=data["hours"], score=data["score"]
    )
    return done(
        request,
        _("Attendance corrected."),
        reverse("training_session", args=[corrected.session_id]),
    )


@require_POST
@page("people_files")
def training_attendance_remove(request: HttpRequest, attendance_id: int) -> HttpResponse:
    actor = request.user
    session_id = queries.office_attendance(actor, attendance_id).session_id
    ops.remove_attendance(actor=actor, attendance_id=attendance_id)
    return done(request, _("Attendance removed."), reverse("training_session", args=[session_id]))


@page("people_files")
def training_shortfall(request: HttpRequest) -> HttpResponse:
    """The year's hours per department and the people short of the minimum (PPL-TRAINING)."""
    actor = request.user
    year_form, year = _year(request)
    departments = queries.shortfall(actor, year)
    return render(
        request,
        "people/training/shortfall.html",
        {
            "year": year,
            "year_form": year_form,
            "departments": departments,
            "short_list": queries.short_list(actor, year, limit=SHORT_SHOWN),
            "shown": SHORT_SHOWN,
            "minimum": queries.min_hours(actor.person.organisation_id if actor.person else None),
            "short": sum(d.short for d in departments),
            "people": sum(d.people for d in departments),
        },
    )


# One's own: the quiz and the rating (from the panel of one's file) -------------------------


@require_POST
@page("home")
def training_quiz(request: HttpRequest, session_id: int) -> HttpResponse:
    """Answer a session's quiz, one's own, once (TRAIN-RECORD)."""
    actor = request.user
    found = queries.session(actor, session_id)
    answered = ops.answer_quiz(
        actor=actor, session_id=session_id, answers=quiz_answers(request.POST, found.questions)
    )
    message = _("Quiz answered: %(score)d of 100.") % {"score": answered.score}
    return done(request, message, next_page(request, reverse("home")))


@require_POST
@page("home")
def training_rate(request: HttpRequest, session_id: int) -> HttpResponse:
    """Rate a session one attended, once (TRAIN-RECORD)."""
    data = cleaned(RatingForm(request.POST))
    ops.rate_session(actor=request.user, session_id=session_id, rating=data["rating"])
    return done(
        request, _("Thank you for rating the session."), next_page(request, reverse("home"))
    )


# Panels ------------------------------------------------------------------------------------


def my_training(actor: Any, **about: Any) -> dict[str, Any] | None:
    """MY_FILE: my hours this year against the minimum, my sessions of the year, and the quiz
    or rating each still asks of me (TRAIN-RECORD)."""
    person = getattr(actor, "person", None)
    if person is None or not person.is_active:
        return None
    mine = queries.hours(actor, person.pk)
    attended = list(queries.my_attendances(actor, mine.year))
    return {
        "hours": mine,
        "attended": [
            (a, bool(a.session.questions) and a.score is None, a.rating is None) for a in attended
        ],
    }


def person_training(actor: Any, person: Any) -> dict[str, Any] | None:
    """PERSON: the person's hours this year against the minimum and their sessions, to the
    security office (PPL-TRAINING)."""
    if not keeps_files(actor):
        return None
    found = queries.hours(actor, person.pk)
    return {
        "hours": found,
        "person": person,
        "attended": list(queries.person_attendances(actor, person.pk, found.year)),
    }
