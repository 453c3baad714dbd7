"""The rule a copy away from its custodian is due back under, named wherever a copy is flagged
due or overdue (the desk, the registers of custody, the API), as the deadline providers read it
(``carriers.deadlines``): with a reader, CIRC-SAMEDAY at or above ``CIRC-SAMEDAY.min_level`` and
CIRC-NO-KEEP below it; on loan, LOAN-DUE; taken out, CARRY-APPROVE; at an outside meeting,
CIRC-MEETING-RETURN."""

from __future__ import annotations

from django.db.models import Case, CharField, Value, When

from baomi.carriers.models import CopyState, Custody, CustodyKind
from baomi.rulebook import book

SAME_DAY, NOT_KEPT = "CIRC-SAMEDAY", "CIRC-NO-KEEP"
# Away other than with a reader: the rule by the copy's state, and by the custody's kind.
BY_STATE = {
    CopyState.ON_LOAN: "LOAN-DUE",
    CopyState.TAKEN_OUT: "CARRY-APPROVE",
    CopyState.AT_MEETING: "CIRC-MEETING-RETURN",
}
BY_KIND = {
    CustodyKind.LOAN: "LOAN-DUE",
    CustodyKind.TAKE_OUT: "CARRY-APPROVE",
    CustodyKind.MEETING: "CIRC-MEETING-RETURN",
}


def same_day_level(organisation_id: int | None) -> int:
    """The lowest level read the same day (``CIRC-SAMEDAY.min_level``)."""
    return book.param(organisation_id, SAME_DAY, "min_level")


def custody_rule(custody: Custody) -> str:
    """The rule the copy of ``custody`` was due back under."""
    if custody.kind == CustodyKind.CIRCULATION:
        level = same_day_level(custody.organisation_id)
        return SAME_DAY if custody.copy.document.level >= level else NOT_KEPT
    return BY_KIND[custody.kind]


def copy_rule(organisation_id: int | None) -> Case:
    """The rule each copy is due back under, as an expression on copies of the organisation
    (``annotate(due_rule=copy_rule(org))``); null for a copy with its custodian or gone."""
    return copy_rule_from(same_day_level(organisation_id))


def copy_rule_from(level: int) -> Case:
    """``copy_rule`` with CIRC-SAMEDAY from ``level`` (the organisation's ``min_level``)."""
    return Case(
        When(state=CopyState.CIRCULATING, document__level__gte=level, then=Value(SAME_DAY)),
        When(state=CopyState.CIRCULATING, then=Value(NOT_KEPT)),
        *(When(state=state, then=Value(rule)) for state, rule in BY_STATE.items()),
        default=Value(None),
        output_field=CharField(),
    )
