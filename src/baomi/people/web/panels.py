"""The people's panels on other pages: a person's cooling-off period (PPL-EXIT) on their
page in the organisation, while it lasts; the self-checks (PPL-SELFCHECK) on the home pages:
a cleared person's own still owed (this month's, the last missed month), their department's
missing ones to a department's security officer, their number to the security office."""

from __future__ import annotations

from typing import Any

from baomi.core.levels import Clearance
from baomi.people.queries import cooling_off as cooling_queries
from baomi.people.queries import roster
from baomi.people.queries import self_checks as queries


def cooling_off(actor: Any, person: Any) -> dict[str, Any] | None:
    """The person's cooling-off period while it lasts, with its restrictions and the days
    left (flagged within REMIND_DAYS of its end), to those who may know it (PPL-EXIT)."""
    found = cooling_queries.lasting(actor, person.pk)
    if found is None:
        return None
    left = cooling_queries.days_left(found)
    return {
        "cooling_off": found,
        "restrictions": cooling_queries.RESTRICTIONS,
        "days_left": left,
        "ending_soon": left <= cooling_queries.REMIND_DAYS,
    }


def exit_case(actor: Any, person: Any) -> dict[str, Any] | None:
    """On a person's page, to the security office (PPL-EXIT): their open exit case with its
    next step, or the form opening one for a cleared person in post; their closed cases."""
    from baomi.core.levels import Clearance
    from baomi.people.queries import exit as exit_queries
    from baomi.people.web.exit import OpenCaseForm

    if not exit_queries.keeps_files(actor):
        return None
    cases = list(exit_queries.exit_cases(actor).filter(person_id=person.pk)[:5])
    current = next((c for c in cases if c.closed_at is None), None)
    opens = current is None and person.is_active and person.clearance != Clearance.NONE
    if not cases and not opens:
        return None
    return {
        "person": person,
        "current": current,
        "next_step": exit_queries.checklist(actor, current.pk).next_step if current else None,
        "closed": [c for c in cases if c.closed_at is not None],
        "form": OpenCaseForm(auto_id="exit-%s") if opens else None,
    }


def self_check(actor: Any) -> dict[str, Any] | None:
    """This month's self-check as a form, every answer yes to begin with, and the last missed
    month when one is still owed (PPL-SELFCHECK); None once nothing is owed."""
    first = queries.month_of()
    owed = _owed(actor)
    if not owed:
        return None
    current = next((o for o in owed if o.month == first), None)
    missed = next((o.month for o in owed if o.month < first), None)
    return {
        "items": queries.checklist(actor.person.organisation_id),
        "month": current.month if current else missed,
        "due": current.due if current else None,
        "missed": missed,
    }


def _owed(actor: Any) -> list[Any]:
    """The self-checks the actor owes and has not filed (this month's, the last missed
    month), after ``self_check_due``."""
    if not queries.self_check_due(actor):
        return []
    return [o for o in queries.my_owed(actor) if not o.filed]


def self_check_count(actor: Any) -> int:
    return len(_owed(actor))


def department_self_checks(actor: Any) -> dict[str, Any] | None:
    """A department security officer's home: the cleared people of their department who have
    not filed this month's self-check (PPL-SELFCHECK), with their number."""
    missing = roster.department_self_checks(actor)
    if not missing:
        return None
    return {"missing": missing, "month": queries.month_of()}


def office_self_checks(actor: Any) -> dict[str, Any] | None:
    """The security office's home: how many cleared people have not filed this month's
    self-check (PPL-SELFCHECK), leading to the people list so filtered."""
    missing = roster.missing_self_checks(actor)
    if not missing:
        return None
    return {"missing": missing, "month": queries.month_of()}


def person_self_checks(actor: Any, person: Any) -> dict[str, Any] | None:
    """On a cleared person's page, to the security office: their last twelve self-checks and
    the last missed month still owed (PPL-SELFCHECK)."""
    checks = queries.person_self_checks(actor, person.pk)
    if checks is None or (person.clearance == Clearance.NONE and not checks):
        return None
    first = queries.month_of()
    owed = [o for o in queries.owed(person.organisation_id, person_ids=[person.pk]) if not o.filed]
    return {
        "checks": checks,
        "this_month": next((o.month for o in owed if o.month == first), None),
        "missed": next((o.month for o in owed if o.month < first), None),
    }
