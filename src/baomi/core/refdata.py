"""Reference data read once per process: an organisation's rulebook overrides, working
calendar and chart (departments and their heads, ranks), and the installation's API tokens
with their accounts. What a process read is kept under the version stamp it read
(``ReferenceVersion``, one row per organisation and kind) and read again once the stamp
differs. Every change of such data sets a new stamp in the transaction that makes it
(``bump``, called by the models' save and delete signals, ``watch``), so a change made by one
process is seen by every other on its next operation.

The stamps of one organisation are read in one query, once per operation (``core.memo``: an
operation's scope is its transaction); the values are remembered in the scope too. A stamp is
random, not a counter: a stamp set in a transaction that was rolled back never comes back, so
what was read inside that transaction (and kept under it) is never taken for committed data.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from baomi.core import memo

T = TypeVar("T")

# The kinds of reference data, each with its own stamp.
RULEBOOK = "rulebook"  # rulebook overrides (rulebook.RuleOverride)
CALENDAR = "calendar"  # working hours and calendar days (org.WorkingHours, org.CalendarDay)
CHART = "chart"  # departments, their heads, ranks, people (org.Department, org.Rank, org.Person)
ACCOUNTS = "accounts"  # API tokens and their accounts, installation-wide (organisation 0)
KINDS = (RULEBOOK, CALENDAR, CHART, ACCOUNTS)
# The "organisation" of what belongs to the installation rather than to one organisation.
INSTALLATION = 0

TABLE = "core_reference_version"

# (organisation, kind, key) -> (stamp, value), shared by the threads of the process.
_cache: dict[tuple[int, str, Hashable], tuple[int, Any]] = {}


def _read_versions(organisation_id: int) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, version FROM {TABLE} WHERE organisation_id = %s",  # noqa: S608
            [organisation_id],
        )
        return dict(cursor.fetchall())


def _state(organisation_id: int) -> dict[str, Any]:
    """The organisation's stamps (one query) and the values taken in this scope."""
    return memo.remember(
        ("refdata", organisation_id),
        lambda: {"versions": _read_versions(organisation_id), "values": {}},
    )


def versions(organisation_id: int) -> dict[str, int]:
    """The stamps of the organisation's reference data (a kind never changed has none)."""
    return _state(organisation_id)["versions"]


def cached(
    organisation_id: int,
    kind: str,
    key: Hashable,
    compute: Callable[[], T],
    *,
    keep_none: bool = True,
) -> T:
    """``compute()`` (a read of reference data of ``kind``) as this process last read it,
    unless the kind's stamp changed since: then read again. Once per operation scope at most;
    outside a scope each call reads the stamps (one query). The value is shared: treat it as
    read-only. ``keep_none=False`` keeps no answer None beyond the scope (keys that anyone may
    make up, such as a token's prefix, must not grow the process's memory)."""
    state = _state(organisation_id)
    values = state["values"]
    if (kind, key) in values:
        return values[(kind, key)]
    stamp = state["versions"].get(kind, 0)
    full = (organisation_id, kind, key)
    hit = _cache.get(full)
    if hit is not None and hit[0] == stamp:
        value = hit[1]
    else:
        # The stamp was read before the data: data newer than its stamp is read again next
        # time, never older data kept under a newer stamp.
        value = compute()
        if value is not None or keep_none:
            _cache[full] = (stamp, value)
    values[(kind, key)] = value
    return value


def bump(organisation_id: int, *kinds: str) -> None:
    """Set a new stamp for each of ``kinds`` of the organisation, in the caller's transaction
    (one statement each): every process reads that data again on its next operation, this
    one at once (what this scope remembered of the organisation is dropped)."""
    with connection.cursor() as cursor:
        for kind in kinds:
            cursor.execute(
                f"INSERT INTO {TABLE} (organisation_id, kind, version) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (organisation_id, kind) DO UPDATE SET version = excluded.version",
                [organisation_id, kind, secrets.randbits(62) + 1],
            )
    memo.forget(("refdata", organisation_id))


def watch(
    model: type[Model],
    stamps: Callable[[Any, frozenset[str] | None], Iterable[tuple[int | None, str]]],
) -> None:
    """Bump the (organisation, kind) stamps ``stamps(instance, update_fields)`` names
    whenever an instance of ``model`` is saved (``update_fields`` as the save gave them) or
    deleted (None), in the transaction that saves or deletes it. A ``QuerySet.update`` or
    ``bulk_create`` sends no signal: the code doing one bumps itself."""

    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        by_org: dict[int, list[str]] = {}
        for org, kind in stamps(instance, kwargs.get("update_fields")):
            if org is not None and kind not in by_org.setdefault(org, []):
                by_org[org].append(kind)
        for org, kinds in by_org.items():
            bump(org, *kinds)

    uid = f"baomi_refdata_{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def clear() -> None:
    """Forget everything this process read (tests)."""
    _cache.clear()
