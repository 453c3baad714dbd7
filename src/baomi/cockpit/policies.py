"""Who sees what of the cockpit: the security office and the leaders (SEE_DASHBOARD) the whole
organisation, a department head the departments they head (each with its sub-departments),
everyone the deadlines they answer for."""

from __future__ import annotations

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.org.models import Department
from baomi.seams.figures import Part


def part_of(actor: Actor | None) -> Part | None:
    """The part of its organisation ``actor`` sees on the dashboard and in the deadlines: the
    whole of it with SEE_DASHBOARD, else the departments they head; None when neither (a
    person who heads nothing sees only their own deadlines, an account without a person
    nothing)."""
    person = knower(actor)
    if person is None:
        return None
    if has_permission(actor, Permission.SEE_DASHBOARD):
        return Part(person.organisation_id)
    paths = tuple(
        Department.objects.filter(organisation_id=person.organisation_id, head_id=person.pk)
        .order_by("path")
        .values_list("path", flat=True)
    )
    return Part(person.organisation_id, paths) if paths else None


# --- the deadline engine and its notifications ---
from django.db.models import QuerySet as _NQuerySet  # noqa: E402

from baomi.cockpit.models import Notification  # noqa: E402


class NotificationPolicy:
    """A notification is its recipient's: the account's person (``knower``, of a knowing role,
    both active) knows their own, nobody else's (not the security office either)."""

    def may_know(self, actor: Actor | None, item: Notification) -> bool:
        person = knower(actor)
        return person is not None and item.person_id == person.pk

    def known(self, actor: Actor | None) -> _NQuerySet[Notification]:
        person = knower(actor)
        if person is None:
            return Notification.objects.none()
        return Notification.objects.filter(
            organisation_id=person.organisation_id, person_id=person.pk
        )


NOTIFICATIONS = NotificationPolicy()
# --- the dashboard ---
# --- the annual report (ANNUAL-REPORT) ---
from django.db.models import QuerySet  # noqa: E402

from baomi.cockpit.models import AnnualReport  # noqa: E402


def report_organisation(actor: Actor | None) -> int | None:
    """The organisation whose annual reports ``actor`` reads: their own, for whoever sees the
    whole of it (SEE_DASHBOARD: the security office, the leaders); else None (a department
    head sees the figures of their part on the dashboard, never the report of the whole)."""
    part = part_of(actor)
    return part.organisation_id if part is not None and part.whole else None


def keeps_report(actor: Actor | None) -> bool:
    """Whether ``actor`` writes the report's prose: the security office (OVERSEE), reading
    it as well."""
    return has_permission(actor, Permission.OVERSEE) and report_organisation(actor) is not None


class AnnualReports:
    """The annual reports (their prose) of the organisation ``actor`` reads them of."""

    def may_know(self, actor: Actor | None, item: AnnualReport) -> bool:
        organisation_id = report_organisation(actor)
        return organisation_id is not None and item.organisation_id == organisation_id

    def known(self, actor: Actor | None) -> QuerySet[AnnualReport]:
        organisation_id = report_organisation(actor)
        if organisation_id is None:
            return AnnualReport.objects.none()
        return AnnualReport.objects.filter(organisation_id=organisation_id)


REPORTS = AnnualReports()
