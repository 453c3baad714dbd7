"""The JSON routes of the people's records, mounted at the root of /api/v1: the cooling-off
periods (``cooling_off``, PPL-EXIT)."""

from __future__ import annotations

from baomi.people.api import cooling_off

ROUTERS = [("", cooling_off.router)]
