"""Seals and letters of introduction (印信管理, SEAL-LOG, P3.3: 凡需加盖印章的，都要严格按印信
管理规定办理。工作人员要妥善保管印章和各类介绍信函，不准携带公章外出，下班后务必将印章锁入保险柜内).

- The register: the office (MANAGE_SEALS) registers a seal with its keeper, a person in post
  of the organisation, changes the keeper and takes a seal out of use (never one that is out).
- A use: any knowing person who may ask for approvals asks to use a seal for a document, so
  many impressions, for someone (``request_use``); the request goes to the rule's
  ``approvers`` (the office director) through the chart, its ``params`` pinning the request,
  the seal, the document, the recipient and the impressions. Only the seal's keeper logs the
  use (``log_use``), which consumes the granted approval — refused (SEAL-LOG) without one,
  and for more impressions than approved; a letter of introduction records the number of the
  letter issued.
- Taking a seal out: the regulation forbids it (不准携带公章外出); the exception is a request
  approved by the rule's ``take_out_approvers`` (the office director, then the head of the
  organisation) with a time the seal is back by, within the approval's validity. The keeper
  hands the seal out (consuming the approval; refused SEAL-LOG without one) and confirms its
  return.
- Locking away: the keeper (or the office) confirms for each day that the seal is locked in
  its safe (``confirm_locked``), refused (SEAL-LOG) while the seal was out at the end of that
  day. ``deadlines/seals.py`` flags the working days that ended unconfirmed and the seals out
  past their return time."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, require, require_or_installer
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request, withdraw_with
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.text import bounded_text, fitted_text
from baomi.org.models import Employment, Organisation, Person
from baomi.rulebook import book
from baomi.seals.models import (
    MAX_IMPRESSIONS,
    Seal,
    SealKind,
    SealLockUp,
    SealTakeOut,
    SealUse,
    TakeOutState,
    UseState,
)
from baomi.seals.policies import keeps_seals
from baomi.seals.queries.seals import (
    RULE,
    SUBJECT,
    TAKE_OUT_OPERATION,
    USE_OPERATION,
    end_of_work,
    take_out_params,
    use_params,
    was_out,
)

SEAL_REGISTERED = register_action("seals.registered", gettext_lazy("Seal registered"))
KEEPER_CHANGED = register_action("seals.keeper_changed", gettext_lazy("Seal keeper changed"))
SEAL_DEACTIVATED = register_action("seals.deactivated", gettext_lazy("Seal taken out of use"))
USE_REQUESTED = register_action("seals.use_requested", gettext_lazy("Seal use requested"))
USE_LOGGED = register_action("seals.use_logged", gettext_lazy("Seal use logged"))
USE_WITHDRAWN = register_action("seals.use_withdrawn", gettext_lazy("Seal use withdrawn"))
TAKE_OUT_REQUESTED = register_action(
    "seals.take_out_requested", gettext_lazy("Taking a seal out requested")
)
TAKEN_OUT = register_action("seals.taken_out", gettext_lazy("Seal handed out"))
RETURNED = register_action("seals.returned", gettext_lazy("Seal return confirmed"))
TAKE_OUT_WITHDRAWN = register_action(
    "seals.take_out_withdrawn", gettext_lazy("Taking a seal out withdrawn")
)
LOCKED = register_action("seals.locked", gettext_lazy("Seal lock-up confirmed"))

# How far back a lock-up may still be confirmed.
LOCK_UP_BACK = datetime.timedelta(days=31)


def _event(actor: Actor | None, action: str, subject: Any, organisation_id: int, **data: Any):
    record_event(
        actor=actor,
        action=action,
        subject=subject,
        organisation_id=organisation_id,
        data={"rule": RULE, "rules": [RULE], **data},
    )


def _keeper(organisation_id: int, person_id: Any, field: str = "keeper_id") -> Person:
    """A keeper: a person in post of the organisation (nothing said of anyone else)."""
    if not isinstance(person_id, int):
        raise InvalidInput(_("Choose a person."), field=field)
    person = Person.objects.filter(
        pk=person_id, organisation_id=organisation_id, employment=Employment.ACTIVE
    ).first()
    if person is None:
        raise InvalidInput(_("The keeper is a person in post of the organisation."), field=field)
    return person


def _seal(actor: Actor, seal_id: int, *, lock: bool = True) -> Seal:
    """A seal of the actor's organisation, locked; NotFound for another organisation's."""
    qs = Seal.objects.select_for_update() if lock else Seal.objects
    found = qs.filter(pk=seal_id, organisation_id=actor_organisation_id(actor)).first()
    if found is None:
        raise NotFound(_("No such seal."))
    return found


def _require_keeper(actor: Actor, seal: Seal, message: str) -> None:
    """Only the seal's keeper (SEAL-LOG: the keeper keeps it and logs what is done with it)."""
    person = knower(actor)
    if person is None or person.pk != seal.keeper_id:
        raise AccessDenied(message)


# The register --------------------------------------------------------------------------------


@operation
def register_seal(
    *,
    actor: Actor | None,
    name: str,
    kind: str,
    keeper_id: int,
    number: str = "",
    location: str = "",
    since: datetime.date | None = None,
    organisation_id: int | None = None,
) -> Seal:
    """The office registers a seal or a pad of letters of introduction (SEAL-LOG) with its
    keeper, a person in post of the organisation; ``since`` is the day it came into use when
    that was before today (its lock-ups are timed from then). ``organisation_id`` is the
    installer's only (``baomi demo``)."""
    require_or_installer(actor, Permission.MANAGE_SEALS)
    org = actor_organisation_id(actor) if actor is not None else organisation_id
    if org is None or not Organisation.objects.filter(pk=org).exists():
        raise InvalidInput(_("No such organisation."), field="organisation_id")
    name = fitted_text(name, "name", Seal)
    if kind not in SealKind.values:
        raise InvalidInput(_("Choose a kind of seal."), field="kind")
    number = fitted_text(number, "number", Seal, required=False)
    location = fitted_text(location, "location", Seal, required=False)
    keeper = _keeper(org, keeper_id)
    registered_at = timezone.now()
    if since is not None:
        if not isinstance(since, datetime.date) or isinstance(since, datetime.datetime):
            raise InvalidInput(_("Give a date."), field="since")
        today = timezone.localdate()
        if since > today:
            raise InvalidInput(_("The day cannot be in the future."), field="since")
        if since < today - LOCK_UP_BACK:
            raise InvalidInput(_("The day is too far in the past."), field="since")
        if since < today:
            registered_at = datetime.datetime.combine(
                since, datetime.time.min, tzinfo=timezone.get_default_timezone()
            )
    if Seal.objects.filter(organisation_id=org, name=name).exists():
        raise Conflict(_("A seal of this name is registered already."))
    seal = Seal.objects.create(
        organisation_id=org,
        name=name,
        kind=kind,
        number=number,
        keeper=keeper,
        location=location,
        registered_at=registered_at,
        registered_by=actor,
    )
    _event(actor, SEAL_REGISTERED, seal, org, kind=kind, keeper=keeper.pk)
    return seal


@operation
def change_keeper(*, actor: Actor, seal_id: int, keeper_id: int) -> Seal:
    """The office hands a seal to another keeper (a person in post of the organisation);
    refused while the seal is out."""
    require(actor, Permission.MANAGE_SEALS)
    seal = _seal(actor, seal_id)
    if not seal.active:
        raise Conflict(_("The seal is out of use."))
    keeper = _keeper(seal.organisation_id, keeper_id)
    if keeper.pk == seal.keeper_id:
        raise InvalidInput(_("This person keeps the seal already."), field="keeper_id")
    book.require(
        seal.organisation_id,
        RULE,
        not SealTakeOut.objects.filter(seal_id=seal.pk, state=TakeOutState.OUT).exists(),
        _("The seal is out: it changes hands once it is back in the safe."),
    )
    before = seal.keeper_id
    seal.keeper = keeper
    seal.save(update_fields=["keeper"])
    _event(actor, KEEPER_CHANGED, seal, seal.organisation_id, before=before, keeper=keeper.pk)
    return seal


@operation
def deactivate_seal(*, actor: Actor, seal_id: int) -> Seal:
    """The office takes a seal out of use (kept in the register with its log); refused while
    it is out or has an open request."""
    require(actor, Permission.MANAGE_SEALS)
    seal = _seal(actor, seal_id)
    if not seal.active:
        raise Conflict(_("The seal is out of use already."))
    book.require(
        seal.organisation_id,
        RULE,
        not SealTakeOut.objects.filter(seal_id=seal.pk, state=TakeOutState.OUT).exists(),
        _("The seal is out: it is taken out of use once it is back in the safe."),
    )
    open_uses = SealUse.objects.filter(seal_id=seal.pk, state=UseState.REQUESTED)
    for item in open_uses.select_for_update():
        if item.approval_id:
            withdraw_with(actor=actor, request_id=item.approval_id)
        item.state = UseState.WITHDRAWN
        item.save(update_fields=["state"])
    open_take_outs = SealTakeOut.objects.filter(seal_id=seal.pk, state=TakeOutState.REQUESTED)
    for item in open_take_outs.select_for_update():
        if item.approval_id:
            withdraw_with(actor=actor, request_id=item.approval_id)
        item.state = TakeOutState.WITHDRAWN
        item.save(update_fields=["state"])
    seal.active, seal.deactivated_at = False, timezone.now()
    seal.save(update_fields=["active", "deactivated_at"])
    _event(actor, SEAL_DEACTIVATED, seal, seal.organisation_id)
    return seal


def _offered(actor: Actor, seal_id: int) -> Seal:
    """A seal in use of the actor's organisation, locked, for a request."""
    seal = _seal(actor, seal_id)
    if not seal.active:
        raise InvalidInput(_("The seal is out of use."), field="seal_id")
    return seal


# Uses ------------------------------------------------------------------------------------


def _ask_approval(
    actor: Actor,
    item: SealUse | SealTakeOut,
    approvers_param: str,
    operation_name: str,
    params: dict[str, Any],
    reason: str,
) -> tuple[list[str], ApprovalRequest | None]:
    """The approvers' kinds the rule names (its param ``approvers_param``) and, while SEAL-LOG
    is in force, the approval request opened for ``item`` (kept on it), else None."""
    org = item.organisation_id
    kinds = list(book.param(org, RULE, approvers_param))
    approval = None
    if book.in_force(org, RULE):
        approval = open_request(
            actor=actor,
            rule_id=RULE,
            operation_name=operation_name,
            subject=(SUBJECT, item.seal_id),
            params=params,
            reason=reason,
            kinds=kinds,
        )
        item.approval = approval
        item.save(update_fields=["approval"])
    return kinds, approval


def _withdraw_unused(
    actor: Actor, item: SealUse | SealTakeOut, used: ApprovalRequest | None
) -> None:
    """The request opened for ``item`` when the use or take-out goes ahead using no approval
    (SEAL-LOG switched off): withdrawn, pending or granted, so that nobody is left to decide
    what is done and it is not used later for another use of the seal."""
    if used is None and item.approval_id:
        withdraw_with(actor=actor, request_id=item.approval_id)


def _impressions(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("Give a whole number."), field=field)
    if not 1 <= value <= MAX_IMPRESSIONS:
        raise InvalidInput(
            _("Between 1 and %(most)s impressions.") % {"most": MAX_IMPRESSIONS}, field=field
        )
    return value


@operation
def request_use(
    *,
    actor: Actor,
    seal_id: int,
    document: str,
    impressions: int,
    recipient: str = "",
) -> SealUse:
    """Ask to use a seal (SEAL-LOG): what document, how many impressions, to whom. Opens the
    approval request to the rule's ``approvers`` (resolved in the chart from the requester),
    its parameters pinning this request's seal, document, recipient and impressions."""
    require(actor, Permission.REQUEST_APPROVAL)
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    seal = _offered(actor, seal_id)
    org = seal.organisation_id
    document = bounded_text(document, "document", 200, required=True)
    recipient = bounded_text(recipient, "recipient", 200)
    impressions = _impressions(impressions, "impressions")
    item = SealUse.objects.create(
        organisation_id=org,
        seal=seal,
        requested_by=person,
        document=document,
        recipient=recipient,
        impressions=impressions,
    )
    kinds, approval = _ask_approval(
        actor, item, "approvers", USE_OPERATION, use_params(item), document
    )
    _event(
        actor,
        USE_REQUESTED,
        item,
        org,
        seal=seal.pk,
        impressions=impressions,
        approvers=kinds,
        approval_id=approval.pk if approval else None,
    )
    return item


def _use(actor: Actor, use_id: int, *, lock: bool = True) -> SealUse:
    """The use of the actor's organisation, locked unless ``lock`` is false. Whoever locks
    the seal too locks it first (as ``deactivate_seal`` does), then the use: never a deadlock."""
    found = (
        (SealUse.objects.select_for_update() if lock else SealUse.objects)
        .filter(pk=use_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if found is None:
        raise NotFound(_("No such seal use."))
    return found


@operation
def log_use(
    *,
    actor: Actor,
    use_id: int,
    impressions: int | None = None,
    letter_number: str = "",
    note: str = "",
) -> SealUse:
    """The seal's keeper logs the use made (用印登记): it consumes the request's granted
    approval (refused SEAL-LOG without one for exactly this document, recipient and count),
    never more impressions than approved; a letter of introduction records the number of the
    letter issued. When SEAL-LOG is switched off nothing is used, and the request's approval,
    still pending or granted, is withdrawn."""
    seal = _seal(actor, _use(actor, use_id, lock=False).seal_id)
    item = _use(actor, use_id)
    person = knower(actor)
    if not keeps_seals(actor) and (
        person is None or person.pk not in (seal.keeper_id, item.requested_by_id)
    ):
        raise NotFound(_("No such seal use."))
    _require_keeper(actor, seal, _("Only the seal's keeper logs its use (SEAL-LOG)."))
    if item.state == UseState.USED:
        raise Conflict(_("The use is logged already."))
    if item.state == UseState.WITHDRAWN:
        raise Conflict(_("The request was withdrawn."))
    made = item.impressions if impressions is None else _impressions(impressions, "impressions")
    book.require(
        seal.organisation_id,
        RULE,
        made <= item.impressions,
        _("%(approved)s impressions were approved: no more are logged.")
        % {"approved": item.impressions},
    )
    letter_number = bounded_text(letter_number, "letter_number", 40)
    if seal.kind == SealKind.LETTER and not letter_number:
        raise InvalidInput(
            _("Give the number of the letter of introduction issued."), field="letter_number"
        )
    note = bounded_text(note, "note", 200)
    used = consume_approval(
        actor=actor,
        rule_id=RULE,
        operation_name=USE_OPERATION,
        subject=(SUBJECT, seal.pk),
        params=use_params(item),
    )
    _withdraw_unused(actor, item, used)
    item.state = UseState.USED
    item.used_at, item.used_by = timezone.now(), actor
    item.impressions_made, item.letter_number, item.note = made, letter_number, note
    fields = ["state", "used_at", "used_by", "impressions_made", "letter_number", "note"]
    if used is not None:
        item.approval = used
        fields.append("approval")
    item.save(update_fields=fields)
    _event(
        actor,
        USE_LOGGED,
        item,
        seal.organisation_id,
        seal=seal.pk,
        impressions=made,
        approval_id=used.pk if used else None,
    )
    return item


@operation
def withdraw_use(*, actor: Actor, use_id: int) -> SealUse:
    """The requester or the office withdraws a use not yet logged; its approval request,
    pending or granted, goes with it."""
    item = _use(actor, use_id)
    own = actor.person_id == item.requested_by_id
    if not (own or keeps_seals(actor)):
        raise NotFound(_("No such seal use."))
    if item.state != UseState.REQUESTED:
        raise Conflict(_("Only a use not yet logged is withdrawn."))
    if item.approval_id:
        withdraw_with(actor=actor, request_id=item.approval_id)
    item.state = UseState.WITHDRAWN
    item.save(update_fields=["state"])
    _event(actor, USE_WITHDRAWN, item, item.organisation_id, seal=item.seal_id)
    return item


# Taking a seal out --------------------------------------------------------------------------


def _due_back(organisation_id: int, value: Any) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise InvalidInput(_("Give a date and time."), field="due_back_at")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    now = timezone.now()
    if value <= now:
        raise InvalidInput(_("The return time is in the future."), field="due_back_at")
    days = book.param(organisation_id, RULE, "valid_days")
    if value > now + datetime.timedelta(days=days):
        raise InvalidInput(
            _("A seal is back within %(days)s days (the approval's validity).") % {"days": days},
            field="due_back_at",
        )
    return value


@operation
def request_take_out(
    *,
    actor: Actor,
    seal_id: int,
    purpose: str,
    destination: str,
    due_back_at: datetime.datetime,
    taken_by_id: int | None = None,
) -> SealTakeOut:
    """Ask to take a seal out of the office (SEAL-LOG forbids it in principle: 不准携带公章外出).
    The exception needs the approval of the rule's ``take_out_approvers`` (the office
    director, then the head of the organisation) and a return time within the approval's
    validity; the parameters pin the seal, who takes it, where, what for and until when."""
    require(actor, Permission.REQUEST_APPROVAL)
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    seal = _offered(actor, seal_id)
    org = seal.organisation_id
    taken_by = person if taken_by_id in (None, person.pk) else None
    if taken_by is None:
        taken_by = _keeper(org, taken_by_id, "taken_by_id")
    purpose = bounded_text(purpose, "purpose", 200, required=True)
    destination = bounded_text(destination, "destination", 200, required=True)
    due = _due_back(org, due_back_at)
    item = SealTakeOut.objects.create(
        organisation_id=org,
        seal=seal,
        taken_by=taken_by,
        requested_by=person,
        purpose=purpose,
        destination=destination,
        due_back_at=due,
    )
    kinds, approval = _ask_approval(
        actor, item, "take_out_approvers", TAKE_OUT_OPERATION, take_out_params(item), purpose
    )
    _event(
        actor,
        TAKE_OUT_REQUESTED,
        item,
        org,
        seal=seal.pk,
        taken_by=taken_by.pk,
        approvers=kinds,
        approval_id=approval.pk if approval else None,
        due_back_at=due.isoformat(),
    )
    return item


def _take_out(actor: Actor, take_out_id: int, *, lock: bool = True) -> SealTakeOut:
    """The take-out of the actor's organisation, locked unless ``lock`` is false; the seal is
    locked before it, as for a use."""
    found = (
        (SealTakeOut.objects.select_for_update() if lock else SealTakeOut.objects)
        .filter(pk=take_out_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    if found is None:
        raise NotFound(_("No such take-out."))
    return found


@operation
def hand_out(*, actor: Actor, take_out_id: int) -> SealTakeOut:
    """The keeper hands the seal out for an approved take-out: it consumes the approval
    (refused SEAL-LOG without one for exactly this person, place, purpose and return time);
    refused once the return time has passed. When SEAL-LOG is switched off nothing is used,
    and the request's approval, still pending or granted, is withdrawn."""
    seal = _seal(actor, _take_out(actor, take_out_id, lock=False).seal_id)
    item = _take_out(actor, take_out_id)
    _require_keeper(actor, seal, _("Only the seal's keeper hands it out (SEAL-LOG)."))
    if item.state != TakeOutState.REQUESTED:
        raise Conflict(_("The seal was handed out for this request already, or it was withdrawn."))
    if not seal.active:
        raise Conflict(_("The seal is out of use."))
    if SealTakeOut.objects.filter(seal_id=seal.pk, state=TakeOutState.OUT).exists():
        raise Conflict(_("The seal is out already."))
    book.require(
        seal.organisation_id,
        RULE,
        item.due_back_at > timezone.now(),
        _("The approved return time has passed: ask again."),
    )
    used = consume_approval(
        actor=actor,
        rule_id=RULE,
        operation_name=TAKE_OUT_OPERATION,
        subject=(SUBJECT, seal.pk),
        params=take_out_params(item),
    )
    _withdraw_unused(actor, item, used)
    item.state, item.out_at, item.out_by = TakeOutState.OUT, timezone.now(), actor
    fields = ["state", "out_at", "out_by"]
    if used is not None:
        item.approval = used
        fields.append("approval")
    item.save(update_fields=fields)
    _event(
        actor,
        TAKEN_OUT,
        item,
        seal.organisation_id,
        seal=seal.pk,
        taken_by=item.taken_by_id,
        approval_id=used.pk if used else None,
    )
    return item


@operation
def return_seal(*, actor: Actor, take_out_id: int) -> SealTakeOut:
    """The keeper confirms the seal is back (its return, late or not, is recorded)."""
    seal = _seal(actor, _take_out(actor, take_out_id, lock=False).seal_id)
    item = _take_out(actor, take_out_id)
    _require_keeper(actor, seal, _("Only the seal's keeper confirms its return (SEAL-LOG)."))
    if item.state != TakeOutState.OUT:
        raise Conflict(_("The seal is not out for this request."))
    now = timezone.now()
    item.state, item.returned_at = TakeOutState.RETURNED, now
    item.return_confirmed_by = knower(actor)
    item.save(update_fields=["state", "returned_at", "return_confirmed_by"])
    _event(
        actor,
        RETURNED,
        item,
        seal.organisation_id,
        seal=seal.pk,
        late=now > item.due_back_at,
    )
    return item


@operation
def withdraw_take_out(*, actor: Actor, take_out_id: int) -> SealTakeOut:
    """The requester or the office withdraws a take-out not yet under way."""
    item = _take_out(actor, take_out_id)
    own = actor.person_id == item.requested_by_id
    if not (own or keeps_seals(actor)):
        raise NotFound(_("No such take-out."))
    if item.state != TakeOutState.REQUESTED:
        raise Conflict(_("Only a take-out not yet under way is withdrawn."))
    if item.approval_id:
        withdraw_with(actor=actor, request_id=item.approval_id)
    item.state = TakeOutState.WITHDRAWN
    item.save(update_fields=["state"])
    _event(actor, TAKE_OUT_WITHDRAWN, item, item.organisation_id, seal=item.seal_id)
    return item


# Locking away --------------------------------------------------------------------------------


@operation
def confirm_locked(*, actor: Actor, seal_id: int, day: datetime.date | None = None) -> SealLockUp:
    """The keeper (or the office) confirms the seal is locked in its safe after the work of
    ``day`` (today by default; 下班后务必将印章锁入保险柜内). Refused (SEAL-LOG) while the seal
    was out at the end of that day — it is not in the safe — and for a day to come."""
    seal = _seal(actor, seal_id)
    person = knower(actor)
    keeper = person is not None and person.pk == seal.keeper_id
    if not keeper and not keeps_seals(actor):
        raise NotFound(_("No such seal."))
    if person is None:
        raise AccessDenied(_("Your role does not permit this operation."))
    if not seal.active:
        raise Conflict(_("The seal is out of use."))
    today = timezone.localdate()
    day = today if day is None else day
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise InvalidInput(_("Give a date."), field="day")
    if day > today:
        raise InvalidInput(_("The day cannot be in the future."), field="day")
    if day < today - LOCK_UP_BACK or day < timezone.localdate(seal.registered_at):
        raise InvalidInput(_("The day is too far in the past."), field="day")
    end = end_of_work(seal.organisation_id, day)
    # Out at the end of that day (or now, before it ends), or out now for today's confirmation
    # made after hours: a seal handed out after work is not in the safe either.
    now = timezone.now()
    out = was_out(seal.pk, min(end, now)) or (day == today and was_out(seal.pk, now))
    book.require(
        seal.organisation_id,
        RULE,
        not out,
        _("The seal is out (taken out, not returned): it is not locked in the safe."),
    )
    if SealLockUp.objects.filter(seal_id=seal.pk, day=day).exists():
        raise Conflict(_("The lock-up of this day is confirmed already."))
    lock = SealLockUp.objects.create(
        organisation_id=seal.organisation_id, seal=seal, day=day, confirmed_by=person
    )
    _event(actor, LOCKED, seal, seal.organisation_id, day=day.isoformat())
    return lock
