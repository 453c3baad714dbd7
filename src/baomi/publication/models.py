"""Secrecy review before anything goes out (对外提供、宣传报道审查, PUB-REVIEW) and the requests
of foreign media and visitors (PRESS-FOREIGN).

- A ``Submission`` is material a department wants to publish, send to the media, present
  outside or provide to another party. Each file submitted is a ``Version`` (its bytes kept in
  the database, as the people's signed papers keep their scans, with its SHA-256, size and the
  scanner's findings); each ``Review`` is the security officer's verdict on one version. The
  release pins the hash of the version that went out.
- A ``ForeignRequest`` is a foreign journalist's request or a foreign visit: a phone interview
  is recorded as refused, an invited interview or visit is approved with its talking points,
  scope, route and hosts, then held."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PUBLISH = "publish", _("Publication")
    MEDIA = "media", _("Media submission or publicity")
    PRESENT = "present", _("Presentation outside")
    PROVIDE = "provide", _("Provision to another party")


class SubmissionState(models.TextChoices):
    IN_REVIEW = "in_review", _("awaiting review")
    CHANGES = "changes", _("changes required")
    CLEARED = "cleared", _("cleared, awaiting approval")
    REFUSED = "refused", _("refused")
    RELEASED = "released", _("released")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Verdict(models.TextChoices):
    CLEARED = "cleared", _("cleared")
    CHANGES = "changes", _("changes required")
    REFUSED = "refused", _("refused")


class Submission(models.Model):
    """Material submitted for the secrecy review (PUB-REVIEW): what it is, where it goes, the
    department whose material it is, its state and, once released, the version that went
    out."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    outlet = models.CharField(_("outlet or recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=SubmissionState.choices,
        default=SubmissionState.IN_REVIEW,
    )
    released_version = models.ForeignKey(
        "publication.Version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released version"),
    )
    released_sha256 = models.CharField(_("released SHA-256"), max_length=64, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )

    class Meta:
        verbose_name = _("submission for review")
        verbose_name_plural = _("submissions for review")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["released_sha256"]),
            # The reviewers' list, newest first: its first page without sorting every
            # submission (bench/security_places.py).
            models.Index(fields=["organisation", "submitted_at"], name="submission_newest"),
        ]

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    """One file submitted for a submission, numbered 1, 2, …: its bytes, SHA-256, size and
    recognised type, and what ``baomi scan``'s engine found in it (``findings``: kind, match,
    level, location, snippet each; ``skipped``: what could not be read)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="versions", verbose_name=_("submission")
    )
    number = models.PositiveIntegerField(_("version"))
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("content"), editable=False)
    findings = models.JSONField(_("scanner findings"), default=list)
    skipped = models.JSONField(_("parts not scanned"), default=list)
    uploaded_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval request"),
    )

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="publication_version_number_unique"
            )
        ]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"


class Review(models.Model):
    """The security officer's review of one version (PUB-REVIEW): what was found, what must
    change, the verdict, and for a version cleared despite scanner findings, why each is not
    a secret (``justifications``: one text per finding, in the findings' order)."""

    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("version")
    )
    reviewer = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    findings_text = models.TextField(_("findings"), max_length=4000, blank=True)
    changes_required = models.TextField(_("changes required"), max_length=4000, blank=True)
    justifications = models.JSONField(_("why the findings are not secrets"), default=list)

    class Meta:
        verbose_name = _("secrecy review")
        verbose_name_plural = _("secrecy reviews")
        ordering = ["reviewed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version_id} {self.verdict}"


class ForeignKind(models.TextChoices):
    PHONE = "phone", _("Phone interview by foreign media")
    INTERVIEW = "interview", _("Invited interview by foreign media")
    VISIT = "visit", _("Foreign visit")


class ForeignState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    REFUSED = "refused", _("refused")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class ForeignRequest(models.Model):
    """A foreign journalist's request or a foreign visit (PRESS-FOREIGN): a phone interview is
    recorded and refused; an invited interview or a visit is approved with the agreed talking
    points (介绍口径), scope (参观范围), route (路线) and the people who meet them, and then
    held, its outcome recorded."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ForeignKind.choices)
    party = models.CharField(_("outlet or visiting party"), max_length=200)
    country = models.CharField(_("country or region"), max_length=100)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    starts = models.DateField(_("date"))
    ends = models.DateField(_("until"))
    subject = models.CharField(_("subject"), max_length=500)
    talking_points = models.TextField(_("talking points"), max_length=4000, blank=True)
    scope = models.TextField(_("scope of the visit"), max_length=2000, blank=True)
    route = models.TextField(_("route"), max_length=2000, blank=True)
    hosts = models.ManyToManyField(
        "org.Person", related_name="+", blank=True, verbose_name=_("people meeting them")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ForeignState.choices, default=ForeignState.REQUESTED
    )
    recorded_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval request"),
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("foreign press or visit")
        verbose_name_plural = _("foreign press and visits")
        ordering = ["-starts", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return self.party
