"""The minutes on the meeting's page (MEET-MINUTES): who keeps them, who read them when, and
the buttons of the signed-in person — record them (an organiser, once the meeting opened), ask
the office director to read them, read them under the approval.

Reading is a POST whose answer is the page with the text: the operation uses the approval and
logs the reading in the same step, so the text is never shown by a GET (a reload, a link, the
browser's history) without a new approval each time. The approvals' pages describe a reading's
subject (``subject``) and what it authorises (``sentence``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.kit.actions import Action, arrange
from baomi.kit.forms import Form, IdField
from baomi.kit.pages import cleaned, done, page
from baomi.meetings.models import Meeting, MeetingState
from baomi.meetings.operations import minutes as ops
from baomi.meetings.policies import organises
from baomi.meetings.queries import minutes as queries
from baomi.org import queries as org_queries
from baomi.seams.approvals import Subject


class MinutesForm(Form):
    custodian = IdField(label=gettext_lazy("Kept by (a person cleared for the level)"))
    body = forms.CharField(
        label=gettext_lazy("Minutes"), max_length=ops.BODY_LENGTH, widget=forms.Textarea
    )


class AskForm(Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


def panel(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The minutes panel's context for the meeting's page."""
    actor = request.user
    found = queries.of_meeting(actor, meeting)
    actions: list[Action] = []
    if (
        found is None
        and organises(actor)
        and meeting.state in (MeetingState.OPEN, MeetingState.ENDED, MeetingState.CLOSED)
    ):
        actions.append(
            Action(
                "minutes-record",
                _("Record the minutes"),
                reverse("meeting_minutes_record", args=[meeting.pk]),
                MinutesForm(),
                rules=("MEET-MINUTES", "CLS-MAC"),
                faults={"CLS-MAC": "custodian"},
                intro=_(
                    "The minutes are a classified item of the meeting's level, kept by the "
                    "person named; reading them needs the office director's approval."
                ),
            )
        )
    state = queries.reading_state(actor, found) if found is not None else None
    if state is not None and state.may_ask:
        actions.append(
            Action(
                "minutes-ask",
                _("Ask to read the minutes"),
                reverse("meeting_minutes_ask", args=[found.pk]),
                AskForm(),
                rules=("MEET-MINUTES",),
            )
        )
    return {
        "meeting": meeting,
        "minutes": found,
        "readings": list(queries.readings(actor, found)[:50]) if found is not None else [],
        "reading": state,
        "minutes_actions": arrange(request, actions),
    }


@require_POST
@page("meetings")
def record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    data = cleaned(MinutesForm(request.POST))
    ops.record_minutes(
        actor=request.user,
        meeting_id=meeting_id,
        custodian_id=data["custodian"],
        body=data["body"],
    )
    return done(request, _("Minutes recorded."), reverse("meeting", args=[meeting_id]) + "#minutes")


@require_POST
@page("home")
def ask(request: HttpRequest, minutes_id: int) -> HttpResponse:
    data = cleaned(AskForm(request.POST))
    ops.request_reading(actor=request.user, minutes_id=minutes_id, reason=data["reason"])
    found = queries.minutes(request.user, minutes_id)
    return done(
        request,
        _("Asked the office director to approve the reading."),
        reverse("meeting", args=[found.meeting_id]) + "#minutes",
    )


@require_POST
@page("home")
def read(request: HttpRequest, minutes_id: int) -> HttpResponse:
    """The minutes' text, in the answer to the POST that used the approval and logged the
    reading (never on a GET)."""
    body = ops.read_minutes(actor=request.user, minutes_id=minutes_id)
    found = queries.minutes(request.user, minutes_id)
    response = render(request, "meetings/minutes/read.html", {"minutes": found, "body": body})
    response["Cache-Control"] = "no-store"
    return response


# The approvals' pages -------------------------------------------------------------------------


def subject(actor: Any, minutes_id: int) -> Subject | None:
    """The minutes a reading request is about: the meeting's title and level, to whoever may
    know the meeting or is asked to approve the reading and is cleared for its level."""
    found = queries.asked_about(actor, minutes_id)
    if found is None:
        return None
    url = reverse("meeting", args=[found.meeting_id]) if found.known else "#"
    return Subject(
        _("Minutes of %(meeting)s") % {"meeting": found.minutes.meeting.title},
        found.minutes.meeting.level,
        url,
    )


def sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What a reading approval authorises: one reading, by whom."""
    name = org_queries.name_of(actor, params.get("reader_id"))
    return _("%(name)s reads the minutes once.") % {"name": name or "—"}
