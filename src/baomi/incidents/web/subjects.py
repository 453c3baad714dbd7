"""How an incident is named as a deadline's subject (INC-RECORD's report upward and
investigation, ``seams.approvals`` ``SUBJECT_KINDS``): its title, kind and day of discovery,
only to whoever may know it (``policies.INCIDENTS``: the security office, the person who
reported it), never another organisation's."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from baomi.incidents.policies import INCIDENTS
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows


def incident(actor: Any, subject_id: int) -> Subject | None:
    item = INCIDENTS.known(actor).filter(pk=subject_id).first()
    if item is None:
        return None
    url = reverse("incident", args=[item.pk]) if allows("incidents", actor) else "#"
    day = timezone.localdate(item.discovered_at).isoformat()
    return Subject(f"{item.title} · {item.get_kind_display()} · {day}", item.level, url)
