"""Assessments, commendations and penalties (RESP-ASSESS): the security office keeps the score
sheet (its own, or the default one), assesses each department against its letter for a month
or a year (each item's score within its points, one assessment per department and period, the
total computed), and records a commendation or a penalty of a person or a department — never
of itself (ROLE-SEPARATION)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.org.models import Department, Organisation, Person
from baomi.org.operations import refuse_oneself
from baomi.people.models import (
    Assessment,
    AssessmentItem,
    AssessmentPeriod,
    Merit,
    MeritKind,
)
from baomi.people.operations.letters import bounded_text
from baomi.people.policies import OFFICE
from baomi.people.queries.assessment import period_start, score_sheet
from baomi.rulebook import book

SHEET_SAVED = register_action("people.assessment_sheet_saved", gettext_lazy("Score sheet saved"))
ASSESSED = register_action("people.department_assessed", gettext_lazy("Department assessed"))
MERIT_RECORDED = register_action(
    "people.merit_recorded", gettext_lazy("Commendation or penalty recorded")
)

MAX_ITEMS, MAX_POINTS = 30, 100
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
NOTE_LENGTH, REASON_LENGTH = 1000, 1000
EARLIEST = datetime.date(2000, 1, 1)


def _sheet(items: Any) -> list[dict[str, Any]]:
    """The items of a score sheet, checked: 1–30 of them, each a unique key (lower-case
    letters, digits, - and _), a text and 1–100 points."""
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
        raise InvalidInput(
            _("A score sheet holds 1 to %(n)d items.") % {"n": MAX_ITEMS}, field="items"
        )
    clean, keys = [], set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(_("Item %(n)d is not an item.") % {"n": n}, field="items")
        key = item.get("key")
        if not isinstance(key, str) or not KEY.match(key) or key in keys:
            raise InvalidInput(
                _("Item %(n)d needs a key of its own (a-z, 0-9, - and _).") % {"n": n},
                field="items",
            )
        keys.add(key)
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
            raise InvalidInput(
                _("Item %(n)d gives 1 to %(max)d points.") % {"n": n, "max": MAX_POINTS},
                field="items",
            )
        text = bounded_text(item.get("text"), "items", 300, multiline=False)
        clean.append({"key": key, "text": text, "points": points})
    return clean


@operation
def save_sheet(*, actor: Actor, items: Any) -> list[AssessmentItem]:
    """The security office replaces its organisation's score sheet with ``items`` (RESP-ASSESS);
    assessments made already keep their scores and their total out of the old sheet."""
    require(actor, OFFICE)
    clean = _sheet(items)
    organisation_id = actor_organisation_id(actor)
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()
    AssessmentItem.objects.filter(organisation_id=organisation_id).delete()
    saved = AssessmentItem.objects.bulk_create(
        AssessmentItem(organisation_id=organisation_id, position=n, **item)
        for n, item in enumerate(clean)
    )
    record_event(
        actor=actor,
        action=SHEET_SAVED,
        organisation_id=organisation_id,
        data={
            "rule": "RESP-ASSESS",
            "items": len(saved),
            "out_of": sum(i["points"] for i in clean),
        },
    )
    return saved


def _department(actor: Actor, department_id: Any, *, lock: bool = False) -> Department:
    found = Department.objects.filter(
        pk=department_id, organisation_id=actor_organisation_id(actor)
    )
    if lock:
        found = found.select_for_update()
    department = found.first() if isinstance(department_id, int) else None
    if department is None:
        raise NotFound(_("No such department."))
    return department


def _scores(organisation_id: int, scores: Any) -> tuple[dict[str, int], int, int]:
    """Each item's score, within its points, for every item of the sheet and only those."""
    sheet = score_sheet(organisation_id)
    if not isinstance(scores, dict):
        raise InvalidInput(_("The scores map each item to its points."), field="scores")
    keys = [item.key for item in sheet]
    strays = [key for key in keys if key not in scores] + [k for k in scores if k not in keys]
    if strays:
        raise InvalidInput(
            _("Score every item of the sheet, and only those: %(keys)s.")
            % {"keys": ", ".join(map(str, strays))},
            field="scores",
        )
    clean = {}
    for item in sheet:
        value = scores[item.key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= item.points:
            raise InvalidInput(
                _("%(item)s scores 0 to %(points)d.") % {"item": item.text, "points": item.points},
                field="scores",
            )
        clean[item.key] = value
    return clean, sum(clean.values()), sum(item.points for item in sheet)


@operation
def assess_department(
    *,
    actor: Actor,
    department_id: int,
    period: str,
    starts: datetime.date,
    scores: Any,
    note: str = "",
) -> Assessment:
    """The security office assesses a department for the month or the year that ``starts``
    falls in (RESP-ASSESS): every item of the sheet scored within its points, the total
    computed, once per department and period (a second is a conflict), not for a period to
    come."""
    require(actor, OFFICE)
    if period not in AssessmentPeriod.values:
        raise InvalidInput(_("The period is a month or a year."), field="period")
    if not isinstance(starts, datetime.date) or starts < EARLIEST:
        raise InvalidInput(_("Give a day of the period assessed."), field="starts")
    starts = period_start(period, starts)
    if starts > timezone.localdate():
        raise InvalidInput(_("A period to come cannot be assessed."), field="starts")
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > NOTE_LENGTH:
        raise InvalidInput(
            _("%(field)s holds at most %(n)d characters.") % {"field": "note", "n": NOTE_LENGTH},
            field="note",
        )
    if note:
        note = bounded_text(note, "note", NOTE_LENGTH, multiline=True)
    department = _department(actor, department_id, lock=True)
    clean, total, out_of = _scores(department.organisation_id, scores)
    book.require(
        department.organisation_id,
        "RESP-ASSESS",
        not Assessment.objects.filter(department=department, period=period, starts=starts).exists(),
        _("This department is assessed for this period already."),
        conflict=True,
    )
    assessment = Assessment.objects.create(
        organisation_id=department.organisation_id,
        department=department,
        period=period,
        starts=starts,
        scores=clean,
        total=total,
        out_of=out_of,
        note=note,
        assessor=actor.person,
    )
    record_event(
        actor=actor,
        action=ASSESSED,
        subject=assessment,
        organisation_id=department.organisation_id,
        data={
            "rule": "RESP-ASSESS",
            "department_id": department.pk,
            "period": period,
            "starts": starts.isoformat(),
            "total": total,
            "out_of": out_of,
        },
    )
    return assessment


@operation
def record_merit(
    *,
    actor: Actor,
    kind: str,
    given_on: datetime.date,
    reason: str,
    person_id: int | None = None,
    department_id: int | None = None,
) -> Merit:
    """The security office records a commendation or a penalty (RESP-ASSESS) of one person
    or one department of its organisation — never of its own person (ROLE-SEPARATION)."""
    require(actor, OFFICE)
    if kind not in MeritKind.values:
        raise InvalidInput(_("The kind is a commendation or a penalty."), field="kind")
    if (person_id is None) == (department_id is None):
        raise InvalidInput(_("Name a person or a department, not both."), field="person_id")
    if not isinstance(given_on, datetime.date) or not EARLIEST <= given_on <= timezone.localdate():
        raise InvalidInput(_("The date lies between 2000-01-01 and today."), field="given_on")
    reason = bounded_text(reason, "reason", REASON_LENGTH, multiline=True)
    organisation_id = actor_organisation_id(actor)
    person = department = None
    if person_id is not None:
        person = Person.objects.filter(pk=person_id, organisation_id=organisation_id).first()
        if person is None:
            raise NotFound(_("No such person."))
        refuse_oneself(actor, person.pk, _("Nobody records their own commendation or penalty."))
    else:
        department = _department(actor, department_id)
    merit = Merit.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        person=person,
        department=department,
        given_on=given_on,
        reason=reason,
        recorded_by=actor.person,
    )
    record_event(
        actor=actor,
        action=MERIT_RECORDED,
        subject=merit,
        organisation_id=organisation_id,
        data={
            "rule": "RESP-ASSESS",
            "kind": kind,
            "person_id": person_id,
            "department_id": department_id,
            "given_on": given_on.isoformat(),
        },
    )
    return merit
