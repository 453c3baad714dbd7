"""The accreditation self-score's scoring standards and the unit's assessment of each item.

A scoring standard (评分标准) is kept as versioned data, never as code: a ``Standard`` is one
version of one edition of a profile — built in (``organisation`` empty, loaded from
``accreditation/data/`` by ``operations.profiles.ensure_builtin``) or the organisation's own
edition imported from its .xlsx. A new version is a new row: an old one is never overwritten.
Every figure names its ``source`` and a ``confidence`` flag; a figure nobody published is left
empty (None) for the unit to fill, never invented.

A ``Chapter`` is a section of the standard (保密责任, 涉密人员 …; ``group`` the part it sits in,
保密监督管理 …) with its points where known. An ``Item`` is one line to score: its points
(None: unknown, the unit fills them in; ``scored`` False: a condition with no points, e.g. an
entry condition), the veto flag (基本项: failing it fails the review whatever the score), the
key flag (重点项: its deductions may exceed its points up to its chapter's), its deduction rule
as data, the evidence keys whose answers predict its deduction (``seams.evidence``), the
register entries that prove it (``seams.registers``) and how reviewers check it.

An ``Assessment`` is the unit's own word on one item: not applicable (the N/A rule: it scores
full), its own points where the standard's are unknown, a deduction it sets instead of the
predicted one (an override, with a note), and who said so when."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# Points are kept with one decimal (half points are common in deduction tables), 0 to 9999.9.
MAX_POINTS = Decimal("9999.9")
POINTS = {"max_digits": 5, "decimal_places": 1}


class Confidence(models.TextChoices):
    """How sure a figure or an item is (ACCREDITATION.md's sources)."""

    PUBLISHED = "published", _("Published")
    ONE_EDITION = "one_edition", _("One edition")
    LIKELY = "likely", _("Likely (weaker source)")
    WEAK = "weak", _("Weak source")
    OUTLINE = "outline", _("Outline only (details not public)")
    SEED = "seed", _("Example from the seed regulations")
    UNIT = "unit", _("The unit's own edition")


class Rule(models.TextChoices):
    """How an item's deduction is predicted when its evidence finds a problem."""

    WHOLE = "whole", _("The whole item's points")
    PER_FINDING = "per_finding", _("Per finding, capped")


class Standard(models.Model):
    """One version of one edition of a scoring standard (a profile)."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.CharField(_("profile"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    edition = models.CharField(_("edition"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    total_points = models.DecimalField(_("total points"), **POINTS)
    pass_mark = models.DecimalField(_("pass mark"), null=True, blank=True, **POINTS)
    source = models.CharField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    imported_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring standard")
        verbose_name_plural = _("scoring standards")
        ordering = ["key", "edition", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "edition", "version"],
                name="accreditation_standard_version",
            ),
            models.UniqueConstraint(
                fields=["key", "edition", "version"],
                condition=models.Q(organisation=None),
                name="accreditation_builtin_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.edition} v{self.version}"

    @property
    def builtin(self) -> bool:
        return self.organisation_id is None


class Chapter(models.Model):
    """A section of a standard, with its points where known."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField()
    group = models.CharField(_("part"), max_length=100, blank=True)
    title = models.CharField(_("chapter"), max_length=200)
    points = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    source = models.CharField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)

    class Meta:
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "position"], name="accreditation_chapter_position"
            )
        ]

    def __str__(self) -> str:
        if self.group and self.group != self.title:
            return f"{self.group} · {self.title}"
        return self.title


class Item(models.Model):
    """One line of a standard to score."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="standard_items")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="chapter_items")
    position = models.PositiveIntegerField()
    code = models.CharField(_("item number"), max_length=30)
    text = models.TextField(_("item"))
    points = models.DecimalField(_("points"), null=True, blank=True, **POINTS)
    # False: a condition without points (an entry condition), never "unknown points".
    scored = models.BooleanField(default=True)
    veto = models.BooleanField(_("veto item (基本项)"), default=False)
    key = models.BooleanField(_("key item (重点项)"), default=False)
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.WHOLE)
    # Per finding (a person, a record): the points each takes off; None: not published.
    each = models.DecimalField(null=True, blank=True, **POINTS)
    evidence = models.JSONField(default=list)  # evidence provider keys
    registers = models.JSONField(default=list)  # register entry keys
    method = models.TextField(_("how reviewers check it"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)

    class Meta:
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "position"], name="accreditation_item_position"
            ),
            models.UniqueConstraint(fields=["standard", "code"], name="accreditation_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"


class Assessment(models.Model):
    """The unit's own word on one item of a standard."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assessments")
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    own_points = models.DecimalField(_("the unit's points"), null=True, blank=True, **POINTS)
    # The deduction the unit sets instead of the predicted one (an override), with a note.
    deduction = models.DecimalField(_("deduction set"), null=True, blank=True, **POINTS)
    note = models.CharField(_("note"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item"], name="accreditation_one_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.note[:40]}"
