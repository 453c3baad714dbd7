"""What an approval request is about, told only to someone who may know it (CLS-MAC).

Each domain registers how to describe its subjects; a subject the actor may not know (or of a
type nobody registered) is described as None and the page says the item is not shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from baomi.carriers import queries as carriers


@dataclass(frozen=True)
class Subject:
    label: str
    level: int | None
    url: str


def _document(actor: Any, subject_id: str) -> Subject | None:
    if not subject_id.isdigit():
        return None
    doc = carriers.documents(actor).filter(pk=int(subject_id)).first()
    if doc is None:
        return None
    return Subject(f"{doc.number} {doc.title}", doc.level, reverse("document", args=[doc.pk]))


DESCRIBERS: dict[str, Callable[[Any, str], Subject | None]] = {
    "carriers.document": _document,
}

OPERATIONS = {
    "widen_scope": _("Widen the knowledge scope"),
}


def describe(actor: Any, subject_type: str, subject_id: str) -> Subject | None:
    """The subject as ``actor`` may see it, or None when they may not know it."""
    describer = DESCRIBERS.get(subject_type)
    return describer(actor, subject_id) if describer else None


def operation_label(name: str) -> Any:
    return OPERATIONS.get(name, name)
