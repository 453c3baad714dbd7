"""Reads of a meeting's minutes (MEET-MINUTES) through ``policies.MINUTES`` and
``policies.READINGS``: whether the meeting has minutes, who keeps them, who read them when,
and what the actor may do about them now (``reading_state``: ask for the office director's
approval, wait for it, or read under it). The text itself is never read here: only
``operations.minutes.read_minutes`` returns it, using an approval each time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.approvals.models import ApprovalRequest, ApprovalStep, State
from baomi.approvals.queries import usable
from baomi.core.errors import NotFound
from baomi.meetings.models import Meeting, Minutes, MinutesReading
from baomi.meetings.policies import MINUTES, READINGS
from baomi.org.models import Person
from baomi.rulebook import book

# The approval operation and subject kind of a reading (registered in apps.ready).
OPERATION = "meetings.read_minutes"
SUBJECT = "meetings.minutes"


def reading_params(reader: Person) -> dict[str, Any]:
    """What an approval of a reading pins: who reads."""
    return {"reader_id": reader.pk}


def of_meeting(actor: Actor, meeting: Meeting) -> Minutes | None:
    """The minutes of ``meeting`` if it has them and ``actor`` may know them."""
    return MINUTES.known(actor).select_related("custodian").filter(meeting=meeting).first()


def minutes(actor: Actor, minutes_id: int) -> Minutes:
    """The minutes ``actor`` may know; "not found" otherwise."""
    found = (
        MINUTES.known(actor).select_related("meeting", "custodian").filter(pk=minutes_id).first()
    )
    if found is None:
        raise NotFound(_("No such minutes."))
    return found


def readings(actor: Actor, item: Minutes) -> QuerySet[MinutesReading]:
    """Who read ``item`` and when, latest first, under which approval."""
    return READINGS.known(actor).filter(minutes=item).select_related("reader", "approval")


@dataclass(frozen=True)
class ReadingState:
    """What ``actor`` may do about the minutes now: ``cleared`` (their clearance covers the
    meeting's level), ``pending`` (their request awaiting the office director), ``granted``
    (an approval they may read under, or the rule switched off), ``may_ask`` (neither, and may
    ask)."""

    cleared: bool
    pending: ApprovalRequest | None
    granted: bool
    may_ask: bool


def reading_state(actor: Actor, item: Minutes) -> ReadingState:
    person = knower(actor)
    cleared = person is not None and person.clearance >= item.meeting.level
    if not cleared:
        return ReadingState(False, None, False, False)
    subject = (SUBJECT, item.pk)
    org = item.meeting.organisation_id
    # Where the organisation switched MEET-MINUTES off, a reading needs no approval.
    granted = not book.in_force(org, "MEET-MINUTES") or bool(
        usable(org, OPERATION, subject, reading_params(person))
    )
    pending = (
        ApprovalRequest.objects.filter(
            organisation_id=org,
            operation=OPERATION,
            subject_type=SUBJECT,
            subject_id=str(item.pk),
            requester=person,
            state=State.PENDING,
        )
        .order_by("-pk")
        .first()
    )
    may_ask = not granted and pending is None and has_permission(actor, Permission.REQUEST_APPROVAL)
    return ReadingState(True, pending, granted, may_ask)


@dataclass(frozen=True)
class Asked:
    minutes: Minutes
    known: bool  # whether the actor may know the meeting (its page)


def asked_about(actor: Actor, minutes_id: int) -> Asked | None:
    """The minutes a reading request is about, for the approvals' pages: to whoever may know
    them, or is asked (now or once) to approve a reading of them and is cleared for their
    level; None for anyone else."""
    known = MINUTES.known(actor).select_related("meeting").filter(pk=minutes_id).first()
    if known is not None:
        return Asked(known, True)
    person = knower(actor)
    if person is None:
        return None
    asked = ApprovalStep.objects.filter(
        approver=person,
        request__operation=OPERATION,
        request__subject_type=SUBJECT,
        request__subject_id=str(minutes_id),
        request__organisation_id=person.organisation_id,
    ).exists()
    found = (
        Minutes.objects.select_related("meeting")
        .filter(
            pk=minutes_id,
            meeting__organisation_id=person.organisation_id,
            meeting__level__lte=person.clearance,
        )
        .first()
        if asked
        else None
    )
    return Asked(found, False) if found is not None else None
