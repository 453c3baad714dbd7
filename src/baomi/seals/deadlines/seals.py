"""SEAL-LOG's deadlines: each seal in use must be confirmed locked in its safe after the work
of every working day (due at the end of the organisation's working day), and a seal taken out
is due back at its approved return time. The lock-ups of the last ``LOCK_UP_DAYS`` days are
read in one query for the organisation, the take-outs in another; each deadline carries the
keeper (or whoever has the seal out) and their department."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.org import queries as org_queries
from baomi.rulebook import book
from baomi.seals.models import Seal, SealLockUp, SealTakeOut, TakeOutState
from baomi.seams.deadlines import Deadline, DeadlineProvider

RULE = "SEAL-LOG"
# How many days back the lock-ups are timed.
LOCK_UP_DAYS = 10


def seals_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """The lock-up of every seal in use for each working day of the last days (done when
    confirmed or when the seal was out at the end of it), and every seal out, due back."""
    if not book.in_force(organisation_id, RULE):
        return []
    calendar = org_queries.calendar(organisation_id)
    zone = timezone.get_default_timezone()
    today = timezone.localtime(moment).date()
    first = today - datetime.timedelta(days=LOCK_UP_DAYS - 1)
    seals = list(
        Seal.objects.filter(organisation_id=organisation_id, active=True).values_list(
            "pk", "keeper_id", "keeper__department_id", "registered_at"
        )
    )
    confirmed = set(
        SealLockUp.objects.filter(organisation_id=organisation_id, day__gte=first).values_list(
            "seal_id", "day"
        )
    )
    take_outs = list(
        SealTakeOut.objects.filter(
            organisation_id=organisation_id, out_at__isnull=False
        ).values_list(
            "pk",
            "seal_id",
            "taken_by_id",
            "taken_by__department_id",
            "out_at",
            "returned_at",
            "due_back_at",
            "state",
        )
    )
    found: list[Deadline] = []
    for pk, keeper, department, registered_at in seals:
        start = max(first, timezone.localtime(registered_at).date())
        day = start
        while day <= today:
            if calendar.is_working_day(day):
                end = datetime.datetime.combine(day, calendar.day_end, tzinfo=zone)
                out = any(
                    seal_id == pk and out_at <= end and (back is None or back > end)
                    for _t, seal_id, _p, _d, out_at, back, _due, _s in take_outs
                )
                found.append(
                    Deadline(
                        RULE,
                        "seals.seal",
                        pk,
                        end,
                        keeper,
                        department,
                        (pk, day) in confirmed or out,
                    )
                )
            day += datetime.timedelta(days=1)
    for pk, _seal, person, department, _out, _back, due, state in take_outs:
        found.append(
            Deadline(
                RULE,
                "seals.sealtakeout",
                pk,
                due,
                person,
                department,
                state != TakeOutState.OUT,
            )
        )
    return found


PROVIDERS = (DeadlineProvider(RULE, seals_due),)
