"""Key secure areas (要害部门部位, AREA-LIST) with their keepers and assigned people, the
outside visitors' register (外来人员) and the access log of everyone who enters an area they
are not assigned to (AREA-ACCESS)."""

from __future__ import annotations

from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from baomi.core.levels import Level


def _inside_first(moment: str, name: str) -> models.Index:
    """The index of a register's list as ``queries.registers.inside_first`` orders it: those
    not yet out first, then the latest ``moment`` (bench/security_places.py: the list's first
    page reads 50 entries of it instead of sorting every line of the organisation). The
    expression is the query's own, ``left_at IS NOT NULL`` without parameters, which both
    SQLite and PostgreSQL match (an expression index serves only the same expression)."""
    return models.Index(
        F("organisation"),
        ExpressionWrapper(Q(left_at__isnull=False), output_field=models.BooleanField()),
        F(moment).desc(),
        F("id").desc(),
        name=name,
    )


def _not_out(moment: str, name: str) -> models.Index:
    """The lines not yet out, by ``moment``: what the AREA-ACCESS deadlines read (and the
    "still inside" filters), a few rows among the organisation's years of lines."""
    return models.Index(fields=["organisation", moment], condition=Q(left_at=None), name=name)


class AreaKind(models.TextChoices):
    """The kinds of key department or place P10 §35 names, and the others offices list."""

    ARCHIVE_ROOM = "archive_room", _("Archive room")
    PRINT_ROOM = "print_room", _("Print room")
    FAX_ROOM = "fax_room", _("Fax room")
    MAIL_ROOM = "mail_room", _("Mail room")
    LAB = "lab", _("Laboratory")
    FINANCE = "finance", _("Finance department")
    EXECUTIVE_OFFICE = "executive_office", _("Executive office")
    MEETING_ROOM = "meeting_room", _("Classified meeting room")
    SERVER_ROOM = "server_room", _("Server room")
    OTHER = "other", _("Other")


class SecureArea(models.Model):
    """A key secure department or place (AREA-LIST): its level, the department that owns it,
    the keeper (who holds its key and grants entry on the spot) and its protective measures."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    level = models.IntegerField(_("level"), choices=Level.choices)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    keeper = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("keeper")
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    measures = models.TextField(_("protective measures"), max_length=2000, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("secure area")
        verbose_name_plural = _("secure areas")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class AreaAssignment(models.Model):
    """A person assigned to work in an area: they enter without asking (AREA-ACCESS)."""

    area = models.ForeignKey(
        SecureArea, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("area")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("area assignment")
        verbose_name_plural = _("area assignments")
        ordering = ["area_id", "since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "person"],
                condition=Q(until=None),
                name="area_assignment_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.person}"


class IdKind(models.TextChoices):
    ID_CARD = "id_card", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    OFFICER_CARD = "officer_card", _("Officer's card")
    OTHER = "other", _("Other document")


class Visitor(models.Model):
    """外来人员: someone from outside the organisation, registered with their identity
    document, their unit, who hosts them and why (AREA-ACCESS). A visitor never receives a
    document or material."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    id_kind = models.CharField(_("identity document"), max_length=16, choices=IdKind.choices)
    id_number = models.CharField(_("document number"), max_length=40)
    unit = models.CharField(_("unit"), max_length=200)
    foreign = models.BooleanField(_("foreign or from outside the mainland"), default=False)
    host = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    arrived_at = models.DateTimeField(_("arrived at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["-arrived_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "arrived_at"], name="visitor_day"),
            _inside_first("arrived_at", "visitor_inside_first"),
            _not_out("arrived_at", "visitor_not_out"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class AreaEntry(models.Model):
    """One entry into a secure area by someone not assigned to it (AREA-ACCESS): a person of
    the organisation or a visitor (exactly one), with the permission it was made under — an
    approval asked ahead, or the keeper's on the spot — the escort, and the times in and out."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        SecureArea, on_delete=models.PROTECT, related_name="entries", verbose_name=_("area")
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
        Visitor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("visitor"),
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    approval = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval"),
    )
    granted_by = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted on the spot by"),
    )
    escort = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("escort"),
    )
    entered_at = models.DateTimeField(_("entered at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("area entry")
        verbose_name_plural = _("area entries")
        ordering = ["-entered_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "entered_at"], name="area_entry_day"),
            _inside_first("entered_at", "area_entry_inside_first"),
            _not_out("entered_at", "area_entry_not_out"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(visitor__isnull=True))
                | (Q(person__isnull=True) & Q(visitor__isnull=False)),
                name="area_entry_one_entrant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.entered_at:%Y-%m-%d %H:%M}"
