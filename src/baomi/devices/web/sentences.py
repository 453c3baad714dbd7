"""What each of the equipment's approval requests authorises, in a sentence (the registered
``ApprovalOperation.sentence``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from baomi.core.levels import label as level_label
from baomi.devices.models import Outcome
from baomi.org import queries as org_queries


def sanitise(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Sanitise a medium that held %(level)s data.") % {
        "level": level_label(params.get("level"))
    }


def repair(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Repair at %(vendor)s.") % {"vendor": params.get("vendor", "—")}


def lend_asset(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Lend to %(borrower)s until %(date)s.") % {
        "borrower": params.get("borrower", "—"),
        "date": params.get("due_back", "—"),
    }


def dispose_assets(actor: Any, params: Mapping[str, Any]) -> str:
    outcome = params.get("outcome")
    label = Outcome(outcome).label if outcome in Outcome.values else "—"
    return _("%(outcome)s: %(n)d assets.") % {
        "outcome": label,
        "n": len(params.get("assets") or ()),
    }


def standalone(actor: Any, params: Mapping[str, Any]) -> str:
    name = org_queries.name_of(actor, params.get("person"))
    return _("%(name)s processes %(level)s data on it.") % {
        "name": name or "—",
        "level": level_label(params.get("level")),
    }
