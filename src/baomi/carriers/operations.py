"""Every change to documents. (The copies and registers of RULES.md §2–6 come with them.)"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.mac import can_know, knower
from baomi.access.roles import Permission, require
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Document
from baomi.carriers.queries import lock_document
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.org.models import Department, Person, Rank
from baomi.rulebook import book

REGISTERED = register_action("carriers.document_registered", gettext_lazy("Document registered"))
SCOPE_WIDENED = register_action("carriers.scope_widened", gettext_lazy("Knowledge scope widened"))

_TERM_PARAM = {
    Level.TOP_SECRET: "max_years_top_secret",
    Level.SECRET: "max_years_secret",
    Level.CONFIDENTIAL: "max_years_confidential",
}
_FLOOR_PARAM = {
    Level.TOP_SECRET: "floor_top_secret",
    Level.SECRET: "floor_secret",
    Level.CONFIDENTIAL: "floor_confidential",
}


def _level(value: Any) -> Level:
    """CLS-MARK: an item without a valid level cannot be registered."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in Level.values:
        raise RuleViolation("CLS-MARK", _("Every controlled item must carry its level."))
    return Level(value)


def _term(org: int, level: Level, term_years: int | None) -> int | None:
    """CLS-MARK + CLS-TERM: a classified item carries a protection term within the maximum."""
    if not level.is_classified:
        return None
    if not term_years or term_years < 1:
        raise RuleViolation("CLS-MARK", _("A classified item must carry its protection term."))
    limit = book.param(org, "CLS-TERM", _TERM_PARAM[level])
    if term_years > limit:
        raise RuleViolation(
            "CLS-TERM",
            _("The protection term of a %(level)s item is at most %(n)d years.")
            % {"level": level.label, "n": limit},
        )
    return term_years


def default_rank_floor(org: int, level: Level) -> Rank | None:
    """CLS-SCOPE-RANK: the rank floor an item of ``level`` gets by default."""
    if level not in _FLOOR_PARAM:
        return None
    key = book.param(org, "CLS-SCOPE-RANK", _FLOOR_PARAM[level])
    rank = Rank.objects.filter(organisation_id=org, key=key).first()
    if rank is None:
        raise RuleViolation(
            "CLS-SCOPE-RANK",
            _("The rulebook names a rank %(key)s that does not exist.") % {"key": key},
        )
    return rank


def _cleared(people: list[Person], level: Level) -> None:
    """Only people cleared for the level may be named in its scope (CLS-MAC)."""
    for person in people:
        if person.clearance < level or not person.is_active:
            raise RuleViolation(
                "CLS-MAC",
                _("%(name)s is not cleared for %(level)s items.")
                % {"name": person.name, "level": level.label},
            )


@operation
def register_document(
    *,
    actor: Any,
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
    me = knower(actor)
    if me is None:  # an account whose person has left knows nothing (CLS-MAC)
        raise AccessDenied(_("Your role does not permit this operation."))
    org = me.organisation_id
    lvl = _level(level)
    if lvl > me.clearance:
        raise RuleViolation(
            "CLS-MAC", _("You are not cleared for %(level)s items.") % {"level": lvl.label}
        )
    term = _term(org, lvl, term_years)
    if not number.strip() or not title.strip():
        raise InvalidInput(_("Number and title are required."), field="title")
    named = list(Person.objects.filter(organisation_id=org, pk__in=named_people_ids or []))
    if len(named) != len(set(named_people_ids or [])):
        raise NotFound(_("No such person."))
    issued_by = (
        Person.objects.filter(organisation_id=org, pk=issued_by_id).first()
        if issued_by_id
        else None
    )
    if issued_by_id and issued_by is None:
        raise NotFound(_("No such person."))
    _cleared(named + ([issued_by] if issued_by else []), lvl)
    departments = list(Department.objects.filter(organisation_id=org, pk__in=department_ids or []))
    if len(departments) != len(set(department_ids or [])):
        raise NotFound(_("No such department."))
    doc = Document.objects.create(
        organisation_id=org,
        level=lvl,
        term_years=term,
        scope_all=not lvl.is_classified,
        scope_rank_floor=default_rank_floor(org, lvl),
        number=number.strip(),
        title=title.strip(),
        issuer=issuer.strip(),
        issued_by=issued_by,
        registered_by=actor,
        registered_at=timezone.now(),
    )
    doc.scope_people.set({me, *named, *([issued_by] if issued_by else [])})
    doc.scope_departments.set(departments)
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=doc,
        data={
            "level": int(lvl),
            "term_years": term,
            "named": sorted(p.pk for p in named),
            "departments": sorted(d.pk for d in departments),
        },
    )
    return doc


def _widening(actor: Any, document_id: int, person_id: int) -> tuple[Document, Person]:
    require(actor, Permission.CHANGE_SCOPE)
    doc = lock_document(actor, document_id)
    person = Person.objects.filter(organisation_id=doc.organisation_id, pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person."))
    _cleared([person], Level(doc.level))
    if can_know(person, doc):
        raise RuleViolation("CLS-NO-WIDEN", _("The person already knows this item."), conflict=True)
    return doc, person


@operation
def request_scope_widening(
    *, actor: Any, document_id: int, person_id: int, reason: str = ""
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
def widen_scope(*, actor: Any, document_id: int, person_id: int) -> Document:
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
