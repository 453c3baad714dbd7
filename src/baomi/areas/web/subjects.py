"""How the access log's deadlines (AREA-ACCESS) name their subjects
(``seams.approvals.SUBJECT_KINDS``), only to someone who may know them: a visitor not signed
out, by name and unit, to whoever may know the visitor's record (``policies.VISITORS``); an
entry without its exit, by the area and the moment it began, to whoever may know the entry
(``policies.ENTRIES``). Neither carries a level: the register is not classified by one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from baomi.areas.policies import ENTRIES, VISITORS
from baomi.core.paper import moment_text
from baomi.seams.approvals import Subject


def _day_list(name: str, moment: Any, **extra: Any) -> str:
    """The list ``name`` narrowed to the day of ``moment``."""
    day = timezone.localdate(moment).isoformat()
    return f"{reverse(name)}?{urlencode({**extra, 'since': day, 'until': day})}"


def visitor(actor: Any, visitor_id: int) -> Subject | None:
    found = VISITORS.known(actor).filter(pk=visitor_id).first()
    if found is None:
        return None
    return Subject(str(found), None, _day_list("visitors", found.arrived_at))


def entry(actor: Any, entry_id: int) -> Subject | None:
    found = ENTRIES.known(actor).filter(pk=entry_id).select_related("area").first()
    if found is None:
        return None
    return Subject(
        f"{found.area.name} · {moment_text(found.entered_at)}",
        None,
        _day_list("access_log", found.entered_at, area=found.area_id),
    )
