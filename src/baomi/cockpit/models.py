"""The security office's cockpit: the notifications of the deadline engine (reminders before a
deadline falls due, escalation when it is overdue) and the annual report's prose (ANNUAL-REPORT);
its figures are never stored, they are the records' (``baomi.seams.figures``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Why a person is told of a deadline: it falls due soon, it is overdue and they answer for
    it, or it is overdue and escalated to the head of the responsible department, then to the
    security office."""

    REMINDER = "reminder", _("Falls due soon")
    OVERDUE = "overdue", _("Overdue")
    HEAD = "head", _("Escalated to the department head")
    OFFICE = "office", _("Escalated to the security office")


class Notification(models.Model):
    """One in-app notification of one deadline (rule, subject, due time) at one stage to one
    person; made once (the unique constraint), read once."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    rule_id = models.CharField(_("rule"), max_length=32)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    due_at = models.DateTimeField(_("due at"))
    responsible = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    created_at = models.DateTimeField(_("sent at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "stage", "rule_id", "subject_type", "subject_id", "due_at"],
                name="notification_once",
            )
        ]
        indexes = [models.Index(fields=["person", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.stage} {self.rule_id} {self.subject_type}:{self.subject_id}"


class AnnualReport(models.Model):
    """The security office's prose of one year's work summary (年度保密工作总结), one text per
    section of the report; the figures beside it are computed from the records each time."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    prose = models.JSONField(_("prose"), default=dict)  # {section key: text}
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="annual_report_once")
        ]

    def __str__(self) -> str:
        return f"annual report {self.organisation_id} {self.year}"
