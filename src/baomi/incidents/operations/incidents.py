"""Incidents (失密、泄密、遗失、违规 — RULES.md §11 INC-RECORD; §6 LOSS-REPORT).

- Recording: the security officer (OVERSEE) records an incident — its kind, whether it is
  serious (严重: reported upward), its level (the marking of its papers), what happened, when it
  happened and was discovered, where, the people involved with their part and the copies
  involved (``record_incident``). A person who discovers a missing or leaked copy reports it
  through the carriers (``carriers.operations.loss.report_loss``), which opens an incident of
  kind loss (or leak) in the same transaction (``opened_by_loss``, registered with
  ``carriers.losses``): its reporter then knows it too.
- The office records the remedial steps taken (``record_remedies``); the report upward of a
  serious incident, to whom and what it said (``report_upward``: due within
  INC-RECORD.report_hours of the discovery — a late report is recorded as late, never
  refused); the investigation's result and the sanctions (``record_investigation``: due within
  INC-RECORD.investigate_months).
- Closing (``close_incident``) is refused (INC-RECORD) while a serious incident has no report
  upward or no investigation result; a minor one closes once its remedies are recorded.
  ``deadlines/incidents.py`` flags the reports and investigations overdue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy, LossReport
from baomi.carriers.policies import COPIES
from baomi.core.errors import Conflict, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.core.text import bounded_text, fitted_text
from baomi.incidents.models import (
    Incident,
    IncidentKind,
    IncidentPerson,
    IncidentState,
    PersonRole,
)
from baomi.incidents.queries.incidents import RULE, investigation_due, report_due
from baomi.org.models import Person
from baomi.rulebook import book

RECORDED = register_action("incidents.recorded", gettext_lazy("Incident recorded"))
OPENED_BY_LOSS = register_action(
    "incidents.opened_by_loss", gettext_lazy("Incident opened by a loss report")
)
REMEDIES = register_action("incidents.remedies", gettext_lazy("Incident remedies recorded"))
REPORTED = register_action("incidents.reported_upward", gettext_lazy("Incident reported upward"))
INVESTIGATED = register_action(
    "incidents.investigated", gettext_lazy("Incident investigation recorded")
)
CLOSED = register_action("incidents.closed", gettext_lazy("Incident closed"))

# The longest texts an incident keeps.
LONG_TEXT = 4000
# How many people and copies one incident may name.
MAX_NAMED = 100
# Whom a serious incident is reported to unless told otherwise.
SUPERIOR = "上级保密行政管理部门"


def _event(actor: Actor | None, action: str, item: Incident, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=item,
        organisation_id=item.organisation_id,
        data={"rule": RULE, "rules": [RULE], **data},
    )


def _moment(value: Any, field: str, *, required: bool = True) -> datetime.datetime | None:
    """An aware moment not in the future; None when not required and not given."""
    if value is None and not required:
        return None
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise InvalidInput(_("Give a date and time."), field=field)
    if value > timezone.now():
        raise InvalidInput(_("The moment cannot lie in the future."), field=field)
    return value


def _incident(actor: Actor, incident_id: int) -> Incident:
    """An incident of the actor's organisation, locked; NotFound for another's."""
    if not isinstance(incident_id, int):
        raise NotFound(_("No such incident."))
    found = (
        Incident.objects.select_for_update()
        .filter(pk=incident_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if found is None:
        raise NotFound(_("No such incident."))
    return found


def _people(organisation_id: int, people: Any) -> list[tuple[Person, str]]:
    """The people named, each with their part: ``[{"person_id": 1, "role": "responsible"}]``,
    people of the organisation, each once."""
    if people is None:
        return []
    if not isinstance(people, list | tuple) or len(people) > MAX_NAMED:
        raise InvalidInput(_("Give a list of people."), field="people")
    ids: list[int] = []
    roles: list[str] = []
    for entry in people:
        if not isinstance(entry, dict):
            raise InvalidInput(_("Give a list of people."), field="people")
        person_id, role = entry.get("person_id"), entry.get("role", PersonRole.INVOLVED)
        if type(person_id) is not int or role not in PersonRole.values:
            raise InvalidInput(_("Give a person and their part."), field="people")
        if person_id in ids:
            raise InvalidInput(_("A person is named twice."), field="people")
        ids.append(person_id)
        roles.append(role)
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids, organisation_id=organisation_id)}
    if len(found) != len(ids):
        raise InvalidInput(_("No such person."), field="people")
    return [(found[i], r) for i, r in zip(ids, roles, strict=True)]


def _copies(actor: Actor, copy_ids: Any) -> list[Copy]:
    """The copies named: each one the recorder may know (CLS-MAC; "not found" otherwise)."""
    if copy_ids is None:
        return []
    if not isinstance(copy_ids, list | tuple) or len(copy_ids) > MAX_NAMED:
        raise InvalidInput(_("Give a list of copies."), field="copy_ids")
    if any(type(i) is not int for i in copy_ids) or len(set(copy_ids)) != len(copy_ids):
        raise InvalidInput(_("Give a list of copies."), field="copy_ids")
    found = list(COPIES.known(actor).filter(pk__in=copy_ids).select_related("document"))
    if len(found) != len(copy_ids):
        raise NotFound(_("No such copy."))
    return found


def _state(item: Incident) -> str:
    if item.closed_at is not None:
        return IncidentState.CLOSED
    if item.concluded_at is not None:
        return IncidentState.INVESTIGATED
    if item.reported_upward_at is not None:
        return IncidentState.REPORTED
    return IncidentState.OPEN


def _not_closed(item: Incident) -> None:
    if item.closed_at is not None:
        raise Conflict(_("The incident is closed."))


def highest_level(copies: Iterable[Copy]) -> int:
    """The incident's marking for these copies: the highest of their levels, 秘密 at least."""
    return int(max([Level.CONFIDENTIAL, *(c.document.level for c in copies)]))


@operation
def record_incident(
    *,
    actor: Actor,
    kind: str,
    title: str,
    account: str,
    discovered_at: datetime.datetime,
    serious: bool = False,
    level: int | None = None,
    occurred_at: datetime.datetime | None = None,
    place: str = "",
    people: list[dict[str, Any]] | None = None,
    copy_ids: list[int] | None = None,
    remedies: str = "",
) -> Incident:
    """The security officer records an incident (INC-RECORD); its marking is ``level`` (the
    highest of the copies named, 秘密 at least, unless given)."""
    require(actor, Permission.OVERSEE)
    org = actor_organisation_id(actor)
    if kind not in IncidentKind.values:
        raise InvalidInput(_("Choose the kind of incident."), field="kind")
    if not isinstance(serious, bool):
        raise InvalidInput(_("Say whether the incident is serious."), field="serious")
    title = fitted_text(title, "title", Incident)
    account = bounded_text(account, "account", LONG_TEXT, required=True, multiline=True)
    discovered = _moment(discovered_at, "discovered_at")
    occurred = _moment(occurred_at, "occurred_at", required=False)
    if occurred is not None and discovered is not None and occurred > discovered:
        raise InvalidInput(_("It cannot have happened after its discovery."), field="occurred_at")
    place = fitted_text(place, "place", Incident, required=False)
    remedies = bounded_text(remedies, "remedies", LONG_TEXT, multiline=True)
    named = _people(org, people)
    copies = _copies(actor, copy_ids)
    if level is None:
        level = highest_level(copies)
    if isinstance(level, bool) or not isinstance(level, int):
        raise InvalidInput(_("Choose a level."), field="level")
    if level not in Level.values or level < Level.INTERNAL:
        raise InvalidInput(_("Choose a level."), field="level")
    level = int(level)
    item = Incident.objects.create(
        organisation_id=org,
        kind=kind,
        serious=serious,
        level=level,
        title=title,
        account=account,
        occurred_at=occurred,
        discovered_at=discovered,
        place=place,
        remedies=remedies,
        reporter=knower(actor),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    IncidentPerson.objects.bulk_create(
        IncidentPerson(incident=item, person=p, role=r) for p, r in named
    )
    item.copies.set(copies)
    _event(
        actor,
        RECORDED,
        item,
        kind=kind,
        serious=serious,
        people=[p.pk for p, _r in named],
        copies=[c.pk for c in copies],
    )
    return item


def opened_by_loss(*, actor: Actor, report: LossReport, copies: Sequence[Copy]) -> None:
    """LOSS-REPORT opens an incident (INC-RECORD), inside ``report_loss``'s transaction (a
    ``carriers.losses`` step): of kind leak or loss, serious (a classified item missing is
    reported upward), marked with the highest level of the copies, its reporter the person
    who reported the loss, the discoverer among the people involved."""
    org = report.organisation_id
    if not book.in_force(org, RULE):
        return
    copies = list(copies)
    reporter = knower(actor)
    item = Incident.objects.create(
        organisation_id=org,
        kind=IncidentKind.LEAK if report.leak else IncidentKind.LOSS,
        serious=bool(report.leak) or any(c.document.level >= Level.CONFIDENTIAL for c in copies),
        level=highest_level(copies),
        # The title names no document: the list shows it to whoever knows the incident.
        title=f"{'泄密' if report.leak else '涉密载体遗失'}（{len(copies)}份）",
        account=report.circumstances,
        discovered_at=report.discovered_at,
        loss=report,
        reporter=reporter,
        recorded_by=actor,
        recorded_at=report.reported_at,
    )
    item.copies.set(copies)
    if reporter is not None:
        IncidentPerson.objects.create(incident=item, person=reporter, role=PersonRole.DISCOVERER)
    _event(
        actor,
        OPENED_BY_LOSS,
        item,
        loss=report.pk,
        copies=[c.pk for c in copies],
        rules=[RULE, "LOSS-REPORT"],
    )


@operation
def record_remedies(*, actor: Actor, incident_id: int, remedies: str) -> Incident:
    """The office records the remedial steps taken (补救措施), replacing what it recorded."""
    require(actor, Permission.OVERSEE)
    item = _incident(actor, incident_id)
    _not_closed(item)
    item.remedies = bounded_text(remedies, "remedies", LONG_TEXT, required=True, multiline=True)
    item.save(update_fields=["remedies"])
    _event(actor, REMEDIES, item)
    return item


@operation
def report_upward(
    *, actor: Actor, incident_id: int, report_text: str, reported_to: str = SUPERIOR
) -> Incident:
    """The office records the report upward (向上级报告) — to whom, what it said — once; due
    within INC-RECORD.report_hours of the discovery: a late one is recorded as late."""
    require(actor, Permission.OVERSEE)
    item = _incident(actor, incident_id)
    _not_closed(item)
    if item.reported_upward_at is not None:
        raise Conflict(_("The incident has been reported upward already."))
    item.reported_to = fitted_text(reported_to, "reported_to", Incident)
    item.report_text = bounded_text(
        report_text, "report_text", LONG_TEXT, required=True, multiline=True
    )
    item.reported_upward_at = timezone.now()
    item.state = _state(item)
    item.save(update_fields=["reported_to", "report_text", "reported_upward_at", "state"])
    due = report_due(item)
    _event(actor, REPORTED, item, due=due.isoformat(), late=item.reported_upward_at > due)
    return item


@operation
def record_investigation(
    *, actor: Actor, incident_id: int, result: str, sanctions: str = ""
) -> Incident:
    """The office records the investigation's result and the sanctions (调查结果、处理情况),
    once; due within INC-RECORD.investigate_months of the discovery (late is recorded)."""
    require(actor, Permission.OVERSEE)
    item = _incident(actor, incident_id)
    _not_closed(item)
    book.require(
        item.organisation_id,
        RULE,
        item.concluded_at is None,
        _("The investigation has already been concluded."),
        conflict=True,
    )
    item.investigation = bounded_text(result, "result", LONG_TEXT, required=True, multiline=True)
    item.sanctions = bounded_text(sanctions, "sanctions", LONG_TEXT, multiline=True)
    item.concluded_at = timezone.now()
    item.state = _state(item)
    item.save(update_fields=["investigation", "sanctions", "concluded_at", "state"])
    due = investigation_due(item)
    _event(actor, INVESTIGATED, item, due=due.isoformat(), late=item.concluded_at > due)
    return item


@operation
def close_incident(*, actor: Actor, incident_id: int) -> Incident:
    """The office closes an incident: refused (INC-RECORD) while a serious one has not been
    reported upward or has no investigation result, and while no remedial step is recorded."""
    require(actor, Permission.OVERSEE)
    item = _incident(actor, incident_id)
    _not_closed(item)
    org = item.organisation_id
    book.require(
        org,
        RULE,
        not item.serious or item.reported_upward_at is not None,
        _("A serious incident is reported upward before it is closed."),
    )
    book.require(
        org,
        RULE,
        not item.serious or item.concluded_at is not None,
        _("A serious incident is investigated before it is closed."),
    )
    book.require(
        org,
        RULE,
        bool(item.remedies) or item.concluded_at is not None,
        _("Record the remedial steps or the investigation before closing."),
    )
    item.closed_at = timezone.now()
    item.state = IncidentState.CLOSED
    item.save(update_fields=["closed_at", "state"])
    _event(actor, CLOSED, item)
    return item
