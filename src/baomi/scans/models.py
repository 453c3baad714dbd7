"""Scan records: one report of ``baomi scan`` with its findings and skipped files as rows (so
that they can be filtered). Data only: every change goes through ``scans.operations``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level
from baomi.scanner.wording import location_text, reason_text


class FindingKind(models.TextChoices):
    MARKING = "marking", _("Marking")
    KEYWORD = "keyword", _("Keyword")


class ScanRecord(models.Model):
    """One scan of one computer, as its report's summary says, filed by an account."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    host = models.CharField(_("computer"), max_length=255)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    paths = models.JSONField(_("scanned paths"), default=list)
    keyword_list = models.CharField(_("keyword list"), max_length=500)
    keyword_list_sha256 = models.CharField(_("keyword list SHA-256"), max_length=64)
    files_scanned = models.PositiveBigIntegerField(_("files scanned"))
    files_cached = models.PositiveBigIntegerField(_("files unchanged since the last scan"))
    bytes_scanned = models.PositiveBigIntegerField(_("bytes scanned"))
    finding_count = models.PositiveBigIntegerField(_("findings"))
    skipped_count = models.PositiveBigIntegerField(_("files skipped"))
    # {"SECRET": 3, "INTERNAL": 1}: the scanner's level names (baomi.scanner.model).
    by_level = models.JSONField(_("findings by level"), default=dict)
    report_version = models.PositiveSmallIntegerField(_("report version"))
    submitted_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    submitted_at = models.DateTimeField(_("filed at"))

    class Meta:
        verbose_name = _("scan record")
        verbose_name_plural = _("scan records")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["organisation", "-id"], name="scans_record_org_new")]

    def __str__(self) -> str:
        return f"{self.host} {self.started_at:%Y-%m-%d %H:%M}"


class ScanFinding(models.Model):
    """A marking or keyword found in a file; ``snippet`` is masked by the scanner."""

    record = models.ForeignKey(ScanRecord, on_delete=models.CASCADE, related_name="findings")
    path = models.TextField(_("file"))
    format = models.CharField(_("format"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    match = models.CharField(_("match"), max_length=200)
    level = models.IntegerField(_("level"), choices=Level.choices, null=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    snippet = models.CharField(_("snippet"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("scan finding")
        verbose_name_plural = _("scan findings")
        ordering = ["pk"]
        indexes = [models.Index(fields=["record", "level"], name="scans_finding_level")]

    def __str__(self) -> str:
        return f"{self.path}: {self.match}"

    @property
    def location_label(self) -> str:
        """Where in the file, in the reader's language ("line 3" → 第3行)."""
        return location_text(self.location, gettext)


class ScanSkip(models.Model):
    """A file the scan could not read, and why (skipped files are not errors)."""

    record = models.ForeignKey(ScanRecord, on_delete=models.CASCADE, related_name="skips")
    path = models.TextField(_("file"))
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("scan skip")
        verbose_name_plural = _("scan skips")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    @property
    def reason_label(self) -> str:
        """Why, in the reader's language."""
        return reason_text(self.reason, gettext)
