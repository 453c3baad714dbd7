from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleOverride(models.Model):
    """An organisation's own setting of one rule: switched off (never a BLOCK rule) or with
    its own parameters (a BLOCK rule only stricter). Changed only by the security officer."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    rule_id = models.CharField(_("rule"), max_length=40)
    enabled = models.BooleanField(_("in force"), default=True)
    params = models.JSONField(_("parameters"), default=dict)
    changed_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "rule_id"], name="override_unique_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} @ {self.organisation_id}"
