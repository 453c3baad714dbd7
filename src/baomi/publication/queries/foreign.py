"""Reads of foreign journalists' requests and foreign visits (PRESS-FOREIGN), through what the
actor may know (``policies.FOREIGN_REQUESTS``: the reviewers of the organisation, whoever
recorded it, the people named to meet them).

A request's ``status`` is its stored state, except while it is *requested*: then it follows
its approval request — *approved* once granted (unexpired), *not approved* once rejected,
withdrawn or lapsed. ``register_table`` is the register of foreign press and visits."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals.models import ApprovalStep
from baomi.approvals.models import State as ApprovalState
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports
from baomi.core.errors import NotFound
from baomi.publication.models import ForeignKind, ForeignRequest, ForeignState
from baomi.publication.policies import FOREIGN_REQUESTS, reviews

RULE = "PRESS-FOREIGN"
OPERATION = "publication.foreign"
SUBJECT = "publication.foreignrequest"

APPROVED, NOT_APPROVED = "approved", "not_approved"
STATUS_LABELS: dict[str, Any] = {
    **dict(ForeignState.choices),
    APPROVED: gettext_lazy("approved"),
    NOT_APPROVED: gettext_lazy("approval refused or lapsed"),
}
STEP_LABELS: dict[str, Any] = {
    "hold": gettext_lazy("Record that it was held"),
    "cancel": gettext_lazy("Cancel"),
}


def approval_params(item: ForeignRequest, host_ids: list[int]) -> dict[str, Any]:
    """What the approval of an interview or visit authorises: who comes, when, the agreed
    talking points, scope and route, and the people who meet them."""
    return {
        "kind": item.kind,
        "party": item.party,
        "country": item.country,
        "starts": item.starts.isoformat(),
        "ends": item.ends.isoformat(),
        "talking_points": item.talking_points,
        "scope": item.scope,
        "route": item.route,
        "hosts": sorted(host_ids),
    }


def requests(actor: Actor, *, state: str = "") -> QuerySet[ForeignRequest]:
    qs = (
        FOREIGN_REQUESTS.known(actor)
        .select_related("recorded_by", "approval")
        .prefetch_related("hosts", "approval__steps__approver")
    )
    if state:
        qs = qs.filter(state=state)
    return qs


def request(actor: Actor, foreign_id: int) -> ForeignRequest:
    found = requests(actor).filter(pk=foreign_id).first()
    if found is None:
        raise NotFound(_("No such foreign press request or visit."))
    return found


def status(item: ForeignRequest) -> str:
    if item.state != ForeignState.REQUESTED or item.approval is None:
        return item.state
    approval = item.approval
    now = timezone.now()
    if approval.state == ApprovalState.GRANTED and approval.expires_at > now:
        return APPROVED
    if approval.state == ApprovalState.PENDING and approval.expires_at > now:
        return item.state
    return NOT_APPROVED


def status_label(value: str) -> Any:
    return STATUS_LABELS.get(value, value)


def next_steps(actor: Actor, item: ForeignRequest) -> list[str]:
    """What ``actor`` may do now: record that an approved interview or visit was held, or
    cancel one not held (a reviewer or whoever recorded it)."""
    if not FOREIGN_REQUESTS.may_know(actor, item):
        return []
    steps: list[str] = []
    current = status(item)
    if current == APPROVED:
        steps.append("hold")
    keeper = reviews(actor) or getattr(actor, "person_id", None) == item.recorded_by_id
    if keeper and item.state == ForeignState.REQUESTED:
        steps.append("cancel")
    return steps


def asked_about(actor: Actor, foreign_id: int) -> ForeignRequest | None:
    """A request as its approval shows it: one the actor may know, or one they are asked to
    approve."""
    found = FOREIGN_REQUESTS.known(actor).filter(pk=foreign_id).first()
    if found is not None:
        return found
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return None
    asked = ApprovalStep.objects.filter(
        approver_id=person_id,
        request__subject_type=SUBJECT,
        request__subject_id=str(foreign_id),
        request__organisation_id=actor_organisation_id(actor),
    ).exists()
    return ForeignRequest.objects.filter(pk=foreign_id).first() if asked else None


EXPORTED = register_action(
    "publication.foreign_register_exported",
    gettext_lazy("Register of foreign press and visits exported"),
)
REGISTER_TITLE = gettext_lazy("Register of foreign press and visits")


def _day(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


def register_table(actor: Actor, *, state: str = "") -> exports.Table:
    """The register of foreign press and visits (the reviewers'), one line per request."""
    require(actor, Permission.REVIEW_PUBLICATIONS)
    kinds = dict(ForeignKind.choices)
    columns = [
        ("dates", _("Dates")),
        ("kind", _("Kind")),
        ("party", _("Outlet or visiting party")),
        ("country", _("Country or region")),
        ("subject", _("Subject")),
        ("hosts", _("People meeting them")),
        ("approver", _("Approved by")),
        ("held", _("Held on")),
        ("status", _("State")),
    ]
    rows = []
    for item in requests(actor, state=state)[:2000]:
        approval = item.approval
        approved = ""
        if approval is not None:
            approved = "；".join(
                f"{s.approver.name} {_day(s.decided_at)}".strip()
                for s in approval.steps.all()
                if s.decided_at is not None
            )
        rows.append(
            [
                f"{item.starts:%Y-%m-%d} – {item.ends:%Y-%m-%d}",
                str(kinds.get(item.kind, item.kind)),
                item.party,
                item.country,
                item.subject,
                "、".join(p.name for p in item.hosts.all()),
                approved,
                f"{item.held_on:%Y-%m-%d}" if item.held_on else "",
                str(status_label(status(item))),
            ]
        )
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=actor.person.organisation.name,
        period=f"{timezone.localdate():%Y-%m-%d}",
        columns=[(key, str(header)) for key, header in columns],
        rows=rows,
        signature_columns=(_("Registered by"),),
    )


def export_register(actor: Actor, file_format: str, *, state: str = "") -> exports.Export:
    exports.require_format(file_format)
    table = register_table(actor, state=state)
    return recorded_export(
        actor, table, file_format, action=EXPORTED, data={"rule": RULE, "state": state}
    )
