"""The JSON routes of the people's records, mounted at the root of /api/v1: the cooling-off
periods (``cooling_off``, PPL-EXIT) and the monthly self-checks (``self_checks``,
PPL-SELFCHECK)."""

from __future__ import annotations

from baomi.people.api import cooling_off, self_checks

ROUTERS = [("", cooling_off.router), ("", self_checks.router)]
