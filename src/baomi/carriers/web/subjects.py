"""How the subjects of the carriers' approval requests are told, only to someone who may know
them (CLS-MAC): a document, a copy, a person whose holdings are handed over, an archive
consultation, a loss report."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.carriers import queries as carriers
from baomi.carriers.queries.archives import consultation
from baomi.carriers.queries.copies import known_copies
from baomi.carriers.queries.lifecycle import loss_reports
from baomi.carriers.registers import copy_number
from baomi.core.errors import NotFound
from baomi.org import queries as org_queries
from baomi.seams.approvals import Subject
from baomi.seams.navigation import allows


def documents(actor: Any, ids: Collection[int]) -> dict[int, Subject]:
    """Those of the documents ``ids`` the actor may know, in one read."""
    found = carriers.documents(actor).filter(pk__in=ids).only("pk", "number", "title", "level")
    return {
        doc.pk: Subject(f"{doc.number} {doc.title}", doc.level, reverse("document", args=[doc.pk]))
        for doc in found.order_by()
    }


def document(actor: Any, subject_id: int) -> Subject | None:
    return documents(actor, [subject_id]).get(subject_id)


def copies(actor: Any, ids: Collection[int]) -> dict[int, Subject]:
    """Those of the copies ``ids`` whose document the actor may know, in one read."""
    return {
        found.pk: Subject(
            f"{found.document.number} {found.document.title} · {found.label}",
            found.document.level,
            reverse("copy_use", args=[found.pk]),
        )
        for found in known_copies(actor).filter(pk__in=ids).order_by()
    }


def copy(actor: Any, subject_id: int) -> Subject | None:
    return copies(actor, [subject_id]).get(subject_id)


def person(actor: Any, subject_id: int) -> Subject | None:
    """A person (a hand-over's giver): their name and department, no controlled item."""
    found = org_queries.people(actor).filter(pk=subject_id).first()
    if found is None:
        return None
    url = reverse("handover_start", args=[found.pk]) if allows("people", actor) else "#"
    return Subject(f"{found.name} · {found.department.name}", None, url)


def archive_access(actor: Any, subject_id: int) -> Subject | None:
    """An archive consultation, told only to someone who may know every document in it."""
    try:
        access, scope = consultation(actor, subject_id)
    except NotFound:
        return None
    if not scope:
        return None
    reader = access.applicant.name if access.applicant else access.outside_unit
    if allows("lifecycle", actor):
        url = reverse("archive_access", args=[access.pk])
    else:
        url = reverse("document", args=[scope[0].pk])
    numbers = "、".join(d.number for d in scope)
    return Subject(f"{reader}: {numbers}", max(d.level for d in scope), url)


def loss_report(actor: Any, subject_id: int) -> Subject | None:
    """A loss or leak report (LOSS-REPORT's deadlines), told only to someone who may know
    every copy in it: its number and the copies by document number and copy number, never a
    title."""
    found = loss_reports(actor).filter(pk=subject_id).prefetch_related("copies__document").first()
    if found is None:
        return None
    copies = sorted(found.copies.all(), key=lambda c: (c.document.number, c.number))
    label = _("Loss report %(n)s: %(copies)s") % {
        "n": found.pk,
        "copies": "、".join(f"{c.document.number} {copy_number(c)}" for c in copies),
    }
    url = reverse("losses") if allows("lifecycle", actor) else "#"
    return Subject(label, max((c.document.level for c in copies), default=None), url)
