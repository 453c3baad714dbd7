"""The record of every backup run: when, by what, where to, its size and checksum, and
whether it succeeded (DEV-BACKUP: baomi's registers are important data)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMMAND = "command", _("Command line")


class BackupRun(models.Model):
    """One backup attempt; a failed one keeps its error (one line)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    ok = models.BooleanField(_("succeeded"))
    file = models.CharField(_("file"), max_length=1024, blank=True)
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    cipher = models.CharField(_("cipher"), max_length=16, blank=True)
    audit_seq = models.BigIntegerField(_("audit head in the archive"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")
        indexes = [models.Index(fields=["ok", "-started_at"], name="backups_run_ok_started")]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"
