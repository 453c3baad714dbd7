"""The pages of the secrecy review before release (PUB-REVIEW): the list (one's own
submissions and the submit form; for the reviewers the queue, every submission and the
register's exports), a submission's page (versions with their hashes and scanner findings,
reviews, approval, release, the next steps as forms), a version's file, the printed
保密审查审批表 and the check of a file against what was released. The approval request's
subject and sentence are told here too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import InvalidInput
from baomi.core.exports import EXPORTERS
from baomi.kit.actions import Action, arrange
from baomi.kit.pages import (
    attachment,
    cleaned,
    done,
    export_links,
    filter_query,
    next_page,
    page,
)
from baomi.publication.operations import _files
from baomi.publication.operations import review as ops
from baomi.publication.policies import reviews
from baomi.publication.queries import review as queries
from baomi.publication.web import forms
from baomi.seams.approvals import Subject

RULES = ("PUB-REVIEW",)

# Approvals ------------------------------------------------------------------------------------


def subject(actor: Any, submission_id: int) -> Subject | None:
    """The submission a release approval is about, to those who may know it (the approvers
    asked among them)."""
    item = queries.asked_about(actor, submission_id)
    if item is None:
        return None
    return Subject(f"{item.title} · {item.outlet}", None, reverse("submission", args=[item.pk]))


def sentence(actor: Any, params: Mapping[str, Any]) -> str:
    """What a release approval authorises: this version, by its hash."""
    return _("Release version %(version)s (SHA-256 %(sha)s…) as reviewed.") % {
        "version": params.get("version", "—"),
        "sha": str(params.get("sha256", ""))[:12],
    }


# Menu badge and the register in the registers index -----------------------------------------


def pending_count(actor: Any) -> int:
    return queries.pending_reviews(actor).count()


def register_url() -> str:
    return reverse("publication")


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('publication')}?format={f}") for f in EXPORTERS]


# Pages ----------------------------------------------------------------------------------------


def upload(upload: Any) -> tuple[bytes | None, str | None]:
    """The uploaded file's bytes and name, refused (field ``file``) before reading a file
    larger than the bound."""
    if upload is None:
        return None, None
    limit = _files.max_bytes()
    if upload.size > limit:
        raise _files.too_large()
    return upload.read(limit + 1), upload.name


def _lines(items: Any) -> list[dict[str, Any]]:
    return [
        {
            "item": item,
            "status": (status := queries.status(item)),
            "label": queries.status_label(status),
            "version": queries.latest(item),
        }
        for item in items
    ]


@page("publication")
def submissions(request: HttpRequest) -> HttpResponse:
    """One's own submissions and the submit form; the reviewers also see the queue and every
    submission of the organisation (``?format=`` exports the register, 保密审查登记表)."""
    actor = request.user
    form = forms.FilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    file_format = request.GET.get("format", "")
    if file_format:
        export = queries.export_register(actor, file_format, state=state)
        return attachment(export.content, export.filename, export.content_type)
    reviewer = reviews(actor)
    page_obj = (
        Paginator(queries.submissions(actor, state=state), queries.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        if reviewer
        else None
    )
    return render(
        request,
        "publication/review/list.html",
        {
            "mine": _lines(queries.submissions(actor, mine=True)[:100]),
            "queue": _lines(queries.pending_reviews(actor)[:100]) if reviewer else [],
            "all": _lines(page_obj.object_list) if page_obj else [],
            "page_obj": page_obj,
            "query": filter_query(request),
            "reviewer": reviewer,
            "form": form,
            "submit_form": forms.SubmitForm(auto_id="submit-%s"),
            "exports": export_links(request) if reviewer else [],
        },
    )


@require_POST
@page("publication")
def submit(request: HttpRequest) -> HttpResponse:
    data = cleaned(forms.SubmitForm(request.POST, request.FILES))
    content, name = upload(data["file"])
    item = ops.submit(
        actor=request.user,
        kind=data["kind"],
        title=data["title"],
        outlet=data["outlet"],
        purpose=data["purpose"],
        file=content,
        filename=name,
    )
    return done(
        request,
        _("Submitted for secrecy review."),
        reverse("submission", args=[item.pk]),
    )


def _actions(request: HttpRequest, item: Any, steps: list[str], version: Any) -> list[Action]:
    pk = item.pk
    found: list[Action] = []
    if "review" in steps and version is not None:
        found.append(
            Action(
                "review",
                queries.STEP_LABELS["review"],
                reverse("submission_review", args=[pk]),
                forms.ReviewForm(findings=version.findings),
                rules=RULES,
                hidden={"version": version.number},
                intro=_(
                    "A version with scanner findings is cleared only when you say for each "
                    "why it is not a secret; otherwise require changes."
                ),
            )
        )
    if "release" in steps:
        found.append(
            Action(
                "release",
                queries.STEP_LABELS["release"],
                reverse("submission_release", args=[pk]),
            )
        )
    if "withdraw" in steps:
        found.append(
            Action(
                "withdraw",
                queries.STEP_LABELS["withdraw"],
                reverse("submission_withdraw", args=[pk]),
                style="danger",
            )
        )
    return arrange(request, found)


@page("publication")
def submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """A submission: its versions (hash, size, scanner findings), reviews, approval and
    release, and what the viewer may do now."""
    item = queries.submission(request.user, submission_id)
    steps = queries.next_steps(request.user, item)
    version = queries.latest(item)
    status = queries.status(item)
    return render(
        request,
        "publication/review/detail.html",
        {
            "item": item,
            "status": status,
            "label": queries.status_label(status),
            "versions": queries.versions(item),
            "actions": _actions(request, item, steps, version),
            "new_version": "new_version" in steps,
            "version_form": forms.VersionForm(auto_id="version-%s"),
            "reviewer": reviews(request.user),
        },
    )


@require_POST
@page("publication")
def submission_version(request: HttpRequest, submission_id: int) -> HttpResponse:
    data = cleaned(forms.VersionForm(request.POST, request.FILES))
    content, name = upload(data["file"])
    version = ops.add_version(
        actor=request.user, submission_id=submission_id, file=content, filename=name
    )
    return done(
        request,
        _("Version %(n)d submitted for review.") % {"n": version.number},
        reverse("submission", args=[submission_id]),
    )


@require_POST
@page("publication")
def submission_review(request: HttpRequest, submission_id: int) -> HttpResponse:
    item = queries.submission(request.user, submission_id)
    version = queries.latest(item)
    form = forms.ReviewForm(request.POST, findings=version.findings if version else [])
    data = cleaned(form)
    number = request.POST.get("version", "")
    if number and not number.isdigit():
        raise InvalidInput(_("No such version."), field="version")
    ops.review(
        actor=request.user,
        submission_id=submission_id,
        verdict=data["verdict"],
        findings_text=data["findings_text"],
        changes_required=data["changes_required"],
        justifications=form.justifications(),
        version_number=int(number) if number and len(number) < 10 else None,
    )
    return done(request, _("Review recorded."), reverse("submission", args=[submission_id]))


@require_POST
@page("publication")
def submission_release(request: HttpRequest, submission_id: int) -> HttpResponse:
    ops.release(actor=request.user, submission_id=submission_id)
    return done(
        request,
        _("Release recorded."),
        next_page(request, reverse("submission", args=[submission_id])),
    )


@require_POST
@page("publication")
def submission_withdraw(request: HttpRequest, submission_id: int) -> HttpResponse:
    ops.withdraw_submission(actor=request.user, submission_id=submission_id)
    return done(request, _("Submission withdrawn."), reverse("submission", args=[submission_id]))


@page("publication")
def version_file(request: HttpRequest, version_id: int) -> HttpResponse:
    """A version's file, as an attachment (never shown inline), to whoever may know the
    submission."""
    version = queries.content(request.user, version_id)
    response = attachment(bytes(version.content), version.filename, version.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page("publication")
def submission_print(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The 保密审查审批表 as a PDF; the print is recorded."""
    printed = ops.print_review_form(actor=request.user, submission_id=submission_id)
    return attachment(printed.content, printed.filename, "application/pdf")


@page("publication")
def verify(request: HttpRequest) -> HttpResponse:
    """Check a file against the released versions: the same SHA-256 means it is exactly what
    went out."""
    result = None
    form = forms.VerifyForm(auto_id="verify-%s")
    if request.method == "POST":
        form = forms.VerifyForm(request.POST, request.FILES, auto_id="verify-%s")
        data = cleaned(form)
        content, _name = upload(data["file"])
        result = queries.verify(request.user, content or b"")
    return render(request, "publication/review/verify.html", {"form": form, "result": result})
