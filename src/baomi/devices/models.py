"""The equipment ledger (总台账, DEV-LEDGER): computers, removable media and office equipment,
each asset with its history; every use of a medium on a computer (MEDIA-REGISTERED), refused
ones included; alerts for the security office (refused uses, airgap violations); and
physical checks with what was found.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssetKind(models.TextChoices):
    COMPUTER = "computer", _("Computer")
    MEDIUM = "medium", _("Removable medium")
    OFFICE = "office", _("Office equipment")


class AssetType(models.TextChoices):
    DESKTOP = "desktop", _("Desktop computer")
    LAPTOP = "laptop", _("Laptop")
    SERVER = "server", _("Server")
    USB_STICK = "usb_stick", _("USB stick")
    PORTABLE_DISK = "portable_disk", _("Portable disk")
    OPTICAL_DISC = "optical_disc", _("Optical disc")
    MEMORY_CARD = "memory_card", _("Memory card")
    PRINTER = "printer", _("Printer")
    COPIER = "copier", _("Copier")
    FAX = "fax", _("Fax machine")
    SCANNER = "scanner", _("Scanner")
    MULTIFUNCTION = "multifunction", _("Multi-function device")


# Which kind each type belongs to.
KIND_OF_TYPE = {
    AssetType.DESKTOP: AssetKind.COMPUTER,
    AssetType.LAPTOP: AssetKind.COMPUTER,
    AssetType.SERVER: AssetKind.COMPUTER,
    AssetType.USB_STICK: AssetKind.MEDIUM,
    AssetType.PORTABLE_DISK: AssetKind.MEDIUM,
    AssetType.OPTICAL_DISC: AssetKind.MEDIUM,
    AssetType.MEMORY_CARD: AssetKind.MEDIUM,
    AssetType.PRINTER: AssetKind.OFFICE,
    AssetType.COPIER: AssetKind.OFFICE,
    AssetType.FAX: AssetKind.OFFICE,
    AssetType.SCANNER: AssetKind.OFFICE,
    AssetType.MULTIFUNCTION: AssetKind.OFFICE,
}


class Network(models.TextChoices):
    """Where a computer or device is connected (DEV-AIRGAP)."""

    NONE = "none", _("Not connected (standalone)")
    ISOLATED = "isolated", _("Isolated classified network")
    INTERNAL = "internal", _("Internal office network")
    INTERNET = "internet", _("Internet")


class Status(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IN_REPAIR = "in_repair", _("In repair")
    LENT = "lent", _("Lent")
    SPARE = "spare", _("Spare")
    SCRAPPED = "scrapped", _("Scrapped")
    DESTROYED = "destroyed", _("Destroyed")


# Statuses in which an asset is expected to be found by a physical check.
PRESENT_STATUSES = (Status.IN_USE, Status.SPARE)
# Statuses in which an asset has left the organisation's hands for good: nothing more changes
# it, and using a medium so marked is using an unregistered one.
GONE = (Status.SCRAPPED, Status.DESTROYED)


class Asset(models.Model):
    """One line of the ledger. ``level`` is the level of data it may hold (0 = unclassified,
    2 CONFIDENTIAL … 4 TOP_SECRET, as ``core.levels.Level``); ``tainted`` records that a
    medium has ever held classified data (MEDIA-TAINT), which never goes back by itself."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=AssetKind.choices)
    type = models.CharField(_("type"), max_length=16, choices=AssetType.choices)
    number = models.CharField(_("asset number"), max_length=60)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    make_model = models.CharField(_("make and model"), max_length=120, blank=True)
    level = models.IntegerField(_("level"), default=0)
    network = models.CharField(
        _("network"), max_length=16, choices=Network.choices, default=Network.NONE
    )
    custodian = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("custodian"),
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_USE
    )
    # Computers
    disk_serials = models.CharField(_("hard disk serials"), max_length=300, blank=True)
    mac_addresses = models.CharField(_("MAC addresses"), max_length=300, blank=True)
    operating_system = models.CharField(_("operating system"), max_length=100, blank=True)
    antivirus = models.CharField(_("antivirus product"), max_length=100, blank=True)
    av_signatures_on = models.DateField(_("antivirus signature date"), null=True, blank=True)
    wireless = models.BooleanField(_("wireless hardware present"), default=False)
    important_data = models.BooleanField(_("holds important files (DEV-BACKUP)"), default=False)
    # The latest ``Backup.on``, kept by ``record_backup``: the backups due are ranked on the
    # ledger's index alone (bench/devices_care.py).
    last_backup_on = models.DateField(_("last backup"), null=True, blank=True)
    # Removable media
    capacity = models.CharField(_("capacity"), max_length=40, blank=True)
    tainted = models.BooleanField(_("has held classified data"), default=False)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="asset_unique_number")
        ]
        indexes = [
            models.Index(fields=["organisation", "serial"], name="asset_serial"),
            models.Index(fields=["custodian", "status"], name="asset_custodian"),
            # The care page on a 100k ledger (bench/devices_care.py): the computers holding
            # important files ranked on the index alone (DEV-BACKUP), and the antivirus
            # dates walked in order, stopping at the page's last row (DEV-AV).
            models.Index(
                fields=[
                    "organisation",
                    "kind",
                    "important_data",
                    "status",
                    "last_backup_on",
                    "number",
                    "id",
                ],
                name="asset_backups",
            ),
            models.Index(
                fields=["organisation", "kind", "av_signatures_on", "number"],
                name="asset_antivirus",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_type_display()}"

    @property
    def is_classified(self) -> bool:
        return self.level >= 2


# What each line of an asset's history says, by its action (``AssetEvent.label``).
HISTORY: dict[str, Any] = {
    "registered": _("Registered in the ledger"),
    "updated": _("Ledger entry corrected"),
    "handed_over": _("Custodian changed"),
    "network_changed": _("Network changed"),
    "wireless_changed": _("Wireless hardware changed"),
    "level_changed": _("Level changed"),
    "sent_to_repair": _("Sent for repair"),
    "repaired": _("Back from repair"),
    "lent": _("Lent"),
    "loan_returned": _("Returned from loan"),
    "av_updated": _("Antivirus updated"),
    "infected": _("Virus infection reported"),
    "infection_cleared": _("Virus infection cleared"),
    "backed_up": _("Backed up"),
    "standalone_started": _("Standalone use started"),
    "standalone_finished": _("Standalone use finished"),
    "medium_used": _("A medium was used on it"),
    "used": _("Used on a computer"),
    "tainted": _("Marked as having held classified data"),
    "sanitised": _("Sanitised"),
    "scrapped": _("Scrapped"),
    "destroyed": _("Destroyed"),
}


class AssetEvent(models.Model):
    """One line of an asset's history: registered, custodian changed, network changed, level
    changed, repaired, lent, sanitised, scrapped, destroyed, checked …"""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="history")
    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, related_name="+"
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("asset event")
        verbose_name_plural = _("asset events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["asset", "at"], name="assetevent_asset")]

    def __str__(self) -> str:
        return f"{self.asset_id} {self.action}"

    @property
    def label(self) -> str:
        """What happened, in the reader's language (HISTORY)."""
        return str(HISTORY.get(self.action, self.action))


class MediaUse(models.Model):
    """One use of a medium on a computer (MEDIA-REGISTERED), or an attempt that a rule
    refused (MEDIA-NO-CROSS, MEDIA-REGISTERED): refused attempts are kept as evidence and
    raise an alert."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    computer = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+")
    medium = models.ForeignKey(
        Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="uses"
    )
    medium_identifier = models.CharField(_("medium as presented"), max_length=100)
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    allowed = models.BooleanField(_("allowed"))
    rule_id = models.CharField(_("refused by"), max_length=40, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("media use")
        verbose_name_plural = _("media uses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"], name="mediause_register")]

    def __str__(self) -> str:
        return f"{self.medium_identifier} on {self.computer_id}"


class Alert(models.Model):
    """An incident candidate for the security office: a refused media use, an attempt to
    connect a classified computer to the internet or give it wireless hardware (DEV-AIRGAP),
    a physical-check finding."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    rule_id = models.CharField(_("rule"), max_length=40)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, related_name="+"
    )
    description = models.CharField(_("what happened"), max_length=300)
    media_use = models.ForeignKey(
        MediaUse, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "resolved_at"], name="alert_open")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.asset_id}"


class PhysicalCheck(models.Model):
    """A physical check of the ledger (DEV-LEDGER) for a department or the organisation."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("physical check")
        verbose_name_plural = _("physical checks")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"check {self.pk}"


class Observation(models.Model):
    """One asset seen during a check, as typed in or imported: identified by its asset
    number or serial, with where, with whom and in which status it was found."""

    physical_check = models.ForeignKey(
        PhysicalCheck, on_delete=models.CASCADE, related_name="observations"
    )
    identifier = models.CharField(_("asset number or serial"), max_length=100)
    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    custodian = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["pk"]
        indexes = [models.Index(fields=["physical_check", "asset"], name="observation_asset")]

    def __str__(self) -> str:
        return f"{self.physical_check_id}/{self.identifier}"


class Repair(models.Model):
    """One line of the repair record (DEV-REPAIR): the asset, sent through the general office
    to a designated vendor on the office director's approval; a classified machine goes
    without its storage, which stays in the organisation."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="repairs")
    vendor = models.CharField(_("designated vendor"), max_length=120)
    fault = models.CharField(_("fault"), max_length=300)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    storage_kept = models.CharField(_("storage kept in the organisation"), max_length=200)
    status_before = models.CharField(max_length=16, choices=Status.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    work_done = models.CharField(_("work done"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("repair")
        verbose_name_plural = _("repairs")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"repair {self.pk}"


class Loan(models.Model):
    """Equipment lent outside the organisation on a leader's approval (DEV-LEND)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="loans")
    borrower = models.CharField(_("borrowing organisation"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    lent_at = models.DateTimeField(_("lent at"))
    lent_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    due_back = models.DateField(_("due back"))
    status_before = models.CharField(max_length=16, choices=Status.choices)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    condition = models.CharField(_("condition on return"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-lent_at", "-pk"]

    def __str__(self) -> str:
        return f"loan {self.pk}"


class Outcome(models.TextChoices):
    SCRAPPED = "scrapped", _("Scrapped")
    DESTROYED = "destroyed", _("Destroyed")


class DisposalMethod(models.TextChoices):
    """How an asset leaves the ledger. Only the first is open to an asset that never held
    classified data; the others destroy its storage at a designated place (DESTROY-PLACE)."""

    PLAIN = "plain", _("Scrapped as it is (never held classified data)")
    STORAGE_DESTROYED = "storage_destroyed", _("Storage removed and destroyed")
    SHREDDED = "shredded", _("Shredded")
    DEGAUSSED = "degaussed", _("Degaussed and crushed")
    INCINERATED = "incinerated", _("Incinerated")


class Disposal(models.Model):
    """Assets scrapped or destroyed on a leader's approval (DESTROY-APPROVE) under at least
    two supervisors (DESTROY-WITNESS), by a designated method and place (DESTROY-PLACE)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    assets = models.ManyToManyField(Asset, related_name="+", verbose_name=_("assets"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    method = models.CharField(_("method"), max_length=20, choices=DisposalMethod.choices)
    place = models.CharField(_("place"), max_length=200)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    operator = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    witnesses = models.ManyToManyField("org.Person", related_name="+", verbose_name=_("witnesses"))
    disposed_at = models.DateTimeField(_("disposed at"))
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-disposed_at", "-pk"]

    def __str__(self) -> str:
        return f"disposal {self.pk}"


class DisposalSignature(models.Model):
    """A supervisor's signature under a disposal (DESTROY-WITNESS): given on their own login,
    or signed on the paper destruction list and recorded by the security officer
    (``on_paper``)."""

    disposal = models.ForeignKey(Disposal, on_delete=models.PROTECT, related_name="signatures")
    witness = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("witness signature")
        verbose_name_plural = _("witness signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["disposal", "witness"], name="one_disposal_signature_per_witness"
            )
        ]

    def __str__(self) -> str:
        return f"witness {self.witness_id} of disposal {self.disposal_id}"


class Infection(models.Model):
    """A virus found on a computer (DEV-AV): the computer is out of use until the security
    office clears it."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="infections")
    virus = models.CharField(_("virus"), max_length=120)
    found_at = models.DateTimeField(_("found at"))
    reported_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    treatment = models.CharField(_("treatment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("infection")
        verbose_name_plural = _("infections")
        ordering = ["-found_at", "-pk"]
        indexes = [models.Index(fields=["asset", "cleared_at"], name="infection_open")]

    def __str__(self) -> str:
        return f"{self.virus} on {self.asset_id}"


class Backup(models.Model):
    """One backup of a computer's important files (DEV-BACKUP)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="backups")
    on = models.DateField(_("date"))
    target = models.CharField(_("backed up to"), max_length=120)
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["asset", "on"], name="backup_asset")]

    def __str__(self) -> str:
        return f"backup {self.asset_id} {self.on}"


class StandaloneUse(models.Model):
    """Classified data processed on a standalone computer on a leader's approval, then
    deleted and the machine treated (DEV-STANDALONE)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    computer = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="standalone_uses")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    level = models.IntegerField(_("level"))
    purpose = models.CharField(_("purpose"), max_length=300)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    treatment = models.CharField(_("deletion and treatment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("standalone use")
        verbose_name_plural = _("standalone uses")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"standalone {self.computer_id}"


class IntegrityReview(models.Model):
    """A department's review of the files and data it keeps on computers (DEV-INTEGRITY);
    an unexplained modification, move or deletion is reported and logged as an alert."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    findings = models.CharField(_("findings"), max_length=500)
    anomaly = models.BooleanField(_("unexplained change found"), default=False)
    alert = models.ForeignKey(
        Alert, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("integrity review")
        verbose_name_plural = _("integrity reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"review {self.department_id} {self.reviewed_on}"
