"""Documents, copies and incoming register lines in the global search, among the documents the
searching person may know (CLS-MAC: ``queries.documents``, ``known_copies``,
``incoming_entries``). A document is found by its number (文号) or title, however the number
is written (``core.matching``); a copy by its document and its number (份号: "…1号 第3份",
"…1号 3", "…1号 3/10"); a register line by its number (收文编号: "2026年涉密第5号",
"2026-涉密-5", "5")."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baomi.carriers import queries
from baomi.carriers.models import Document, Series
from baomi.carriers.queries import copies
from baomi.core.matching import Closeness, closeness, matches
from baomi.seams.search import Hit

# A document (number or title) and then a copy's number: 第3份, or after a space 3 or 3/10.
_COPY = re.compile(
    r"^(?P<document>.+?)\s*(?:第\s*(?P<marked>\d{1,9})\s*份|\s(?P<bare>\d{1,9})(?:\s*/\s*\d+)?)$"
)


def _documents(actor: Any, text: str) -> QuerySet[Document]:
    """The documents ``actor`` may know whose number or title holds ``text``, the nearest
    number first, then the newest."""
    return (
        queries.documents(actor)
        .filter(matches("number", text) | matches("title", text))
        .annotate(closeness=closeness("number", text))
        .order_by("closeness", "-pk")
    )


def documents(actor: Any, text: str, limit: int) -> list[Hit]:
    return [
        Hit(
            f"{doc.number} {doc.title}",
            reverse("document", args=[doc.pk]),
            doc.level,
            kind=_("Document"),
            closeness=doc.closeness,
        )
        for doc in _documents(actor, text)[:limit]
    ]


def copies_of_documents(actor: Any, text: str, limit: int) -> list[Hit]:
    """A copy: its document's number or title, and its own number."""
    asked = _COPY.match(unicodedata.normalize("NFKC", text))
    if asked is None:
        return []
    number = int(asked["marked"] or asked["bare"])
    found = _documents(actor, asked["document"]).values("pk", "closeness")[:limit]
    near = {row["pk"]: row["closeness"] for row in found}
    wanted = copies.known_copies(actor).filter(document_id__in=list(near), number=number)
    ranked = sorted(wanted, key=lambda copy: (near[copy.document_id], -copy.document_id))
    return [
        Hit(
            f"{copy.document.number} {copy.label} {copy.document.title}",
            reverse("copy_use", args=[copy.pk]),
            copy.document.level,
            kind=_("Copy"),
            closeness=near[copy.document_id],
        )
        for copy in ranked
    ]


def _series_names() -> dict[str, str]:
    """Each register's value and its name in every language, folded, to its value."""
    names = {}
    for series in Series:
        names[series.value] = series.value
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[str(series.label).casefold()] = series.value
    return names


def incoming(actor: Any, text: str, limit: int) -> list[Hit]:
    """A line of the incoming register by its number: a year, a register and a sequence
    number, or the sequence number alone."""
    names = _series_names()
    shape = re.compile(
        r"^(?:(?P<year>\d{4})\s*[年/.\-]?\s*)?"
        rf"(?P<series>{'|'.join(re.escape(name) for name in names)})?\s*[-/]?\s*"
        r"(?:第|no\.?)?\s*(?P<n>\d{1,9})\s*号?$",
        re.IGNORECASE,
    )
    asked = shape.match(unicodedata.normalize("NFKC", text))
    if asked is None:
        return []
    found = copies.incoming_entries(actor).filter(sequence=int(asked["n"]))
    if asked["year"]:
        found = found.filter(year=int(asked["year"]))
    if asked["series"]:
        found = found.filter(series=names[asked["series"].casefold()])
    return [
        Hit(
            f"{entry.register_number} · {entry.document.number} {entry.document.title}",
            reverse("incoming_entry", args=[entry.pk]),
            entry.document.level,
            kind=_("Incoming register"),
            closeness=Closeness.EXACT,
        )
        for entry in found.order_by("-year", "series", "-sequence")[:limit]
    ]
