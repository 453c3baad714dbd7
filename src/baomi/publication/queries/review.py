"""Reads of the secrecy review before release (对外提供、宣传报道审查, PUB-REVIEW), through what
the actor may know (``policies.SUBMISSIONS``: the submitter, the reviewers of the organisation,
the approvers asked).

A submission's ``status`` is its stored state, except while it is *cleared*: then it follows
the approval request of its latest version — *approved* once granted (and unexpired), *not
approved* once rejected, withdrawn or lapsed. ``next_steps`` is the one answer to "what can be
done to this submission now" for the page and the API. ``register_table`` is the 保密审查登记表,
``printed`` the submission's 保密审查审批表; ``verify`` says whether a file is exactly a
released version (the proof of what went out)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports, paper, rules
from baomi.core.errors import NotFound
from baomi.core.levels import Level
from baomi.publication.models import Kind, Review, Submission, SubmissionState, Verdict, Version
from baomi.publication.policies import SUBMISSIONS, reviews
from baomi.rulebook import book
from baomi.scanner.wording import location_text, reason_text

RULE = "PUB-REVIEW"
# The approval operation and subject type of a release.
OPERATION = "publication.release"
SUBJECT = "publication.submission"

APPROVED, NOT_APPROVED = "approved", "not_approved"
STATUS_LABELS: dict[str, Any] = {
    **dict(SubmissionState.choices),
    APPROVED: gettext_lazy("approved, ready for release"),
    NOT_APPROVED: gettext_lazy("cleared, approval refused or lapsed"),
}
# The rows of a page of the submissions of the organisation (and of the API's list by
# default); the most the API gives at once.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# States in which a new version may still be submitted.
OPEN = (SubmissionState.IN_REVIEW, SubmissionState.CHANGES, SubmissionState.CLEARED)

STEP_LABELS: dict[str, Any] = {
    "review": gettext_lazy("Record the review"),
    "new_version": gettext_lazy("Submit a new version"),
    "release": gettext_lazy("Record the release"),
    "withdraw": gettext_lazy("Withdraw the submission"),
}


def approver_param(kind: str) -> str:
    """The PUB-REVIEW parameter naming the approvers of a submission of ``kind``: provision to
    another party (对外提供) has its own (the general manager by default)."""
    return "provide_approvers" if kind == Kind.PROVIDE else "approvers"


def approval_params(version: Version) -> dict[str, Any]:
    """What the approval of a release authorises: this version, by its number and hash."""
    return {"version": version.number, "sha256": version.sha256}


def submissions(actor: Actor, *, state: str = "", mine: bool = False) -> QuerySet[Submission]:
    """The submissions ``actor`` may know, newest first, their versions (without the bytes)
    and approvals loaded; ``state`` and ``mine`` (one's own) narrow them."""
    versions = Version.objects.defer("content").select_related("approval")
    qs = (
        SUBMISSIONS.known(actor)
        .select_related("department", "submitted_by", "released_by")
        .prefetch_related(
            Prefetch("versions", queryset=versions),
            Prefetch("versions__reviews", queryset=Review.objects.select_related("reviewer")),
            "versions__approval__steps__approver",
        )
    )
    if state:
        qs = qs.filter(state=state)
    if mine:
        person = knower(actor)
        qs = qs.filter(submitted_by_id=person.pk if person else None)
    return qs


def submission(actor: Actor, submission_id: int) -> Submission:
    """One submission the actor may know; NotFound otherwise."""
    found = submissions(actor).filter(pk=submission_id).first()
    if found is None:
        raise NotFound(_("No such submission."))
    return found


def latest(item: Submission) -> Version | None:
    versions = list(item.versions.all())
    return max(versions, key=lambda v: v.number) if versions else None


def review_of(version: Version | None) -> Review | None:
    """The version's review (the last, should there be several)."""
    if version is None:
        return None
    found = list(version.reviews.all())
    return found[-1] if found else None


def _approval_usable(approval: ApprovalRequest | None) -> bool:
    return (
        approval is not None
        and approval.state == ApprovalState.GRANTED
        and approval.expires_at > timezone.now()
    )


def status(item: Submission) -> str:
    """The submission's status: its state, or while cleared what its latest version's
    approval says."""
    if item.state != SubmissionState.CLEARED:
        return item.state
    version = latest(item)
    approval = version.approval if version else None
    if approval is None:
        return item.state
    if _approval_usable(approval):
        return APPROVED
    if approval.state == ApprovalState.PENDING and approval.expires_at > timezone.now():
        return item.state
    return NOT_APPROVED


def status_label(value: str) -> Any:
    return STATUS_LABELS.get(value, value)


def next_steps(actor: Actor, item: Submission) -> list[str]:
    """What ``actor`` may do now (keys of ``STEP_LABELS``): the reviewer reviews the latest
    version not yet reviewed (never their own submission, ROLE-SEPARATION); the submitter
    submits a new version while the submission is open, releases an approved one and
    withdraws one not released."""
    person = knower(actor)
    own = person is not None and person.pk == item.submitted_by_id
    version = latest(item)
    steps: list[str] = []
    awaiting = version is not None and review_of(version) is None
    if item.state == SubmissionState.IN_REVIEW and reviews(actor) and not own and awaiting:
        steps.append("review")
    if own and item.state in OPEN and has_permission(actor, Permission.REQUEST_APPROVAL):
        steps.append("new_version")
    if (own or reviews(actor)) and status(item) == APPROVED:
        steps.append("release")
    if own and item.state in OPEN:
        steps.append("withdraw")
    return steps


def versions(item: Submission) -> list[dict[str, Any]]:
    """Each version, newest first, with its review and approval."""
    lines = []
    for version in sorted(item.versions.all(), key=lambda v: -v.number):
        approval = version.approval
        lines.append(
            {
                "version": version,
                "review": review_of(version),
                "approval": approval,
                "steps": list(approval.steps.all()) if approval else [],
                "released": item.released_version_id == version.pk,
                "skipped": [reason_text(r, gettext) for r in version.skipped],
                "findings": [
                    {
                        **f,
                        "level_label": level_label(f.get("level", "")),
                        "where": location_text(f.get("location", ""), gettext),
                    }
                    for f in version.findings
                ],
            }
        )
    return lines


def level_label(name: str) -> Any:
    """The level a scanner finding implies (the scanner's name of it), as people read it."""
    found = Level.__members__.get(name or "")
    return found.label if found is not None else "—"


def content(actor: Actor, version_id: int) -> Version:
    """A version with its bytes, of a submission the actor may know; NotFound otherwise."""
    found = (
        Version.objects.filter(pk=version_id, submission__in=SUBMISSIONS.known(actor))
        .select_related("submission")
        .first()
    )
    if found is None:
        raise NotFound(_("No such version."))
    return found


def verify(actor: Actor, data: bytes) -> dict[str, Any]:
    """Whether ``data`` is exactly a released version of a submission the actor may know: its
    SHA-256 and the submissions released with it (title, outlet, when, by whom)."""
    require(actor, Permission.REQUEST_APPROVAL)
    digest = hashlib.sha256(data).hexdigest()
    released = list(
        SUBMISSIONS.known(actor)
        .filter(released_sha256=digest, state=SubmissionState.RELEASED)
        .select_related("released_by", "released_version")
        .order_by("-released_at")
    )
    submitted = (
        Version.objects.filter(sha256=digest, submission__in=SUBMISSIONS.known(actor))
        .exclude(submission__released_sha256=digest)
        .count()
    )
    return {"sha256": digest, "size": len(data), "released": released, "submitted": submitted}


def pending_reviews(actor: Actor) -> QuerySet[Submission]:
    """The submissions awaiting the reviewer's review (not the reviewer's own), loaded as
    ``submissions`` loads them (versions, reviews and approvals prefetched: a page of the
    queue is a few queries, not one per submission)."""
    if not reviews(actor):
        return Submission.objects.none()
    person = knower(actor)
    return submissions(actor, state=SubmissionState.IN_REVIEW).exclude(
        submitted_by_id=person.pk if person else None
    )


def asked_about(actor: Actor, submission_id: int) -> Submission | None:
    """A submission as its approval request shows it (the policy includes the approvers
    asked); None otherwise."""
    return SUBMISSIONS.known(actor).filter(pk=submission_id).first()


# The register of the secrecy review (保密审查登记表), as printed.
EXPORTED = register_action(
    "publication.register_exported", gettext_lazy("Secrecy review register exported")
)
REGISTER_TITLE = gettext_lazy("Secrecy review register")


def _day(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


def _approvers(version: Version | None) -> str:
    if version is None or version.approval is None:
        return ""
    return "；".join(
        f"{s.approver.name} {_day(s.decided_at)}".strip()
        for s in version.approval.steps.all()
        if s.decided_at is not None
    )


def register_table(actor: Actor, *, state: str = "") -> exports.Table:
    """The secrecy review register of the organisation (the reviewers'): one line per
    submission — date, title, kind, outlet, submitter, reviewer, verdict, approver, the
    released hash (short)."""
    require(actor, Permission.REVIEW_PUBLICATIONS)
    kinds = dict(Kind.choices)
    verdicts = dict(Verdict.choices)
    columns = [
        ("date", _("Date")),
        ("title", _("Title")),
        ("kind", _("Kind")),
        ("outlet", _("Outlet or recipient")),
        ("submitter", _("Submitted by")),
        ("versions", _("Versions")),
        ("reviewer", _("Reviewer")),
        ("verdict", _("Verdict")),
        ("approver", _("Approved by")),
        ("released", _("Released (SHA-256)")),
        ("status", _("State")),
    ]
    rows = []
    for item in submissions(actor, state=state)[:2000]:
        version = latest(item)
        review = review_of(version)
        rows.append(
            [
                _day(item.submitted_at),
                item.title,
                str(kinds.get(item.kind, item.kind)),
                item.outlet,
                f"{item.submitted_by.name}（{item.department.name}）",
                str(version.number if version else 0),
                review.reviewer.name if review else "",
                str(verdicts.get(review.verdict, "")) if review else "",
                _approvers(version),
                f"{item.released_sha256[:12]} {_day(item.released_at)}".strip()
                if item.released_sha256
                else "",
                str(status_label(status(item))),
            ]
        )
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=actor.person.organisation.name,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Registered by"),),
    )


def export_register(actor: Actor, file_format: str, *, state: str = "") -> exports.Export:
    """The register as an .xlsx or PDF file; the export is recorded in the audit log."""
    exports.require_format(file_format)
    table = register_table(actor, state=state)
    return recorded_export(
        actor, table, file_format, action=EXPORTED, data={"rule": RULE, "state": state}
    )


# The review form of a submission (保密审查审批表), printed for the file.


def printed(actor: Actor, submission_id: int) -> tuple[Submission, paper.Printed]:
    """保密审查审批表 of a submission the actor may know (NotFound otherwise): the material,
    each version with its hash and findings, each review, the approval steps and the release;
    signature lines for the submitter, the reviewer and the approver; marked 内部."""
    item = submission(actor, submission_id)
    lines = versions(item)
    label = status_label(status(item))
    kinds = dict(Kind.choices)

    def make() -> paper.Form:
        version_rows = []
        for line in lines:
            version = line["version"]
            review = line["review"]
            found = (
                "；".join(
                    f"{f['match']}（{location_text(f['location'], gettext)}）"
                    for f in version.findings
                )
                or "无"
            )
            version_rows.append(
                [
                    str(version.number),
                    version.filename,
                    version.sha256[:16],
                    found,
                    str(review.get_verdict_display()) if review else "未审查",
                    review.reviewer.name if review else "",
                ]
            )
        latest_line = lines[0] if lines else None
        review = latest_line["review"] if latest_line else None
        steps = latest_line["steps"] if latest_line else []
        step_rows = [
            [
                str(n),
                str(rules.APPROVER_LABELS.get(step.approver_kind, step.approver_kind)),
                step.approver.name,
                str(step.get_decision_display()),
                paper.day_text(timezone.localtime(step.decided_at) if step.decided_at else None),
                step.comment or "",
            ]
            for n, step in enumerate(steps, 1)
        ]
        blocks: list[Any] = [
            paper.Fields(
                [
                    ("题目", item.title),
                    ("类别", str(kinds.get(item.kind, item.kind))),
                    ("发表（提供）去向", item.outlet),
                    ("用途", item.purpose or "—"),
                    ("送审部门", item.department.name),
                    ("送审人", item.submitted_by.name),
                    ("送审日期", paper.day_text(timezone.localtime(item.submitted_at))),
                    ("状态", str(label)),
                ]
            ),
            paper.Text("一、送审稿及检查结果"),
            paper.Rows(
                ["稿次", "文件名", "SHA-256（前16位）", "检查发现", "审查结论", "审查人"],
                version_rows,
                widths=[0.6, 1.6, 1.5, 2.2, 1.0, 0.9],
            ),
            paper.Text("二、保密审查意见"),
            paper.Fields(
                [
                    ("审查发现", (review.findings_text if review else "") or "—"),
                    ("修改要求", (review.changes_required if review else "") or "—"),
                    (
                        "非涉密说明",
                        "；".join(review.justifications)
                        if review and review.justifications
                        else "—",
                    ),
                ],
                columns=1,
            ),
            paper.Text("三、审批"),
        ]
        if step_rows:
            blocks.append(
                paper.Rows(
                    ["序号", "审批环节", "审批人", "意见", "日期", "说明"],
                    step_rows,
                    widths=[0.6, 1.6, 1.2, 0.9, 1.2, 2.0],
                )
            )
        else:
            blocks.append(paper.Text("未发起审批。"))
        blocks += [
            paper.Text("四、发布（提供）"),
            paper.Fields(
                [
                    ("发布日期", paper.day_text(_local(item.released_at)) or "—"),
                    ("发布人", item.released_by.name if item.released_by else "—"),
                    ("发布稿SHA-256", item.released_sha256 or "—"),
                ],
                columns=1,
            ),
            paper.Signatures(
                [
                    ("送审人", item.submitted_by.name),
                    ("保密审查人", review.reviewer.name if review else ""),
                    ("审批人", steps[-1].approver.name if steps else ""),
                ]
            ),
        ]
        return paper.Form(
            title="保密审查审批表",
            level=Level.INTERNAL,
            organisation=item.department.organisation.name,
            blocks=tuple(blocks),
        )

    return item, paper.print_form(make, str(item.pk))


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


def in_force(organisation_id: int) -> bool:
    return book.in_force(organisation_id, RULE)
