"""INC-RECORD's deadlines: a serious incident is reported upward within
INC-RECORD.report_hours of its discovery, and every incident is investigated within
INC-RECORD.investigate_months (both the incident's, ``incidents.incident``). A report or an
investigation recorded (or the incident closed) is done; no one person answers for them: the
security office does."""

from __future__ import annotations

import datetime

from baomi.incidents.models import Incident
from baomi.incidents.queries.incidents import RULE, SUBJECT, investigation_due, report_due
from baomi.rulebook import book
from baomi.seams.deadlines import Deadline, DeadlineProvider


def incidents_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Every incident's investigation, and every serious one's report upward."""
    if not book.in_force(organisation_id, RULE):
        return []
    found: list[Deadline] = []
    for item in Incident.objects.filter(organisation_id=organisation_id).only(
        "pk",
        "organisation_id",
        "serious",
        "discovered_at",
        "reported_upward_at",
        "concluded_at",
        "closed_at",
    ):
        closed = item.closed_at is not None
        if item.serious:
            found.append(
                Deadline(
                    RULE,
                    SUBJECT,
                    item.pk,
                    report_due(item),
                    done=item.reported_upward_at is not None or closed,
                )
            )
        found.append(
            Deadline(
                RULE,
                SUBJECT,
                item.pk,
                investigation_due(item),
                done=item.concluded_at is not None or closed,
            )
        )
    return found


PROVIDERS = (DeadlineProvider(RULE, incidents_due),)
