"""What the two registers of the secure areas — the access log (``access``) and the visitors'
register (``visitors``) — share: the period they cover, how many lines they hold, how they show
a moment, and their lists' order (those still inside first)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.core.errors import InvalidInput

# A register's longest period, and the most lines an export holds.
MAX_PERIOD = datetime.timedelta(days=366)
MAX_LINES = 20000


def check_period(since: datetime.date | None, until: datetime.date | None) -> None:
    """InvalidInput naming ``until`` for a period that ends before it begins or is longer
    than a year."""
    if since is not None and until is not None:
        if until < since:
            raise InvalidInput(_("The period ends before it begins."), field="until")
        if until - since > MAX_PERIOD:
            raise InvalidInput(_("A period is at most a year."), field="until")


def out_expression() -> ExpressionWrapper:
    """``left_at IS NOT NULL``: false for those not yet out, who come first. Compiled without
    parameters on SQLite and PostgreSQL alike, so the ``*_inside_first`` indexes of
    ``areas.models`` (built on this same expression) serve the registers' order on both."""
    return ExpressionWrapper(Q(left_at__isnull=False), output_field=BooleanField())


def inside_first(qs: QuerySet[Any], moment: str) -> QuerySet[Any]:
    """``qs`` with those not yet out (``left_at`` empty) first, then the latest ``moment``."""
    return qs.order_by(out_expression().asc(), f"-{moment}", "-pk")


def heading(
    actor: Actor, since: datetime.date | None, until: datetime.date | None
) -> dict[str, str]:
    """The organisation and the period a register's table is headed with."""
    person = getattr(actor, "person", None)
    return {
        "organisation": person.organisation.name if person is not None else "",
        "period": "–".join(d.isoformat() for d in (since, until) if d is not None),
    }
