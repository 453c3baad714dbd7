"""The people's security files (涉密人员档案) beyond the organisation chart: classified posts
and who held them, vettings, signed papers and the clearance history (PPL-VET), training
(PPL-TRAINING, TRAIN-RECORD), travel abroad (PPL-ABROAD), the monthly self-checks
(PPL-SELFCHECK), leaving with its cooling-off period (脱密期, PPL-EXIT), the responsibility
letters (RESP-ANNUAL, RESP-RESIGN) and the assessments, commendations and penalties
(RESP-ASSESS)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Clearance


class CoolingOff(models.Model):
    """脱密期 (PPL-EXIT): from the day a cleared person leaves until ``ends``, the years the
    rulebook sets for their clearance class at leaving."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="cooling_offs",
        verbose_name=_("person"),
    )
    # The exit case it closed (leaving, or moving off a classified post), where there was one.
    exit_case = models.OneToOneField(
        "people.ExitCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooling_off",
        verbose_name=_("exit case"),
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


class ClassifiedPost(models.Model):
    """A classified post (涉密岗位) of the organisation with its class (PPL-CLASS): whoever
    holds it is cleared at least to that class, vetted and signed first (PPL-VET)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    name = models.CharField(_("name"), max_length=100)
    clearance = models.IntegerField(_("class"), choices=Clearance.choices)
    duties = models.CharField(_("duties"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("classified post")
        verbose_name_plural = _("classified posts")
        ordering = ["-clearance", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "department", "name"], name="classifiedpost_org_dept_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostHolding(models.Model):
    """A person held a classified post from ``since`` until ``until`` (open while empty)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="post_holdings",
        verbose_name=_("person"),
    )
    post = models.ForeignKey(
        ClassifiedPost, on_delete=models.PROTECT, related_name="holdings", verbose_name=_("post")
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        ordering = ["-since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "post"],
                condition=models.Q(until__isnull=True),
                name="postholding_one_open",
            )
        ]
        indexes = [models.Index(fields=["organisation", "until"])]

    def __str__(self) -> str:
        return f"{self.person} {self.post}"


class VettingResult(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class Vetting(models.Model):
    """A vetting before a classified post (上岗前资格审查, PPL-VET): who reviewed, when, the
    result and the items checked (``items``: each item's key to ``{"ok": bool, "note": str}``)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="vettings", verbose_name=_("person")
    )
    post = models.ForeignKey(
        ClassifiedPost,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    reviewer = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    result = models.CharField(_("result"), max_length=16, choices=VettingResult.choices)
    items = models.JSONField(_("items checked"), default=dict)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vetting")
        verbose_name_plural = _("vettings")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.reviewed_on:%Y-%m-%d} {self.result}"


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("confidentiality agreement")
    RESPONSIBILITY = "responsibility", _("responsibility letter of a cleared person")
    COMMITMENT = "commitment", _("commitment letter on leaving")


class SignedDocument(models.Model):
    """A paper a person signed for their security file (PPL-VET, PPL-EXIT): 保密协议,
    涉密人员保密责任书 or 保密承诺书, with the day, the version of the text, and the scanned
    paper (``scan``, a PDF or image) or where the paper is kept (``kept_in``)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="signed_documents",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    signed_on = models.DateField(_("signed on"))
    version = models.CharField(_("version of the text"), max_length=60)
    kept_in = models.CharField(_("paper kept in"), max_length=200, blank=True)
    scan = models.BinaryField(_("scan"), null=True, blank=True, editable=False)
    scan_name = models.CharField(_("scan file"), max_length=200, blank=True)
    scan_type = models.CharField(_("scan type"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-signed_on", "-pk"]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.person} {self.kind} {self.signed_on:%Y-%m-%d}"


class ClearanceChange(models.Model):
    """One change of a person's clearance class (the clearance history of their file),
    written in the same transaction as the change (``org.granting``)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        related_name="clearance_changes",
        verbose_name=_("person"),
    )
    old = models.IntegerField(_("from"), choices=Clearance.choices)
    new = models.IntegerField(_("to"), choices=Clearance.choices)
    changed_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("clearance change")
        verbose_name_plural = _("clearance changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.old}→{self.new}"


class TrainingSession(models.Model):
    """A training session (PPL-TRAINING, TRAIN-RECORD): topic, day, class hours, trainer and
    the effect check — ``questions`` (a short quiz: each ``{"key", "text", "choices",
    "answer"}``) answered by the attendees, or their rating of the session."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=100)
    place = models.CharField(_("place"), max_length=200, blank=True)
    questions = models.JSONField(_("quiz"), default=list, blank=True)
    organiser = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.held_on:%Y-%m-%d}"


class Attendance(models.Model):
    """A person signed in at a training session; ``score`` (0–100) from the quiz and
    ``rating`` (1–5) are the effect check."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("session"),
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    # Copied from the session, so a person's hours of a year are one indexed sum.
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    score = models.PositiveSmallIntegerField(_("quiz score"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_session_person")
        ]
        indexes = [models.Index(fields=["person", "held_on"])]

    def __str__(self) -> str:
        return f"{self.person} {self.session}"


class TravelState(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")
    BRIEFED = "briefed", _("briefed")
    ABROAD = "abroad", _("abroad")
    RETURNED = "returned", _("returned")
    REPORTED = "reported", _("return report filed")
    REFUSED = "refused", _("refused")
    CANCELLED = "cancelled", _("cancelled")


class Travel(models.Model):
    """Travel abroad of a cleared person or one in their cooling-off period (PPL-ABROAD):
    requested, approved by the chart, briefed before it may start, the passport handed out
    and returned, and the return report due within the rulebook's days."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="travels", verbose_name=_("person")
    )
    destination = models.CharField(_("destination"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=500)
    departs = models.DateField(_("departs"))
    returns = models.DateField(_("returns"))
    state = models.CharField(
        _("state"), max_length=16, choices=TravelState.choices, default=TravelState.REQUESTED
    )
    requested_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval"),
    )
    briefed_on = models.DateField(_("briefed on"), null=True, blank=True)
    briefed_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("briefed by"),
    )
    briefing = models.CharField(_("briefing"), max_length=500, blank=True)
    passport_out_at = models.DateTimeField(_("passport handed out"), null=True, blank=True)
    passport_back_at = models.DateTimeField(_("passport returned"), null=True, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    report = models.TextField(_("return report"), max_length=4000, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)

    class Meta:
        verbose_name = _("travel abroad")
        verbose_name_plural = _("travel abroad")
        ordering = ["-departs", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return f"{self.person} {self.destination} {self.departs:%Y-%m-%d}"


class Passport(models.Model):
    """A passport or travel permit the organisation keeps for a person (PPL-ABROAD);
    ``out`` while it is handed out."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="passports", verbose_name=_("person")
    )
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=40, default="护照")
    expires = models.DateField(_("expires"), null=True, blank=True)
    out = models.BooleanField(_("handed out"), default=False)

    class Meta:
        verbose_name = _("passport")
        verbose_name_plural = _("passports")
        ordering = ["person", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="passport_org_number")
        ]

    def __str__(self) -> str:
        return self.number


class ExitKind(models.TextChoices):
    LEAVE = "leave", _("leaving the organisation")
    MOVE = "move", _("moving off a classified post")


class ExitCase(models.Model):
    """Leaving the organisation or a classified post (PPL-EXIT) as one case: the hand-over
    (HANDOVER), the commitment letter, the accounts, then the cooling-off period. Closed
    (``closed_at``) once complete."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="exit_cases", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ExitKind.choices)
    # The class the cooling-off period follows: the person's clearance when the case opened.
    clearance = models.IntegerField(_("clearance"), choices=Clearance.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    opened_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    commitment = models.ForeignKey(
        SignedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commitment letter"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("exit case")
        verbose_name_plural = _("exit cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(closed_at__isnull=True),
                name="exitcase_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.kind} {self.opened_at:%Y-%m-%d}"


class LetterKind(models.TextChoices):
    DEPARTMENT = "department", _("head of the organisation with a department head")
    PERSON = "person", _("department head with a cleared person")


class LetterTemplate(models.Model):
    """The text of the responsibility letter (RESP-ANNUAL) the security office edits; each
    saved text is a new version, the latest in force."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000)
    saved_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"], name="lettertemplate_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ResponsibilityLetter(models.Model):
    """A year's responsibility letter (RESP-ANNUAL) between ``first`` (the head of the
    organisation, or a department head) and ``second`` (a department head, or a cleared
    person): in effect once both have signed, for ``year``. A change of either signer makes
    a new one due (RESP-RESIGN)."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    first = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("first signer")
    )
    second = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("second signer")
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("text")
    )
    first_signed_on = models.DateField(_("first signer signed on"), null=True, blank=True)
    second_signed_on = models.DateField(_("second signer signed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility letter")
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year", "department", "pk"]
        indexes = [models.Index(fields=["organisation", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.first}–{self.second}"


class AssessmentItem(models.Model):
    """One line of the score sheet a department is assessed on (RESP-ASSESS), kept as data;
    items without an organisation are the default sheet."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=300)
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="assessmentitem_org_key")
        ]

    def __str__(self) -> str:
        return self.text


class AssessmentPeriod(models.TextChoices):
    MONTH = "month", _("monthly")
    YEAR = "year", _("yearly")


class Assessment(models.Model):
    """A department assessed against its letter for a month or a year (RESP-ASSESS):
    ``scores`` maps each item's key to the points given; ``total`` their sum."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    period = models.CharField(_("period"), max_length=8, choices=AssessmentPeriod.choices)
    starts = models.DateField(_("period starts"))
    scores = models.JSONField(_("scores"))
    total = models.PositiveSmallIntegerField(_("total"))
    out_of = models.PositiveSmallIntegerField(_("out of"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    assessor = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-starts", "department", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period", "starts"], name="assessment_dept_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.period} {self.starts:%Y-%m-%d}"


class MeritKind(models.TextChoices):
    COMMENDATION = "commendation", _("commendation")
    PENALTY = "penalty", _("penalty")


class Merit(models.Model):
    """A commendation or a penalty (RESP-ASSESS) of a person or a department."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=MeritKind.choices)
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    given_on = models.DateField(_("given on"))
    reason = models.CharField(_("reason"), max_length=1000)
    recorded_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commendation or penalty")
        verbose_name_plural = _("commendations and penalties")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.given_on:%Y-%m-%d}"
