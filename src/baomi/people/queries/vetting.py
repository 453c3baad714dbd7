"""Reads of the vettings and the clearance history of a person's file (PPL-VET), through the
policies (the office's organisation, anyone else their own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.org.models import Person
from baomi.people.models import (
    ClearanceChange,
    DocumentKind,
    SignedDocument,
    Vetting,
    VettingResult,
)
from baomi.people.policies import CLEARANCE_CHANGES, VETTINGS

# The items a vetting checks (key, text of the paper form 上岗前资格审查表), in order: kept as
# data, the answers of a vetting are keyed by them.
VETTING_ITEMS: tuple[tuple[str, str], ...] = (
    ("political", "政治审查"),
    ("conduct", "现实表现"),
    ("relations", "社会关系"),
    ("knowledge", "保密知识考核"),
    ("personal_matters", "个人重大事项"),
    ("foreign_ties", "境外关系"),
)
ITEM_KEYS = tuple(key for key, _text in VETTING_ITEMS)


def vettings_of(actor: Actor, person_id: int) -> QuerySet[Vetting]:
    """A person's vettings, newest first."""
    return VETTINGS.known(actor).filter(person_id=person_id).select_related("reviewer", "post")


def item_lines(vetting: Vetting) -> list[dict[str, Any]]:
    """The vetting's items in the checklist's order: key, text, ok, note."""
    return [
        {"key": key, "text": text, **vetting.items.get(key, {"ok": None, "note": ""})}
        for key, text in VETTING_ITEMS
    ]


def clearance_history(actor: Actor, person_id: int) -> QuerySet[ClearanceChange]:
    """A person's clearance changes, newest first."""
    return CLEARANCE_CHANGES.known(actor).filter(person_id=person_id).select_related("changed_by")


# The papers PPL-VET asks for beside a passed vetting: either of the two.
AGREEMENT_KINDS = (DocumentKind.AGREEMENT, DocumentKind.RESPONSIBILITY)


def missing(person: Person) -> list[str]:
    """What PPL-VET still lacks for ``person``: "no passed vetting" when their latest vetting
    did not pass (or there is none), "no signed confidentiality agreement or responsibility
    letter" when they signed neither; empty when both are there."""
    gaps = []
    latest = Vetting.objects.filter(person=person).order_by("-reviewed_on", "-pk").first()
    if latest is None or latest.result != VettingResult.PASSED:
        gaps.append(_("no passed vetting"))
    if not SignedDocument.objects.filter(person=person, kind__in=AGREEMENT_KINDS).exists():
        gaps.append(_("no signed confidentiality agreement or responsibility letter"))
    return gaps
