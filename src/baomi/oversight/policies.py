"""Who may know the records of oversight: one policy per kind (access.policy), the
organisation scoping inside."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.oversight.models import Checklist, Inspection

# --- checklists and self-inspections (INSP-CHECKLIST, INSP-MONTHLY, INSP-QUARTERLY) ---


class InspectionPolicy:
    """Self-inspections (INSP-MONTHLY, INSP-QUARTERLY): the security office (OVERSEE) knows
    every one of its organisation; a person (``knower``) those they inspect, those of the
    department they head, and those of themselves (a person's monthly one, a department
    head's quarterly assessment)."""

    def _people(self, person_id: int) -> Q:
        return Q(inspector_id=person_id) | Q(person_id=person_id) | Q(department__head_id=person_id)

    def may_know(self, actor: Actor | None, item: Inspection) -> bool:
        person = knower(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        if has_permission(actor, Permission.OVERSEE):
            return True
        head_id = item.department.head_id if item.department_id else None
        return person.pk in (item.inspector_id, item.person_id, head_id)

    def known(self, actor: Actor | None) -> QuerySet[Inspection]:
        person = knower(actor)
        if person is None:
            return Inspection.objects.none()
        found = Inspection.objects.filter(organisation_id=person.organisation_id)
        if has_permission(actor, Permission.OVERSEE):
            return found
        return found.filter(self._people(person.pk))


INSPECTIONS = InspectionPolicy()


def oversees(actor: Actor | None) -> bool:
    """Whether ``actor`` is of the security office that keeps the checklists and supervises
    every self-inspection (OVERSEE), with a person of an organisation."""
    return knower(actor) is not None and has_permission(actor, Permission.OVERSEE)


class ChecklistPolicy:
    """Checklists (INSP-CHECKLIST): the default ones (no organisation) and the
    organisation's own, known to whoever may know some inspection (a ``knower``: they answer
    them); the security office keeps the organisation's own."""

    def may_know(self, actor: Actor | None, item: Checklist) -> bool:
        person = knower(actor)
        if person is None:
            return False
        return item.organisation_id in (None, person.organisation_id)

    def known(self, actor: Actor | None) -> QuerySet[Checklist]:
        person = knower(actor)
        if person is None:
            return Checklist.objects.none()
        return Checklist.objects.filter(
            Q(organisation=None) | Q(organisation_id=person.organisation_id)
        )


CHECKLISTS = ChecklistPolicy()
# --- rectifications (INSP-RECTIFY) ---
from typing import Any as _RAny  # noqa: E402

from django.db.models import Q as _RQ  # noqa: E402
from django.db.models import QuerySet as _RQuerySet  # noqa: E402

from baomi.access.actor import Actor as _RActor  # noqa: E402
from baomi.access.mac import knower as _rknower  # noqa: E402
from baomi.access.roles import Permission as _RPermission  # noqa: E402
from baomi.access.roles import has_permission as _rhas_permission  # noqa: E402
from baomi.org.models import Department as _RDepartment  # noqa: E402
from baomi.oversight.models import Rectification  # noqa: E402


def headed_paths(person: _RAny) -> list[str]:
    """The paths of the departments ``person`` heads in their organisation: they head the
    sub-departments of each too."""
    return list(
        _RDepartment.objects.filter(
            organisation_id=person.organisation_id, head_id=person.pk
        ).values_list("path", flat=True)
    )


def under(paths: list[str], field: str = "department") -> _RQ:
    """Rows whose ``field`` (a department) is one of ``paths`` or below one; none for no
    path."""
    found = _RQ(pk__in=[])
    for path in paths:
        found |= _RQ(**{f"{field}__path__startswith": path})
    return found


class RectificationPolicy:
    """Rectification tasks (INSP-RECTIFY): the security office (OVERSEE) knows every one of
    its organisation; a person (``access.mac.knower``, password their own) the tasks they owe,
    those of the departments they head (with their sub-departments) and those from the
    findings of the inspections they made. Nobody else, never another organisation's."""

    def _person(self, actor: _RActor | None) -> _RAny:
        if getattr(actor, "password_must_change", False):
            return None
        return _rknower(actor)

    def may_know(self, actor: _RActor | None, item: Rectification) -> bool:
        person = self._person(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        if _rhas_permission(actor, _RPermission.OVERSEE) or item.owner_id == person.pk:
            return True
        if item.answer_id is not None and item.answer.inspection.inspector_id == person.pk:
            return True
        path = item.department.path
        return any(path.startswith(head) for head in headed_paths(person))

    def known(self, actor: _RActor | None) -> _RQuerySet[Rectification]:
        person = self._person(actor)
        if person is None:
            return Rectification.objects.none()
        found = Rectification.objects.filter(organisation_id=person.organisation_id)
        if _rhas_permission(actor, _RPermission.OVERSEE):
            return found
        return found.filter(
            _RQ(owner_id=person.pk)
            | _RQ(answer__inspection__inspector_id=person.pk)
            | under(headed_paths(person))
        )


RECTIFICATIONS = RectificationPolicy()
# --- the security committee (COMMITTEE) ---
import datetime as _committee_datetime  # noqa: E402
from typing import Any as _Any  # noqa: E402

from django.db.models import Exists as _Exists  # noqa: E402
from django.db.models import OuterRef as _OuterRef  # noqa: E402
from django.db.models import Q as _Q  # noqa: E402
from django.db.models import QuerySet as _QuerySet  # noqa: E402
from django.utils import timezone as _timezone  # noqa: E402

from baomi.access.actor import Actor as _Actor  # noqa: E402
from baomi.access.mac import knower as _knower  # noqa: E402
from baomi.access.roles import Permission as _Permission  # noqa: E402
from baomi.access.roles import has_permission as _has_permission  # noqa: E402
from baomi.org.models import SecurityAppointment as _Appointment  # noqa: E402
from baomi.org.models import StaffRole as _StaffRole  # noqa: E402
from baomi.oversight.models import CommitteeMeeting  # noqa: E402

# The security committee's seats (PPL-SECURITY-STAFF appointments).
COMMITTEE_ROLES = (_StaffRole.COMMITTEE_CHAIR, _StaffRole.COMMITTEE_MEMBER)


def committee_seats(organisation_id: int | None, day: _committee_datetime.date) -> _QuerySet:
    """The appointments to the committee (chair, members) of the organisation held on
    ``day``: begun by then and not ended before it."""
    return _Appointment.objects.filter(
        organisation_id=organisation_id, role__in=COMMITTEE_ROLES, since__lte=day
    ).filter(_Q(until__isnull=True) | _Q(until__gte=day))


def members_on(organisation_id: int | None, day: _committee_datetime.date) -> set[int]:
    """The people who count as the committee (chair or member) at a meeting held on ``day``:
    every such appointment not ended before it (one entered in the system later than the
    committee was formed still counts)."""
    return set(
        _Appointment.objects.filter(organisation_id=organisation_id, role__in=COMMITTEE_ROLES)
        .filter(_Q(until__isnull=True) | _Q(until__gte=day))
        .values_list("person_id", flat=True)
    )


def sits_on_committee(person: _Any) -> bool:
    """Whether ``person`` is the committee's chair or a member today."""
    seats = committee_seats(person.organisation_id, _timezone.localdate())
    return seats.filter(person_id=person.pk).exists()


class CommitteeMeetingPolicy:
    """Who may know a meeting of the security committee (COMMITTEE: its agenda, record,
    attendance and decisions), always as a knowing person (``access.mac.knower``: a knowing
    role, account and person active, password their own) of the meeting's organisation: the
    security office (OVERSEE) and whoever sits on the committee today (its chair or a member)
    every meeting, anyone else the meetings they attended. Nobody else, never another
    organisation's."""

    def _person(self, actor: _Actor | None) -> _Any:
        if getattr(actor, "password_must_change", False):
            return None
        return _knower(actor)

    def organisation_wide(self, actor: _Actor | None) -> int | None:
        """The organisation whose every meeting ``actor`` knows, or None."""
        person = self._person(actor)
        if person is None:
            return None
        if _has_permission(actor, _Permission.OVERSEE) or sits_on_committee(person):
            return person.organisation_id
        return None

    def may_know(self, actor: _Actor | None, item: CommitteeMeeting) -> bool:
        organisation_id = self.organisation_wide(actor)
        if organisation_id is not None:
            return item.organisation_id == organisation_id
        person = self._person(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        return item.attendees.filter(pk=person.pk).exists()

    def known(self, actor: _Actor | None) -> _QuerySet[CommitteeMeeting]:
        organisation_id = self.organisation_wide(actor)
        if organisation_id is not None:
            return CommitteeMeeting.objects.filter(organisation_id=organisation_id)
        person = self._person(actor)
        if person is None:
            return CommitteeMeeting.objects.none()
        attended = CommitteeMeeting.attendees.through.objects.filter(
            committeemeeting_id=_OuterRef("pk"), person_id=person.pk
        )
        return CommitteeMeeting.objects.filter(
            _Exists(attended),
            organisation_id=person.organisation_id,
        )


COMMITTEE_MEETINGS = CommitteeMeetingPolicy()
