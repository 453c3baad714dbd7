"""Classified documents, their numbered copies and every register of RULES.md §2–6.

A ``Document`` is the controlled item (level, term, scope); its ``Copy`` rows are the physical
or electronic copies ("copy n of m"), each with one holder and one state at any time. Every
change of a copy's custody writes a ``CopyEvent`` (its timeline); a period away from the
custodian (circulation, loan, take-out, meeting) is a ``Custody`` row, which is at the same
time the circulation, loan and take-out registers. The other registers have their own rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baomi.access.models import ControlledItem
from baomi.carriers import receipts
from baomi.core.levels import Level

# The day a classified document's yearly review is counted from (CLS-REVIEW): its last review,
# else its classification; None for one neither reviewed nor dated.
LAST_REVIEW = Coalesce("reviewed_on", "classified_on")


class CarrierType(models.TextChoices):
    """涉密载体的种类."""

    PAPER = "paper", _("Paper document")
    ELECTRONIC = "electronic", _("Electronic file")
    RECORDING = "recording", _("Audio or video recording")
    OBJECT = "object", _("Object")
    CIPHER = "cipher", _("Cipher telegram")


class DocumentKind(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (急件)")
    VERY_URGENT = "very_urgent", _("Very urgent (特急)")


class Stage(models.TextChoices):
    """Where a document is in its life; outgoing documents walk draft → dispatched."""

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed off")
    PRINTED = "printed", _("Printed")
    SEALED = "sealed", _("Sealed")
    DISPATCHED = "dispatched", _("Dispatched")
    REGISTERED = "registered", _("Registered")


class CatalogueEntry(models.Model):
    """One line of the organisation's catalogue of what is secret (保密事项范围, CLS-CATALOG)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    matter = models.CharField(_("matter"), max_length=200)
    level = models.IntegerField(_("level"))
    term_years = models.PositiveSmallIntegerField(_("protection term (years)"))
    examples = models.TextField(_("examples"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["-level", "matter"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "matter"], name="catalogue_unique")
        ]

    def __str__(self) -> str:
        return self.matter


class Document(ControlledItem):
    """文件: a controlled item with a number, title and issuer (CLS-MARK), the fields of a
    draft (DRAFT-FORM), and its place in the outgoing workflow."""

    number = models.CharField(_("document number"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuer (person)"),
    )
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))
    carrier_type = models.CharField(
        _("carrier type"), max_length=16, choices=CarrierType.choices, default=CarrierType.PAPER
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.INTERNAL
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.REGISTERED
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    addressee_only = models.BooleanField(_("addressee only (亲收)"), default=False)
    subject_words = models.CharField(_("subject words"), max_length=200, blank=True)
    main_to = models.CharField(_("to (主送)"), max_length=300, blank=True)
    cc = models.CharField(_("cc (抄送)"), max_length=300, blank=True)
    is_public = models.BooleanField(_("to be made public"), default=False)
    normative = models.BooleanField(_("normative document"), default=False)
    drafting_department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafting department"),
    )
    catalogue_entry = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue entry"),
    )
    basis = models.CharField(_("classification basis"), max_length=300, blank=True)
    central = models.BooleanField(_("central party committee document"), default=False)
    copies_count = models.PositiveIntegerField(_("number of copies"), default=0)
    recall_date = models.DateField(_("recall date (清退时间)"), null=True, blank=True)
    distribution = models.JSONField(_("approved distribution"), default=list, blank=True)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    sources = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="derived", verbose_name=_("sources")
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(ControlledItem.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-pk"]
        indexes = [
            *ControlledItem.Meta.indexes,
            # The deadline engine: the few documents with a recall date (RECALL-DUE) and those
            # whose protection term ends (CLS-TERM), without reading the whole register.
            models.Index(
                fields=["organisation", "recall_date"],
                condition=models.Q(recall_date__isnull=False),
                name="document_recall",
            ),
            models.Index(
                fields=["organisation", "term_years", "classified_on"], name="document_term"
            ),
            # CLS-REVIEW's deadlines (queries.classification.review_conditions): the classified
            # documents by the day of their last review (or classification), and those neither
            # reviewed nor dated by their registration, each with the drafting department the
            # engine counts them by.
            models.Index(
                F("organisation"),
                LAST_REVIEW,
                F("drafting_department"),
                condition=models.Q(level__gte=Level.CONFIDENTIAL),
                name="document_review_dated",
            ),
            models.Index(
                fields=["organisation", "registered_at", "drafting_department"],
                condition=models.Q(
                    level__gte=Level.CONFIDENTIAL, reviewed_on=None, classified_on=None
                ),
                name="document_review_undated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CopyState(models.TextChoices):
    WITH_CUSTODIAN = "with_custodian", _("With the custodian")
    CIRCULATING = "circulating", _("Circulating with a reader")
    ON_LOAN = "on_loan", _("On loan")
    TAKEN_OUT = "taken_out", _("Taken out")
    AT_MEETING = "at_meeting", _("At a meeting")
    DISPATCHED = "dispatched", _("Dispatched")
    ARCHIVED = "archived", _("Archived")
    RECALLED = "recalled", _("Recalled to the issuer")
    DESTROYED = "destroyed", _("Destroyed")
    LOST = "lost", _("Lost")


# States in which a copy is still in the organisation's hands and must be accounted for.
HELD_STATES = (
    CopyState.WITH_CUSTODIAN,
    CopyState.CIRCULATING,
    CopyState.ON_LOAN,
    CopyState.TAKEN_OUT,
    CopyState.AT_MEETING,
)
# States out of which a copy never comes back (except "lost", which may be found).
FINAL_STATES = (CopyState.DESTROYED, CopyState.RECALLED)


class Copy(models.Model):
    """份: one numbered copy of a document. ``holder`` has it now (the custodian when it is
    with the custodian; nobody once dispatched, recalled, archived, destroyed or lost)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="copies")
    number = models.PositiveIntegerField(_("copy number"))
    reproduced_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reproductions",
        verbose_name=_("reproduced from"),
    )
    custodian = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("custodian")
    )
    holder = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holder"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=CopyState.choices, default=CopyState.WITH_CUSTODIAN
    )
    due_at = models.DateTimeField(_("due back"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    volume = models.ForeignKey(
        "ArchiveVolume",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("archive volume"),
    )
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="copy_unique_number")
        ]
        indexes = [
            # "What X holds", due first (queries.copies.holdings): walked in order, no sort.
            models.Index(fields=["holder", "due_at", "document", "number"], name="copy_holder"),
            models.Index(fields=["organisation", "due_at"], name="copy_due"),
            # The copies away from their custodian in each state, due first, with who holds
            # them: the deadline engine's counts and pages (queries.copies.due_back).
            models.Index(
                fields=["organisation", "state", "due_at", "holder"],
                condition=models.Q(due_at__isnull=False),
                name="copy_away",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.number} {self.label}"

    @property
    def label(self) -> str:
        """ "copy n of m" (份号), or "copy n (reproduction of copy k)" for a reproduction:
        第4份（复制件，源自第1份）."""
        if self.reproduced_from_id:
            return _("copy %(n)d (reproduction of copy %(k)d)") % {
                "n": self.number,
                "k": self.reproduced_from.number,
            }
        return _("copy %(n)d of %(m)d") % {"n": self.number, "m": self.document.copies_count}


# The custody timeline's actions: code → label (shown on the document page and in exports).
TIMELINE: dict[str, Any] = {
    "printed": _("Printed"),
    "registered": _("Registered on receipt"),
    "recorded": _("Registered as a recording"),
    "circulated": _("Handed to a reader"),
    "receipt_signed": _("Receipt signed"),
    "receipt_signed_on_paper": _("Receipt signed on the paper slip"),
    "returned": _("Returned to the custodian"),
    "reproduced": _("Made by reproduction"),
    "loaned": _("Lent"),
    "taken_out": _("Taken out"),
    "to_meeting": _("Taken to a meeting"),
    "sealed": _("Kept as the file copy"),
    "dispatched": _("Dispatched"),
    "dispatch_signed": _("Signed for by the recipient"),
    "recalled": _("Recalled to the issuer"),
    "archived": _("Filed into an archive volume"),
    "destroyed": _("Destroyed"),
    "handed_over": _("Handed over"),
    "lost": _("Reported lost"),
    "found": _("Found again"),
    "checked": _("Found in an inventory"),
    "stored": _("Locked in a secure cabinet"),
}


class CopyEvent(models.Model):
    """One line of a copy's custody timeline: what happened, when, by whom, to whom."""

    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, related_name="+"
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    state = models.CharField(_("state afterwards"), max_length=16, choices=CopyState.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("copy event")
        verbose_name_plural = _("copy events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["copy", "at"], name="copyevent_copy")]

    def __str__(self) -> str:
        return f"{self.copy_id} {self.action}"


class CustodyKind(models.TextChoices):
    CIRCULATION = "circulation", _("Circulation")
    LOAN = "loan", _("Loan")
    TAKE_OUT = "take_out", _("Taken out")
    MEETING = "meeting", _("Outside meeting")


class Custody(models.Model):
    """A period a copy spends away from its custodian: one line of the circulation (CIRC-SIGN),
    loan (LOAN-APPROVE) or take-out (CARRY-APPROVE) register."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="custodies")
    kind = models.CharField(_("kind"), max_length=16, choices=CustodyKind.choices)
    holder = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("holder")
    )
    handed_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("handed over at"))
    due_at = models.DateTimeField(_("due back"), null=True, blank=True)
    received_at = models.DateTimeField(_("receipt signed at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_confirmed_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    abroad = models.BooleanField(_("abroad or foreign-affairs event"), default=False)
    lender_department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("custody")
        verbose_name_plural = _("custodies")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "kind", "started_at"], name="custody_register"),
            models.Index(fields=["copy", "returned_at"], name="custody_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.copy_id} → {self.holder_id}"


class Series(models.TextChoices):
    """收文 registers: classified and general items are numbered apart (IN-NUMBER)."""

    CLASSIFIED = "classified", _("Classified")
    GENERAL = "general", _("General")


class RegisterCounter(models.Model):
    """The last number handed out in one incoming register (organisation, year, series)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16, choices=Series.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "series"], name="counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.series}: {self.last}"


class IncomingEntry(models.Model):
    """One line of the incoming register (收文登记簿) and its routing slip (呈批传阅笺)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="incoming")
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("register"), max_length=16, choices=Series.choices)
    sequence = models.PositiveIntegerField(_("register number"))
    received_from = models.CharField(_("received from"), max_length=200, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    registered_at = models.DateTimeField(_("registered at"))
    late = models.BooleanField(_("registered late"), default=False)
    director = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office director"),
    )
    route_due_at = models.DateTimeField(_("routing slip due"), null=True, blank=True)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    instruction = models.TextField(_("director's instruction"), blank=True)
    instructed_at = models.DateTimeField(_("instructed at"), null=True, blank=True)
    readers = models.ManyToManyField(
        "org.Person", blank=True, related_name="+", verbose_name=_("readers")
    )
    circulation_due_at = models.DateTimeField(_("circulation due"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulation finished"), null=True, blank=True)
    # IN-NUMBER: the document number and issuer as compared (``receipts.receipt_key``); the
    # same key twice in a year is a second receipt, registered only when the clerk confirms
    # it, and then this line names the first receipt's line.
    receipt_key = models.CharField(
        _("document number and issuer"), max_length=receipts.MAX_LENGTH, blank=True
    )
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second receipt of"),
    )

    class Meta:
        verbose_name = _("incoming entry")
        verbose_name_plural = _("incoming entries")
        ordering = ["-year", "series", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "series", "sequence"], name="incoming_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "year", "receipt_key"], name="incoming_receipt")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.series}-{self.sequence}"

    @property
    def register_number(self) -> str:
        """The 收文编号, the entry's place in its register, in one format everywhere:
        2026年涉密第5号 ("2026 Classified No. 5")."""
        return gettext("%(year)s %(register)s No. %(n)s") % {
            "year": self.year,
            "register": self.get_series_display(),
            "n": self.sequence,
        }


class PrintRun(models.Model):
    """One line of the print register (PRINT-REGISTER): who printed and proofread a run,
    where, how many copies, and what became of the waste and the master (PRINT-WASTE)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="print_run")
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    printed_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("printed by")
    )
    proofread_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("proofread by")
    )
    workstation = models.CharField(_("classified computer"), max_length=100)
    outside = models.BooleanField(_("printed outside"), default=False)
    copies = models.PositiveIntegerField(_("copies"))
    waste_sheets = models.PositiveIntegerField(_("waste sheets destroyed"), default=0)
    master = models.CharField(_("electronic master"), max_length=16)
    printed_at = models.DateTimeField(_("printed at"))
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        ordering = ["-printed_at", "-pk"]

    def __str__(self) -> str:
        return f"print {self.document_id}"


class DispatchMethod(models.TextChoices):
    COURIER = "courier", _("Designated courier")
    CONFIDENTIAL_POST = "confidential_post", _("Confidential mail (机要交通)")


class Envelope(models.Model):
    """One dispatched envelope (发文登记): recipient, marks, the copies inside, the courier,
    and the recipient's signature (OUT-ENVELOPE, OUT-COURIER, OUT-SIGN)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="envelopes")
    recipient = models.CharField(_("recipient"), max_length=200)
    copies = models.ManyToManyField(Copy, related_name="envelopes", verbose_name=_("copies"))
    level = models.IntegerField(_("level"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    addressee_only = models.BooleanField(_("addressee only (亲收)"), default=False)
    contents = models.CharField(_("document numbers inside"), max_length=300)
    method = models.CharField(_("carried by"), max_length=20, choices=DispatchMethod.choices)
    courier = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("courier"),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    dispatched_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+"
    )
    signed_by_name = models.CharField(_("signed for by"), max_length=100, blank=True)
    signed_by_title = models.CharField(_("signer's post"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("envelope")
        verbose_name_plural = _("envelopes")
        ordering = ["-dispatched_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.recipient}"


class Reproduction(models.Model):
    """One line of the reproduction register (COPY-APPROVE): the approval, how many copies
    were made from which copy, by whom and how."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=16)
    count = models.PositiveIntegerField(_("copies made"))
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("made at"))
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("reproduction")
        verbose_name_plural = _("reproductions")
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"reproduction {self.document_id} ×{self.count}"


class FaxDirection(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")


class FaxChannel(models.TextChoices):
    SECURE_FAX = "secure_fax", _("Encrypted fax")
    PUBLIC_FAX = "public_fax", _("Public fax")
    TELEGRAM = "telegram", _("Plain telegram")
    PHONE = "phone", _("Ordinary telephone")
    EMAIL = "email", _("E-mail")
    INTERNET = "internet", _("Internet")


class FaxEntry(models.Model):
    """One line of the fax register (FAX-REGISTER)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=10, choices=FaxDirection.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=FaxChannel.choices)
    level = models.IntegerField(_("level"))
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counterparty = models.CharField(_("sent to / received from"), max_length=200)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    at = models.DateTimeField(_("time"))
    operator = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fax entry")
        verbose_name_plural = _("fax entries")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"fax {self.direction} {self.counterparty}"


class ArchiveVolume(models.Model):
    """An archive volume (案卷) into which finished copies are filed (ARCH-FILE)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("volume number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True)
    created_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("archive volume")
        verbose_name_plural = _("archive volumes")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="volume_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ArchiveAccess(models.Model):
    """One line of the archive consultation register (ARCH-ACCESS): who asked, for what, the
    approval, and what was read in the archive room."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outside_unit = models.CharField(_("outside unit"), max_length=200, blank=True)
    outside_reader = models.CharField(_("outside reader"), max_length=100, blank=True)
    introduction_letter = models.CharField(_("introduction letter"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    documents = models.ManyToManyField(
        Document, related_name="+", verbose_name=_("registered scope")
    )
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive access")
        verbose_name_plural = _("archive accesses")
        ordering = ["-registered_at", "-pk"]

    def __str__(self) -> str:
        return f"archive access {self.pk}"


class ArchiveExcerpt(models.Model):
    """An excerpt taken from archives, checked and stamped before it leaves (ARCH-EXCERPT)."""

    access = models.ForeignKey(ArchiveAccess, on_delete=models.PROTECT, related_name="excerpts")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("what was excerpted"), max_length=300)
    checked_by = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    stamped_at = models.DateTimeField(_("checked and stamped at"))

    class Meta:
        verbose_name = _("archive excerpt")
        verbose_name_plural = _("archive excerpts")

    def __str__(self) -> str:
        return f"excerpt {self.pk}"


class DestructionMethod(models.TextChoices):
    """The designated ways (DESTROY-PLACE); selling as waste paper is not among them."""

    PULPING = "pulping", _("Pulping at the designated mill")
    SHREDDING = "shredding", _("Shredding at the designated place")
    INCINERATION = "incineration", _("Incineration at the designated place")
    DEGAUSSING = "degaussing", _("Degaussing and physical destruction (media)")


class Destruction(models.Model):
    """One destruction, item by item (DESTROY-APPROVE), with its supervisors (DESTROY-WITNESS)
    and designated place (DESTROY-PLACE)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    copies = models.ManyToManyField(Copy, related_name="+", verbose_name=_("copies"))
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("method"), max_length=16, choices=DestructionMethod.choices)
    place = models.CharField(_("place"), max_length=200)
    operator = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    witnesses = models.ManyToManyField("org.Person", related_name="+", verbose_name=_("witnesses"))
    destroyed_at = models.DateTimeField(_("destroyed at"))
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("destruction")
        verbose_name_plural = _("destructions")
        ordering = ["-destroyed_at", "-pk"]

    def __str__(self) -> str:
        return f"destruction {self.pk}"


class WitnessSignature(models.Model):
    """A witness's signature under a destruction (DESTROY-WITNESS): given on their own login,
    or signed on the paper list and recorded by the clerk (``on_paper``)."""

    destruction = models.ForeignKey(
        Destruction, on_delete=models.PROTECT, related_name="signatures"
    )
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
                fields=["destruction", "witness"], name="one_signature_per_witness"
            )
        ]

    def __str__(self) -> str:
        return f"witness {self.witness_id} of destruction {self.destruction_id}"


class HandoverReason(models.TextChoices):
    POST_CHANGE = "post_change", _("Change of post")
    LEAVING = "leaving", _("Leaving the organisation")
    CUSTODIAN = "custodian", _("Change of custodian")


class Handover(models.Model):
    """One line of the hand-over register (HANDOVER): every copy a person holds or keeps,
    signed by both sides, approved by their leader."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    from_person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    to_person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=HandoverReason.choices)
    copies = models.ManyToManyField(Copy, related_name="+", verbose_name=_("copies"))
    approval = models.ForeignKey(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("listed at"))
    created_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    from_signed_at = models.DateTimeField(_("signed by the giver"), null=True, blank=True)
    to_signed_at = models.DateTimeField(_("signed by the receiver"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"handover {self.from_person_id} → {self.to_person_id}"


class LossReport(models.Model):
    """A missing or leaked item (LOSS-REPORT): reported at once, written report within
    ``report_hours``, investigation concluded within ``investigation_days``."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    copies = models.ManyToManyField(Copy, related_name="+", verbose_name=_("copies"))
    leak = models.BooleanField(_("leak (not only loss)"), default=False)
    discovered_at = models.DateTimeField(_("discovered at"))
    reported_at = models.DateTimeField(_("reported at"))
    reported_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    circumstances = models.TextField(_("circumstances"))
    written_due_at = models.DateTimeField(_("written report due"))
    written_at = models.DateTimeField(_("written report at"), null=True, blank=True)
    remedies = models.TextField(_("remedies"), blank=True)
    investigation_due_at = models.DateTimeField(_("investigation due"))
    concluded_at = models.DateTimeField(_("investigation concluded at"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    reported_upward_at = models.DateTimeField(_("reported upward at"), null=True, blank=True)

    class Meta:
        verbose_name = _("loss report")
        verbose_name_plural = _("loss reports")
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return f"loss {self.pk}"


class Inventory(models.Model):
    """A periodic check (INVENTORY): every expected copy against what is physically found."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"inventory {self.pk}"


class InventoryLine(models.Model):
    """One expected copy of an inventory, or one found that nobody expected."""

    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="lines")
    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="+")
    expected = models.BooleanField(_("expected"))
    expected_holder = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expected_state = models.CharField(max_length=16, choices=CopyState.choices)
    found_at = models.DateTimeField(_("found at"), null=True, blank=True)
    found_with = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inventory line")
        verbose_name_plural = _("inventory lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["inventory", "copy"], name="inventory_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inventory_id}/{self.copy_id}"


class ChangeKind(models.TextChoices):
    KEEP = "keep", _("Keep as is")
    DOWNGRADE = "downgrade", _("Downgrade")
    DECLASSIFY = "declassify", _("Declassify")
    CHANGE_TERM = "change_term", _("Change the term")


class ClassificationChange(models.Model):
    """A review decision (CLS-REVIEW) or a downgrade/declassification (CLS-TERM)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="classification_changes"
    )
    kind = models.CharField(_("decision"), max_length=16, choices=ChangeKind.choices)
    from_level = models.IntegerField()
    to_level = models.IntegerField()
    from_term = models.PositiveSmallIntegerField(null=True)
    to_term = models.PositiveSmallIntegerField(null=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("classification change")
        verbose_name_plural = _("classification changes")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_id}"


class Notice(models.Model):
    """A notice to a person who holds or has known a document whose level, term or scope
    changed (CLS-NOTIFY)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    change = models.ForeignKey(
        ClassificationChange, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("notice"), max_length=300)
    created_at = models.DateTimeField(_("sent at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return f"notice {self.person_id} {self.document_id}"


class RecordingMedium(models.TextChoices):
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class RecordingFormat(models.TextChoices):
    TAPE = "tape", _("Tape")
    DISC = "disc", _("Disc")
    FILE = "file", _("File")


class RecordingDetails(models.Model):
    """What a recording (录音录像, carrier type "recording") is: whose speech, on which
    occasion and day, audio or video, on what carrier, how long (AV-RECORD). One per
    recording document; the document keeps its number, title, level and copies."""

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="recording")
    speaker = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker"),
    )
    occasion = models.CharField(_("occasion"), max_length=200)
    recorded_on = models.DateField(_("recorded on"))
    medium = models.CharField(_("medium"), max_length=8, choices=RecordingMedium.choices)
    format = models.CharField(_("carrier"), max_length=8, choices=RecordingFormat.choices)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"recording {self.document_id}"
