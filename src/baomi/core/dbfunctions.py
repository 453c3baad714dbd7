"""Database functions the ORM lacks, for SQLite and PostgreSQL alike.

``EndOfDay(day, days)``: the end of the day ``days`` after a date column — its next midnight
in the installation's time zone — as a timestamp: ``seams.deadlines.end_of_day`` in SQL, so
that a deadline falling on a date (a recall date, a yearly review) is written with its due
time by the database itself (``cockpit.operations.notifications``). PostgreSQL converts with
``AT TIME ZONE``; SQLite has no time zones, so ``register_sqlite`` gives each new connection
the Python function ``baomi_end_of_day`` (``connection_created``, ``core.apps``)."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import DateTimeField, Func


def _end_of_day(day: str | None, days: int, zone: str) -> str | None:
    """SQLite's ``baomi_end_of_day``: the UTC timestamp, as Django writes one, of the midnight
    that ends the day ``days`` after ``day`` (an ISO date) in the time zone ``zone``."""
    if day is None:
        return None
    following = datetime.date.fromisoformat(day[:10]) + datetime.timedelta(days=days + 1)
    local = datetime.datetime.combine(following, datetime.time.min, zoneinfo.ZoneInfo(zone))
    return str(local.astimezone(datetime.UTC).replace(tzinfo=None))


def register_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection ``baomi_end_of_day`` (``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "baomi_end_of_day", 3, _end_of_day, deterministic=True
        )


class EndOfDay(Func):
    """The end of the day ``days`` after the date ``day`` in the installation's time zone."""

    output_field = DateTimeField()

    def __init__(self, day: Any, days: int) -> None:
        super().__init__(day)
        self.days = days

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"baomi_end_of_day({sql}, %s, %s)", [*params, self.days, settings.TIME_ZONE]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"((({sql}) + %s)::timestamp AT TIME ZONE %s)",
            [*params, self.days + 1, settings.TIME_ZONE],
        )

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        raise NotSupportedError(f"EndOfDay is not written for {connection.vendor}")
