"""The oversight's answers for the accreditation self-score and the checklists
(``seams.evidence``): the monthly self-inspections held (INSP-MONTHLY), the rectifications
overdue (INSP-RECTIFY), the security committee's meetings (COMMITTEE). Each one query over the
scope (and a count when more than ``MOST_FACTS`` rows), each fact linking to the record or the
register behind it."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Person
from baomi.oversight.deadlines.committee import meetings_per_year
from baomi.oversight.models import (
    CommitteeMeeting,
    Inspection,
    InspectionKind,
    InspectionState,
    Rectification,
)
from baomi.oversight.queries.rectifications import NOT_CLOSED
from baomi.seams.evidence import (
    MOST_FACTS,
    Evidence,
    EvidenceProvider,
    Fact,
    Finding,
    Scope,
    found,
)

MORE = gettext_lazy("… and %(n)s more")
# How many months back every department's monthly self-inspection is looked for.
MONTHS_BACK = 3


def months_before(day: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the ``count`` calendar months before ``day``'s month, oldest first."""
    index = day.year * 12 + day.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count, index)]


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year before (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def inspections(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """INSP-MONTHLY: the departments of the scope (a person's: their department) that owe a
    monthly self-inspection — with a cleared person in post, as the deadline counts them —
    without one submitted for each of the last three calendar months before ``moment``'s."""
    months = months_before(timezone.localdate(moment), MONTHS_BACK)
    held = {
        f"m{n}": Exists(
            Inspection.objects.filter(
                organisation_id=organisation_id,
                department_id=OuterRef("pk"),
                kind=InspectionKind.DEPARTMENT_MONTHLY,
                state=InspectionState.SUBMITTED,
                period_start=month,
            )
        )
        for n, month in enumerate(months)
    }
    cleared = Person.objects.filter(
        department_id=OuterRef("pk"), employment=Employment.ACTIVE
    ).exclude(clearance=Clearance.NONE)
    departments = (
        Department.objects.filter(Exists(cleared), organisation_id=organisation_id)
        .annotate(**held)
        .exclude(Q(**{name: True for name in held}))
    )
    if scope.department_path:
        departments = departments.filter(path__startswith=scope.department_path)
    if scope.person_id:
        departments = departments.filter(
            pk=Subquery(Person.objects.filter(pk=scope.person_id).values("department_id"))
        )
    rows = list(departments.order_by("path")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else departments.count()
    url = reverse("oversight")
    facts = [
        Fact(
            _("%(department)s: no monthly self-inspection for %(months)s")
            % {
                "department": department.name,
                "months": "、".join(
                    date_format(month, "YEAR_MONTH_FORMAT")
                    for n, month in enumerate(months)
                    if not getattr(department, f"m{n}")
                ),
            },
            url,
        )
        for department in rows
    ]
    return found(facts, total, MORE)


def rectifications(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """INSP-RECTIFY: the rectifications of the scope (of its departments; a person's: those
    they owe) not verified and due before ``moment``'s day."""
    tasks = Rectification.objects.filter(
        organisation_id=organisation_id,
        state__in=NOT_CLOSED,
        due__lt=timezone.localdate(moment),
    )
    if scope.department_path:
        tasks = tasks.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        tasks = tasks.filter(owner_id=scope.person_id)
    rows = list(tasks.select_related("owner", "department").order_by("due", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else tasks.count()
    facts = [
        Fact(
            _("%(rule)s %(description)s — %(owner)s (%(department)s), due %(due)s")
            % {
                "rule": task.rule_id,
                "description": task.description[:60],
                "owner": task.owner.name,
                "department": task.department.name,
                "due": task.due.isoformat(),
            },
            reverse("rectification", args=[task.pk]),
        )
        for task in rows
    ]
    return found(facts, total, MORE)


def committee(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """COMMITTEE: the security committee met fewer times in the twelve months up to
    ``moment``'s day (after the same day a year before) than COMMITTEE.meetings_per_year (two
    by default). The organisation's: the scope does not narrow it."""
    today = timezone.localdate(moment)
    wanted = meetings_per_year(organisation_id)
    held = CommitteeMeeting.objects.filter(
        organisation_id=organisation_id, held_on__gt=year_before(today), held_on__lte=today
    ).count()
    if held >= wanted:
        return Evidence(Finding.OK)
    fact = Fact(
        _("The security committee met %(held)s times in the last twelve months (at least %(n)s)")
        % {"held": held, "n": wanted},
        reverse("committee"),
    )
    return Evidence(Finding.PROBLEM, [fact])


PROVIDERS = (
    EvidenceProvider(
        "oversight.inspections", gettext_lazy("Monthly self-inspections held"), inspections
    ),
    EvidenceProvider(
        "oversight.rectifications", gettext_lazy("Rectifications done on time"), rectifications
    ),
    EvidenceProvider(
        "oversight.committee", gettext_lazy("The security committee meets"), committee
    ),
)
