"""The responsibility letters (责任书, RESP-ANNUAL, RESP-RESIGN): the security office saves
the letter's text (a new version each time), prepares the year's letters — one per department
between the head of the organisation and the department's head, and, when RESP-ANNUAL's
``with_cleared_people`` is 1, one per cleared person of a department with its head — and each
signer signs their own part on their login; the office records a signature given on paper,
with its date, never its own. A letter is in effect once both have signed, for its year.

RESP-RESIGN: when the head of the organisation or a department's head changes, the letter
naming the old signer no longer counts (``queries.letters.CURRENT``): it can no longer be
signed, stays as history, and preparing the year again creates the new pair's letter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import actor_organisation_id, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.inputs import control_character
from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person
from baomi.org.operations import refuse_oneself
from baomi.people.models import LetterKind, LetterTemplate, ResponsibilityLetter
from baomi.people.policies import LETTERS, OFFICE
from baomi.people.queries import letters as queries
from baomi.rulebook import book

TEMPLATE_SAVED = register_action(
    "people.letter_template_saved", gettext_lazy("Responsibility letter text saved")
)
LETTERS_PREPARED = register_action(
    "people.letters_prepared", gettext_lazy("Responsibility letters prepared")
)
LETTER_SIGNED = register_action(
    "people.letter_signed", gettext_lazy("Responsibility letter signed")
)

TITLE_LENGTH, TEXT_LENGTH = 200, 20000
PARTS = ("first", "second")


def bounded_text(value: Any, name: str, limit: int, *, multiline: bool) -> str:
    """``value`` stripped, not empty, at most ``limit`` characters, no control character;
    InvalidInput naming ``name`` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_("Fill in %(field)s.") % {"field": name}, field=name)
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(
            _("%(field)s holds at most %(n)d characters.") % {"field": name, "n": limit},
            field=name,
        )
    if code := control_character(value, multiline=multiline):
        raise InvalidInput(_("Remove the control character %(code)s.") % {"code": code}, field=name)
    return value


def _kind(kind: Any) -> LetterKind:
    if kind not in LetterKind.values:
        raise InvalidInput(
            _("The kind is one of: %(kinds)s.") % {"kinds": ", ".join(LetterKind.values)},
            field="kind",
        )
    return LetterKind(kind)


def _new_version(
    organisation_id: int, kind: str, title: str, text: str, saved_by: Person | None
) -> LetterTemplate:
    # The organisation's row, locked, orders two saves of the same kind.
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()
    last = LetterTemplate.objects.filter(organisation_id=organisation_id, kind=kind).aggregate(
        Max("version")
    )["version__max"]
    return LetterTemplate.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        version=(last or 0) + 1,
        title=title,
        text=text,
        saved_by=saved_by,
    )


@operation
def save_template(*, actor: Actor, kind: str, title: str, text: str) -> LetterTemplate:
    """Save the letter's text of ``kind`` as a new version (the security office): the newest
    is the text of the letters prepared from now on; letters prepared already keep theirs."""
    require(actor, OFFICE)
    kind = _kind(kind)
    title = bounded_text(title, "title", TITLE_LENGTH, multiline=False)
    text = bounded_text(text, "text", TEXT_LENGTH, multiline=True)
    organisation_id = actor_organisation_id(actor)
    template = _new_version(organisation_id, kind, title, text, getattr(actor, "person", None))
    record_event(
        actor=actor,
        action=TEMPLATE_SAVED,
        subject=template,
        organisation_id=organisation_id,
        data={"rule": "RESP-ANNUAL", "kind": kind.value, "version": template.version},
    )
    return template


@dataclass
class Prepared:
    """What ``prepare_letters`` did: the letters created, and each department (or person)
    skipped with the reason."""

    year: int
    created: list[ResponsibilityLetter] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def with_cleared_people(organisation_id: int) -> bool:
    """Whether the organisation keeps a letter between each department head and each
    cleared person of the department (RESP-ANNUAL ``with_cleared_people``)."""
    return bool(book.param(organisation_id, "RESP-ANNUAL", "with_cleared_people"))


@operation
def prepare_letters(
    *, actor: Actor | None, year: int, organisation_id: int | None = None
) -> Prepared:
    """Prepare the letters of ``year`` (RESP-ANNUAL, RESP-RESIGN): one per department naming
    the head of the organisation and the department's head, unless a letter of the year names
    that pair already (a changed head gets a new one; the old letter stays as history); a
    department without a head, or headed by the head of the organisation, is skipped and
    named. With ``with_cleared_people``, one per cleared person in post with their
    department's head too. Refused (RESP-ANNUAL) when the organisation has no head.
    ``actor`` None is the installer (the demo), naming ``organisation_id``."""
    if actor is not None:
        require(actor, OFFICE)
        organisation_id = actor_organisation_id(actor)
    if organisation_id is None:
        raise InvalidInput(_("Name the organisation."), field="organisation_id")
    year = queries.check_year(year)
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    book.require(
        organisation_id,
        "RESP-ANNUAL",
        organisation.head_id is not None,
        _("The organisation has no head: set the head of the organisation first."),
    )
    saved_by = getattr(actor, "person", None)
    texts: dict[str, LetterTemplate] = {}

    def text_of(kind: LetterKind) -> LetterTemplate:
        if kind not in texts:
            texts[kind] = queries.current_template(organisation_id, kind) or _new_version(
                organisation_id,
                kind,
                queries.DEFAULT_TITLE[kind],
                queries.DEFAULT_TEXT[kind],
                saved_by,
            )
        return texts[kind]

    existing = set(
        ResponsibilityLetter.objects.filter(organisation_id=organisation_id, year=year).values_list(
            "kind", "department_id", "first_id", "second_id"
        )
    )
    done = Prepared(year)
    head_id = organisation.head_id
    departments = list(Department.objects.filter(organisation_id=organisation_id).order_by("path"))
    pairs: list[tuple[LetterKind, Department, int, int]] = []
    for department in departments:
        if department.head_id is None:
            done.skipped.append((department.name, _("no department head is set")))
        elif department.head_id == head_id:
            done.skipped.append((department.name, _("headed by the head of the organisation")))
        else:
            pairs.append((LetterKind.DEPARTMENT, department, head_id, department.head_id))
    if with_cleared_people(organisation_id):
        heads = {d.pk: d for d in departments}
        people = (
            Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
            .exclude(clearance=Clearance.NONE)
            .order_by("department__path", "name", "pk")
        )
        for person in people:
            department = heads[person.department_id]
            if department.head_id is None:
                done.skipped.append((person.name, _("no department head is set")))
            elif department.head_id != person.pk:
                pairs.append((LetterKind.PERSON, department, department.head_id, person.pk))
    for kind, department, first_id, second_id in pairs:
        if (kind.value, department.pk, first_id, second_id) in existing:
            continue
        done.created.append(
            ResponsibilityLetter.objects.create(
                organisation_id=organisation_id,
                kind=kind,
                year=year,
                department=department,
                first_id=first_id,
                second_id=second_id,
                template=text_of(kind),
            )
        )
    record_event(
        actor=actor,
        action=LETTERS_PREPARED,
        subject=organisation,
        organisation_id=organisation_id,
        data={
            "rule": "RESP-ANNUAL",
            "year": year,
            "created": [x.pk for x in done.created],
            "skipped": len(done.skipped),
        },
    )
    return done


def _letter(actor: Actor, letter_id: int) -> ResponsibilityLetter:
    """The letter, locked, as the actor may know it (NotFound otherwise)."""
    found = (
        queries.annotated(LETTERS.known(actor).select_for_update(of=("self",)))
        .filter(pk=letter_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such responsibility letter."))
    return found


def _sign(
    actor: Actor, found: ResponsibilityLetter, part: str, day: datetime.date, paper: bool
) -> ResponsibilityLetter:
    organisation_id = found.organisation_id
    book.require(
        organisation_id,
        "RESP-RESIGN",
        bool(found.current),
        _("A signer of this letter has changed: it no longer counts; prepare it again."),
    )
    book.require(
        organisation_id,
        "RESP-ANNUAL",
        getattr(found, f"{part}_signed_on") is None,
        _("This part of the letter is signed already."),
        conflict=True,
    )
    setattr(found, f"{part}_signed_on", day)
    found.save(update_fields=[f"{part}_signed_on"])
    record_event(
        actor=actor,
        action=LETTER_SIGNED,
        subject=found,
        organisation_id=organisation_id,
        data={
            "rule": "RESP-ANNUAL",
            "part": part,
            "signer_id": getattr(found, f"{part}_id"),
            "signed_on": day.isoformat(),
            "paper": paper,
            "in_effect": queries.in_effect(found),
        },
    )
    return found


@operation
def sign_letter(*, actor: Actor, letter_id: int) -> ResponsibilityLetter:
    """The actor signs their own part of a letter, today (RESP-ANNUAL): nobody signs for
    another; a letter whose signer has changed can no longer be signed (RESP-RESIGN)."""
    found = _letter(actor, letter_id)
    part = queries.signer_part(found, getattr(actor, "person_id", None))
    book.require(
        found.organisation_id,
        "RESP-ANNUAL",
        bool(part),
        _("Each signer signs their own part of the letter; nobody signs for another."),
    )
    return _sign(actor, found, part, timezone.localdate(), paper=False)


@operation
def record_paper_signature(
    *, actor: Actor, letter_id: int, part: str, signed_on: datetime.date
) -> ResponsibilityLetter:
    """The security office records the signature a signer gave on paper (``part``: first or
    second) with its date — never its own (ROLE-SEPARATION: the office's own part is signed
    on its own login). The date lies between the start of the year before the letter's and
    today."""
    require(actor, OFFICE)
    if part not in PARTS:
        raise InvalidInput(_("The part is first or second."), field="part")
    if not isinstance(signed_on, datetime.date):
        raise InvalidInput(_("Give the date of the signature."), field="signed_on")
    found = _letter(actor, letter_id)
    refuse_oneself(
        actor,
        getattr(found, f"{part}_id"),
        _("Sign your own part of a letter on your own login, not as a paper signature."),
    )
    if signed_on > timezone.localdate() or signed_on < datetime.date(found.year - 1, 1, 1):
        raise InvalidInput(
            _("The date of the signature lies between %(low)s and today.")
            % {"low": f"{found.year - 1}-01-01"},
            field="signed_on",
        )
    return _sign(actor, found, part, signed_on, paper=True)
