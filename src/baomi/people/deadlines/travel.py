"""PPL-ABROAD's deadlines: the return report of each trip, due ``report_days`` after its
return (the day recorded, else the approved one), done once filed; and each passport still
handed out after its trip's return date, due back on that day. Three queries for the whole
organisation (the trips, the passports out, the rule's days), none per trip. Each deadline
carries the traveller and their department."""

from __future__ import annotations

import datetime

from baomi.people.models import Passport, Travel, TravelState
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

RULE = "PPL-ABROAD"
STARTED = (TravelState.ABROAD, TravelState.RETURNED, TravelState.REPORTED)


def travel_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Every started trip's return report, and every passport out past its trip's return."""
    if not book.in_force(organisation_id, RULE):
        return []
    days = datetime.timedelta(days=book.param(organisation_id, RULE, "report_days"))
    trips = Travel.objects.filter(organisation_id=organisation_id, state__in=STARTED).values_list(
        "pk",
        "person_id",
        "person__department_id",
        "returns",
        "returned_on",
        "state",
        "passport_out_at",
        "passport_back_at",
    )
    found: list[Deadline] = []
    # The trip each person's passport went out for (the latest such trip).
    out_for: dict[int, tuple[datetime.date, int | None]] = {}
    for pk, person, department, returns, returned_on, state, out_at, back_at in trips:
        back = returned_on or returns
        found.append(
            Deadline(
                RULE,
                "people.travel",
                pk,
                end_of_day(back + days),
                person,
                department,
                state == TravelState.REPORTED,
            )
        )
        if out_at is not None and back_at is None:
            out_for[person] = (back, department)
    passports = Passport.objects.filter(
        organisation_id=organisation_id, out=True, person_id__in=list(out_for)
    ).values_list("pk", "person_id")
    for pk, person in passports:
        back, department = out_for[person]
        found.append(Deadline(RULE, "people.passport", pk, end_of_day(back), person, department))
    return found


PROVIDERS = (DeadlineProvider(RULE, travel_due),)
