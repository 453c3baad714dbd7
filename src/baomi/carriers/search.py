"""Documents in the global search: by number or title, among the documents the searching
person may know (CLS-MAC, ``queries.documents``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from baomi.carriers import queries
from baomi.seams.search import Hit


def documents(actor: Any, text: str, limit: int) -> list[Hit]:
    return [
        Hit(f"{doc.number} {doc.title}", reverse("document", args=[doc.pk]), doc.level)
        for doc in queries.documents(actor, search=text)[:limit]
    ]
