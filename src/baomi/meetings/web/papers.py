"""The meeting papers on the meeting's page (MEET-DOCS): the paper register (what went to
whom, when it came back or how it was accounted for), handing a copy out while the meeting is
in session, collecting it, recording it kept or lost, the printed 会议文件登记表 and the
register's .xlsx/PDF export. The panel is rendered into the meeting's page by the
``meeting_docs`` template tag (``panel``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.kit.actions import Action, arrange
from baomi.kit.forms import Form, IdField, date_input
from baomi.kit.pages import attachment, cleaned, done, page
from baomi.meetings.models import Meeting, MeetingState, PaperHandling
from baomi.meetings.operations import papers as ops
from baomi.meetings.policies import organises
from baomi.meetings.queries import papers as queries

# The forms --------------------------------------------------------------------------------


class HandOutForm(Form):
    """A copy one keeps, to a signed-in attendee."""

    attendee = forms.TypedChoiceField(label=gettext_lazy("Attendee"), coerce=int)
    copy = forms.TypedChoiceField(label=gettext_lazy("Copy"), coerce=int)

    def __init__(self, *args: Any, attendees: Any = (), copies: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].choices = [("", "—")] + [
            (a.pk, f"{a.person.name} · {a.person.department.name}") for a in attendees
        ]
        self.fields["copy"].choices = [("", "—")] + [
            (c.pk, f"{c.document.number} {c.document.title} · {c.label}") for c in copies
        ]


class HandlingForm(Form):
    """A paper kept (until a date) or lost, with the note of what was announced or found."""

    handling = forms.ChoiceField(
        label=gettext_lazy("Handling"),
        choices=[(h, PaperHandling(h).label) for h in ops.RECORDED],
    )
    due_date = forms.DateField(
        label=gettext_lazy("To be returned by (kept)"), required=False, widget=date_input()
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=ops.NOTE_LENGTH)


# The panel on the meeting's page --------------------------------------------------------------


def _actions(request: HttpRequest, meeting: Meeting) -> list[Action]:
    actor = request.user
    if not organises(actor) or meeting.state != MeetingState.OPEN:
        return []
    return arrange(
        request,
        [
            Action(
                "paper-hand-out",
                _("Hand out a paper"),
                reverse("meeting_paper_hand_out", args=[meeting.pk]),
                HandOutForm(
                    attendees=queries.receivers(meeting),
                    copies=queries.copies_to_hand_out(actor, meeting),
                ),
                rules=("MEET-DOCS", "AREA-ACCESS", "CLS-MAC"),
                faults={"MEET-DOCS": "copy", "CLS-MAC": "attendee", "AREA-ACCESS": "attendee"},
                intro=_(
                    "Only the copies you keep, to attendees signed in and cleared for them; a "
                    "top-secret copy is collected at once."
                ),
            )
        ],
    )


def panel(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The paper register panel's context for the meeting's page."""
    actor = request.user
    handling = organises(actor) and meeting.state in (MeetingState.OPEN, MeetingState.ENDED)
    return {
        "meeting": meeting,
        "lines": queries.lines(actor, meeting),
        "paper_actions": _actions(request, meeting),
        "handling": handling,
        "handling_choices": [(h, PaperHandling(h).label) for h in ops.RECORDED],
        "registers": organises(actor) or meeting.organiser_id == actor.person_id,
        "paper_exports": [
            (f, f"{reverse('meeting_papers_export', args=[meeting.pk])}?format={f}")
            for f in EXPORTERS
        ],
    }


# The actions --------------------------------------------------------------------------------


def _back(request: HttpRequest, meeting_id: int, message: str) -> HttpResponse:
    return done(request, message, reverse("meeting", args=[meeting_id]) + "#meeting-papers")


@require_POST
@page("meetings")
def hand_out(request: HttpRequest, meeting_id: int) -> HttpResponse:
    data = cleaned(_posted(request))
    ops.hand_out(
        actor=request.user,
        meeting_id=meeting_id,
        attendee_id=data["attendee"],
        copy_id=data["copy"],
    )
    return _back(request, meeting_id, _("Paper handed out."))


def _posted(request: HttpRequest) -> forms.Form:
    """The hand-out form as posted: the ids only (the operation checks who and what)."""

    class Posted(Form):
        attendee = IdField()
        copy = IdField()

    return Posted(request.POST)


@require_POST
@page("meetings")
def collect(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = ops.collect(actor=request.user, paper_id=paper_id)
    return _back(request, paper.meeting_id, _("Paper collected."))


@require_POST
@page("meetings")
def handling(request: HttpRequest, paper_id: int) -> HttpResponse:
    data = cleaned(HandlingForm(request.POST))
    paper = ops.record_handling(
        actor=request.user,
        paper_id=paper_id,
        handling=data["handling"],
        note=data["note"],
        due_date=data.get("due_date"),
    )
    return _back(request, paper.meeting_id, _("Handling recorded."))


@page("home")
def register_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """会议文件登记表 as a PDF for whoever may know the meeting; the print is recorded."""
    printed = queries.printed(request.user, meeting_id)
    return attachment(printed.content, printed.filename, "application/pdf")


@page("home")
def register_export(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The paper register as .xlsx or PDF (``?format=``); the export is recorded."""
    export = queries.export(request.user, meeting_id, request.GET.get("format", ""))
    return attachment(export.content, export.filename, export.content_type)
