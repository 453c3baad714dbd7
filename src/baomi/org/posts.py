"""Who may be named in an operation: a person of the organisation, and a person still in post.
Helpers the domains' operations call inside their own transaction (not operations)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput, NotFound
from baomi.org.models import Person
from baomi.rulebook import book


def person_in(org: int | None, person_id: Any) -> Person:
    """An active or former person of the organisation (their department and rank loaded), or
    "not found" (no such person, or one of another organisation)."""
    person = (
        Person.objects.select_related("department", "rank")
        .filter(organisation_id=org, pk=person_id)
        .first()
        if person_id
        else None
    )
    if person is None:
        raise NotFound(_("No such person."))
    return person


def person_in_post(
    org: int | None,
    person_id: Any,
    *,
    rule_id: str | None = None,
    field: str | None = None,
    left: str | None = None,
) -> Person:
    """A person of the organisation in post, or refuse: "not found" as ``person_in``; a
    former person under ``rule_id`` (a refusal of that rule, as the carriers' operations
    name it) or, without a rule, as invalid input in ``field`` (as the equipment ledger's
    pages and API name it). ``left`` says why a former one is refused (default: that they
    have left); it holds ``%(name)s``."""
    person = person_in(org, person_id)
    message = (left or _("%(name)s has left.")) % {"name": person.name}
    if rule_id is not None:
        book.require(org, rule_id, person.is_active, message)
    elif not person.is_active:
        raise InvalidInput(message, field=field or "")
    return person


def not_on_probation(org: int | None, person: Person, classified: bool) -> None:
    """PPL-PROBATION: a probationary (未转正) person may not carry, take out, courier or
    borrow a classified item; the refusal names them."""
    book.require(
        org,
        "PPL-PROBATION",
        not (classified and person.on_probation),
        _("%(name)s is on probation and may not carry or borrow classified items.")
        % {"name": person.name},
    )
