"""The exit case's pages (PPL-EXIT, HANDOVER), for the security office: the case opened from
the person's page (the PERSON panel), its checklist — what the person still holds (every
domain's lines, live), the hand-over page, the commitment letter, the accounts, the clearance
for a move, the 脱密期 to come — with a form per step, its withdrawal (a case opened by
mistake, with the reason), the completion (marking as left, which runs
``org.operations.mark_left``, or completing a move), the case printed for the file, and the
register of the people in their cooling-off period with its exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.core.exports import EXPORTERS
from baomi.kit.forms import Form, date_input
from baomi.kit.pages import attachment, cleaned, done, export_links, page
from baomi.org import operations as org_operations
from baomi.people.models import ExitKind
from baomi.people.operations import _papers
from baomi.people.operations import exit as operations
from baomi.people.policies import keeps_files
from baomi.people.queries import cooling_off as cooling_queries
from baomi.people.queries import exit as queries


class OpenCaseForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ExitKind.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False)


class CommitmentForm(Form):
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=date_input())
    version = forms.CharField(
        label=gettext_lazy("Version of the text"), max_length=_papers.MAX_VERSION
    )
    kept_in = forms.CharField(
        label=gettext_lazy("Paper kept in"), max_length=_papers.MAX_KEPT_IN, required=False
    )
    scan = forms.FileField(label=gettext_lazy("Scan (PDF, JPEG or PNG)"), required=False)


class WithdrawForm(Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the case is withdrawn"), max_length=operations.MAX_REASON
    )


def _case_page(case_id: int) -> str:
    return reverse("exit_case", args=[case_id])


@require_POST
@page("people", keeps_files)
def exit_open(request: HttpRequest, person_id: int) -> HttpResponse:
    """Open the person's exit case (PPL-EXIT) and go to it."""
    data = cleaned(OpenCaseForm(request.POST))
    case = operations.open_exit_case(
        actor=request.user, person_id=person_id, kind=data["kind"], reason=data["reason"]
    )
    return done(request, _("Exit case opened."), _case_page(case.pk))


@page("people", keeps_files)
def exit_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's checklist, each step done or not with where to do it."""
    found = queries.checklist(request.user, case_id)
    return render(
        request,
        "people/exit/case.html",
        {
            "found": found,
            "case": found.case,
            "person": found.case.person,
            "form": CommitmentForm(initial={"signed_on": timezone.localdate()}),
            "withdraw_form": WithdrawForm(auto_id="withdraw-%s"),
            "restrictions": [text for _key, text in cooling_queries.RESTRICTIONS],
        },
    )


@require_POST
@page("people", keeps_files)
def exit_commitment(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record the commitment letter signed (a scan, or where the paper is kept)."""
    data = cleaned(CommitmentForm(request.POST, request.FILES))
    upload = data.get("scan")
    scan = upload.read(_papers.scan_max_bytes() + 1) if upload else None
    operations.record_commitment(
        actor=request.user,
        case_id=case_id,
        signed_on=data["signed_on"],
        version=data["version"],
        kept_in=data["kept_in"],
        scan=scan,
        scan_name=upload.name if upload else None,
    )
    return done(request, _("Commitment letter recorded."), _case_page(case_id))


@require_POST
@page("people", keeps_files)
def exit_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    """Withdraw a case opened by mistake, with the reason (PPL-EXIT): it closes without a
    cooling-off period."""
    data = cleaned(WithdrawForm(request.POST))
    operations.withdraw_exit_case(actor=request.user, case_id=case_id, reason=data["reason"])
    return done(request, _("Exit case withdrawn."), _case_page(case_id))


def _cooling_message(name: str, facts: dict[str, Any] | None) -> str:
    if not facts:
        return _("%(name)s is marked as left.") % {"name": name}
    return _(
        "%(name)s is marked as left; the cooling-off period (%(class)s, %(years)s years) runs "
        "from %(starts)s until %(ends)s."
    ) % {
        "name": name,
        "class": facts["clearance_label"],
        "years": facts["years"],
        "starts": facts["starts"],
        "ends": facts["ends"],
    }


@require_POST
@page("people", keeps_files)
def exit_complete(request: HttpRequest, case_id: int) -> HttpResponse:
    """Complete the case: mark the person as left (a case of leaving; HANDOVER, PPL-EXIT) or
    complete the move; the answer says the cooling-off period that starts."""
    case = queries.exit_case(request.user, case_id)
    if case.kind == ExitKind.LEAVE:
        person = org_operations.mark_left(actor=request.user, person_id=case.person_id)
        facts = getattr(person, "leaving", {}).get("cooling_off")
        message = _cooling_message(person.name, facts)
        return done(request, message, reverse("person", args=[person.pk]))
    moved = operations.complete_move(actor=request.user, case_id=case_id)
    facts = moved.cooling_facts
    message = _(
        "Move completed; the cooling-off period (%(class)s, %(years)s years) runs from "
        "%(starts)s until %(ends)s."
    ) % {
        "class": facts["clearance_label"],
        "years": facts["years"],
        "starts": facts["starts"],
        "ends": facts["ends"],
    }
    return done(request, message, _case_page(case_id))


@page("people", keeps_files)
def exit_print(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case as one paper for the file (PDF); the print is recorded."""
    printed = operations.print_exit_case(actor=request.user, case_id=case_id)
    return attachment(printed.content, printed.filename, "application/pdf")


@page("people", keeps_files)
def cooling_off_register(request: HttpRequest) -> HttpResponse:
    """脱密期人员名册: everyone in their cooling-off period, soonest end first, those ending
    within REMIND_DAYS flagged; ``?format=xlsx|pdf`` exports it (recorded)."""
    file_format = request.GET.get("format", "")
    if file_format in EXPORTERS:
        exported = operations.export_cooling_off_register(
            actor=request.user, file_format=file_format
        )
        return attachment(exported.content, exported.filename, exported.content_type)
    return render(
        request,
        "people/exit/register.html",
        {
            "lines": queries.register_lines(request.user),
            "open_cases": queries.exit_cases(request.user, open_only=True),
            "exports": export_links(request),
            "remind_days": cooling_queries.REMIND_DAYS,
            "stuck_days": queries.STUCK_DAYS,
        },
    )
