"""The home page: what I hold and by when it goes back, what is overdue, what awaits my
approval or my instruction (JOURNEYS §3)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.accounts import queries as accounts
from baomi.approvals import queries as approvals
from baomi.carriers.queries import classification, copies
from baomi.devices.queries import care
from baomi.devices.queries import ledger as devices
from baomi.kit.pages import page
from baomi.seams.approvals import describe
from baomi.web.views.desk import clock

LIMIT = 20


def _with_upkeep(actor: Any, person_id: int, equipment: list[Any]) -> list[Any]:
    """My assets, each computer marked with the date its backup is due (DEV-BACKUP) and
    whether its antivirus needs updating (DEV-AV)."""
    today = timezone.localdate()
    due = {r.asset.pk: r.due_by for r in care.backups_due(actor, today, custodian_id=person_id)}
    stale = set(
        care.av_stale(actor, today).filter(custodian_id=person_id).values_list("pk", flat=True)
    )
    for asset in equipment:
        asset.backup_due_by, asset.av_stale = due.get(asset.pk), asset.pk in stale
    return equipment


@page("home")
def home(request: HttpRequest) -> HttpResponse:
    actor = request.user
    person = knower(actor)
    held, overdue, slips, unread, equipment = [], [], [], 0, []
    if person is not None:
        held = list(copies.holdings(actor)[:LIMIT])
        overdue = list(copies.overdue(actor).filter(holder=person)[:LIMIT])
        slips = list(copies.awaiting_instruction(actor)[:LIMIT])
        unread = classification.notices(actor, unread_only=True).count()  # CLS-NOTIFY
        equipment = list(devices.held_by(actor)[:LIMIT])  # DEV-LEDGER: what I keep
        if equipment:
            equipment = _with_upkeep(actor, person.pk, equipment)
    awaiting = []
    if has_permission(actor, Permission.DECIDE_APPROVAL):
        awaiting = [
            (r, describe(actor, r.subject_type, r.subject_id))
            for r in approvals.awaiting(actor)[:LIMIT]
        ]
    locked = []
    if has_permission(actor, Permission.UNLOCK_ACCOUNTS) and has_permission(
        actor, Permission.MANAGE_ACCOUNTS
    ):
        locked = list(accounts.accounts(actor).filter(locked_until__gt=timezone.now()))
    return render(
        request,
        "web/home.html",
        {
            "knows_items": person is not None,
            "held": held,
            "awaiting": awaiting,
            "decides": has_permission(actor, Permission.DECIDE_APPROVAL),
            "overdue": overdue,
            "slips": slips,
            "unread_notices": unread,
            **clock(actor),
            "locked": locked,
            "audits": has_permission(actor, Permission.READ_AUDIT),
            "equipment": equipment,
        },
    )
