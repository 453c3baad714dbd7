"""The pages of the deadline engine: the deadlines page 期限 (the security office and the
leaders the whole organisation, a head their departments, everyone their own; filters, states
as badges, each subject linked for a viewer who may know it, an overdue one opened as a
rectification in one click by the security office), a person's notifications (unread first,
marked read) and the home panel of unread notifications, whose count is the menu's badge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.cockpit.operations import notifications as ops
from baomi.cockpit.queries import deadlines as queries
from baomi.cockpit.queries import notifications as notices
from baomi.cockpit.web.deadline_forms import STATE_LABELS, FilterForm, PageForm, RectifyForm
from baomi.kit.pages import cleaned, done, filter_query, next_page, page
from baomi.oversight.operations import rectifications as rectification_ops
from baomi.oversight.policies import oversees
from baomi.seams.deadlines import DEADLINE_PROVIDERS

PANEL_LINES = 8


def _titles() -> dict[str, str]:
    return {p.key: queries.rule_title(p.key) for p in DEADLINE_PROVIDERS}


@page("deadlines")
def deadlines(request: HttpRequest) -> HttpResponse:
    """The deadlines the viewer sees, soonest due first (the longest overdue lead), 50 a
    page, with the tallies of their states."""
    actor = request.user
    departments = queries.departments(actor)
    form = FilterForm(request.GET or None, departments=departments, titles=_titles())
    data = cleaned(form) if request.GET else {}
    number = data.get("page") or 1
    filters = queries.Filters(
        state=data.get("state", ""),
        rule_id=data.get("rule_id", ""),
        department_id=data.get("department_id"),
        mine=bool(data.get("mine")),
    )
    moment = timezone.now()
    found = queries.page(
        actor, moment, filters, offset=(number - 1) * queries.PAGE_SIZE, limit=queries.PAGE_SIZE
    )
    return render(
        request,
        "cockpit/deadlines/list.html",
        {
            "form": form,
            "page": found,
            "number": number,
            "query": filter_query(request),
            "tally": queries.tally(actor, moment),
            "state_labels": {str(k): v for k, v in STATE_LABELS.items()},
            "oversees": oversees(actor),
        },
    )


@require_POST
@page("deadlines", oversees)
def deadline_rectify(request: HttpRequest) -> HttpResponse:
    """An overdue deadline opened as a rectification task (INSP-RECTIFY), in one click."""
    data = cleaned(RectifyForm(request.POST))
    task = rectification_ops.open_from_deadline(
        actor=request.user,
        rule_id=data["rule_id"],
        subject_type=data["subject_type"],
        subject_id=data["subject_id"],
    )
    return done(request, _("Rectification opened."), reverse("rectification", args=[task.pk]))


# Notifications -------------------------------------------------------------------------------


@page("notifications")
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notifications, unread first, 50 a page (limit + 1, nothing counted but
    the unread)."""
    actor = request.user
    number = (cleaned(PageForm(request.GET)).get("page") if request.GET else None) or 1
    offset = (number - 1) * notices.PAGE_SIZE
    window = list(notices.mine(actor)[offset : offset + notices.PAGE_SIZE + 1])
    return render(
        request,
        "cockpit/deadlines/notifications.html",
        {
            "lines": notices.lines(actor, window[: notices.PAGE_SIZE]),
            "number": number,
            "more": len(window) > notices.PAGE_SIZE,
            "unread": notices.unread_count(actor),
        },
    )


@require_POST
@page("notifications")
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    ops.mark_read(actor=request.user, notification_id=notification_id)
    return done(request, _("Marked read."), next_page(request, reverse("notifications")))


@require_POST
@page("notifications")
def notifications_read(request: HttpRequest) -> HttpResponse:
    marked = ops.mark_read(actor=request.user)
    return done(
        request,
        _("%(count)s notifications marked read.") % {"count": marked},
        next_page(request, reverse("notifications")),
    )


# The home panel ------------------------------------------------------------------------------


def home_panel(actor: Any, **about: Any) -> dict[str, Any] | None:
    """The person's newest unread notifications; None when there is none."""
    if not getattr(actor, "is_authenticated", False):
        return None
    unread = list(notices.mine(actor, unread=True)[:PANEL_LINES])
    if not unread:
        return None
    return {"lines": notices.lines(actor, unread), "unread": notices.unread_count(actor)}


def home_count(actor: Any) -> int:
    return notices.unread_count(actor)
