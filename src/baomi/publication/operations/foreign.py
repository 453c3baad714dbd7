"""Foreign journalists and visitors (境外记者与来访, PRESS-FOREIGN).

- ``record_foreign``: a knowing person (REQUEST_APPROVAL) records a foreign media request or a
  foreign visit. A phone interview by a foreign journalist is recorded as refused, and nothing
  ever accepts it. An invited interview or a visit needs the agreed talking points (介绍口径),
  scope (参观范围), route (路线) and the people of the organisation who meet them before its
  approval request (``publication.foreign``, the rule's ``approvers``) opens; the request's
  params pin all of them.
- ``hold_foreign``: the interview or visit took place, its outcome recorded: refused
  (PRESS-FOREIGN) for a phone interview and without the granted approval, which it uses.
- ``cancel_foreign``: withdrawn before it is held, with its approval."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, require
from baomi.approvals.operations import consume_approval, open_request, withdraw_with
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.text import bounded_text, fitted_text
from baomi.org.models import Person
from baomi.publication.models import ForeignKind, ForeignRequest, ForeignState
from baomi.publication.policies import FOREIGN_REQUESTS, reviews
from baomi.publication.queries.foreign import OPERATION, RULE, SUBJECT, approval_params
from baomi.rulebook import book

RECORDED = register_action(
    "publication.foreign_recorded", gettext_lazy("Foreign press request or visit recorded")
)
PHONE_REFUSED = register_action(
    "publication.phone_interview_refused",
    gettext_lazy("Phone interview by foreign media refused"),
)
HELD = register_action("publication.foreign_held", gettext_lazy("Foreign interview or visit held"))
CANCELLED = register_action(
    "publication.foreign_cancelled", gettext_lazy("Foreign interview or visit cancelled")
)

MAX_AHEAD = datetime.timedelta(days=2 * 366)
MAX_HOSTS = 50


def _event(actor: Actor, action: str, item: ForeignRequest, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=item,
        organisation_id=item.organisation_id,
        data={"rules": [RULE], "kind": item.kind, **data},
    )


def _dates(starts: Any, ends: Any) -> tuple[datetime.date, datetime.date]:
    if not isinstance(starts, datetime.date):
        raise InvalidInput(_("Give a date."), field="starts")
    ends = starts if ends is None else ends
    if not isinstance(ends, datetime.date):
        raise InvalidInput(_("Give a date."), field="ends")
    today = timezone.localdate()
    if abs(starts - today) > MAX_AHEAD:
        raise InvalidInput(_("The date is too far from today."), field="starts")
    if ends < starts:
        raise InvalidInput(_("The end cannot come before the start."), field="ends")
    if ends - starts > datetime.timedelta(days=31):
        raise InvalidInput(_("A visit lasts at most a month."), field="ends")
    return starts, ends


def _hosts(actor: Actor, host_ids: Any) -> list[Person]:
    if host_ids is None:
        host_ids = []
    if not isinstance(host_ids, list | tuple) or len(host_ids) > MAX_HOSTS:
        raise InvalidInput(_("Choose the people who meet them."), field="host_ids")
    wanted = {int(pk) for pk in host_ids if isinstance(pk, int) and 0 < pk < 2**63}
    if len(wanted) != len(host_ids):
        raise InvalidInput(_("Choose the people who meet them."), field="host_ids")
    found = list(Person.objects.filter(pk__in=wanted, organisation_id=actor.person.organisation_id))
    if len(found) != len(wanted) or any(not p.is_active for p in found):
        raise InvalidInput(_("No such person."), field="host_ids")
    return found


@operation
def record_foreign(
    *,
    actor: Actor,
    kind: str,
    party: str,
    country: str,
    subject: str,
    starts: datetime.date,
    ends: datetime.date | None = None,
    contact: str = "",
    talking_points: str = "",
    scope: str = "",
    route: str = "",
    host_ids: list[int] | None = None,
) -> ForeignRequest:
    """Record a foreign media request or foreign visit (PRESS-FOREIGN): a phone interview is
    recorded refused; an invited interview or a visit opens its approval request once the
    talking points, scope, route and hosts are given (422 naming the missing one)."""
    require(actor, Permission.REQUEST_APPROVAL)
    person = knower(actor)
    if person is None:
        raise AccessDenied(_("Only a person of the organisation records this."))
    if kind not in ForeignKind.values:
        raise InvalidInput(_("Choose a kind."), field="kind")
    party = fitted_text(party, "party", ForeignRequest)
    country = fitted_text(country, "country", ForeignRequest)
    subject = fitted_text(subject, "subject", ForeignRequest)
    contact = fitted_text(contact, "contact", ForeignRequest, required=False)
    starts, ends = _dates(starts, ends)
    phone = kind == ForeignKind.PHONE
    texts = {
        "talking_points": bounded_text(
            talking_points, "talking_points", 4000, required=not phone, multiline=True
        ),
        "scope": bounded_text(scope, "scope", 2000, required=not phone, multiline=True),
        "route": bounded_text(route, "route", 2000, required=not phone, multiline=True),
    }
    hosts = _hosts(actor, host_ids)
    if not phone and not hosts:
        raise InvalidInput(_("Name the people who meet them."), field="host_ids")
    item = ForeignRequest.objects.create(
        organisation_id=person.organisation_id,
        kind=kind,
        party=party,
        country=country,
        contact=contact,
        starts=starts,
        ends=ends,
        subject=subject,
        recorded_by=person,
        state=ForeignState.REFUSED if phone else ForeignState.REQUESTED,
        **texts,
    )
    item.hosts.set(hosts)
    if phone:
        # The rule allows no phone interview: recorded, refused, never accepted.
        _event(actor, PHONE_REFUSED, item)
        return item
    approval = None
    if book.in_force(item.organisation_id, RULE):
        approval = open_request(
            actor=actor,
            rule_id=RULE,
            operation_name=OPERATION,
            subject=(SUBJECT, item.pk),
            params=approval_params(item, [p.pk for p in hosts]),
            reason=subject,
        )
        item.approval = approval
        item.save(update_fields=["approval"])
    _event(actor, RECORDED, item, approval_id=approval.pk if approval else None)
    return item


def _item(actor: Actor, foreign_id: int) -> ForeignRequest:
    found = (
        ForeignRequest.objects.select_for_update()
        .filter(pk=foreign_id, pk__in=FOREIGN_REQUESTS.known(actor).values("pk"))
        .first()
    )
    if found is None:
        raise NotFound(_("No such foreign press request or visit."))
    return found


@operation
def hold_foreign(
    *,
    actor: Actor,
    foreign_id: int,
    outcome: str,
    held_on: datetime.date | None = None,
) -> ForeignRequest:
    """Record that the interview or visit took place and how it went: refused (PRESS-FOREIGN)
    for a phone interview, and unless an approval of exactly these terms is granted, which it
    uses. When PRESS-FOREIGN is switched off nothing is used, and the request opened when it
    was recorded, still pending or granted, is withdrawn."""
    item = _item(actor, foreign_id)
    book.require(
        item.organisation_id,
        RULE,
        item.kind != ForeignKind.PHONE,
        _("Phone interviews by foreign journalists are refused: it may not be accepted."),
    )
    if item.state != ForeignState.REQUESTED:
        raise Conflict(_("It is held, refused or cancelled already."))
    outcome = bounded_text(outcome, "outcome", 4000, required=True, multiline=True)
    day = held_on or timezone.localdate()
    if not isinstance(day, datetime.date) or day > timezone.localdate():
        raise InvalidInput(_("The day cannot be in the future."), field="held_on")
    if day < item.starts:
        raise InvalidInput(_("It cannot be held before the approved date."), field="held_on")
    used = consume_approval(
        actor=actor,
        rule_id=RULE,
        operation_name=OPERATION,
        subject=(SUBJECT, item.pk),
        params=approval_params(item, list(item.hosts.values_list("pk", flat=True))),
    )
    if used is None and item.approval_id:
        # PRESS-FOREIGN switched off: its own request, pending or granted, is withdrawn;
        # nobody is left to decide what took place.
        withdraw_with(actor=actor, request_id=item.approval_id)
    item.state, item.held_on, item.outcome = ForeignState.HELD, day, outcome
    fields = ["state", "held_on", "outcome"]
    if used is not None:
        item.approval = used
        fields.append("approval")
    item.save(update_fields=fields)
    _event(actor, HELD, item, held_on=day.isoformat(), approval_id=used.pk if used else None)
    return item


@operation
def cancel_foreign(*, actor: Actor, foreign_id: int) -> ForeignRequest:
    """Cancel an interview or visit not held (a reviewer or whoever recorded it); its approval
    request is withdrawn."""
    item = _item(actor, foreign_id)
    if not (reviews(actor) or actor.person_id == item.recorded_by_id):
        raise AccessDenied(_("Only a reviewer or whoever recorded it cancels it."))
    if item.state != ForeignState.REQUESTED:
        raise Conflict(_("Only a request not yet held is cancelled."))
    if item.approval_id:
        withdraw_with(actor=actor, request_id=item.approval_id)
    item.state = ForeignState.CANCELLED
    item.save(update_fields=["state"])
    _event(actor, CANCELLED, item)
    return item
