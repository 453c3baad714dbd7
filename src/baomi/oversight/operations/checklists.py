"""The organisation's own self-inspection checklists (INSP-CHECKLIST), kept by the security
office (OVERSEE): created, changed — a change makes a new version, and the inspections
already opened keep the version they answer — and taken out of use. The default checklist
of 篇5 五.1–8 (migration 0002) is answered until the office keeps its own of a kind."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core import rules
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.text import bounded_text
from baomi.oversight.defaults import DEFAULTS
from baomi.oversight.models import Checklist, ChecklistItem, InspectionKind
from baomi.seams.evidence import EVIDENCE_PROVIDERS

CHECKLIST_SAVED = register_action(
    "oversight.checklist_saved", gettext_lazy("Self-inspection checklist saved")
)
CHECKLIST_RETIRED = register_action(
    "oversight.checklist_retired", gettext_lazy("Self-inspection checklist taken out of use")
)
# How many items one checklist holds.
MOST_ITEMS = 40


def _items(items: Any) -> list[dict[str, str]]:
    """Each item ``{"text", "rule", "evidence"}``: 1 to MOST_ITEMS, a text of one line up to
    300 characters, a rule of the rulebook (or none), the key of a registered evidence
    provider (or none: the inspector answers); InvalidInput naming ``items``."""
    if not isinstance(items, list) or not 1 <= len(items) <= MOST_ITEMS:
        raise InvalidInput(
            _("A checklist holds 1 to %(most)s items.") % {"most": MOST_ITEMS}, field="items"
        )
    clean = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InvalidInput(_("Item %(n)s is not an item.") % {"n": n}, field="items")
        try:
            text = bounded_text(item.get("text"), "items", 300, required=True)
            rule = bounded_text(item.get("rule", ""), "items", 32)
            key = bounded_text(item.get("evidence", ""), "items", 40)
        except InvalidInput as error:
            raise InvalidInput(
                _("Item %(n)s: %(why)s") % {"n": n, "why": error.message}, field="items"
            ) from None
        if rule:
            try:
                rules.get(rule)
            except KeyError:
                raise InvalidInput(
                    _("Item %(n)s: the ID of a rule of the rulebook.") % {"n": n}, field="items"
                ) from None
        if key and key not in EVIDENCE_PROVIDERS:
            raise InvalidInput(
                _("Item %(n)s: no records answer %(key)s.") % {"n": n, "key": key},
                field="items",
            )
        clean.append({"text": text, "rule_id": rule, "evidence": key})
    return clean


def _save(actor: Actor, checklist: Checklist, items: list[dict[str, str]], previous: Any) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, position=n, **item) for n, item in enumerate(items, 1)
    )
    record_event(
        actor=actor,
        action=CHECKLIST_SAVED,
        subject=checklist,
        organisation_id=checklist.organisation_id,
        data={
            "rules": ["INSP-CHECKLIST"],
            "kind": checklist.kind,
            "version": checklist.version,
            "previous": previous,
            "items": len(items),
        },
    )


def ensure_defaults() -> None:
    """Write each default checklist (``defaults.DEFAULTS``) that is missing, inside the
    caller's operation: migration 0002 ships them, and a database emptied without its
    migrations' data (a flush) gets them back on first use."""
    for kind, name, items in DEFAULTS:
        if Checklist.objects.filter(organisation=None, kind=kind).exists():
            continue
        checklist = Checklist.objects.create(organisation=None, kind=kind, name=name, version=1)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                checklist=checklist, position=n, text=text, rule_id=rule, evidence=evidence
            )
            for n, (text, rule, evidence) in enumerate(items, 1)
        )


@operation
def create_checklist(*, actor: Actor, kind: Any, name: Any, items: Any) -> Checklist:
    """A new checklist of the organisation for inspections of ``kind``, version 1, in use
    (the latest in use of a kind is the one answered)."""
    require(actor, Permission.OVERSEE)
    organisation_id = actor.person.organisation_id
    try:
        kind = InspectionKind(kind)
    except ValueError:
        raise InvalidInput(_("Choose the kind of inspection."), field="kind") from None
    name = bounded_text(name, "name", 200, required=True)
    clean = _items(items)
    if Checklist.objects.filter(organisation_id=organisation_id, kind=kind, name=name).exists():
        raise InvalidInput(_("A checklist of this name exists: change it instead."), field="name")
    checklist = Checklist.objects.create(
        organisation_id=organisation_id, kind=kind, name=name, version=1, created_by=actor
    )
    _save(actor, checklist, clean, None)
    return checklist


def _own(actor: Actor, checklist_id: Any) -> Checklist:
    organisation_id = actor.person.organisation_id
    found = (
        Checklist.objects.select_for_update()
        .filter(organisation_id=organisation_id, pk=checklist_id)
        .first()
        if isinstance(checklist_id, int)
        else None
    )
    if found is None:
        raise NotFound(_("No such checklist."))
    return found


@operation
def change_checklist(*, actor: Actor, checklist_id: int, items: Any, name: Any = None) -> Checklist:
    """Change one of the organisation's checklists: a new version with the new items (and
    name), in use; the old version is taken out of use, and the inspections that answered it
    keep it (INSP-CHECKLIST)."""
    require(actor, Permission.OVERSEE)
    old = _own(actor, checklist_id)
    newer = Checklist.objects.filter(
        organisation_id=old.organisation_id, kind=old.kind, name=old.name, version__gt=old.version
    ).exists()
    if newer:
        raise InvalidInput(_("Change the latest version of this checklist."), field="checklist_id")
    clean = _items(items)
    name = bounded_text(name, "name", 200) if name is not None else old.name
    name = name or old.name
    old.active = False
    old.save(update_fields=["active"])
    checklist = Checklist.objects.create(
        organisation_id=old.organisation_id,
        kind=old.kind,
        name=name,
        version=old.version + 1,
        created_by=actor,
    )
    _save(actor, checklist, clean, old.pk)
    return checklist


@operation
def retire_checklist(*, actor: Actor, checklist_id: int) -> Checklist:
    """Take one of the organisation's checklists out of use (the default, or another of its
    own of the kind, is answered then)."""
    require(actor, Permission.OVERSEE)
    checklist = _own(actor, checklist_id)
    if not checklist.active:
        raise InvalidInput(_("This checklist is out of use already."), field="checklist_id")
    checklist.active = False
    checklist.save(update_fields=["active"])
    record_event(
        actor=actor,
        action=CHECKLIST_RETIRED,
        subject=checklist,
        organisation_id=checklist.organisation_id,
        data={"rules": ["INSP-CHECKLIST"], "version": checklist.version},
    )
    return checklist
