"""The organisation chart. Data only: every change goes through ``org.operations``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baomi.core import workdays
from baomi.core.levels import Clearance


class Organisation(models.Model):
    """单位. One installation may hold a group company and its subsidiaries."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent organisation"),
    )
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of the organisation"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """部门, in a tree. ``path`` ("/1/4/9/") lists the ids from the root down to this one."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="departments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department head"),
    )
    leader_in_charge = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leader in charge"),
    )
    is_general_office = models.BooleanField(_("general office"), default=False)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="dept_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def line(self) -> list[int]:
        """This department's id and its ancestors' ids."""
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Rank(models.Model):
    """职级. Ordered by ``seniority``: a higher number is more senior."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ranks")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    seniority = models.PositiveSmallIntegerField(_("seniority"))

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["-seniority"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="rank_unique_key"),
            models.UniqueConstraint(
                fields=["organisation", "seniority"], name="rank_unique_seniority"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Employment(models.TextChoices):
    ACTIVE = "active", _("In post")
    LEFT = "left", _("Left")


class Person(models.Model):
    """人员. Clearance bounds the highest level the person may know (PPL-CLASS)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="people")
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("name"), max_length=100)
    staff_number = models.CharField(_("staff number"), max_length=40)
    clearance = models.IntegerField(
        _("clearance"), choices=Clearance.choices, default=Clearance.NONE
    )
    on_probation = models.BooleanField(_("on probation"), default=False)
    employment = models.CharField(
        _("employment"), max_length=16, choices=Employment.choices, default=Employment.ACTIVE
    )

    class Meta:
        ordering = ["department__path", "-rank__seniority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_number"], name="person_unique_number"
            ),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.employment == Employment.ACTIVE

    def department_line(self) -> list[int]:
        """The person's department and every department above it (CLS-MAC scope)."""
        return self.department.line()


class StaffRole(models.TextChoices):
    COMMITTEE_CHAIR = "committee_chair", _("Security committee chair")
    COMMITTEE_MEMBER = "committee_member", _("Security committee member")
    OFFICE_HEAD = "office_head", _("Head of the security office")
    OFFICE_MEMBER = "office_member", _("Security office member")
    DEPARTMENT_OFFICER = "department_officer", _("Department security officer")


class SecurityAppointment(models.Model):
    """PPL-SECURITY-STAFF: the security committee, the security office and each department's
    part-time security officer (兼职保密员). Ended appointments are kept with their end date."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="appointments"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(_("role"), max_length=32, choices=StaffRole.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("security appointment")
        verbose_name_plural = _("security appointments")
        ordering = ["role", "since"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="department_officer", department__isnull=False)
                | (~models.Q(role="department_officer") & models.Q(department__isnull=True)),
                name="appointment_department_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class WorkingHours(models.Model):
    """工作时间: when the working day starts and ends and which weekdays are worked (ISO digits,
    "12345" = Monday to Friday). Without a row the defaults of ``baomi.core.workdays`` hold."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="working_hours"
    )
    day_start = models.TimeField(_("start of the working day"), default=workdays.DAY_START)
    day_end = models.TimeField(_("end of the working day"), default=workdays.DAY_END)
    weekdays = models.CharField(
        _("working weekdays"), max_length=7, default=workdays.weekdays_text(workdays.WEEKDAYS)
    )

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_start__lt=models.F("day_end")),
                name="working_hours_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.day_start:%H:%M}–{self.day_end:%H:%M}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    WORKDAY = "workday", _("Extra working day")


class CalendarDay(models.Model):
    """A date that departs from the working weekdays: a holiday (法定节假日) is a day off, an
    extra working day (调休上班) is worked, whatever their weekday."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="calendar_days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"], name="calendar_day_unique_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()
