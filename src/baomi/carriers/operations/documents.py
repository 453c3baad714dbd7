"""Registering a document and widening its scope (CLS-MARK, CLS-SCOPE-RANK, CLS-NO-WIDEN)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import can_know
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Document
from baomi.carriers.operations._common import create_document, me, require_cleared
from baomi.carriers.queries import lock_document
from baomi.core.errors import NotFound
from baomi.core.levels import Level
from baomi.org.models import Person
from baomi.rulebook import book

REGISTERED = register_action("carriers.document_registered", gettext_lazy("Document registered"))
SCOPE_WIDENED = register_action("carriers.scope_widened", gettext_lazy("Knowledge scope widened"))


@operation
def register_document(
    *,
    actor: Actor,
    number: str,
    title: str,
    level: Any,
    term_years: int | None = None,
    issuer: str = "",
    issued_by_id: int | None = None,
    named_people_ids: list[int] | None = None,
    department_ids: list[int] | None = None,
) -> Document:
    """Register a document with its level, term and scope (CLS-MARK, CLS-SCOPE-RANK).

    The scope defaults to the rank floor of its level plus the people named as directly
    related (the registering person among them); INTERNAL and PUBLIC items to everyone."""
    require(actor, Permission.REGISTER_ITEMS)
    doc = create_document(
        actor,
        me(actor),
        number=number,
        title=title,
        level=level,
        term_years=term_years,
        issuer=issuer,
        issued_by_id=issued_by_id,
        named_people_ids=named_people_ids,
        department_ids=department_ids,
    )
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=doc,
        data={
            "level": doc.level,
            "term_years": doc.term_years,
            "named": sorted(named_people_ids or []),
            "departments": sorted(department_ids or []),
        },
    )
    return doc


def _widening(actor: Actor, document_id: int, person_id: int) -> tuple[Document, Person]:
    require(actor, Permission.CHANGE_SCOPE)
    doc = lock_document(actor, document_id)
    person = Person.objects.filter(organisation_id=doc.organisation_id, pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person."))
    require_cleared([person], Level(doc.level))
    book.require(
        doc.organisation_id,
        "CLS-NO-WIDEN",
        not can_know(person, doc),
        _("The person already knows this item."),
        conflict=True,
    )
    return doc, person


@operation
def request_scope_widening(
    *, actor: Actor, document_id: int, person_id: int, reason: str = ""
) -> ApprovalRequest:
    """Ask the issuer to approve adding a person to a document's scope (CLS-NO-WIDEN)."""
    doc, person = _widening(actor, document_id, person_id)
    issuer = {"issuer": doc.issued_by} if doc.issued_by else {}
    return open_request(
        actor=actor,
        rule_id="CLS-NO-WIDEN",
        operation_name="widen_scope",
        subject=("carriers.document", doc.pk),
        params={"person_id": person.pk},
        reason=reason,
        explicit_approvers=issuer,
    )


@operation
def widen_scope(*, actor: Actor, document_id: int, person_id: int) -> Document:
    """Add a cleared person to a document's scope as a named person: an audited change that
    needs the issuer's approval at or above CLS-NO-WIDEN.min_level (TOP_SECRET by default)."""
    doc, person = _widening(actor, document_id, person_id)
    if doc.level >= book.param(doc.organisation_id, "CLS-NO-WIDEN", "min_level"):
        consume_approval(
            actor=actor,
            rule_id="CLS-NO-WIDEN",
            operation_name="widen_scope",
            subject=("carriers.document", doc.pk),
            params={"person_id": person.pk},
        )
    doc.scope_people.add(person)
    record_event(
        actor=actor,
        action=SCOPE_WIDENED,
        subject=doc,
        data={"person_id": person.pk, "rule": "CLS-NO-WIDEN"},
    )
    return doc
