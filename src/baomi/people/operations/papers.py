"""The papers a person signs for their security file (PPL-VET): the confidentiality agreement
(保密协议) and the responsibility letter of a cleared person (涉密人员保密责任书), each with
the day of signing, the version of the text and the scanned paper or where the paper is kept
(checked by ``_papers.paper_fields``).

The commitment letter on leaving (保密承诺书, PPL-EXIT) is recorded through the exit case,
never here: ``record_paper`` refuses the kind ``commitment`` (field ``kind``). Nobody records
their own paper (ROLE-SEPARATION)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput
from baomi.org.operations import refuse_oneself
from baomi.people.models import DocumentKind, SignedDocument
from baomi.people.operations._papers import paper_fields
from baomi.people.operations.vetting import person_of

PAPER_RECORDED = register_action("people.paper_recorded", gettext_lazy("Signed paper recorded"))

# The kinds recorded here (the commitment letter is the exit case's).
KINDS = (DocumentKind.AGREEMENT, DocumentKind.RESPONSIBILITY)


@operation
def record_paper(
    *,
    actor: Actor | None,
    person_id: int,
    kind: str,
    signed_on: datetime.date,
    version: str,
    scan: bytes | None = None,
    scan_name: str | None = None,
    kept_in: str = "",
) -> SignedDocument:
    """Record a paper ``person_id`` signed (PPL-VET): the security office only, never one's
    own; kind ``agreement`` or ``responsibility``."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    person = person_of(actor, person_id)
    refuse_oneself(actor, person.pk, _("Nobody records their own signed paper."))
    if kind not in KINDS:
        raise InvalidInput(
            _(
                "Record a confidentiality agreement or a responsibility letter here; the "
                "commitment letter on leaving is recorded with the exit case."
            ),
            field="kind",
        )
    fields: dict[str, Any] = paper_fields(
        signed_on=signed_on, version=version, scan=scan, scan_name=scan_name, kept_in=kept_in
    )
    paper = SignedDocument.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        kind=kind,
        recorded_by_id=actor.person_id if actor is not None else None,
        **fields,
    )
    record_event(
        actor=actor,
        action=PAPER_RECORDED,
        subject=paper,
        organisation_id=person.organisation_id,
        data={
            "rule": "PPL-VET",
            "person": person.pk,
            "kind": kind,
            "signed_on": paper.signed_on.isoformat(),
            "scan": paper.scan is not None,
        },
    )
    return paper
