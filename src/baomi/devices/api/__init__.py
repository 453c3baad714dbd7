"""The JSON routes of the equipment ledger (RULES.md §7), mounted at the root of /api/v1:
the ledger itself (``ledger``), media uses, alerts and physical checks (``checks``), and the
equipment's care: repairs, loans, disposals, antivirus, backups, standalone use and integrity
reviews (``care``)."""

from __future__ import annotations

from baomi.devices.api import care, checks, ledger

ROUTERS = [("", ledger.router), ("", checks.router), ("", care.router)]
