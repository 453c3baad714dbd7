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

from baomi.access.mac import knower
from baomi.carriers import queries as carriers
from baomi.carriers.models import ArchiveAccess
from baomi.carriers.queries.copies import known_copies
from baomi.devices.queries import ledger as devices
from baomi.org import queries as org_queries
from baomi.web.context import NAV_BY_KEY


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


def _copy(actor: Any, subject_id: str) -> Subject | None:
    if not subject_id.isdigit():
        return None
    copy = known_copies(actor).filter(pk=int(subject_id)).first()
    if copy is None:
        return None
    doc = copy.document
    return Subject(
        f"{doc.number} {doc.title} · {copy.label}", doc.level, reverse("copy_use", args=[copy.pk])
    )


def _person(actor: Any, subject_id: str) -> Subject | None:
    """A person (a hand-over's giver): their name and department, no controlled item."""
    if not subject_id.isdigit():
        return None
    found = org_queries.people(actor).filter(pk=int(subject_id)).first()
    if found is None:
        return None
    opens = NAV_BY_KEY["people"].allows(actor)
    url = reverse("handover_start", args=[found.pk]) if opens else "#"
    return Subject(f"{found.name} · {found.department.name}", None, url)


def _archive_access(actor: Any, subject_id: str) -> Subject | None:
    """An archive consultation, told only to someone who may know every document in it."""
    person = knower(actor)
    if person is None or not subject_id.isdigit():
        return None
    access = ArchiveAccess.objects.filter(
        pk=int(subject_id), organisation_id=person.organisation_id
    ).first()
    scope = list(access.documents.order_by("pk")) if access else []
    known = carriers.documents(actor).filter(pk__in=[d.pk for d in scope]).count()
    if not scope or known != len(scope):
        return None
    reader = access.applicant.name if access.applicant else access.outside_unit
    if NAV_BY_KEY["lifecycle"].allows(actor):
        url = reverse("archive_access", args=[access.pk])
    else:
        url = reverse("document", args=[scope[0].pk])
    numbers = "、".join(d.number for d in scope)
    return Subject(f"{reader}: {numbers}", max(d.level for d in scope), url)


def _asset(actor: Any, subject_id: str) -> Subject | None:
    """An asset of the equipment ledger (a repair, a loan, a disposal, a sanitising, a
    standalone use): its number, type and custodian, for its keepers and its approvers."""
    if not subject_id.isdigit():
        return None
    found = devices.asked_about(actor, int(subject_id))
    if found is None:
        return None
    keeper = found.custodian.name if found.custodian else "—"
    opens = NAV_BY_KEY["devices"].allows(actor)
    url = reverse("asset", args=[found.pk]) if opens else "#"
    return Subject(f"{found.number} {found.get_type_display()} · {keeper}", found.level, url)


DESCRIBERS: dict[str, Callable[[Any, str], Subject | None]] = {
    "carriers.document": _document,
    "carriers.copy": _copy,
    "org.person": _person,
    "carriers.archiveaccess": _archive_access,
    "devices.asset": _asset,
}

# The operation_name of each approval (baomi.carriers and baomi.devices operations), as a
# reader sees it.
OPERATIONS = {
    "widen_scope": _("Widen the knowledge scope"),
    "sign_off": _("Review and sign off a draft"),
    "print_run": _("Print a document"),
    "print_outside": _("Print outside the general office"),
    "reproduce": _("Reproduce a copy"),
    "lend": _("Lend a copy"),
    "take_out": _("Take a copy out of the office"),
    "read_archives": _("Consult archives"),
    "destroy": _("Destroy copies"),
    "hand_over": _("Hand over what a person holds"),
    "reclassify": _("Change a classification"),
    "sanitise": _("Sanitise a medium that held classified data"),
    "repair": _("Send equipment to repair"),
    "lend_asset": _("Lend equipment outside"),
    "dispose_assets": _("Scrap or destroy equipment"),
    "standalone": _("Process classified data on a standalone computer"),
}


def describe(actor: Any, subject_type: str, subject_id: str) -> Subject | None:
    """The subject as ``actor`` may see it, or None when they may not know it."""
    describer = DESCRIBERS.get(subject_type)
    return describer(actor, subject_id) if describer else None


def operation_label(name: str) -> Any:
    return OPERATIONS.get(name, name)
