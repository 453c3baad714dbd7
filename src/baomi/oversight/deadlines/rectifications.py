"""INSP-RECTIFY's deadlines: every rectification task not yet verified (open, or done and
awaiting verification) is due at the end of its due date, owed by its owner in its
department; verified ones are no longer open. One query for the organisation. Overdue tasks
escalate to the department head and the security office (``queries.rectifications``: the
home panel and the office's list)."""

from __future__ import annotations

import datetime

from baomi.oversight.models import Rectification, RectificationState
from baomi.seams.deadlines import Deadline, DeadlineProvider, end_of_day

RULE = "INSP-RECTIFY"


def rectifications_due(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
    """Each task not yet verified, due at the end of its due date."""
    rows = (
        Rectification.objects.filter(organisation_id=organisation_id)
        .exclude(state=RectificationState.VERIFIED)
        .values_list("pk", "due", "owner_id", "department_id")
    )
    return [
        Deadline(RULE, "oversight.rectification", pk, end_of_day(due), owner, department)
        for pk, due, owner, department in rows
    ]


PROVIDERS = (DeadlineProvider(RULE, rectifications_due),)
