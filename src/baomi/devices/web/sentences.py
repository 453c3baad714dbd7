"""What each of the equipment's approval requests authorises, in a sentence (the registered
``ApprovalOperation.sentence``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from baomi.core.levels import label as level_label
from baomi.devices.models import Outcome
from baomi.devices.queries import ledger
from baomi.kit.language import listed
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
    ids = list(params.get("assets") or ())
    names = [
        f"{asset.number} {asset.get_type_display()}"
        for asset in ledger.asked_about_many(actor, ids)
    ]
    if len(names) < len(ids):
        names.append(_("%(n)d assets you may not know") % {"n": len(ids) - len(names)})
    return _("%(outcome)s: %(n)d assets: %(assets)s.") % {
        "outcome": label,
        "n": len(ids),
        "assets": listed(names),
    }


def standalone(actor: Any, params: Mapping[str, Any]) -> str:
    name = org_queries.name_of(actor, params.get("person"))
    return _("%(name)s processes %(level)s data on it.") % {
        "name": name or "—",
        "level": level_label(params.get("level")),
    }
