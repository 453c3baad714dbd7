"""The responsibility letters' deadlines (RESP-ANNUAL, RESP-RESIGN), from the same few reads:
the head of the organisation, its departments with their heads, the letters of the year (and,
with RESP-ANNUAL ``with_cleared_people``, the cleared people) — never a query per department.

RESP-ANNUAL: each department (subject ``org.department``, answered by its head) has this
year's letter signed by both current signers — the head of the organisation and the
department's head — by the last day of the month ``due_month`` (March by default: the end of
the first quarter); done once in effect. Only a department with both signers in place owes
one: a department without a head (or while the organisation has none) shows as "no head set"
on the letters page instead, and one headed by the head of the organisation owes none (nobody
signs with themselves); an organisation of nobody owes nothing. With
``with_cleared_people``, each cleared person in post (subject ``org.person``) the same way
with their department's head.

RESP-RESIGN: a department whose letter of this year was in effect but names a signer who is no
longer in place owes the new pair's letter within ``within_days`` (30) of the change; such a
department is left out of RESP-ANNUAL (it had its letter) so it is flagged once. The change's
date is the first ``org.head_set`` (a change of the organisation's head) or
``org.department_leaders_set`` (of the department's) audit event after the old letter took
effect — at or before the true change, so never late; without such an event (a change made
outside baomi's operations), the day the old letter took effect. Done once the new pair's
letter is in effect."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from baomi.audit.models import AuditEvent
from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person
from baomi.people.models import LetterKind, ResponsibilityLetter
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

DEPARTMENT = "org.department"
PERSON = "org.person"
HEAD_SET = "org.head_set"
LEADERS_SET = "org.department_leaders_set"


@dataclass(frozen=True)
class Due:
    """One letter owed: its subject, the department, the pair due to sign, and the letters of
    the year that pair or an earlier one signed."""

    subject_type: str
    subject_id: int
    department_id: int
    first_id: int | None
    second_id: int | None
    done: bool  # the current pair's letter is in effect
    stale_since: datetime.date | None  # an earlier pair's letter took effect that day


def _params(organisation_id: int) -> dict[str, dict[str, Any]]:
    """The parameters of RESP-ANNUAL and RESP-RESIGN for the organisation (one query)."""
    return {
        rule.rule.id: rule.params
        for rule in book.rulebook(organisation_id)
        if rule.rule.id in ("RESP-ANNUAL", "RESP-RESIGN")
    }


def _owed(organisation_id: int, year: int, with_people: bool) -> list[Due]:
    """Every letter the organisation owes for ``year``: three or four queries."""
    head_id = (
        Organisation.objects.filter(pk=organisation_id).values_list("head_id", flat=True).first()
    )
    departments = dict(
        Department.objects.filter(organisation_id=organisation_id).values_list("pk", "head_id")
    )
    signed: dict[tuple[str, int, int], list[tuple[int, int, datetime.date]]] = {}
    for kind, dept, first, second, on_first, on_second in ResponsibilityLetter.objects.filter(
        organisation_id=organisation_id,
        year=year,
        first_signed_on__isnull=False,
        second_signed_on__isnull=False,
    ).values_list(
        "kind", "department_id", "first_id", "second_id", "first_signed_on", "second_signed_on"
    ):
        key = dept if kind == LetterKind.DEPARTMENT else second
        signed.setdefault((kind, key, 0), []).append((first, second, max(on_first, on_second)))

    def due(
        kind: str, key: int, subject: str, dept: int, first: int | None, second: int | None
    ) -> Due:
        letters = signed.get((kind, key, 0), [])
        current = bool(first and second) and any((x[0], x[1]) == (first, second) for x in letters)
        stale = [x[2] for x in letters if (x[0], x[1]) != (first, second)]
        return Due(subject, key, dept, first, second, current, max(stale, default=None))

    owed = [
        due(LetterKind.DEPARTMENT, dept, DEPARTMENT, dept, head_id, dept_head)
        for dept, dept_head in departments.items()
        if head_id is not None and dept_head is not None and dept_head != head_id
    ]
    if with_people:
        people = (
            Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
            .exclude(clearance=Clearance.NONE)
            .values_list("pk", "department_id")
        )
        owed += [
            due(LetterKind.PERSON, pk, PERSON, dept, departments.get(dept), pk)
            for pk, dept in people
            if departments.get(dept) not in (None, pk)
        ]
    return owed


def annual_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """RESP-ANNUAL: every department's (and cleared person's) letter of the year of
    ``moment``, due by the end of ``due_month``, done once in effect."""
    year = timezone.localdate(moment).year
    params = _params(organisation_id)["RESP-ANNUAL"]
    month = params["due_month"]
    due_at = end_of_day(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return [
        Deadline(
            "RESP-ANNUAL",
            d.subject_type,
            d.subject_id,
            due_at,
            d.second_id,
            d.department_id,
            d.done,
        )
        for d in _owed(organisation_id, year, bool(params["with_cleared_people"]))
        if d.done or d.stale_since is None
    ]


def resign_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """RESP-RESIGN: every department (and cleared person) whose letter of the year was in
    effect and names a signer no longer in place; due ``within_days`` after the change (the
    first head-change event after the old letter took effect), done once the new pair's
    letter is in effect."""
    year = timezone.localdate(moment).year
    params = _params(organisation_id)
    with_people = bool(params["RESP-ANNUAL"]["with_cleared_people"])
    owed = [d for d in _owed(organisation_id, year, with_people) if d.stale_since is not None]
    if not owed:
        return []
    days = datetime.timedelta(days=params["RESP-RESIGN"]["within_days"])
    changes: dict[tuple[str, str], list[datetime.date]] = {}
    for action, subject_id, at in AuditEvent.objects.filter(
        Q(action=HEAD_SET) | Q(action=LEADERS_SET),
        organisation_id=organisation_id,
        at__gte=datetime.datetime(year - 1, 12, 31, tzinfo=datetime.UTC),
    ).values_list("action", "subject_id", "at"):
        changes.setdefault((action, subject_id), []).append(timezone.localdate(at))
    found = []
    for d in owed:
        since = d.stale_since
        assert since is not None
        days_seen = changes.get((HEAD_SET, str(organisation_id)), []) + changes.get(
            (LEADERS_SET, str(d.department_id)), []
        )
        changed = min((day for day in days_seen if day >= since), default=since)
        found.append(
            Deadline(
                "RESP-RESIGN",
                d.subject_type,
                d.subject_id,
                end_of_day(changed + days),
                d.second_id,
                d.department_id,
                d.done,
            )
        )
    return found


PROVIDERS = (
    DeadlineProvider("RESP-ANNUAL", annual_due),
    DeadlineProvider("RESP-RESIGN", resign_due),
)
