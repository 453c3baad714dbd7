"""DESTROY-WITNESS, written once for everything destroyed (classified copies, equipment): the
operator and at least ``min_witnesses`` distinct people in post other than the operator
supervise, and their names are recorded; each witness then signs once (``check_signer``).
Helpers the destroying and signing operations call inside their own transaction (not
operations)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from baomi.org.models import Person
from baomi.org.posts import person_in_post
from baomi.rulebook import book

RULE = "DESTROY-WITNESS"


def supervised(
    org: int | None,
    operator_id: Any,
    witness_ids: Any,
    *,
    fields: tuple[str, str] | None = None,
) -> tuple[Person, list[Person]]:
    """The operator and the witnesses (each named once, by primary key) of a destruction in
    the organisation, or refuse under DESTROY-WITNESS: the operator among the witnesses, or
    fewer witnesses than the rule's ``min_witnesses``. Someone unknown is "not found"; a former
    person is refused under DESTROY-WITNESS, or, given ``fields`` (the operator's field, the
    witnesses' field), as invalid input in that field."""
    operator_field, witness_field = fields or (None, None)
    rule_id = None if fields else RULE
    operator = person_in_post(org, operator_id, rule_id=rule_id, field=operator_field)
    witnesses = [
        person_in_post(org, pk, rule_id=rule_id, field=witness_field)
        for pk in sorted(set(witness_ids or []))
    ]
    book.require(
        org,
        RULE,
        operator not in witnesses,
        _("The operator cannot supervise their own destruction."),
    )
    least = book.param(org, RULE, "min_witnesses")
    book.require(
        org,
        RULE,
        len(witnesses) >= least,
        _("At least %(n)d people supervise every destruction.") % {"n": least},
    )
    return operator, witnesses


def check_signer(
    org: int | None,
    witness_ids: Iterable[int],
    operator_id: int,
    signed_ids: Iterable[int],
    person: Person,
) -> None:
    """DESTROY-WITNESS, written once for every destruction's signatures: ``person`` signs
    under a destruction by ``operator_id`` that names ``witness_ids`` and that ``signed_ids``
    have signed, or is refused: the operator (nobody witnesses their own destruction), someone
    not named as a witness, or a witness who has signed already (a conflict)."""
    book.require(
        org,
        RULE,
        person.pk != operator_id,
        _("The operator cannot supervise their own destruction."),
    )
    book.require(
        org,
        RULE,
        person.pk in set(witness_ids),
        _("%(name)s is not named as a witness of this destruction.") % {"name": person.name},
    )
    book.require(
        org,
        RULE,
        person.pk not in set(signed_ids),
        _("%(name)s has already signed as a witness.") % {"name": person.name},
        conflict=True,
    )
