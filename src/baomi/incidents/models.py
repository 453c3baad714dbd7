"""Incidents (失密、泄密、遗失、违规, INC-RECORD): what, when, who, the carriers and people
involved, remedies, the report upward and the investigation; a loss report (LOSS-REPORT)
opens one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level


class IncidentKind(models.TextChoices):
    COMPROMISE = "compromise", _("Compromise (失密)")
    LEAK = "leak", _("Leak (泄密)")
    LOSS = "loss", _("Loss (遗失)")
    VIOLATION = "violation", _("Rule violation (违规)")


class IncidentState(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED = "reported", _("Reported upward")
    INVESTIGATED = "investigated", _("Investigated")
    CLOSED = "closed", _("Closed")


class PersonRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Responsible (责任人)")
    DISCOVERER = "discoverer", _("Discovered it")
    INVOLVED = "involved", _("Involved")


class Incident(models.Model):
    """An incident (INC-RECORD). A serious one (严重) is reported upward — to the superior
    security administration (上级保密行政管理部门) — within INC-RECORD.report_hours of its
    discovery; every one is investigated within INC-RECORD.investigate_months. ``loss`` is the
    carriers' loss report that opened it (LOSS-REPORT), if one did."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=IncidentKind.choices)
    serious = models.BooleanField(_("serious (reported upward)"), default=False)
    level = models.IntegerField(_("level"), choices=Level.choices, default=Level.CONFIDENTIAL)
    title = models.CharField(_("title"), max_length=200)
    account = models.TextField(_("what happened"))
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    people = models.ManyToManyField(
        "org.Person", through="IncidentPerson", related_name="+", verbose_name=_("people")
    )
    copies = models.ManyToManyField(
        "carriers.Copy", related_name="+", blank=True, verbose_name=_("copies")
    )
    loss = models.OneToOneField(
        "carriers.LossReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loss report"),
    )
    remedies = models.TextField(_("remedial steps"), blank=True)
    reported_upward_at = models.DateTimeField(_("reported upward at"), null=True, blank=True)
    reported_to = models.CharField(_("reported to"), max_length=200, blank=True)
    report_text = models.TextField(_("report"), blank=True)
    investigation = models.TextField(_("investigation result"), blank=True)
    concluded_at = models.DateTimeField(_("investigation concluded at"), null=True, blank=True)
    sanctions = models.TextField(_("sanctions"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    reporter = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-discovered_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"], name="incident_org_state")]

    def __str__(self) -> str:
        return f"incident {self.pk}"


class IncidentPerson(models.Model):
    """A person named by an incident, and their part in it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="named")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=PersonRole.choices)

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "person"], name="incident_person_unique")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}/{self.person_id}"
