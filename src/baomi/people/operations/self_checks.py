"""The monthly self-check a cleared person files (PPL-SELFCHECK), and the organisation's own
checklist the security office keeps (``set_checklist``)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import rules
from baomi.core.errors import InvalidInput
from baomi.core.inputs import control_character
from baomi.core.levels import Clearance
from baomi.org.models import Person
from baomi.people.models import SelfCheck, SelfCheckItem
from baomi.people.queries.self_checks import checklist, month_of
from baomi.rulebook import book

SELF_CHECK_FILED = register_action(
    "people.self_check_filed", gettext_lazy("Monthly self-check filed")
)
CHECKLIST_SET = register_action(
    "people.self_check_checklist_set", gettext_lazy("Self-check checklist changed")
)
# How many items one checklist holds.
MOST_ITEMS = 30
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _answers(organisation_id: int, answers: Any) -> dict[str, dict[str, Any]]:
    """The answers to every item of the organisation's checklist, each as ``{"yes": bool,
    "note": str}``; InvalidInput naming ``answers`` when one is missing, unknown or malformed."""
    keys = [item.key for item in checklist(organisation_id)]
    if not isinstance(answers, dict):
        raise InvalidInput(_("The answers must map each item to yes or no."), field="answers")
    missing = [key for key in keys if key not in answers]
    unknown = [key for key in answers if key not in keys]
    if missing or unknown:
        raise InvalidInput(
            _("The answers must cover every item of the checklist, and only those: %(keys)s.")
            % {"keys": ", ".join(missing + unknown)},
            field="answers",
        )
    clean = {}
    for key in keys:
        answer = answers[key]
        if not (
            isinstance(answer, dict)
            and isinstance(answer.get("yes"), bool)
            and isinstance(answer.get("note", ""), str)
        ):
            raise InvalidInput(
                _("Each answer is yes or no with an optional note: %(key)s.") % {"key": key},
                field="answers",
            )
        clean[key] = {"yes": answer["yes"], "note": answer.get("note", "").strip()}
    return clean


@operation
def file_self_check(
    *,
    actor: Actor,
    answers: Any,
    month: datetime.date | None = None,
    person_id: int | None = None,
) -> SelfCheck:
    """The actor files their own self-check of ``month`` (this month) (PPL-SELFCHECK): only a
    cleared person, nobody for another (``person_id``, when given, must be their own), once a
    month, answering every item of the checklist."""
    person = actor.person
    organisation_id = person.organisation_id
    book.require(
        organisation_id,
        "PPL-SELFCHECK",
        person_id is None or person_id == person.pk,
        _("A self-check is filed by the person themselves, never for another."),
    )
    book.require(
        organisation_id,
        "PPL-SELFCHECK",
        person.clearance != Clearance.NONE,
        _("Only a cleared person files a monthly self-check."),
    )
    month = month_of(month)
    if month > month_of():
        raise InvalidInput(_("A self-check cannot be filed for a month to come."), field="month")
    clean = _answers(organisation_id, answers)
    # The person's row, locked, orders two filings of the same month (the second is refused).
    Person.objects.select_for_update().filter(pk=person.pk).first()
    filed = SelfCheck.objects.filter(person=person, month=month).exists()
    book.require(
        organisation_id,
        "PPL-SELFCHECK",
        not filed,
        _("The self-check of this month is already filed."),
        conflict=True,
    )
    check = SelfCheck.objects.create(
        organisation_id=organisation_id,
        person=person,
        month=month,
        answers=clean,
        all_clear=all(answer["yes"] for answer in clean.values()),
    )
    record_event(
        actor=actor,
        action=SELF_CHECK_FILED,
        subject=check,
        organisation_id=organisation_id,
        data={"rule": "PPL-SELFCHECK", "month": month.isoformat(), "all_clear": check.all_clear},
    )
    return check


def _items(items: Any) -> list[dict[str, str]]:
    """The checklist's items, each ``{"key", "text", "rule"}``: 1 to MOST_ITEMS, keys unique
    (lower-case letters, digits and hyphens), a text of one line up to 300 characters, the ID
    of a rule of the rulebook; InvalidInput naming ``items`` otherwise."""
    if not isinstance(items, list) or not 1 <= len(items) <= MOST_ITEMS:
        raise InvalidInput(
            _("A checklist holds 1 to %(most)s items.") % {"most": MOST_ITEMS}, field="items"
        )
    clean, keys = [], set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InvalidInput(_("Item %(n)s is not an item.") % {"n": n}, field="items")
        key, text, rule = (str(item.get(name, "")).strip() for name in ("key", "text", "rule"))
        problem = None
        if not _KEY.match(key) or key in keys:
            problem = _("Item %(n)s: a key of its own (a-z, 0-9, -).")
        elif not text or len(text) > 300 or control_character(text, multiline=False):
            problem = _("Item %(n)s: a text of one line, at most 300 characters.")
        else:
            try:
                rules.get(rule)
            except KeyError:
                problem = _("Item %(n)s: the ID of a rule of the rulebook.")
        if problem:
            raise InvalidInput(problem % {"n": n}, field="items")
        keys.add(key)
        clean.append({"key": key, "text": text, "rule": rule})
    return clean


@operation
def set_checklist(*, actor: Actor, items: Any) -> list[SelfCheckItem]:
    """The security office sets its organisation's own self-check checklist (PPL-SELFCHECK),
    in order, replacing its previous one (the default list stays for organisations that keep
    none). Self-checks already filed keep their answers; the next ones answer the new list."""
    require(actor, Permission.SET_CLEARANCE)
    organisation_id = actor.person.organisation_id
    clean = _items(items)
    SelfCheckItem.objects.filter(organisation_id=organisation_id).delete()
    made = SelfCheckItem.objects.bulk_create(
        SelfCheckItem(organisation_id=organisation_id, position=n, **item)
        for n, item in enumerate(clean, 1)
    )
    record_event(
        actor=actor,
        action=CHECKLIST_SET,
        organisation_id=organisation_id,
        data={"rule": "PPL-SELFCHECK", "keys": [item["key"] for item in clean]},
    )
    return made
