"""Reads of the seals (印信, SEAL-LOG), through what the actor may know
(``policies.SEALS``, ``SEAL_USES``, ``SEAL_TAKE_OUTS``, ``SEAL_LOCK_UPS``: the office —
MANAGE_SEALS — its organisation's, a keeper their seals and their logs, a requester their own
requests; ``OFFERED_SEALS``: the seals in use a person may ask to use).

A use's or take-out's ``status`` is its stored state, except while it is *requested*: then it
follows its approval — *approved* once granted (and still valid, or when the organisation
switched SEAL-LOG off and there is none to wait for), *refused* once rejected, withdrawn or
lapsed. The approval is consumed when the keeper logs the use or hands the seal out, so the
stored state never follows the approvals app. ``use_steps`` / ``take_out_steps`` answer "what
can be done now" for the page and the API. The 用印登记簿 (``register_table``) is exported
as .xlsx and PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.mac import knower
from baomi.access.roles import Permission, actor_organisation_id, require
from baomi.approvals.models import ApprovalStep
from baomi.approvals.models import State as ApprovalState
from baomi.audit.actions import register_action
from baomi.audit.exports import recorded_export
from baomi.core import exports
from baomi.core.errors import InvalidInput, NotFound
from baomi.org import queries as org_queries
from baomi.org.models import Employment, Person
from baomi.rulebook import book
from baomi.seals.models import (
    Seal,
    SealKind,
    SealLockUp,
    SealTakeOut,
    SealUse,
    TakeOutState,
    UseState,
)
from baomi.seals.policies import (
    OFFERED_SEALS,
    SEAL_LOCK_UPS,
    SEAL_TAKE_OUTS,
    SEAL_USES,
    SEALS,
    keeps_seals,
)

RULE = "SEAL-LOG"
# The approval operations and the subject type of their requests (the seal).
USE_OPERATION = "seals.use"
TAKE_OUT_OPERATION = "seals.take_out"
SUBJECT = "seals.seal"
# How many days back a seal's page shows its lock-ups.
LOCK_UP_DAYS = 10
# The lines of a page of the use register, and the most an export of it holds (as the
# registers of the secure areas).
PAGE_SIZE = 50
MAX_LINES = 20000

USE_STATUS_LABELS: dict[str, Any] = dict(UseState.choices)
TAKE_OUT_STATUS_LABELS: dict[str, Any] = dict(TakeOutState.choices)


# The seals --------------------------------------------------------------------------------


def seals(actor: Actor, *, active: bool | None = None) -> QuerySet[Seal]:
    """The seals ``actor`` may know (the office's register, else the seals they keep)."""
    qs = SEALS.known(actor).select_related("keeper", "keeper__department")
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def seal(actor: Actor, seal_id: int) -> Seal:
    found = seals(actor).filter(pk=seal_id).first()
    if found is None:
        raise NotFound(_("No such seal."))
    return found


def offered(actor: Actor) -> QuerySet[Seal]:
    """The seals in use ``actor`` may ask to use or take out (name and kind only shown)."""
    return OFFERED_SEALS.known(actor).order_by("kind", "name")


def offered_seal(actor: Actor, seal_id: int) -> Seal:
    found = offered(actor).filter(pk=seal_id).first()
    if found is None:
        raise NotFound(_("No such seal."))
    return found


def keepers(actor: Actor) -> QuerySet[Person]:
    """Whom the office may make a keeper: the organisation's people in post."""
    if not keeps_seals(actor):
        return Person.objects.none()
    return (
        Person.objects.filter(
            organisation_id=actor_organisation_id(actor), employment=Employment.ACTIVE
        )
        .select_related("department")
        .order_by("department__path", "name")
    )


def is_keeper(actor: Actor, item: Seal) -> bool:
    person = knower(actor)
    return person is not None and person.pk == item.keeper_id


def kind_label(kind: str) -> Any:
    return dict(SealKind.choices).get(kind, kind)


def out_now(seal_id: int) -> SealTakeOut | None:
    """The seal's take-out under way (handed out, not back), if any."""
    return SealTakeOut.objects.filter(seal_id=seal_id, state=TakeOutState.OUT).first()


def was_out(seal_id: int, moment: datetime.datetime) -> bool:
    """Whether the seal was out (handed out and not back) at ``moment``."""
    return SealTakeOut.objects.filter(
        Q(returned_at__isnull=True) | Q(returned_at__gt=moment),
        seal_id=seal_id,
        out_at__isnull=False,
        out_at__lte=moment,
    ).exists()


# The uses ---------------------------------------------------------------------------------


def _with_status(qs: QuerySet, requested_value: str, approved: str, refused: str) -> QuerySet:
    now = timezone.now()
    requested = Q(state=requested_value)
    return qs.annotate(
        status=Case(
            When(requested & Q(approval__isnull=True), then=Value(approved)),
            When(
                requested & Q(approval__state=ApprovalState.GRANTED, approval__expires_at__gt=now),
                then=Value(approved),
            ),
            When(
                requested
                & (
                    Q(approval__state__in=[ApprovalState.REJECTED, ApprovalState.WITHDRAWN])
                    | Q(approval__expires_at__lte=now)
                ),
                then=Value(refused),
            ),
            default="state",
            output_field=CharField(),
        )
    )


def uses_with_status(qs: QuerySet[SealUse]) -> QuerySet[SealUse]:
    return _with_status(qs, UseState.REQUESTED, UseState.APPROVED, UseState.REFUSED)


def uses(
    actor: Actor, *, seal_id: int | None = None, status: str = "", mine: bool = False
) -> QuerySet[SealUse]:
    """The uses ``actor`` may know, latest first, with their ``status``; ``seal_id``,
    ``status`` and ``mine`` (asked for by the actor) narrow them."""
    qs = uses_with_status(SEAL_USES.known(actor)).select_related(
        "seal", "seal__keeper", "requested_by", "requested_by__department", "approval", "used_by"
    )
    if seal_id is not None:
        qs = qs.filter(seal_id=seal_id)
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(requested_by_id=getattr(actor, "person_id", None))
    return qs


def use(actor: Actor, use_id: int) -> SealUse:
    found = uses(actor).filter(pk=use_id).first()
    if found is None:
        raise NotFound(_("No such seal use."))
    return found


def use_status(item: SealUse) -> str:
    found = getattr(item, "status", None)
    if found is not None:
        return found
    return uses_with_status(SealUse.objects.filter(pk=item.pk)).values_list("status", flat=True)[0]


def use_params(item: SealUse) -> dict[str, Any]:
    """What the approval of a use authorises (its ``params``, compared for equality when the
    keeper logs it): this request, the seal, the document, to whom, how many impressions."""
    return {
        "use_id": item.pk,
        "seal_id": item.seal_id,
        "document": item.document,
        "recipient": item.recipient,
        "impressions": item.impressions,
    }


USE_STEP_LABELS: dict[str, Any] = {
    "log": gettext_lazy("Log the use"),
    "withdraw": gettext_lazy("Withdraw the request"),
}


def use_steps(actor: Actor, item: SealUse) -> list[str]:
    """What ``actor`` may do to the use now: the seal's keeper logs an approved use; the
    requester or the office withdraws one not yet used."""
    current = use_status(item)
    steps: list[str] = []
    if current == UseState.APPROVED and is_keeper(actor, item.seal):
        steps.append("log")
    own = getattr(actor, "person_id", None) == item.requested_by_id
    if current in (UseState.REQUESTED, UseState.APPROVED) and (own or keeps_seals(actor)):
        steps.append("withdraw")
    return steps


def waiting_to_be_logged(actor: Actor) -> QuerySet[SealUse]:
    """The approved uses of the seals the actor keeps, not yet logged."""
    person = knower(actor)
    if person is None:
        return SealUse.objects.none()
    return uses(actor, status=UseState.APPROVED).filter(seal__keeper_id=person.pk)


# Taking a seal out ------------------------------------------------------------------------


def take_outs_with_status(qs: QuerySet[SealTakeOut]) -> QuerySet[SealTakeOut]:
    return _with_status(qs, TakeOutState.REQUESTED, TakeOutState.APPROVED, TakeOutState.REFUSED)


def take_outs(
    actor: Actor, *, seal_id: int | None = None, status: str = "", mine: bool = False
) -> QuerySet[SealTakeOut]:
    qs = take_outs_with_status(SEAL_TAKE_OUTS.known(actor)).select_related(
        "seal", "seal__keeper", "taken_by", "requested_by", "approval", "return_confirmed_by"
    )
    if seal_id is not None:
        qs = qs.filter(seal_id=seal_id)
    if status:
        qs = qs.filter(status=status)
    if mine:
        person_id = getattr(actor, "person_id", None)
        qs = qs.filter(Q(requested_by_id=person_id) | Q(taken_by_id=person_id))
    return qs


def take_out(actor: Actor, take_out_id: int) -> SealTakeOut:
    found = take_outs(actor).filter(pk=take_out_id).first()
    if found is None:
        raise NotFound(_("No such take-out."))
    return found


def take_out_status(item: SealTakeOut) -> str:
    found = getattr(item, "status", None)
    if found is not None:
        return found
    return take_outs_with_status(SealTakeOut.objects.filter(pk=item.pk)).values_list(
        "status", flat=True
    )[0]


def take_out_params(item: SealTakeOut) -> dict[str, Any]:
    """What the approval of a take-out authorises: this request, the seal, who takes it,
    where to, what for, and when it is back."""
    return {
        "take_out_id": item.pk,
        "seal_id": item.seal_id,
        "taken_by_id": item.taken_by_id,
        "destination": item.destination,
        "purpose": item.purpose,
        "due_back_at": timezone.localtime(item.due_back_at).isoformat(timespec="minutes"),
    }


TAKE_OUT_STEP_LABELS: dict[str, Any] = {
    "hand_out": gettext_lazy("Hand the seal out"),
    "return": gettext_lazy("Confirm the seal's return"),
    "withdraw": gettext_lazy("Withdraw the request"),
}


def take_out_steps(actor: Actor, item: SealTakeOut) -> list[str]:
    """The keeper hands an approved take-out's seal out and confirms its return; the requester
    or the office withdraws a request not yet under way."""
    current = take_out_status(item)
    keeper = is_keeper(actor, item.seal)
    steps: list[str] = []
    if current == TakeOutState.APPROVED and keeper:
        steps.append("hand_out")
    if current == TakeOutState.OUT and keeper:
        steps.append("return")
    own = getattr(actor, "person_id", None) == item.requested_by_id
    if current in (TakeOutState.REQUESTED, TakeOutState.APPROVED) and (own or keeps_seals(actor)):
        steps.append("withdraw")
    return steps


def overdue_take_outs(actor: Actor) -> QuerySet[SealTakeOut]:
    """The seals the actor may know that are out past their return time."""
    return take_outs(actor, status=TakeOutState.OUT).filter(due_back_at__lt=timezone.now())


# Locking away -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LockUpDay:
    """One day of a seal's lock-up record: whether it was worked, its confirmation, whether
    the seal was out at the end of it, and whether it is flagged (a working day ended without
    a confirmation while the seal was in)."""

    day: datetime.date
    working: bool
    lock_up: SealLockUp | None
    out: bool
    flagged: bool


def end_of_work(organisation_id: int, day: datetime.date) -> datetime.datetime:
    """When the work of ``day`` ends in the organisation (its working hours)."""
    calendar = org_queries.calendar(organisation_id)
    return datetime.datetime.combine(day, calendar.day_end, tzinfo=timezone.get_default_timezone())


def lock_up_record(
    actor: Actor, item: Seal, *, days: int = LOCK_UP_DAYS, today: datetime.date | None = None
) -> list[LockUpDay]:
    """The seal's last ``days`` days, today first, from its registration on: each working
    day's confirmation, and the working days that ended unconfirmed with the seal in flagged."""
    today = today or timezone.localdate()
    now = timezone.now()
    calendar = org_queries.calendar(item.organisation_id)
    first = max(today - datetime.timedelta(days=days - 1), timezone.localdate(item.registered_at))
    confirmed = {
        lock.day: lock
        for lock in SEAL_LOCK_UPS.known(actor)
        .filter(seal_id=item.pk, day__gte=first)
        .select_related("confirmed_by")
    }
    spans = list(
        SealTakeOut.objects.filter(seal_id=item.pk, out_at__isnull=False)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__date__gte=first))
        .values_list("out_at", "returned_at")
    )
    found = []
    day = today
    while day >= first:
        end = end_of_work(item.organisation_id, day)
        out = any(start <= end and (back is None or back > end) for start, back in spans)
        working = calendar.is_working_day(day)
        lock = confirmed.get(day)
        flagged = working and lock is None and not out and end <= now and item.active
        found.append(LockUpDay(day, working, lock, out, flagged))
        day -= datetime.timedelta(days=1)
    return found


def unconfirmed_days(item: Seal, *, days: int = LOCK_UP_DAYS) -> list[datetime.date]:
    """The working days of the last ``days`` whose work ended with the seal in and no
    lock-up confirmed (the system's own reading, for deadlines and panels)."""
    today = timezone.localdate()
    now = timezone.now()
    calendar = org_queries.calendar(item.organisation_id)
    first = max(today - datetime.timedelta(days=days - 1), timezone.localdate(item.registered_at))
    confirmed = set(
        SealLockUp.objects.filter(seal_id=item.pk, day__gte=first).values_list("day", flat=True)
    )
    found = []
    day = today
    while day >= first:
        end = end_of_work(item.organisation_id, day)
        if (
            calendar.is_working_day(day)
            and day not in confirmed
            and end <= now
            and not was_out(item.pk, end)
        ):
            found.append(day)
        day -= datetime.timedelta(days=1)
    return found


def my_seals(actor: Actor) -> list[dict[str, Any]]:
    """The seals in use the actor keeps, each with today's lock-up (confirmed or not), its
    flagged days and its approved uses waiting to be logged (the keeper's home panel)."""
    person = knower(actor)
    if person is None:
        return []
    today = timezone.localdate()
    kept = list(seals(actor, active=True).filter(keeper_id=person.pk))
    waiting = list(waiting_to_be_logged(actor))
    lines = []
    for item in kept:
        lines.append(
            {
                "seal": item,
                "locked_today": SealLockUp.objects.filter(seal_id=item.pk, day=today).exists(),
                "out": out_now(item.pk),
                "unconfirmed": unconfirmed_days(item),
                "waiting": [u for u in waiting if u.seal_id == item.pk],
            }
        )
    return lines


def keeper_count(actor: Actor) -> int:
    """The keeper's things to do: approved uses waiting to be logged, approved take-outs to
    hand out and seals out to take back, of the seals they keep."""
    person = knower(actor)
    if person is None:
        return 0
    uses_waiting = waiting_to_be_logged(actor).count()
    take_outs_waiting = (
        take_outs(actor)
        .filter(seal__keeper_id=person.pk, status__in=[TakeOutState.APPROVED])
        .count()
    )
    return uses_waiting + take_outs_waiting


# Approvals --------------------------------------------------------------------------------


def asked_about(actor: Actor, seal_id: int) -> Seal | None:
    """A seal as an approval request shows it: one the actor may know or ask to use, or one
    about which their person is (or was) asked to approve; else None."""
    found = SEALS.known(actor).filter(pk=seal_id).first()
    if found is None:
        found = OFFERED_SEALS.known(actor).filter(pk=seal_id).first()
    if found is not None:
        return found
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return None
    asked = ApprovalStep.objects.filter(
        approver_id=person_id,
        request__subject_type=SUBJECT,
        request__subject_id=str(seal_id),
        request__organisation_id=actor_organisation_id(actor),
    ).exists()
    if not asked:
        return None
    return Seal.objects.filter(pk=seal_id).first()


# Holdings -----------------------------------------------------------------------------------


def kept_seals(person: Person) -> list[str]:
    """The provider registered with ``org.holdings``: the seals in use the person keeps and
    the seals they have out (HANDOVER, SEAL-LOG: 保管印章). The system's own check before a
    person is marked as left, not a read for a person."""
    kept = Seal.objects.filter(keeper_id=person.pk, active=True).values_list("name", flat=True)
    out = SealTakeOut.objects.filter(taken_by_id=person.pk, state=TakeOutState.OUT).values_list(
        "seal__name", flat=True
    )
    lines = [_("keeps the seal %(name)s") % {"name": name} for name in kept]
    lines += [_("has the seal %(name)s out") % {"name": name} for name in out]
    return lines


# The seal use register (用印登记簿) -----------------------------------------------------------

EXPORTED = register_action(
    "seals.use_register_exported", gettext_lazy("Seal use register exported")
)
REGISTER_TITLE = gettext_lazy("Seal use register")


def approved_by(item: SealUse) -> str:
    """The approvers of the use's request who decided, as printed."""
    if item.approval is None:
        return ""
    return "；".join(s.approver.name for s in item.approval.steps.all() if s.decided_at is not None)


def register_uses(
    actor: Actor, *, seal_id: int | None = None, year: int | None = None
) -> QuerySet[SealUse]:
    """The logged uses of the register, in the order they were made (the office's), with what
    a line of it shows loaded (``register_row``)."""
    require(actor, Permission.MANAGE_SEALS)
    # A use's status is "used" exactly when its state is (the status differs only while
    # requested): filtering on the state lets the count and the page read the index.
    qs = (
        uses(actor, seal_id=seal_id)
        .filter(state=UseState.USED)
        .select_related("used_by__person")
        .prefetch_related("approval__steps__approver")
    )
    if year is not None:
        qs = qs.filter(used_at__year=year)
    return qs.order_by("used_at", "pk")


REGISTER_COLUMNS = (
    ("day", gettext_lazy("Date")),
    ("seal", gettext_lazy("Seal")),
    ("document", gettext_lazy("Document or reason")),
    ("letter", gettext_lazy("Letter number")),
    ("recipient", gettext_lazy("To whom, what for")),
    ("impressions", gettext_lazy("Impressions")),
    ("requested_by", gettext_lazy("Requested by")),
    ("approved_by", gettext_lazy("Approved by")),
    ("keeper", gettext_lazy("Made by (keeper)")),
    ("note", gettext_lazy("Note")),
)


def register_columns() -> list[tuple[str, str]]:
    return [(key, str(header)) for key, header in REGISTER_COLUMNS]


def register_row(item: SealUse) -> list[str]:
    """A logged use as a line of the register (``register_uses`` loads what it shows)."""
    keeper = item.used_by.person.name if item.used_by and item.used_by.person else ""
    return [
        f"{timezone.localtime(item.used_at):%Y-%m-%d}" if item.used_at else "",
        item.seal.name,
        item.document,
        item.letter_number,
        item.recipient,
        str(item.impressions_made or ""),
        item.requested_by.name,
        approved_by(item),
        keeper,
        item.note,
    ]


def register_table(
    actor: Actor, *, seal_id: int | None = None, year: int | None = None
) -> exports.Table:
    """用印登记簿: one line per logged use — the day, the seal, what for (the document), the
    letter number issued, to whom, the impressions, the requester, the approvers, the keeper
    who made it, the note. At most ``MAX_LINES`` lines: a register longer than that is
    refused (InvalidInput naming ``year``), to be exported a year (or a seal) at a time."""
    found = register_uses(actor, seal_id=seal_id, year=year)
    if found.count() > MAX_LINES:
        raise InvalidInput(
            _(
                "The register holds more than %(most)s uses: export one year, or one seal, "
                "at a time."
            )
            % {"most": MAX_LINES},
            field="year",
        )
    return exports.Table(
        title=str(REGISTER_TITLE),
        organisation=actor.person.organisation.name,
        period=str(year) if year else f"{timezone.localdate():%Y-%m-%d}",
        columns=register_columns(),
        rows=[register_row(item) for item in found],
        signature_columns=(_("Checked by"),),
    )


def export_register(
    actor: Actor, file_format: str, *, seal_id: int | None = None, year: int | None = None
) -> exports.Export:
    """The register as an .xlsx or PDF file; the export is recorded in the audit log."""
    exports.require_format(file_format)
    printed = register_table(actor, seal_id=seal_id, year=year)
    return recorded_export(
        actor,
        printed,
        file_format,
        action=EXPORTED,
        organisation_id=actor_organisation_id(actor),
        data={"rule": RULE, "seal": seal_id, "year": year},
    )


def in_force(organisation_id: int) -> bool:
    return book.in_force(organisation_id, RULE)
