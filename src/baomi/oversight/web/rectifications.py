"""The pages of rectifications (整改, INSP-RECTIFY): the security office's list (a tab of the
oversight entry: not closed, overdue, escalated, closed; 50 a page; the register's exports
and opening a task), a task's page with what the reader may do (mark done, verify,
reassign), and the home panel: what I owe, what is overdue in the departments I head, what
has escalated to the office, what awaits my verification."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import attachment, cleaned, done, export_links, filter_query, page
from baomi.oversight.operations import rectifications as ops
from baomi.oversight.queries import rectifications as queries
from baomi.oversight.web import rectification_forms as forms

RULES = ("INSP-RECTIFY",)

# The home panel and the register entry ------------------------------------------------------


def home_panel(actor: Any, **about: Any) -> dict[str, Any] | None:
    """The rectifications the person owes, those overdue in the departments they head, those
    escalated to the office (the office's) and those awaiting their verification; None when
    there is none."""
    if not getattr(actor, "is_authenticated", False):
        return None
    mine = queries.lines(queries.owed(actor)[:20])
    department = queries.lines(
        queries.overdue_in_departments(actor).exclude(owner_id=actor.person_id)[:20]
    )
    office = queries.lines(queries.escalated_to_office(actor)[:20])
    verify = queries.lines(queries.awaiting_verification(actor)[:20])
    if not (mine or department or office or verify):
        return None
    return {
        "groups": [
            ("mine", _("Rectifications I owe"), mine),
            ("verify", _("Awaiting my verification"), verify),
            ("department", _("Overdue in my department"), department),
            ("office", _("Escalated to the security office"), office),
        ]
    }


def home_count(actor: Any) -> int:
    return queries.to_do_count(actor)


def register_url() -> str:
    return reverse("rectifications")


def register_shown(actor: Any) -> bool:
    return queries.oversees(actor)


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('rectifications')}?{urlencode({'format': f})}") for f in EXPORTERS]


# The office's list ---------------------------------------------------------------------------


@page("oversight", queries.oversees)
def rectifications(request: HttpRequest) -> HttpResponse:
    """The organisation's tasks by state, 50 a page; ``?format=`` exports the register
    (整改登记表) with the same filter."""
    actor = request.user
    form = forms.FilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    if "format" in request.GET:
        exported = queries.export_register(actor, request.GET["format"], state=state)
        return attachment(exported.content, exported.filename, exported.content_type)
    page_obj = Paginator(queries.tasks(actor, state=state), queries.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    actions = arrange(
        request,
        [
            Action(
                "rectification-open",
                _("Open a rectification"),
                reverse("rectification_open"),
                forms.OpenForm(
                    findings=queries.open_findings(actor)[:200], people=queries.owners(actor)
                ),
                rules=RULES,
                intro=_(
                    "Choose a finding of a submitted inspection, or leave it empty and name "
                    "the rule and what is to be put right."
                ),
            )
        ],
    )
    return render(
        request,
        "oversight/rectifications/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "lines": queries.lines(page_obj.object_list),
            "query": filter_query(request),
            "actions": actions,
            "exports": export_links(request),
            "oversees": True,
        },
    )


@require_POST
@page("oversight", queries.oversees)
def rectification_open(request: HttpRequest) -> HttpResponse:
    actor = request.user
    data = cleaned(
        forms.OpenForm(
            request.POST, findings=queries.open_findings(actor), people=queries.owners(actor)
        )
    )
    task = ops.open_rectification(
        actor=actor,
        answer_id=data.get("answer") or None,
        owner_id=data["owner"],
        due=data["due"],
        rule_id=data.get("rule_id", ""),
        description=data.get("description", ""),
    )
    return done(request, _("Rectification opened."), reverse("rectification", args=[task.pk]))


# A task --------------------------------------------------------------------------------------


def _actions(request: HttpRequest, task: Any, steps: list[str]) -> list[Action]:
    found: list[Action] = []
    if "mark_done" in steps:
        found.append(
            Action(
                "rectification-done",
                queries.STEP_LABELS["mark_done"],
                reverse("rectification_done", args=[task.pk]),
                forms.DoneForm(),
                rules=RULES,
            )
        )
    if "verify" in steps:
        found.append(
            Action(
                "rectification-verify",
                queries.STEP_LABELS["verify"],
                reverse("rectification_verify", args=[task.pk]),
                forms.VerifyForm(),
                rules=RULES,
                faults={"INSP-RECTIFY": "accept"},
            )
        )
    if "reassign" in steps:
        found.append(
            Action(
                "rectification-reassign",
                queries.STEP_LABELS["reassign"],
                reverse("rectification_reassign", args=[task.pk]),
                forms.ReassignForm(
                    people=queries.owners(request.user),
                    initial={"owner": task.owner_id, "due": task.due},
                ),
                rules=RULES,
                style="secondary",
            )
        )
    return arrange(request, found)


@page("home")
def rectification(request: HttpRequest, rectification_id: int) -> HttpResponse:
    """A task with its source (the overdue deadline it was opened from, the item named only
    to a reader who may know it), owner, due date, what was done and its verification."""
    task = queries.task(request.user, rectification_id)
    steps = queries.next_steps(request.user, task)
    return render(
        request,
        "oversight/rectifications/detail.html",
        {
            "task": task,
            "line": queries.lines([task])[0],
            "deadline": queries.source_deadline(request.user, task),
            "actions": _actions(request, task, steps),
            "oversees": queries.oversees(request.user),
        },
    )


def _back(request: HttpRequest, rectification_id: int, message: str) -> HttpResponse:
    return done(request, message, reverse("rectification", args=[rectification_id]))


@require_POST
@page("home")
def rectification_done(request: HttpRequest, rectification_id: int) -> HttpResponse:
    data = cleaned(forms.DoneForm(request.POST))
    ops.mark_done(actor=request.user, rectification_id=rectification_id, note=data["note"])
    return _back(request, rectification_id, _("Marked as done: it awaits verification."))


@require_POST
@page("home")
def rectification_verify(request: HttpRequest, rectification_id: int) -> HttpResponse:
    data = cleaned(forms.VerifyForm(request.POST))
    task = ops.verify(
        actor=request.user,
        rectification_id=rectification_id,
        accept=data["accept"],
        note=data.get("note", ""),
    )
    message = _("Verified and closed.") if data["accept"] else _("Not accepted: reopened.")
    return _back(request, task.pk, message)


@require_POST
@page("oversight", queries.oversees)
def rectification_reassign(request: HttpRequest, rectification_id: int) -> HttpResponse:
    data = cleaned(forms.ReassignForm(request.POST, people=queries.owners(request.user)))
    ops.reassign(
        actor=request.user,
        rectification_id=rectification_id,
        owner_id=data["owner"],
        due=data["due"],
    )
    return _back(request, rectification_id, _("Rectification reassigned."))
