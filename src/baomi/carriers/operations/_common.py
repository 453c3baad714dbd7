"""Steps shared by the operations on copies: who is acting, locking copies, moving a copy
and writing its timeline, custody periods, deadlines, and the checks several registers make
(texts, register rows, a document's stage). Helpers, not operations: they run inside the
calling operation's transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.access.mac import can_know, knower
from baomi.carriers.models import (
    FINAL_STATES,
    HELD_STATES,
    TIMELINE,
    Copy,
    CopyEvent,
    CopyState,
    Custody,
    Document,
    Series,
    Stage,
)
from baomi.carriers.policies import DOCUMENTS
from baomi.core import inserts
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.levels import Level
from baomi.org import queries as org_queries
from baomi.org.models import Department, Person, Rank
from baomi.org.posts import person_in
from baomi.rulebook import book

# The most copies of one document registered at once (incoming register, import).
MAX_COPIES = 999

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


def level_of(value: Any) -> Level:
    """CLS-MARK: an item without a valid level cannot be registered."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    valid = not isinstance(value, bool) and isinstance(value, int) and value in Level.values
    # CLS-MARK blocks in every organisation: no organisation is needed to ask the rulebook.
    book.require(None, "CLS-MARK", valid, _("Every controlled item must carry its level."))
    return Level(value)


def max_term(org: int, level: Level) -> int:
    """CLS-TERM: the longest protection term of a classified ``level`` in this organisation."""
    return book.param(org, "CLS-TERM", _TERM_PARAM[level])


def term_of(org: int, level: Level, term_years: int | None) -> int | None:
    """CLS-MARK + CLS-TERM: a classified item carries a protection term within the maximum."""
    if not level.is_classified:
        return None
    book.require(
        org,
        "CLS-MARK",
        bool(term_years) and term_years >= 1,
        _("A classified item must carry its protection term."),
    )
    limit = max_term(org, level)
    book.require(
        org,
        "CLS-TERM",
        term_years <= limit,
        _("The protection term of a %(level)s item is at most %(n)d years.")
        % {"level": level.label, "n": limit},
    )
    return term_years


def series_of(level: int, central: bool = False) -> str:
    """IN-NUMBER: classified and general items are numbered apart; CLS-CENTRAL-DOCS: central
    committee documents are handled as classified whatever their level."""
    return Series.CLASSIFIED if level >= Level.CONFIDENTIAL or central else Series.GENERAL


def default_rank_floor(org: int, level: Level) -> Rank | None:
    """CLS-SCOPE-RANK: the rank floor an item of ``level`` gets by default (the rank read once
    per process, ``org.queries.rank_with_key``)."""
    if level not in _FLOOR_PARAM:
        return None
    key = book.param(org, "CLS-SCOPE-RANK", _FLOOR_PARAM[level])
    rank = org_queries.rank_with_key(org, key)
    book.require(
        org,
        "CLS-SCOPE-RANK",
        rank is not None,
        _("The rulebook names a rank %(key)s that does not exist.") % {"key": key},
    )
    return rank


def require_cleared(people: list[Person], level: Level) -> None:
    """Only people cleared for the level may be named in its scope (CLS-MAC)."""
    for person in people:
        book.require(
            person.organisation_id,
            "CLS-MAC",
            person.clearance >= level and person.is_active,
            _("%(name)s is not cleared for %(level)s items.")
            % {"name": person.name, "level": level.label},
        )


def create_document(
    actor: Actor,
    person: Person,
    *,
    number: str,
    title: str,
    level: Any,
    term_years: int | None = None,
    issuer: str = "",
    issued_by_id: int | None = None,
    named_people_ids: list[int] | None = None,
    also_named: Iterable[Person] = (),
    department_ids: list[int] | None = None,
    at: datetime.datetime | None = None,
    **fields: Any,
) -> Document:
    """A new document with its level, term and scope, checked (CLS-MARK, CLS-TERM, CLS-MAC):
    the scope defaults to the rank floor of its level (CLS-SCOPE-RANK) plus the people named
    as directly related, ``person`` (who registers or drafts it) among them, and the
    departments chosen; INTERNAL items to the whole organisation unless departments are
    chosen, which then narrow it to them and the people named; PUBLIC items to everyone (with
    no departments). ``at`` is when it was registered (now by default; an imported register
    gives its own dates). ``also_named`` are people named too whom the caller already read
    (checked all the same). ``fields`` are the other columns of Document."""
    org = person.organisation_id
    lvl = level_of(level)
    book.require(
        org,
        "CLS-MAC",
        lvl <= person.clearance,
        _("You are not cleared for %(level)s items.") % {"level": lvl.label},
    )
    term = term_of(org, lvl, term_years)
    if not number.strip() or not title.strip():
        raise InvalidInput(_("Number and title are required."), field="title")
    # People the caller already read (the office director from the chart) are not read again.
    known = {p.pk: p for p in also_named if p.organisation_id == org}
    named_ids = set(named_people_ids or []) - set(known)
    named = list(Person.objects.filter(organisation_id=org, pk__in=named_ids)) if named_ids else []
    if len(named) != len(named_ids):
        raise NotFound(_("No such person."))
    named += known.values()
    issued_by = person_in(org, issued_by_id) if issued_by_id else None
    require_cleared(named + ([issued_by] if issued_by else []), lvl)
    department_set = set(department_ids or [])
    departments = (
        list(Department.objects.filter(organisation_id=org, pk__in=department_set))
        if department_set
        else []
    )
    if len(departments) != len(department_set):
        raise NotFound(_("No such department."))
    if departments and not lvl.is_controlled:
        raise InvalidInput(
            _("A public document is for everyone: it has no departments in its scope."),
            field="department_ids",
        )
    at = at or now()
    # One parameterised insert each for the document and its scope (core.inserts): the same
    # rows as ``objects.create`` and ``scope_people.add``, without the query compiler.
    doc = Document(
        organisation_id=org,
        level=lvl,
        term_years=term,
        # CLS-MARK: an INTERNAL item is the whole organisation's unless its scope names
        # departments: then it is theirs (with their sub-departments) and the people named.
        scope_all=not lvl.is_classified and not departments,
        scope_rank_floor=default_rank_floor(org, lvl),
        number=number.strip(),
        title=title.strip(),
        issuer=issuer.strip(),
        issued_by=issued_by,
        registered_by=actor,
        registered_at=at,
        classified_on=timezone.localdate(at) if lvl.is_classified else None,
        **fields,
    )
    inserts.insert([doc])
    # A new document has no grants yet: add them (``set`` would first read the empty ones).
    granted = {p.pk: p for p in (person, *named, *([issued_by] if issued_by else []))}
    inserts.insert(
        [Document.scope_people.through(document_id=doc.pk, person_id=pk) for pk in granted]
    )
    if departments:
        doc.scope_departments.add(*departments)
    return doc


def me(actor: Actor) -> Person:
    """The person the actor knows as; an account that knows nothing may not act on copies."""
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    return person


def now() -> datetime.datetime:
    return timezone.now()


def require_knows(person: Person, document: Document) -> None:
    """CLS-MAC: only a person cleared for the level and inside the scope may be handed a copy
    (a reader outside the scope needs the scope widened first, CLS-NO-WIDEN)."""
    org = document.organisation_id
    book.require(
        org,
        "CLS-MAC",
        person.is_active and person.clearance >= document.level,
        _("%(name)s is not cleared for %(level)s items.")
        % {"name": person.name, "level": Level(document.level).label},
    )
    book.require(
        org,
        "CLS-MAC",
        can_know(person, document),
        _("%(name)s is outside the need-to-know scope of this document; widen the scope first.")
        % {"name": person.name},
    )


def lock_copies(actor: Actor, copy_ids: Iterable[int]) -> list[Copy]:
    """Lock copies (by primary key: the lock order) whose documents the actor may know;
    "not found" when any is missing or unknowable (CLS-MAC non-disclosure)."""
    wanted = sorted(set(copy_ids))
    if not wanted:
        raise NotFound(_("No such copy."))
    visible = DOCUMENTS.known(actor).values("pk")
    locked = list(
        Copy.objects.select_for_update()
        .filter(pk__in=wanted, document__in=visible)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(locked) != len(wanted):
        raise NotFound(_("No such copy."))
    # Read the locked rows with their relations in a second query: PostgreSQL rechecks a
    # join of the locking query against the related rows it read before waiting, so a copy
    # whose holder or custodian a concurrent transaction changed would wrongly vanish.
    return list(
        Copy.objects.filter(pk__in=locked)
        .select_related("document", "holder", "custodian")
        .order_by("pk")
    )


def lock_copy(actor: Actor, copy_id: int) -> Copy:
    return lock_copies(actor, [copy_id])[0]


def require_state(copy: Copy, *states: str, rule_id: str) -> None:
    """Refuse (as a conflict) to act on a copy that is not in one of ``states``: ``rule_id``
    must be a rule that cannot be switched off, since the copy's state guards every rule."""
    book.require(
        copy.organisation_id,
        rule_id,
        copy.state in states,
        _("%(copy)s is %(state)s.") % {"copy": copy.label, "state": CopyState(copy.state).label},
        conflict=True,
    )


def require_held(copy: Copy, rule_id: str) -> None:
    require_state(copy, *HELD_STATES, rule_id=rule_id)


def move(
    copy: Copy,
    *,
    actor: Actor,
    action: str,
    state: str,
    holder: Person | None,
    person: Person | None = None,
    due_at: datetime.datetime | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> CopyEvent:
    """Set the copy's state, holder and due time and write one line of its timeline."""
    if action not in TIMELINE:
        raise ValueError(f"unknown timeline action {action}")
    at = at or now()
    copy.state, copy.holder, copy.due_at, copy.updated_at = state, holder, due_at, at
    copy.save(update_fields=["state", "holder", "due_at", "updated_at"])
    return CopyEvent.objects.create(
        copy=copy, at=at, action=action, actor=actor, person=person, state=state, note=note[:300]
    )


def new_copies(
    document: Document,
    numbers: Iterable[int],
    *,
    actor: Actor,
    action: str,
    custodian: Person,
    at: datetime.datetime,
    location: str = "",
    reproduced_from: Copy | None = None,
    person: Person | None = None,
    note: str = "",
) -> list[Copy]:
    """New copies with their custodian, each with the first line of its timeline (two
    inserts for any number of copies, parameterised: ``core.inserts``)."""
    copies = [
        Copy(
            organisation_id=document.organisation_id,
            document=document,
            number=n,
            reproduced_from=reproduced_from,
            custodian=custodian,
            holder=custodian,
            state=CopyState.WITH_CUSTODIAN,
            location=location,
            updated_at=at,
        )
        for n in numbers
    ]
    inserts.insert(copies)
    events = [
        CopyEvent(
            copy=c,
            at=at,
            action=action,
            actor=actor,
            person=person,
            state=CopyState.WITH_CUSTODIAN,
            note=note[:300],
        )
        for c in copies
    ]
    inserts.insert(events)
    return copies


def open_custody(copy: Copy) -> Custody | None:
    """The copy's current period away from its custodian, if any."""
    return (
        Custody.objects.select_for_update()
        .filter(copy=copy, returned_at=None)
        .order_by("-pk")
        .first()
    )


def end_custody(copy: Copy, actor: Actor, at: datetime.datetime) -> Custody | None:
    """End the copy's current period away from its custodian, if any."""
    current = open_custody(copy)
    if current is not None:
        current.returned_at, current.return_confirmed_by = at, actor
        current.save(update_fields=["returned_at", "return_confirmed_by"])
    return current


def end_of_today(org: int, at: datetime.datetime | None = None) -> datetime.datetime:
    """The end of the working day (CIRC-SAMEDAY) of ``at`` (now by default); once the day's
    work has ended (at its last instant too), the end of the next working day (a copy handed
    out at 19:00, or at 16:00 sharp, is not due at once)."""
    return org_queries.calendar(org).end_of_current_working_day(at or now())


def end_of_working_day_after(org: int, days: int, at: datetime.datetime | None = None):
    """The end of the ``days``-th working day after ``at`` (now by default)."""
    cal = org_queries.calendar(org)
    day = cal.add_working_days(timezone.localtime(at or now()).date(), days)
    return cal.end_of_working_day(day)


def is_final(copy: Copy) -> bool:
    return copy.state in FINAL_STATES


def lock_register_row(model: type[Model], org: int, pk: int, message: str) -> Any:
    """One row of the organisation's register, locked; "not found" otherwise."""
    row = model.objects.select_for_update().filter(pk=pk, organisation_id=org).first()
    if row is None:
        raise NotFound(message)
    return row


def knows_all(actor: Actor, documents: Any) -> bool:
    """Whether the actor may know every one of ``documents`` (a queryset; CLS-MAC)."""
    visible = DOCUMENTS.known(actor).values("pk")
    return not documents.exclude(pk__in=visible).exists()


def ids_of(copies: list[Copy]) -> list[int]:
    return [c.pk for c in copies]


def is_count(value: Any, low: int = 1) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= MAX_COPIES


def require_stage(doc: Document, stage: str, rule_id: str) -> None:
    """Refuse (as a conflict) to act on a document that is not at ``stage``."""
    book.require(
        doc.organisation_id,
        rule_id,
        doc.stage == stage,
        _("The document is at the stage “%(stage)s”; this needs “%(wanted)s”.")
        % {"stage": Stage(doc.stage).label, "wanted": Stage(stage).label},
        conflict=True,
    )


def in_general_office(person: Person) -> bool:
    return Department.objects.filter(
        pk__in=person.department_line(), is_general_office=True
    ).exists()
