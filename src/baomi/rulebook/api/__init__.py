"""JSON routes of the rulebook: every rule with this organisation's settings, and changing one
(security officer only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from baomi.access.roles import actor_organisation_id
from baomi.core.inputs import Line
from baomi.rulebook import book, operations

router = Router(tags=["rulebook"])


class ParamOut(Schema):
    name: str
    type: str
    default: Any
    value: Any
    stricter: str
    floor: Any = Field(
        description="The least strict value the regulation allows (null: it sets none, the "
        "bounds apply); for approvers, each must be there or stood in for by a more senior one"
    )
    minimum: int | None
    maximum: int | None
    choices: list[str] = Field(description="The values a list of approvers may name")
    help_zh: str
    help_en: str


class RuleOut(Schema):
    id: str
    section: int
    kinds: list[str]
    source: str
    title_zh: str
    title_en: str
    text_zh: str
    text_en: str
    enforced: bool
    switchable: bool
    in_force: bool
    overridden: bool
    params: list[ParamOut]


class RuleIn(Schema):
    enabled: bool = True
    params: dict[str, Any] = {}


@router.get("", response=list[RuleOut])
def list_rules(request: HttpRequest) -> Any:
    """Every rule of the rulebook in its Chinese and English text, with the caller's
    organisation's effective parameters; ``enforced`` says whether baomi enforces it yet,
    ``switchable`` whether an organisation may switch it off, ``in_force`` whether the
    organisation has it switched on. Readable by everyone."""
    return [book.as_record(r) for r in book.rulebook(actor_organisation_id(request.auth))]


@router.put("/{rule_id}", response=RuleOut)
def set_rule(request: HttpRequest, rule_id: Line, payload: RuleIn) -> Any:
    """Set the organisation's own version of a rule (security officer only): a rule that is
    not ``switchable`` cannot be switched off and a BLOCK rule's parameters may only be made
    stricter (403, ``rule`` = the rule's ID). Answers the rule as now in force."""
    operations.set_rule(
        actor=request.auth, rule_id=rule_id, enabled=payload.enabled, params=payload.params
    )
    return book.as_record(book.effective(actor_organisation_id(request.auth), rule_id))


# Mounted by baomi.api under /api/v1.
ROUTERS = [("/rules", router)]
