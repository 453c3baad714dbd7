"""The secrecy review before anything goes out (对外提供、宣传报道审查, PUB-REVIEW).

- ``submit``: a knowing person (REQUEST_APPROVAL) submits their own department's material to be
  published, sent to the media, presented outside or provided to another party, with its file:
  version 1, checked by its bytes and scanned by ``baomi scan``'s engine (``_files``).
- ``add_version``: the submitter sends a new file (version n+1, scanned again) while the
  submission is open; an approval asked or granted for an earlier version is withdrawn with it,
  so an approval never covers a file it did not see.
- ``review``: the security officer (REVIEW_PUBLICATIONS), never on their own submission
  (ROLE-SEPARATION), records the review of the latest version: findings, changes required, the
  verdict. A version with scanner findings is cleared only with a justification for each finding
  (why it is not a secret, PUB-REVIEW). Cleared opens the approval request
  (``publication.release``) of the rule's ``approvers`` (``provide_approvers`` for provision to
  another party), found in the chart from the submitter, whose params pin the version's number
  and hash.
- ``release``: the submitter or a reviewer records that the latest version went out: refused
  (PUB-REVIEW) unless it was cleared and an approval for exactly its hash is granted, which it
  uses; the release records the hash, when and by whom.
- ``withdraw_submission`` and ``print_review_form`` (保密审查审批表, recorded)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.approvals import approvers
from baomi.approvals.operations import consume_approval, open_request, withdraw_with
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import paper
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.text import bounded_text, fitted_text
from baomi.org.operations import refuse_oneself
from baomi.publication.models import Kind, Review, Submission, SubmissionState, Verdict, Version
from baomi.publication.operations import _files
from baomi.publication.policies import SUBMISSIONS, reviews
from baomi.publication.queries.review import (
    OPEN,
    OPERATION,
    RULE,
    SUBJECT,
    approval_params,
    approver_param,
    printed,
)
from baomi.rulebook import book

SUBMITTED = register_action(
    "publication.submitted", gettext_lazy("Material submitted for secrecy review")
)
VERSION_ADDED = register_action(
    "publication.version_added", gettext_lazy("New version submitted for secrecy review")
)
REVIEWED = register_action("publication.reviewed", gettext_lazy("Secrecy review recorded"))
RELEASED = register_action("publication.released", gettext_lazy("Reviewed material released"))
WITHDRAWN = register_action(
    "publication.withdrawn", gettext_lazy("Submission for secrecy review withdrawn")
)
PRINTED = register_action("publication.form_printed", gettext_lazy("Secrecy review form printed"))

MAX_TEXT = 4000
MAX_JUSTIFICATION = 500


def _knowing(actor: Actor) -> Any:
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Only a person of the organisation submits material."))
    return person


def _submission(actor: Actor, submission_id: int) -> Submission:
    """The submission, locked, if the actor may know it; NotFound otherwise."""
    found = (
        Submission.objects.select_for_update()
        .filter(pk=submission_id, pk__in=SUBMISSIONS.known(actor).values("pk"))
        .first()
    )
    if found is None:
        raise NotFound(_("No such submission."))
    return found


def _latest(item: Submission) -> Version | None:
    return Version.objects.defer("content").filter(submission=item).order_by("-number").first()


def _event(actor: Actor, action: str, item: Submission, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=item,
        organisation_id=item.organisation_id,
        data={"rules": [RULE], **data},
    )


def _store(actor: Actor, item: Submission, number: int, checked: _files.Checked) -> Version:
    findings, skipped = _files.scan(checked)
    return Version.objects.create(
        submission=item,
        number=number,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        content=checked.content,
        findings=findings,
        skipped=skipped,
        uploaded_by=actor.person,
    )


@operation
def submit(
    *,
    actor: Actor,
    kind: str,
    title: str,
    outlet: str,
    file: bytes | None,
    filename: str | None = None,
    purpose: str = "",
) -> Submission:
    """Submit one's own department's material for the secrecy review (PUB-REVIEW): what it
    is, where it goes, and its file (version 1, scanned)."""
    require(actor, Permission.REQUEST_APPROVAL)
    person = _knowing(actor)
    if kind not in Kind.values:
        raise InvalidInput(_("Choose a kind."), field="kind")
    title = fitted_text(title, "title", Submission)
    outlet = fitted_text(outlet, "outlet", Submission)
    purpose = fitted_text(purpose, "purpose", Submission, required=False)
    checked = _files.check_file(file, filename)
    item = Submission.objects.create(
        organisation_id=person.organisation_id,
        department_id=person.department_id,
        kind=kind,
        title=title,
        outlet=outlet,
        purpose=purpose,
        submitted_by=person,
    )
    version = _store(actor, item, 1, checked)
    _event(
        actor,
        SUBMITTED,
        item,
        kind=kind,
        version=1,
        sha256=version.sha256,
        findings=len(version.findings),
    )
    return item


@operation
def add_version(
    *, actor: Actor, submission_id: int, file: bytes | None, filename: str | None = None
) -> Version:
    """The submitter sends a new version of the file, scanned again; an approval asked or
    granted for an earlier version is withdrawn (it covered another file)."""
    require(actor, Permission.REQUEST_APPROVAL)
    item = _submission(actor, submission_id)
    if item.submitted_by_id != actor.person_id:
        raise AccessDenied(_("Only the submitter sends a new version."))
    if item.state not in OPEN:
        raise Conflict(_("The submission is closed: submit the material anew."))
    checked = _files.check_file(file, filename)
    previous = _latest(item)
    withdrawn = None
    if previous is not None and previous.approval_id:
        withdrawn = withdraw_with(actor=actor, request_id=previous.approval_id)
    version = _store(actor, item, (previous.number if previous else 0) + 1, checked)
    item.state = SubmissionState.IN_REVIEW
    item.save(update_fields=["state"])
    _event(
        actor,
        VERSION_ADDED,
        item,
        version=version.number,
        sha256=version.sha256,
        findings=len(version.findings),
        withdrawn_approval=withdrawn.pk if withdrawn else None,
    )
    return version


def _justifications(value: Any, count: int) -> list[str]:
    """One bounded text per scanner finding (an empty list when none is given)."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidInput(_("Give one text per finding."), field="justifications")
    if len(value) > count:
        raise InvalidInput(_("More justifications than findings."), field="justifications")
    return [
        bounded_text(text, "justifications", MAX_JUSTIFICATION, multiline=True) for text in value
    ]


@operation
def review(
    *,
    actor: Actor,
    submission_id: int,
    verdict: str,
    findings_text: str = "",
    changes_required: str = "",
    justifications: list[str] | None = None,
    version_number: int | None = None,
) -> Review:
    """The reviewer's verdict on the latest version (PUB-REVIEW): cleared (a version with
    scanner findings only with a justification for each), changes required (what to change)
    or refused. Cleared opens the release's approval request, pinned to the version's hash."""
    require(actor, Permission.REVIEW_PUBLICATIONS)
    item = _submission(actor, submission_id)
    refuse_oneself(
        actor, item.submitted_by_id, _("Nobody reviews the material they submitted themselves.")
    )
    if item.state != SubmissionState.IN_REVIEW:
        raise Conflict(_("The submission is not awaiting a review."))
    version = _latest(item)
    if version is None:
        raise Conflict(_("The submission has no file."))
    if version_number is not None and version_number != version.number:
        raise Conflict(_("A newer version was submitted: review that one."))
    if Review.objects.filter(version=version).exists():
        raise Conflict(_("This version is reviewed already."))
    if verdict not in Verdict.values:
        raise InvalidInput(_("Choose a verdict."), field="verdict")
    findings_text = bounded_text(findings_text, "findings_text", MAX_TEXT, multiline=True)
    changes_required = bounded_text(changes_required, "changes_required", MAX_TEXT, multiline=True)
    reasons = _justifications(justifications, len(version.findings))
    if verdict == Verdict.CLEARED:
        explained = len(reasons) == len(version.findings) and all(reasons)
        book.require(
            item.organisation_id,
            RULE,
            explained,
            _(
                "The scanner found %(n)d possible secret(s) in this version: it is cleared only "
                "when the reviewer says for each why it is not a secret; otherwise changes are "
                "required."
            )
            % {"n": len(version.findings)},
        )
    elif verdict == Verdict.CHANGES and not changes_required:
        raise InvalidInput(_("Say what must change."), field="changes_required")
    done = Review.objects.create(
        version=version,
        reviewer=actor.person,
        verdict=verdict,
        findings_text=findings_text,
        changes_required=changes_required,
        justifications=reasons if verdict == Verdict.CLEARED else [],
    )
    approval = None
    if verdict == Verdict.CLEARED:
        item.state = SubmissionState.CLEARED
        if book.in_force(item.organisation_id, RULE):
            kinds = list(book.param(item.organisation_id, RULE, approver_param(item.kind)))
            # The approvers are the submitter's chart, not the reviewer's.
            explicit = dict(approvers.resolve(RULE, kinds, item.submitted_by))
            approval = open_request(
                actor=actor,
                rule_id=RULE,
                operation_name=OPERATION,
                subject=(SUBJECT, item.pk),
                params=approval_params(version),
                reason=item.title,
                kinds=kinds,
                explicit_approvers=explicit,
            )
            version.approval = approval
            version.save(update_fields=["approval"])
    elif verdict == Verdict.CHANGES:
        item.state = SubmissionState.CHANGES
    else:
        item.state = SubmissionState.REFUSED
    item.save(update_fields=["state"])
    _event(
        actor,
        REVIEWED,
        item,
        version=version.number,
        sha256=version.sha256,
        verdict=verdict,
        findings=len(version.findings),
        approval_id=approval.pk if approval else None,
    )
    return done


@operation
def release(*, actor: Actor, submission_id: int) -> Submission:
    """Record that the latest version went out (the submitter or a reviewer): refused
    (PUB-REVIEW) unless it was cleared by the review and approved for exactly its hash; the
    approval is used, and the release keeps the hash, the moment and who. When PUB-REVIEW is
    switched off nothing is used, and the version's request, still pending or granted, is
    withdrawn."""
    item = _submission(actor, submission_id)
    if not (item.submitted_by_id == actor.person_id or reviews(actor)):
        raise AccessDenied(_("Only the submitter or a reviewer records the release."))
    if item.state == SubmissionState.RELEASED:
        raise Conflict(_("The submission is released already."))
    if item.state in (SubmissionState.REFUSED, SubmissionState.WITHDRAWN):
        raise Conflict(_("The submission was refused or withdrawn."))
    version = _latest(item)
    cleared = (
        version is not None
        and Review.objects.filter(version=version, verdict=Verdict.CLEARED).exists()
    )
    book.require(
        item.organisation_id,
        RULE,
        cleared and item.state == SubmissionState.CLEARED,
        _("The latest version has not been cleared by the secrecy review: it may not go out."),
    )
    used = None
    if version is not None:
        used = consume_approval(
            actor=actor,
            rule_id=RULE,
            operation_name=OPERATION,
            subject=(SUBJECT, item.pk),
            params=approval_params(version),
        )
        if used is None and version.approval_id:
            # PUB-REVIEW switched off: the version's own request, pending or granted, is
            # withdrawn; nobody is left to decide a release already made.
            withdraw_with(actor=actor, request_id=version.approval_id)
    item.state = SubmissionState.RELEASED
    item.released_version = version
    item.released_sha256 = version.sha256 if version else ""
    item.released_at = timezone.now()
    item.released_by = actor.person
    item.save(
        update_fields=[
            "state",
            "released_version",
            "released_sha256",
            "released_at",
            "released_by",
        ]
    )
    _event(
        actor,
        RELEASED,
        item,
        version=version.number if version else None,
        sha256=item.released_sha256,
        approval_id=used.pk if used else None,
    )
    return item


@operation
def withdraw_submission(*, actor: Actor, submission_id: int) -> Submission:
    """The submitter withdraws a submission not yet released; its approval request, pending
    or granted, is withdrawn with it."""
    item = _submission(actor, submission_id)
    if item.submitted_by_id != actor.person_id:
        raise AccessDenied(_("Only the submitter withdraws the submission."))
    if item.state not in OPEN:
        raise Conflict(_("Only an open submission is withdrawn."))
    version = _latest(item)
    if version is not None and version.approval_id:
        withdraw_with(actor=actor, request_id=version.approval_id)
    item.state = SubmissionState.WITHDRAWN
    item.save(update_fields=["state"])
    _event(actor, WITHDRAWN, item)
    return item


@operation
def print_review_form(*, actor: Actor, submission_id: int) -> paper.Printed:
    """The submission's 保密审查审批表 as a PDF, for whoever may know it; the print is
    recorded."""
    item, form = printed(actor, submission_id)
    record_event(
        actor=actor,
        action=PRINTED,
        subject=item,
        organisation_id=item.organisation_id,
        data={"rules": [RULE], "form": "publication_review", "level": form.form.level},
    )
    return form
