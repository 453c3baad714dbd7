"""The JSON routes of the equipment ledger (RULES.md §7), mounted at the root of /api/v1:
the ledger itself (``api_ledger``), media uses, alerts and physical checks (``api_checks``),
and the equipment's care: repairs, loans, disposals, antivirus, backups, standalone use and
integrity reviews (``api_care``)."""

from __future__ import annotations

from ninja import Router

from baomi.devices import api_care, api_checks, api_ledger

router = Router()
router.add_router("", api_ledger.router)
router.add_router("", api_checks.router)
router.add_router("", api_care.router)
