from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CONSUMED = "consumed", _("Used")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApprovalRequest(models.Model):
    """A request for the approval one operation needs. It names the operation, its subject and
    its parameters; once granted it authorises exactly one matching operation until it expires."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    rule_id = models.CharField(_("rule"), max_length=40)
    operation = models.CharField(_("operation"), max_length=64)
    subject_type = models.CharField(max_length=64)
    subject_id = models.CharField(max_length=64)
    params = models.JSONField(_("parameters"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    requester = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("requested at"))
    expires_at = models.DateTimeField(_("expires at"))
    decided_at = models.DateTimeField(null=True, blank=True)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "operation", "subject_type", "subject_id", "state"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.operation} {self.subject_type}:{self.subject_id}"


class ApprovalStep(models.Model):
    """One approver of a request, decided in order."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    approver_kind = models.CharField(max_length=40)
    approver = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=16, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "order"], name="step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.order} {self.approver_kind}"
