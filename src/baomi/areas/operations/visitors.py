"""The visitors' register (外来人员, AREA-ACCESS).

- ``register_visitor``: the security office (MANAGE_AREAS) or the host themselves registers
  a visitor on arrival — name, identity document (a resident identity card checked as GB 11643
  says, ``queries.visitors.check_id_number``), unit, whether foreign or from outside the
  mainland, the host (an active person of the organisation), purpose and arrival time (not in
  the future). A foreign visit is approved under the secrecy review (保密审查, PRESS-FOREIGN,
  in ``baomi.publication``); the register records the flag only.
- ``sign_out_visitor``: the office or the host records the time the visitor left (not before
  arrival, not in the future); refused while the visitor is still logged inside an area.

A visitor never receives a document or material: ``queries.visitors.refuse_documents``."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.areas.models import AreaEntry, Visitor
from baomi.areas.policies import keeps_areas
from baomi.areas.queries.visitors import RULE, check_id_number
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound
from baomi.core.inputs import past_moment
from baomi.core.text import fitted_text
from baomi.org.models import Employment, Person

VISITOR_REGISTERED = register_action("areas.visitor_registered", gettext_lazy("Visitor registered"))
VISITOR_SIGNED_OUT = register_action("areas.visitor_signed_out", gettext_lazy("Visitor signed out"))

# How far back an arrival may be recorded.
MAX_BACK = datetime.timedelta(days=31)


def _registers(actor: Actor, host_id: int) -> None:
    """The office registers any visitor; anyone else only their own (they host them)."""
    if keeps_areas(actor):
        return
    if not has_permission(actor, Permission.REQUEST_APPROVAL) or actor.person_id != host_id:
        raise AccessDenied(
            _("The security office registers visitors; a host registers only their own.")
        )


def _host(actor: Actor, host_id: int) -> Person:
    host = Person.objects.filter(pk=host_id, organisation_id=actor_organisation_id(actor)).first()
    if host is None:
        raise NotFound(_("No such person."))
    if host.employment != Employment.ACTIVE:
        raise InvalidInput(_("The host is a person in post in the organisation."), field="host_id")
    return host


def _moment(
    value: datetime.datetime | None, field: str, *, after: datetime.datetime | None = None
) -> datetime.datetime:
    return past_moment(
        value,
        field,
        max_back=MAX_BACK,
        after=after,
        after_message=_("The time cannot come before the arrival."),
    )


def _event(actor: Actor, action: str, visitor: Visitor, **data: Any) -> None:
    record_event(
        actor=actor,
        action=action,
        subject=visitor,
        organisation_id=visitor.organisation_id,
        data={"rule": RULE, "rules": [RULE], "host": visitor.host_id, **data},
    )


@operation
def register_visitor(
    *,
    actor: Actor,
    name: str,
    id_kind: str,
    id_number: str,
    unit: str,
    host_id: int,
    purpose: str,
    arrived_at: datetime.datetime | None = None,
    foreign: bool = False,
) -> Visitor:
    """Register a visitor on arrival (AREA-ACCESS): the office, or the host for their own."""
    if not isinstance(host_id, int):
        raise InvalidInput(_("Choose the host."), field="host_id")
    _registers(actor, host_id)
    host = _host(actor, host_id)
    name = fitted_text(name, "name", Visitor)
    number = check_id_number(id_kind, id_number)
    unit = fitted_text(unit, "unit", Visitor)
    purpose = fitted_text(purpose, "purpose", Visitor)
    arrived = _moment(arrived_at, "arrived_at")
    visitor = Visitor.objects.create(
        organisation_id=host.organisation_id,
        name=name,
        id_kind=id_kind,
        id_number=number,
        unit=unit,
        foreign=bool(foreign),
        host=host,
        purpose=purpose,
        arrived_at=arrived,
        registered_by=actor,
    )
    _event(
        actor,
        VISITOR_REGISTERED,
        visitor,
        foreign=visitor.foreign,
        arrived_at=arrived.isoformat(),
    )
    return visitor


@operation
def sign_out_visitor(
    *, actor: Actor, visitor_id: int, left_at: datetime.datetime | None = None
) -> Visitor:
    """The visitor leaves (the office, or their host): refused once signed out, or while they
    are logged inside an area."""
    visitor = (
        Visitor.objects.select_for_update()
        .filter(pk=visitor_id, organisation_id=actor_organisation_id(actor))
        .first()
    )
    hosting = (
        visitor is not None
        and has_permission(actor, Permission.REQUEST_APPROVAL)
        and visitor.host_id == actor.person_id
    )
    if visitor is None or not (keeps_areas(actor) or hosting):
        raise NotFound(_("No such visitor."))
    if visitor.left_at is not None:
        raise Conflict(_("The visitor is signed out already."))
    inside = AreaEntry.objects.filter(visitor=visitor, left_at=None).select_related("area").first()
    if inside is not None:
        raise Conflict(
            _("The visitor is still inside %(area)s: log their exit first.")
            % {"area": inside.area.name}
        )
    visitor.left_at = _moment(left_at, "left_at", after=visitor.arrived_at)
    visitor.save(update_fields=["left_at"])
    _event(actor, VISITOR_SIGNED_OUT, visitor, left_at=visitor.left_at.isoformat())
    return visitor
