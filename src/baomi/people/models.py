"""The people's own records beyond the organisation chart: for now the cooling-off period
(脱密期) a cleared person enters on leaving (PPL-EXIT)."""

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
