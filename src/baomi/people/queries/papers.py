"""Reads of the papers a person signed (PPL-VET, PPL-EXIT), through the policy (the office's
organisation, anyone else their own). The lists never load the scans; ``scan`` loads one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.core.errors import NotFound
from baomi.people.models import SignedDocument
from baomi.people.policies import SIGNED_DOCUMENTS


def papers_of(actor: Actor, person_id: int) -> QuerySet[SignedDocument]:
    """A person's signed papers, newest first, without the scans' bytes."""
    return SIGNED_DOCUMENTS.known(actor).filter(person_id=person_id).defer("scan")


def scan(actor: Actor, paper_id: int) -> SignedDocument:
    """One signed paper with its scan, for those who may know it; NotFound when there is no
    such paper, it has no scan, or the actor may not know it."""
    found = SIGNED_DOCUMENTS.known(actor).filter(pk=paper_id, scan__isnull=False).first()
    if found is None:
        raise NotFound(_("No such scanned paper."))
    return found
