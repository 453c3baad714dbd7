"""The pages of the classified meetings (MEET-ATTEND, MEET-PHONES, MEET-SWEEP): the
organisers' list by phase (50 a page, the register's exports) with planning a meeting; a
meeting's page — level, venue, time, state, the list with sign-in, the checks, the next step
(``queries.progress``, as the API answers it) and the actions of its phase (``kit.actions``:
a refused form comes back with the field at fault); the printed sign-in sheet (签到表); the
"my meetings" home panel of whoever is listed; the menu's badge and the register's entry."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.core.errors import NotFound
from baomi.core.exports import EXPORTERS
from baomi.core.levels import Level
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, export_links, filter_query, page
from baomi.meetings.models import CheckKind, Meeting, MeetingState
from baomi.meetings.operations import meetings as ops
from baomi.meetings.policies import organises
from baomi.meetings.queries import meetings as queries
from baomi.meetings.web import meetings_forms as forms
from baomi.org import queries as org_queries

# The menu and the register ------------------------------------------------------------------


def needing_action(actor: Any) -> int:
    """The badge of the meetings' entry: meetings whose day has come, in session, or ended and
    not closed."""
    return queries.needing_action(actor).count()


def register_url() -> str:
    return reverse("meetings")


def register_shown(actor: Any) -> bool:
    return organises(actor)


def register_exports() -> list[tuple[str, str]]:
    """(format, link) of each export of the meetings register."""
    return [(f, f"{reverse('meetings')}?format={f}") for f in EXPORTERS]


# The home panel -------------------------------------------------------------------------------


def my_meetings(actor: Any, **about: Any) -> dict[str, Any] | None:
    """The meetings still to come or in session that name the signed-in person."""
    if knower(actor) is None:
        return None
    found = queries.my_meetings(actor)
    if not found:
        return None
    return {"meetings": found}


# The list -------------------------------------------------------------------------------------


def _meeting_form(request: HttpRequest, *args: Any, **kwargs: Any) -> forms.MeetingForm:
    actor = request.user
    person = knower(actor)
    return forms.MeetingForm(
        *args,
        ceiling=person.clearance if person else Level.INTERNAL,
        people=queries.organisers(actor),
        departments=org_queries.departments(actor).order_by("path"),
        venues=queries.venues(actor),
        **kwargs,
    )


@page("meetings")
def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings the organiser knows, by phase; ``?format=`` exports the register
    (涉密会议登记)."""
    form = forms.FilterForm(request.GET or None)
    show = form.cleaned_data.get("show", "") if form.is_valid() else ""
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(request.user, file_format, show=show)
        return attachment(export.content, export.filename, export.content_type)
    page_obj = Paginator(queries.meetings(request.user, show=show), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions = arrange(
        request,
        [
            Action(
                "meeting-create",
                _("Plan a meeting"),
                reverse("meeting_create"),
                _meeting_form(request),
                rules=("MEET-ATTEND",),
                faults={"MEET-ATTEND": "venue"},
                intro=_(
                    "The venue is a secure area in use whose level covers the meeting's; the "
                    "organiser is cleared for the level."
                ),
            )
        ],
    )
    return render(
        request,
        "meetings/meetings/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": filter_query(request),
            "actions": actions,
            "exports": export_links(request),
        },
    )


@require_POST
@page("meetings")
def meeting_create(request: HttpRequest) -> HttpResponse:
    data = cleaned(_meeting_form(request, request.POST))
    meeting = ops.create_meeting(
        actor=request.user,
        title=data["title"],
        level=data["level"],
        organiser_id=data["organiser"],
        department_id=data["department"],
        venue_id=data["venue"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
    )
    return done(request, _("Meeting planned."), reverse("meeting", args=[meeting.pk]))


# A meeting ------------------------------------------------------------------------------------


def _people(request: HttpRequest) -> Any:
    return queries.organisers(request.user)


def _actions(request: HttpRequest, meeting: Meeting, checks: dict[str, Any]) -> list[Action]:
    actor, pk = request.user, meeting.pk
    found: list[Action] = []
    manages = organises(actor)
    planned = meeting.state == MeetingState.PLANNED
    if manages and planned:
        found.append(
            Action(
                "attendee-add",
                _("Add an attendee"),
                reverse("meeting_attendee_add", args=[pk]),
                forms.AttendeeForm(candidates=queries.candidates(actor, meeting)),
                rules=("MEET-ATTEND",),
                faults={"MEET-ATTEND": "person"},
            )
        )
        visitors = list(queries.visitors_today(actor, meeting))
        if visitors:
            found.append(
                Action(
                    "visitor-add",
                    _("Add a visitor sitting in"),
                    reverse("meeting_visitor_add", args=[pk]),
                    forms.VisitorForm(visitors=visitors),
                    rules=("MEET-ATTEND",),
                    faults={"MEET-ATTEND": "visitor"},
                    intro=_("A visitor sits in (列席) and is never handed a meeting paper."),
                )
            )
    if (
        planned
        and has_permission(actor, Permission.DECIDE_APPROVAL)
        and meeting.list_approved_at is None
    ):
        found.append(
            Action(
                "approve-list",
                _("Approve the attendee list"),
                reverse("meeting_approve", args=[pk]),
                style="success",
            )
        )
    if manages:
        kinds = [CheckKind.VENUE, CheckKind.PHONES] if planned else []
        if meeting.state == MeetingState.ENDED:
            kinds = [CheckKind.SWEEP]
        for kind in kinds:
            if kind in checks:
                continue
            found.append(
                Action(
                    "check",
                    queries.STEP_LABELS[
                        {"venue": "venue_check", "phones": "phones_check", "sweep": "sweep"}[kind]
                    ],
                    reverse("meeting_check", args=[pk, kind]),
                    forms.CheckForm(kind=kind, people=_people(request)),
                    rules=(queries.CHECK_RULES[kind],),
                    ref=f"check-{kind}",
                )
            )
        steps = {
            MeetingState.PLANNED: ("open", "meeting_open", "primary"),
            MeetingState.OPEN: ("end", "meeting_end", "primary"),
            MeetingState.ENDED: ("close", "meeting_close", "primary"),
        }
        if meeting.state in steps:
            key, url, style = steps[meeting.state]
            found.append(
                Action(key, queries.STEP_LABELS[key], reverse(url, args=[pk]), style=style)
            )
        if planned:
            found.append(
                Action(
                    "edit",
                    _("Change the meeting"),
                    reverse("meeting_edit", args=[pk]),
                    _meeting_form(
                        request,
                        initial={
                            "title": meeting.title,
                            "level": meeting.level,
                            "organiser": meeting.organiser_id,
                            "department": meeting.department_id,
                            "venue": meeting.venue_id,
                            "starts_at": meeting.starts_at,
                            "ends_at": meeting.ends_at,
                        },
                    ),
                    rules=("MEET-ATTEND",),
                    faults={"MEET-ATTEND": "venue"},
                ),
            )
            found.append(
                Action(
                    "cancel",
                    _("Cancel the meeting"),
                    reverse("meeting_cancel", args=[pk]),
                    style="danger",
                )
            )
    return arrange(request, found)


@page("home")
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting with its list, checks, next step and what may be done now."""
    found = queries.meeting(request.user, meeting_id)
    checks = queries.checks(found)
    progress = queries.progress(found)
    return render(
        request,
        "meetings/meetings/detail.html",
        {
            "meeting": found,
            "attendees": queries.attendees(found),
            "checks": [(kind, label, checks.get(kind)) for kind, label in CheckKind.choices],
            "progress": progress,
            "next_label": queries.STEP_LABELS.get(progress.next_step or "", ""),
            "actions": _actions(request, found, checks),
            "manages": organises(request.user),
            "signing": organises(request.user) and found.state == MeetingState.OPEN,
            "editable": organises(request.user) and found.state == MeetingState.PLANNED,
        },
    )


@page("home")
def meeting_sheet(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's sign-in sheet (签到表) as a PDF; the print is recorded."""
    printed = ops.print_sign_in_sheet(actor=request.user, meeting_id=meeting_id)
    return attachment(printed.content, printed.filename, "application/pdf")


def _back(request: HttpRequest, meeting_id: int, message: str) -> HttpResponse:
    return done(request, message, reverse("meeting", args=[meeting_id]))


@require_POST
@page("meetings")
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    data = cleaned(_meeting_form(request, request.POST))
    ops.edit_meeting(
        actor=request.user,
        meeting_id=meeting_id,
        title=data["title"],
        level=data["level"],
        organiser_id=data["organiser"],
        department_id=data["department"],
        venue_id=data["venue"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
    )
    return _back(request, meeting_id, _("Meeting changed."))


@require_POST
@page("meetings")
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    ops.cancel_meeting(actor=request.user, meeting_id=meeting_id)
    return _back(request, meeting_id, _("Meeting cancelled."))


@require_POST
@page("meetings")
def meeting_attendee_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    data = cleaned(forms.AttendeeForm(request.POST))
    ops.add_attendee(actor=request.user, meeting_id=meeting_id, person_id=data["person"])
    return _back(request, meeting_id, _("Attendee listed."))


@require_POST
@page("meetings")
def meeting_visitor_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = queries.meeting(request.user, meeting_id)
    visitors = queries.visitors_today(request.user, found)
    data = cleaned(forms.VisitorForm(request.POST, visitors=visitors))
    ops.add_attendee(actor=request.user, meeting_id=meeting_id, visitor_id=data["visitor"])
    return _back(request, meeting_id, _("Visitor listed as sitting in."))


@require_POST
@page("meetings")
def meeting_attendee_remove(
    request: HttpRequest, meeting_id: int, attendee_id: int
) -> HttpResponse:
    ops.remove_attendee(actor=request.user, meeting_id=meeting_id, attendee_id=attendee_id)
    return _back(request, meeting_id, _("Attendee taken off the list."))


@require_POST
@page("home")
def meeting_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    ops.approve_list(actor=request.user, meeting_id=meeting_id)
    return _back(request, meeting_id, _("Attendee list approved."))


@require_POST
@page("meetings")
def meeting_check(request: HttpRequest, meeting_id: int, kind: str) -> HttpResponse:
    data = cleaned(forms.CheckForm(request.POST, kind=kind, people=_people(request)))
    ops.record_check(
        actor=request.user,
        meeting_id=meeting_id,
        kind=kind,
        checked_by_id=data["checked_by"],
        findings=data["findings"],
        checked_at=data["checked_at"],
    )
    return _back(request, meeting_id, _("Check recorded."))


@require_POST
@page("meetings")
def meeting_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    ops.open_meeting(actor=request.user, meeting_id=meeting_id)
    return _back(request, meeting_id, _("Meeting opened."))


@require_POST
@page("meetings")
def meeting_sign_in(request: HttpRequest, meeting_id: int, attendee_id: int) -> HttpResponse:
    """Sign in the attendee of this line of the list (by their person or visitor)."""
    found = queries.meeting(request.user, meeting_id)
    line = next((a for a in queries.attendees(found) if a.pk == attendee_id), None)
    if line is None:
        raise NotFound(_("No such attendee."))
    ops.sign_in(
        actor=request.user,
        meeting_id=meeting_id,
        person_id=line.person_id,
        visitor_id=line.visitor_id,
    )
    return _back(request, meeting_id, _("Signed in."))


@require_POST
@page("meetings")
def meeting_end(request: HttpRequest, meeting_id: int) -> HttpResponse:
    ops.end_meeting(actor=request.user, meeting_id=meeting_id)
    return _back(request, meeting_id, _("Meeting ended."))


@require_POST
@page("meetings")
def meeting_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    ops.close_meeting(actor=request.user, meeting_id=meeting_id)
    return _back(request, meeting_id, _("Meeting closed."))
