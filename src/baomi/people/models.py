"""The people's own records beyond the organisation chart: the cooling-off period (脱密期) a
cleared person enters on leaving (PPL-EXIT) and the monthly self-checks (PPL-SELFCHECK)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Clearance


class CoolingOff(models.Model):
    """脱密期 (PPL-EXIT): from the day a cleared person leaves until ``ends``, the years the
    rulebook sets for their clearance class at leaving."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(
        "org.Person", on_delete=models.PROTECT, related_name="cooling_off", verbose_name=_("person")
    )
    clearance = models.IntegerField(_("clearance at leaving"), choices=Clearance.choices)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooling-off period")
        verbose_name_plural = _("cooling-off periods")
        ordering = ["ends", "pk"]
        indexes = [models.Index(fields=["organisation", "ends"])]

    def __str__(self) -> str:
        return f"{self.person} {self.starts:%Y-%m-%d}–{self.ends:%Y-%m-%d}"


class SelfCheckItem(models.Model):
    """One question of the monthly self-check (PPL-SELFCHECK), kept as data: its ``key`` (the
    answers' key), its text (Chinese, as on the paper 自查表) and the rule it concerns. Items
    without an organisation are the default list, used by an organisation that keeps none."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=300)
    rule = models.CharField(_("rule"), max_length=40)

    class Meta:
        verbose_name = _("self-check item")
        verbose_name_plural = _("self-check items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="selfcheckitem_org_key")
        ]

    def __str__(self) -> str:
        return self.text


class SelfCheck(models.Model):
    """A cleared person's monthly self-check (PPL-SELFCHECK): ``month`` is its first day;
    ``answers`` maps each item's key to ``{"yes": bool, "note": str}``; ``all_clear`` when
    every answer is yes. One per person and month."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="self_checks", verbose_name=_("person")
    )
    month = models.DateField(_("month"))
    answers = models.JSONField(_("answers"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    all_clear = models.BooleanField(_("all clear"))

    class Meta:
        verbose_name = _("self-check")
        verbose_name_plural = _("self-checks")
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="selfcheck_person_month")
        ]
        indexes = [models.Index(fields=["organisation", "month"])]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"
