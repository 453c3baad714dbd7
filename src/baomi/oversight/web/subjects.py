"""How a rectification is named as a deadline's subject (INSP-RECTIFY, ``seams.approvals``
``SUBJECT_KINDS``): its rule, what is to be put right and its department, only to whoever may
know the task (``policies.RECTIFICATIONS``: the security office, its owner, the head of its
department, the inspector whose finding it came from), never another organisation's."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.oversight.policies import RECTIFICATIONS
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows


def rectification(actor: Any, subject_id: int) -> Subject | None:
    task = RECTIFICATIONS.known(actor).filter(pk=subject_id).select_related("department").first()
    if task is None:
        return None
    url = reverse("rectification", args=[task.pk]) if allows("oversight", actor) else "#"
    label = f"{task.rule_id} {task.description[:60]} · {task.department.name}".strip()
    return Subject(label, None, url)
