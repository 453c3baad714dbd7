"""Classified meetings (涉密会议, RULES.md §10): the level, venue and approved attendee list
(MEET-ATTEND), the checks before and after — the venue's security check, the phones kept out
(MEET-PHONES), the sweep for left items (MEET-SWEEP) — sign-in, the meeting papers handed to
named attendees and collected (MEET-DOCS) and the minutes (MEET-MINUTES)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level


class MeetingState(models.TextChoices):
    """planned → (list approved, venue checked, phones collected) open → ended → closed."""

    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    ENDED = "ended", _("Ended")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A classified meeting: level, organiser, venue (a secure area), time. Its attendee list
    is approved by a leader who did not draw it up (MEET-ATTEND)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    level = models.IntegerField(_("level"), choices=Level.choices)
    organiser = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organising department"),
    )
    venue = models.ForeignKey(
        "areas.SecureArea", on_delete=models.PROTECT, related_name="+", verbose_name=_("venue")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    list_approved_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendee list approved by"),
    )
    list_approved_at = models.DateTimeField(_("list approved at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("classified meeting")
        verbose_name_plural = _("classified meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "starts_at"], name="meeting_day"),
            # The list by phase in its order (start, id) and the deadlines (planned, ended)
            # without walking the years of closed meetings; the level, last, at hand for the
            # policy's filter and the page's count (bench/security_places.py).
            models.Index(
                fields=["organisation", "state", "starts_at", "id", "level"], name="meeting_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    """One name on the meeting's list: a person of the organisation whose clearance covers
    the level, or a registered outside visitor sitting in (列席), who never receives a paper
    (AREA-ACCESS). Nobody off the list signs in (MEET-ATTEND)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attendees", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    visitor = models.ForeignKey(
        "areas.Visitor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visitor"),
    )
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    added_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(visitor__isnull=True))
                | (Q(person__isnull=True) & Q(visitor__isnull=False)),
                name="attendee_one_entrant",
            ),
            models.UniqueConstraint(fields=["meeting", "person"], name="attendee_person_once"),
            models.UniqueConstraint(fields=["meeting", "visitor"], name="attendee_visitor_once"),
        ]

    def __str__(self) -> str:
        return str(self.person or self.visitor)


class CheckKind(models.TextChoices):
    VENUE = "venue", _("Venue security check before the meeting")
    PHONES = "phones", _("Phones collected and kept out")
    SWEEP = "sweep", _("Venue checked for left items after the meeting")


class MeetingCheck(models.Model):
    """A check of the meeting (MEET-ATTEND, MEET-PHONES, MEET-SWEEP): who made it, when,
    and what they found (for the phones, who collected them and where they are kept)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="checks", verbose_name=_("meeting")
    )
    kind = models.CharField(_("check"), max_length=16, choices=CheckKind.choices)
    checked_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"))
    findings = models.TextField(_("findings"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("meeting check")
        verbose_name_plural = _("meeting checks")
        ordering = ["meeting_id", "checked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="meeting_check_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.get_kind_display()}"


class PaperHandling(models.TextChoices):
    """How a meeting paper was accounted for at the end (MEET-DOCS)."""

    COLLECTED = "collected", _("Collected back")
    KEPT = "kept", _("Kept by the attendee as announced at the meeting")
    LOST = "lost", _("Reported lost")


class MeetingPaper(models.Model):
    """A numbered copy handed to a named attendee at the meeting (MEET-DOCS): the copy's
    custody (kind "meeting", carriers) while it is out; a TOP_SECRET copy is to be collected
    at once (``collect_at_once``); at the end every paper is collected or its handling
    recorded, and the meeting does not close while one is unaccounted for."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="papers", verbose_name=_("meeting")
    )
    copy = models.ForeignKey(
        "carriers.Copy", on_delete=models.PROTECT, related_name="+", verbose_name=_("copy")
    )
    attendee = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, related_name="papers", verbose_name=_("attendee")
    )
    custody = models.ForeignKey(
        "carriers.Custody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("custody"),
    )
    collect_at_once = models.BooleanField(_("to be collected at once"), default=False)
    handed_at = models.DateTimeField(_("handed out at"))
    handed_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    handling = models.CharField(
        _("handling"), max_length=16, choices=PaperHandling.choices, blank=True
    )
    handling_note = models.CharField(_("handling note"), max_length=300, blank=True)
    handled_at = models.DateTimeField(_("accounted for at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting paper")
        verbose_name_plural = _("meeting papers")
        ordering = ["meeting_id", "handed_at", "pk"]
        constraints = [
            # A copy is handed out once per meeting while it is out.
            models.UniqueConstraint(
                fields=["meeting", "copy"],
                condition=Q(handled_at=None),
                name="meeting_paper_out_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.copy}"


class Minutes(models.Model):
    """The minutes of a meeting (MEET-MINUTES): a classified item of the meeting's level in
    the custodian's keeping; whoever reads them, the custodian included, first has the office
    director's approval, and each reading is logged."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("meeting")
    )
    custodian = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("custodian")
    )
    body = models.TextField(_("minutes"), max_length=20000)
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting}"


class MinutesReading(models.Model):
    """One reading of the minutes, under the approval it used (MEET-MINUTES); none where the
    organisation switched the rule off (the reading is logged all the same)."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="readings", verbose_name=_("minutes")
    )
    reader = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval"),
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("reading of the minutes")
        verbose_name_plural = _("readings of the minutes")
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.minutes} {self.reader}"
