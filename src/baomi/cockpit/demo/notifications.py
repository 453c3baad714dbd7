"""The demo's deadline notifications: what ``baomi notify`` makes for the demo's open
deadlines today (reminders, overdue ones escalated to the heads and the security office)."""

from __future__ import annotations

from baomi.cockpit.operations.notifications import notify
from baomi.seams.demo import Demo


def build(demo: Demo) -> None:
    if not demo.created:
        return
    notify(actor=None, organisation_id=demo.organisation.pk)
