"""Vetting before a classified post (上岗前资格审查) and the gate of every clearance
(PPL-VET), with the clearance history of a person's file.

``record_vetting`` records a vetting, passed or failed: the reviewer (a person of the
organisation, not the person vetted), the day, the result and each item of the checklist
(``queries.vetting.VETTING_ITEMS``, kept as data: key and the Chinese text of the paper
form) answered ``{"ok": bool, "note": str}``. Nobody records their own vetting (ROLE-SEPARATION).

``grant_step`` is registered with ``baomi.org.granting`` and runs inside
``org.operations.set_clearance``'s transaction, before the class is saved:

- PPL-VET: a clearance raised above "not cleared" and above the old class needs the person's
  latest vetting passed and a signed 保密协议 or 涉密人员保密责任书 (``missing`` names what
  lacks, and the refusal says it). Lowering or withdrawing a clearance is never gated.
- The installer's shell (``actor`` None: ``baomi demo``, set-up commands, the tests'
  factories) records clearances granted before baomi kept the files and is not gated.
- Every change, the installer's too, writes a ``ClearanceChange`` row (the history); the
  audit event is the chart's ``org.clearance_set``."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require_or_installer
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import InvalidInput, NotFound
from baomi.core.inputs import past_day
from baomi.core.levels import Clearance
from baomi.core.text import bounded_text
from baomi.org.models import Person
from baomi.org.operations import refuse_oneself
from baomi.people.models import (
    ClassifiedPost,
    ClearanceChange,
    Vetting,
    VettingResult,
)
from baomi.people.queries.vetting import ITEM_KEYS, missing
from baomi.rulebook import book

VETTING_RECORDED = register_action("people.vetting_recorded", gettext_lazy("Vetting recorded"))

MAX_NOTE = 500
MAX_ITEM_NOTE = 200

# The papers that satisfy PPL-VET's "signed agreement".


def person_of(actor: Actor | None, person_id: Any, *, lock: bool = False) -> Person:
    """The person ``person_id`` of the actor's organisation (another organisation's answers
    like a missing one)."""
    if not isinstance(person_id, int) or isinstance(person_id, bool):
        raise NotFound(_("No such person."))
    qs = Person.objects.select_for_update() if lock else Person.objects
    person = qs.filter(pk=person_id).first()
    if person is None or (
        actor is not None and actor_organisation_id(actor) != person.organisation_id
    ):
        raise NotFound(_("No such person."))
    return person


def grant_step(*, actor: Any, person: Person, old: int, new: int) -> None:
    """PPL-VET on a raised clearance (not for the installer's shell) and the clearance
    history; registered with ``baomi.org.granting`` (module docstring)."""
    if actor is not None and new > Clearance.NONE and new > old:
        gaps = missing(person)
        book.require(
            person.organisation_id,
            "PPL-VET",
            not gaps,
            _("No clearance for %(name)s before vetting and signing: %(missing)s.")
            % {"name": person.name, "missing": "; ".join(gaps)},
        )
    if new != old:
        ClearanceChange.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            old=old,
            new=new,
            changed_by_id=getattr(actor, "person_id", None) if actor is not None else None,
        )


def clean_items(items: Any) -> dict[str, dict[str, Any]]:
    """Each item of ``VETTING_ITEMS`` as ``{"ok": bool, "note": str}``; InvalidInput naming
    ``items`` when one is missing, unknown or malformed."""
    if not isinstance(items, dict):
        raise InvalidInput(_("The items must map each item to ok or not."), field="items")
    wrong = [key for key in ITEM_KEYS if key not in items] + [
        str(key)[:40] for key in items if key not in ITEM_KEYS
    ]
    if wrong:
        raise InvalidInput(
            _("The items must cover every item of the checklist, and only those: %(keys)s.")
            % {"keys": ", ".join(wrong)},
            field="items",
        )
    clean = {}
    for key in ITEM_KEYS:
        answer = items[key]
        if not (isinstance(answer, dict) and isinstance(answer.get("ok"), bool)):
            raise InvalidInput(
                _("Each item is ok or not with an optional note: %(key)s.") % {"key": key},
                field="items",
            )
        clean[key] = {
            "ok": answer["ok"],
            "note": bounded_text(answer.get("note"), "items", MAX_ITEM_NOTE, multiline=True),
        }
    return clean


@operation
def record_vetting(
    *,
    actor: Actor | None,
    person_id: int,
    reviewer_id: int,
    reviewed_on: datetime.date,
    result: str,
    items: Any,
    note: str = "",
    post_id: int | None = None,
) -> Vetting:
    """Record a vetting of ``person_id`` (PPL-VET), passed or failed: the security office
    only; the reviewer a person of the organisation other than the one vetted; nobody
    records their own vetting (ROLE-SEPARATION)."""
    require_or_installer(actor, Permission.SET_CLEARANCE)
    person = person_of(actor, person_id, lock=True)
    refuse_oneself(actor, person.pk, _("Nobody records their own vetting."))
    if result not in VettingResult.values:
        raise InvalidInput(_("The result is passed or failed."), field="result")
    reviewed_on = past_day(reviewed_on, "reviewed_on")
    try:
        reviewer = person_of(actor, reviewer_id)
    except NotFound:
        raise InvalidInput(_("No such reviewer."), field="reviewer") from None
    if reviewer.organisation_id != person.organisation_id:
        raise InvalidInput(_("No such reviewer."), field="reviewer")
    if reviewer.pk == person.pk:
        raise InvalidInput(_("Nobody reviews their own vetting."), field="reviewer")
    post = None
    if post_id is not None:
        post = ClassifiedPost.objects.filter(
            pk=post_id, organisation_id=person.organisation_id
        ).first()
        if post is None:
            raise InvalidInput(_("No such classified post."), field="post")
    vetting = Vetting.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        post=post,
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        result=result,
        items=clean_items(items),
        note=bounded_text(note, "note", MAX_NOTE, multiline=True),
    )
    record_event(
        actor=actor,
        action=VETTING_RECORDED,
        subject=vetting,
        organisation_id=person.organisation_id,
        data={
            "rule": "PPL-VET",
            "person": person.pk,
            "reviewer": reviewer.pk,
            "result": result,
            "reviewed_on": reviewed_on.isoformat(),
            "post": post.pk if post else None,
        },
    )
    return vetting
