"""Official seals and letters of introduction (印信, SEAL-LOG): the register, each use
requested, approved and logged, taking a seal out, and the keeper's end-of-day lock-away."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- seals, their use, taking out and locking away (SEAL-LOG) ---

# The most impressions one use may ask for.
MAX_IMPRESSIONS = 999


class SealKind(models.TextChoices):
    OFFICIAL = "official", _("Official seal")  # 公章
    CONTRACT = "contract", _("Contract seal")  # 合同专用章
    DEPARTMENT = "department", _("Department seal")  # 部门章
    SIGNATURE = "signature", _("Leader's signature seal")  # 签名章
    LETTER = "letter", _("Letters of introduction")  # 介绍信
    OTHER = "other", _("Other seal")


class Seal(models.Model):
    """A registered seal or pad of letters of introduction (SEAL-LOG): its kind, number, the
    keeper who holds it and logs its uses, and the safe it is locked in after work."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=SealKind.choices)
    number = models.CharField(_("registration number"), max_length=60, blank=True)
    keeper = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("keeper")
    )
    location = models.CharField(_("safe"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(_("in use"), default=True)
    deactivated_at = models.DateTimeField(_("taken out of use"), null=True, blank=True)

    class Meta:
        verbose_name = _("seal")
        verbose_name_plural = _("seals")
        ordering = ["-active", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="seal_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_letter(self) -> bool:
        return self.kind == SealKind.LETTER


class UseState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")  # a status: requested, its approval granted
    REFUSED = "refused", _("refused")  # a status: its approval rejected or lapsed
    USED = "used", _("used")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SealUse(models.Model):
    """One use of a seal (用印): asked by a person for a document, approved through the chart,
    logged by the keeper with the impressions made (never more than approved) and, for a
    letter of introduction, the number of the letter issued. Its rows are the 用印登记簿."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="uses", verbose_name=_("seal")
    )
    requested_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    document = models.CharField(_("document"), max_length=200)
    recipient = models.CharField(_("to whom, what for"), max_length=200, blank=True)
    impressions = models.PositiveSmallIntegerField(
        _("impressions"), validators=[MinValueValidator(1), MaxValueValidator(MAX_IMPRESSIONS)]
    )
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=UseState.choices, default=UseState.REQUESTED
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    impressions_made = models.PositiveSmallIntegerField(
        _("impressions made"), null=True, blank=True
    )
    letter_number = models.CharField(_("letter number"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("seal use")
        verbose_name_plural = _("seal uses")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            # The use register in the order the uses were made: its first lines without
            # sorting every use (bench/security_places.py).
            models.Index(fields=["organisation", "used_at"], name="seal_use_register"),
        ]

    def __str__(self) -> str:
        return f"{self.seal_id} · {self.document}"


class TakeOutState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")  # a status
    REFUSED = "refused", _("refused")  # a status
    OUT = "out", _("out")
    RETURNED = "returned", _("returned")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SealTakeOut(models.Model):
    """A seal taken out of the office (携带印章外出). The regulation forbids it in principle
    (不准携带公章外出): an exception needs the approval of the rule's take-out approvers and a
    time it comes back by; the keeper hands it out and confirms its return."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="take_outs", verbose_name=_("seal")
    )
    taken_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("taken by")
    )
    requested_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    purpose = models.CharField(_("purpose"), max_length=200)
    destination = models.CharField(_("destination"), max_length=200)
    due_back_at = models.DateTimeField(_("due back at"))
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TakeOutState.choices, default=TakeOutState.REQUESTED
    )
    out_at = models.DateTimeField(_("taken out at"), null=True, blank=True)
    out_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_confirmed_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("return confirmed by"),
    )

    class Meta:
        verbose_name = _("seal taken out")
        verbose_name_plural = _("seals taken out")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]
        constraints = [
            # One seal is out once at a time.
            models.UniqueConstraint(
                fields=["seal"],
                condition=models.Q(state="out"),
                name="seal_out_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seal_id} · {self.destination}"


class SealLockUp(models.Model):
    """The keeper's confirmation that a seal was locked in the safe after a working day
    (下班后务必将印章锁入保险柜内): one per seal and day."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    seal = models.ForeignKey(
        Seal, on_delete=models.PROTECT, related_name="lock_ups", verbose_name=_("seal")
    )
    day = models.DateField(_("day"))
    confirmed_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("seal lock-up")
        verbose_name_plural = _("seal lock-ups")
        ordering = ["-day", "seal_id"]
        constraints = [
            models.UniqueConstraint(fields=["seal", "day"], name="seal_lock_up_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.seal_id} · {self.day:%Y-%m-%d}"
