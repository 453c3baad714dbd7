"""The scoring standards: the built-in profiles written from their data files on first use,
and the unit's own edition imported from its .xlsx as a new version (never over an old one).

- ``ensure_builtin``: write each built-in profile version (``accreditation/data``) that is not
  stored yet. Run on first use by the pages and routes (a database flushed by the browser
  tests has none); a concurrent first use that wrote it meanwhile is no error.
- ``import_edition``: the security office (OVERSEE) imports its official edition of a
  profile: all its rows or, when any is rejected, none (ImportRejected naming each row and
  column); a new version of its edition, numbered after the last one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import require
from baomi.accreditation import imports
from baomi.accreditation.data import builtin_profiles
from baomi.accreditation.models import Chapter, Confidence, Item, Rule, Standard
from baomi.accreditation.policies import OFFICE, office_organisation
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.text import bounded_text

EDITION_IMPORTED = register_action(
    "accreditation.edition_imported", gettext_lazy("Scoring standard edition imported")
)
MAX_ITEMS = 2_000


def _points(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _write(profile: dict[str, Any]) -> None:
    standard = Standard.objects.create(
        organisation=None,
        key=profile["key"],
        name=profile["name"],
        edition=profile["edition"],
        version=profile["version"],
        total_points=_points(profile["total_points"]),
        pass_mark=_points(profile.get("pass_mark")),
        source=profile.get("source", ""),
        confidence=profile["confidence"],
        note=profile.get("note", ""),
    )
    items = []
    position = 0
    for number, data in enumerate(profile["chapters"], 1):
        chapter = Chapter.objects.create(
            standard=standard,
            position=number,
            group=data.get("group", ""),
            title=data["title"],
            points=_points(data.get("points")),
            source=data.get("source", ""),
            confidence=data["confidence"],
        )
        for it in data["items"]:
            position += 1
            items.append(
                Item(
                    standard=standard,
                    chapter=chapter,
                    position=position,
                    code=it["code"],
                    text=it["text"],
                    points=_points(it.get("points")),
                    scored=it.get("scored", True),
                    veto=it.get("veto", False),
                    key=it.get("key", False),
                    rule=it.get("rule", Rule.WHOLE),
                    each=_points(it.get("each")),
                    evidence=it.get("evidence", []),
                    registers=it.get("registers", []),
                    method=it.get("method", ""),
                    source=it.get("source") or data.get("source", ""),
                    confidence=it["confidence"],
                )
            )
    Item.objects.bulk_create(items)


def ensure_builtin() -> None:
    """Write each built-in profile version that is not stored yet (idempotent; outside any
    person's operation: shipped data, like a migration's)."""
    stored = set(
        Standard.objects.filter(organisation=None).values_list("key", "edition", "version")
    )
    for profile in builtin_profiles():
        if (profile["key"], profile["edition"], profile["version"]) in stored:
            continue
        try:
            with transaction.atomic():
                _write(profile)
        except IntegrityError:
            continue  # written meanwhile by a concurrent first use


def office(actor: Actor) -> int:
    """The organisation of the security office ``actor`` is of; AccessDenied otherwise."""
    require(actor, OFFICE)
    organisation_id = office_organisation(actor)
    if organisation_id is None:
        raise AccessDenied(_("Only the security office keeps the self-score."))
    return organisation_id


def profile_keys() -> list[str]:
    return [p["key"] for p in builtin_profiles()]


def _edition_fields(
    profile: Any, edition: Any, name: Any, total_points: Any, pass_mark: Any
) -> dict[str, Any]:
    if profile not in profile_keys():
        raise InvalidInput(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(profile_keys())},
            field="profile",
        )
    shipped = imports.builtin(profile) or {}
    edition = bounded_text(edition, "edition", 100, required=True)
    name = bounded_text(name, "name", 200) or shipped.get("name", profile)

    def points(value: Any, field: str, default: Any) -> Decimal | None:
        if value is None or value == "":
            return _points(default)
        try:
            return imports.points_of(value, field)
        except ValueError:
            raise InvalidInput(
                _("Give points from 0 to 9999.9, one decimal at the most."), field=field
            ) from None

    total = points(total_points, "total_points", shipped.get("total_points"))
    if not total:
        raise InvalidInput(_("Give the total points of the standard."), field="total_points")
    mark = points(pass_mark, "pass_mark", shipped.get("pass_mark"))
    if mark is not None and mark > total:
        raise InvalidInput(_("The pass mark is above the total points."), field="pass_mark")
    return {
        "key": profile,
        "edition": edition,
        "name": name,
        "total_points": total,
        "pass_mark": mark,
    }


def check_edition(
    *, actor: Actor, profile: Any, edition: Any, rows: list[Any], **fields: Any
) -> tuple[dict[str, Any], imports.imports.Checked[imports.Parsed], int]:
    """A dry run: the standard's fields, the rows checked and the version it would be.
    Writes nothing."""
    office(actor)
    values = _edition_fields(
        profile, edition, fields.get("name"), fields.get("total_points"), fields.get("pass_mark")
    )
    checked = imports.check(values["key"], rows)
    return values, checked, _next_version(office_organisation(actor), values)


def _next_version(organisation_id: int | None, values: dict[str, Any]) -> int:
    last = Standard.objects.filter(
        organisation_id=organisation_id, key=values["key"], edition=values["edition"]
    ).aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


@operation
def import_edition(
    *,
    actor: Actor,
    profile: Any,
    edition: Any,
    rows: list[Any],
    filename: str = "",
    name: Any = None,
    total_points: Any = None,
    pass_mark: Any = None,
) -> Standard:
    """Import the unit's edition of ``profile`` from the ``rows`` read from its file: a new
    version of the edition (1 for a new edition), all rows or none."""
    organisation_id = office(actor)
    values = _edition_fields(profile, edition, name, total_points, pass_mark)
    accepted = imports.SPEC.accepted(imports.check(values["key"], rows))
    if len(accepted) > MAX_ITEMS:
        raise InvalidInput(_("At most %(n)d items.") % {"n": MAX_ITEMS}, field="file")
    filename = bounded_text(filename, "file", 200)
    source = _("Imported by the unit from %(file)s") % {"file": filename or "—"}
    standard = Standard.objects.create(
        organisation_id=organisation_id,
        version=_next_version(organisation_id, values),
        source=source,
        confidence=Confidence.UNIT,
        imported_by_id=getattr(actor, "person_id", None),
        **values,
    )
    chapters: dict[tuple[str, str], Chapter] = {}
    items = []
    for position, row in enumerate(accepted, 1):
        chapter = chapters.get((row.group, row.chapter))
        if chapter is None:
            chapter = Chapter.objects.create(
                standard=standard,
                position=len(chapters) + 1,
                group=row.group,
                title=row.chapter,
                points=next(
                    (
                        r.chapter_points
                        for r in accepted
                        if r.chapter == row.chapter and r.chapter_points is not None
                    ),
                    None,
                ),
                source=source,
                confidence=Confidence.UNIT,
            )
            chapters[(row.group, row.chapter)] = chapter
        items.append(
            Item(
                standard=standard,
                chapter=chapter,
                position=position,
                code=row.code,
                text=row.text,
                points=row.points,
                veto=row.veto,
                key=row.key,
                rule=Rule.PER_FINDING if row.each is not None else Rule.WHOLE,
                each=row.each,
                evidence=row.evidence,
                registers=row.registers,
                method=row.method,
                source=f"{filename}!{row.place}" if filename else row.place,
                confidence=Confidence.UNIT,
            )
        )
    Item.objects.bulk_create(items)
    record_event(
        actor=actor,
        action=EDITION_IMPORTED,
        subject=standard,
        organisation_id=organisation_id,
        data={
            "profile": values["key"],
            "version": standard.version,
            "chapters": len(chapters),
            "items": len(items),
        },
    )
    return standard
