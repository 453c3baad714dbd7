"""Recordings (录音录像, AV-RECORD): the recordings of leaders' speeches and the like are
classified items (never public), registered and levelled by the designated department (the
rule's ``levelling_departments``: the departments named in the rulebook, the general
office when it names none) and archived by the general office.

``register_recording`` is the registration; the re-levelling (review, downgrade,
declassification, a change of term) of a recording asks ``require_levelling`` in
``classification``, and filing a recording's copies into an archive volume asks
``require_archiving`` in ``archives``. A draft (``outgoing.draft_document``) of carrier type
"recording" is refused (``refuse_elsewhere``: a recording made here goes through
``register_recording``); a recording received from another organisation is registered as
incoming mail, levelled by its issuer, but never public (``require_classified``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    CarrierType,
    Document,
    DocumentKind,
    RecordingDetails,
    RecordingFormat,
    RecordingMedium,
)
from baomi.carriers.operations._common import (
    MAX_COPIES,
    create_document,
    in_general_office,
    is_count,
    level_of,
    me,
    new_copies,
    now,
    person_in,
)
from baomi.core.errors import InvalidInput
from baomi.core.inputs import past_day
from baomi.core.levels import Level
from baomi.core.text import fitted_text
from baomi.org.models import Department, Person
from baomi.rulebook import book

REGISTERED = register_action("carriers.recording_registered", gettext_lazy("Recording registered"))

# The longest recording registered as one item: a week, in minutes.
MAX_MINUTES = 7 * 24 * 60


def is_recording(document: Document) -> bool:
    return document.carrier_type == CarrierType.RECORDING


def levels_recordings(person: Person) -> bool:
    """Whether ``person`` belongs to a department that levels recordings, or to one of its
    sub-departments: the departments AV-RECORD ``levelling_departments`` names, or the
    general office when it names none."""
    org = person.organisation_id
    names = book.param(org, "AV-RECORD", "levelling_departments")
    if not names:
        return in_general_office(person)
    found = list(
        Department.objects.filter(organisation_id=org, name__in=names).values_list("name", "pk")
    )
    for name in names:
        book.require(
            org,
            "AV-RECORD",
            any(n == name for n, _pk in found),
            _("The rulebook names a department %(name)s that does not exist.") % {"name": name},
        )
    return bool(set(person.department_line()) & {pk for _n, pk in found})


def require_levelling(person: Person) -> None:
    """AV-RECORD: a recording's level is set and changed only by the designated department."""
    book.require(
        person.organisation_id,
        "AV-RECORD",
        levels_recordings(person),
        _("Recordings are levelled by the designated department, not by you."),
    )


def require_archiving(person: Person) -> None:
    """AV-RECORD: recordings are archived by the general office."""
    book.require(
        person.organisation_id,
        "AV-RECORD",
        in_general_office(person),
        _("Recordings are archived by the general office."),
    )


def refuse_elsewhere(org: int, carrier_type: str) -> None:
    """AV-RECORD: a recording produced here (a leader's speech) is registered only through
    ``register_recording``, which checks who levels it and records what it is; a draft or a
    plain registration of carrier type "recording" is refused and points to that page."""
    book.require(
        org,
        "AV-RECORD",
        carrier_type != CarrierType.RECORDING,
        _("A recording is registered by the designated department on the page %(page)s.")
        % {"page": _("Register a recording")},
    )


def require_classified(org: int, carrier_type: str, level: Level) -> None:
    """AV-RECORD: a recording is a classified material, never public, wherever it comes from."""
    book.require(
        org,
        "AV-RECORD",
        carrier_type != CarrierType.RECORDING or level.is_controlled,
        _("A recording is a classified item: it cannot be public."),
    )


def _choice(value: Any, choices: type, field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(_("Choose one of the options."), field=field)
    return str(value)


@operation
def register_recording(
    *,
    actor: Actor,
    number: str,
    title: str,
    level: Any,
    occasion: str,
    recorded_on: datetime.date,
    medium: str,
    format: str,
    duration_minutes: int,
    term_years: int | None = None,
    speaker_id: int | None = None,
    copies: int = 1,
    named_people_ids: list[int] | None = None,
    department_ids: list[int] | None = None,
) -> Document:
    """录音录像登记: register a recording with what it is (speaker, occasion, day, audio or
    video, tape, disc or file, duration) and its copies, kept by the registering clerk.

    A recording is a classified item: never public (AV-RECORD). It is registered and levelled
    by the designated department (AV-RECORD ``levelling_departments``); level, term and scope
    as for every document (CLS-MARK, CLS-TERM, CLS-SCOPE-RANK)."""
    require(actor, Permission.REGISTER_ITEMS)
    clerk = me(actor)
    org = clerk.organisation_id
    lvl = level_of(level)
    book.require(
        org,
        "AV-RECORD",
        lvl.is_controlled,
        _("A recording of a leader's speech is a classified item: it cannot be public."),
    )
    require_levelling(clerk)
    occasion = fitted_text(occasion, "occasion", RecordingDetails)
    recorded_on = past_day(recorded_on, "recorded_on")
    medium = _choice(medium, RecordingMedium, "medium")
    format = _choice(format, RecordingFormat, "format")
    if (
        isinstance(duration_minutes, bool)
        or not isinstance(duration_minutes, int)
        or not 1 <= duration_minutes <= MAX_MINUTES
    ):
        raise InvalidInput(
            _("The duration is a number of minutes from 1 to %(n)d.") % {"n": MAX_MINUTES},
            field="duration_minutes",
        )
    if not is_count(copies):
        raise InvalidInput(_("From 1 to %(n)d copies.") % {"n": MAX_COPIES}, field="copies")
    speaker = person_in(org, speaker_id) if speaker_id is not None else None
    at = now()
    doc = create_document(
        actor,
        clerk,
        number=number,
        title=title,
        level=lvl,
        term_years=term_years,
        named_people_ids=named_people_ids,
        department_ids=department_ids,
        at=at,
        carrier_type=CarrierType.RECORDING,
        kind=DocumentKind.INTERNAL,
        copies_count=copies,
    )
    details = RecordingDetails.objects.create(
        document=doc,
        speaker=speaker,
        occasion=occasion,
        recorded_on=recorded_on,
        medium=medium,
        format=format,
        duration_minutes=duration_minutes,
    )
    new_copies(doc, range(1, copies + 1), actor=actor, action="recorded", custodian=clerk, at=at)
    record_event(
        actor=actor,
        action=REGISTERED,
        subject=doc,
        data={
            "level": doc.level,
            "term_years": doc.term_years,
            "speaker_id": speaker.pk if speaker else None,
            "recorded_on": details.recorded_on.isoformat(),
            "medium": medium,
            "format": format,
            "duration_minutes": duration_minutes,
            "copies": copies,
            "rules": ["AV-RECORD", "CLS-MARK"],
        },
    )
    return doc
