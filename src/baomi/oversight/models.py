"""Oversight (RULES.md §11): self-inspection checklists kept as data with their versions
(INSP-CHECKLIST), self-inspections pre-filled from the records (INSP-MONTHLY, INSP-QUARTERLY),
rectification tasks to closure (INSP-RECTIFY), and the security committee's meetings and
decisions (COMMITTEE)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    """Who or what an inspection covers, and how often it is due."""

    DEPARTMENT_MONTHLY = "department_monthly", _("Department's monthly self-inspection")
    PERSON_MONTHLY = "person_monthly", _("Cleared person's monthly self-inspection")
    HEAD_QUARTERLY = "head_quarterly", _("Department head's quarterly assessment")
    COMPUTERS = "computers", _("Inspection of classified computers")


class Checklist(models.Model):
    """A self-inspection checklist (INSP-CHECKLIST): the default of 篇5 五.1–8 (no
    organisation) or an organisation's own. A change makes a new version; inspections keep the
    version they were answered against."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=InspectionKind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["kind", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "name", "version"], name="checklist_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Text")


class ChecklistItem(models.Model):
    """One question of a checklist: its text (as on the paper 检查表), the rule it checks, how
    it is answered, and ``evidence`` — the key of the records' answer that pre-fills it
    (``baomi.seams.evidence``), empty when the inspector answers alone."""

    checklist = models.ForeignKey(
        Checklist,
        on_delete=models.CASCADE,
        related_name="checklist_items",
        verbose_name=_("checklist"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    rule_id = models.CharField(_("rule"), max_length=32, blank=True)
    answer_kind = models.CharField(
        _("answered by"), max_length=8, choices=AnswerKind.choices, default=AnswerKind.YES_NO
    )
    evidence = models.CharField(_("pre-filled from"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class InspectionState(models.TextChoices):
    OPEN = "open", _("Being answered")
    SUBMITTED = "submitted", _("Submitted")


class Inspection(models.Model):
    """One self-inspection: of a department or a person for a month (INSP-MONTHLY), of a
    department head for a quarter (INSP-QUARTERLY), or of the classified computers; against a
    checklist version, answered by the inspector and submitted."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=24, choices=InspectionKind.choices)
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="+", verbose_name=_("checklist")
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person inspected"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    inspector = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=InspectionState.choices, default=InspectionState.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    opened_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    scan_records = models.ManyToManyField(
        "scans.ScanRecord", blank=True, related_name="+", verbose_name=_("scan reports")
    )

    class Meta:
        verbose_name = _("self-inspection")
        verbose_name_plural = _("self-inspections")
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["organisation", "kind", "period_start"], name="insp_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%Y-%m}"


class Verdict(models.TextChoices):
    OK = "ok", _("In order")
    PROBLEM = "problem", _("Problem found")
    NOT_APPLICABLE = "na", _("Not applicable")


class Answer(models.Model):
    """The answer to one item: what the records said (``evidence``: the facts with their links,
    ``prefilled`` the verdict they give), and what the inspector confirmed or corrected. A
    problem is a finding, and becomes a rectification (INSP-RECTIFY)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="answers", verbose_name=_("inspection")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    prefilled = models.CharField(
        _("the records say"), max_length=8, choices=Verdict.choices, blank=True
    )
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["inspection_id", "item__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.inspection} {self.item}"


class RectificationState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done, awaiting verification")
    VERIFIED = "verified", _("Verified and closed")


class Rectification(models.Model):
    """整改: a task from a finding of an inspection or a decision of the security committee
    (INSP-RECTIFY): the rule, the owner, the due date; done by the owner, closed only when
    someone else verifies it; escalated when overdue."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    answer = models.OneToOneField(
        Answer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
        verbose_name=_("finding"),
    )
    decision = models.OneToOneField(
        "oversight.CommitteeDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
        verbose_name=_("committee decision"),
    )
    rule_id = models.CharField(_("rule"), max_length=32, blank=True)
    description = models.TextField(_("what is to be put right"), max_length=2000)
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    due = models.DateField(_("due"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), max_length=2000, blank=True)
    done_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    verified_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The overdue deadline the task was opened from (the cockpit's deadlines page): its rule
    # and subject, as ids; empty for a finding's or a decision's task.
    source_rule_id = models.CharField(_("deadline's rule"), max_length=32, blank=True)
    source_subject_type = models.CharField(_("deadline's subject type"), max_length=64, blank=True)
    source_subject_id = models.PositiveBigIntegerField(
        _("deadline's subject"), null=True, blank=True
    )
    source_due_at = models.DateTimeField(_("deadline's due time"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["organisation", "state", "due"], name="rectify_due")]
        constraints = [
            # One task not yet verified per overdue deadline (rule and subject).
            models.UniqueConstraint(
                fields=[
                    "organisation",
                    "source_rule_id",
                    "source_subject_type",
                    "source_subject_id",
                ],
                condition=models.Q(source_subject_id__isnull=False) & ~models.Q(state="verified"),
                name="rectification_once_per_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]


class CommitteeMeeting(models.Model):
    """A meeting of the security committee (COMMITTEE): at least twice a year (a rule
    parameter), with its agenda, who attended and what it decided."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    agenda = models.TextField(_("agenda"), max_length=4000)
    minutes = models.TextField(_("record of the meeting"), max_length=20000, blank=True)
    attendees = models.ManyToManyField(
        "org.Person", related_name="+", blank=True, verbose_name=_("attendees")
    )
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("security committee meeting")
        verbose_name_plural = _("security committee meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class CommitteeDecision(models.Model):
    """A decision of the committee with its owner and due date, tracked like a rectification
    (the task it opens)."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    text = models.TextField(_("decision"), max_length=2000)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        ordering = ["meeting_id", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
