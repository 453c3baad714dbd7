"""Using copies away from the circulation desk (RULES.md §5 and CIRC-MEETING-RETURN):
reproduction (COPY-*), loans (LOAN-*), taking out and abroad (CARRY-*), outside meetings,
the fax register (FAX-*) and cipher telegrams (CIPHER).

A copy away from its custodian (on loan, taken out, at a meeting) is one open ``Custody``
row; it comes back through ``circulation.return_copy``, which closes it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.access.roles import Permission, require
from baomi.approvals import approvers
from baomi.approvals.models import ApprovalRequest
from baomi.approvals.operations import consume_approval, open_request
from baomi.audit.actions import register_action
from baomi.audit.operation import operation
from baomi.audit.recorder import record_event
from baomi.carriers.models import (
    CarrierType,
    Copy,
    CopyState,
    Custody,
    CustodyKind,
    Document,
    FaxChannel,
    FaxDirection,
    FaxEntry,
    Reproduction,
)
from baomi.carriers.operations._common import (
    level_of,
    lock_copy,
    me,
    move,
    new_copies,
    now,
    person_in,
    require_knows,
    require_state,
)
from baomi.carriers.queries import lock_document
from baomi.core.errors import InvalidInput
from baomi.core.levels import Level
from baomi.org import queries as org_queries
from baomi.org.models import Department, Person, SecurityAppointment, StaffRole
from baomi.org.posts import not_on_probation
from baomi.rulebook import book

REPRODUCED = register_action("carriers.reproduced", gettext_lazy("Copies reproduced"))
LENT = register_action("carriers.lent", gettext_lazy("Copy lent"))
TAKEN_OUT = register_action("carriers.taken_out", gettext_lazy("Copy taken out"))
TO_MEETING = register_action("carriers.taken_to_meeting", gettext_lazy("Copy taken to a meeting"))
FAX_REGISTERED = register_action("carriers.fax_registered", gettext_lazy("Fax registered"))

METHODS = ("photocopy", "reprint", "excerpt")
EXCERPT = "excerpt"
MAX_REPRODUCTIONS = 99

# A copy away from its custodian is governed by the rule of its absence: whoever holds it
# may not copy it or pass it on (CIRC-DIRECT, CARRY-APPROVE, CIRC-MEETING-RETURN). A copy on
# loan is with a reader (CIRC-DIRECT): LOAN-APPROVE may be switched off, the copy's
# whereabouts, which guard every other rule, may not.
_AWAY_RULE = {
    CopyState.CIRCULATING: "CIRC-DIRECT",
    CopyState.ON_LOAN: "CIRC-DIRECT",
    CopyState.TAKEN_OUT: "CARRY-APPROVE",
    CopyState.AT_MEETING: "CIRC-MEETING-RETURN",
}


def _subject(copy: Copy) -> tuple[str, int]:
    return ("carriers.copy", copy.pk)


def _consume(
    actor: Actor, copy: Copy, rule_id: str | None, operation_name: str, params: dict
) -> ApprovalRequest | None:
    """The granted approval ``rule_id`` requires for ``operation_name`` on ``copy``, used up;
    None when no rule requires one."""
    if rule_id is None:
        return None
    return consume_approval(
        actor=actor,
        rule_id=rule_id,
        operation_name=operation_name,
        subject=_subject(copy),
        params=params,
    )


def _custodians_copy(actor: Actor, copy_id: int, rule_id: str) -> tuple[Person, Copy]:
    """The acting custodian and their copy, locked and in hand: only the custodian moves a
    copy out of the registry, and only while it is with them (a copy away from its custodian
    is refused with the rule of its absence). ``rule_id`` cannot be switched off."""
    require(actor, Permission.REGISTER_ITEMS)
    custodian = me(actor)
    copy = lock_copy(actor, copy_id)
    book.require(
        copy.organisation_id,
        rule_id,
        copy.custodian_id == custodian.pk,
        _("Only the custodian of %(copy)s may do this.") % {"copy": copy.label},
    )
    require_state(copy, CopyState.WITH_CUSTODIAN, rule_id=_AWAY_RULE.get(copy.state, rule_id))
    return custodian, copy


def _is_cipher(document: Document) -> bool:
    return document.carrier_type == CarrierType.CIPHER


def _cipher(document: Document, allowed: bool, message: str) -> None:
    """CIPHER: what a cipher telegram never undergoes (``allowed`` false) is refused."""
    book.require(document.organisation_id, "CIPHER", allowed or not _is_cipher(document), message)


def _day(
    value: Any, field: str, *, rule_id: str | None = None, org: int | None = None
) -> datetime.date:
    """A date (or ISO string) today or later; a missing or past one is refused with
    ``rule_id`` (of the organisation ``org``) when the rule demands it, else is invalid
    input."""
    if value is None or value == "":
        if rule_id:
            book.require(org, rule_id, False, _("A due date is required."))
        raise InvalidInput(_("A date is required."), field=field)
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(_("Not a valid date."), field=field) from None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise InvalidInput(_("Not a valid date."), field=field)
    today = timezone.localdate()
    if value < today:
        message = _("%(date)s is in the past: today is %(today)s.") % {
            "date": value.isoformat(),
            "today": today.isoformat(),
        }
        if rule_id:
            book.require(org, rule_id, False, message)
        raise InvalidInput(message, field=field)
    return value


def _end_of(org: int, day: datetime.date) -> datetime.datetime:
    """The end of the working day of ``day`` (of the next working day for a day off)."""
    return org_queries.calendar(org).end_of_working_day(day)


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value


# Reproduction (COPY-*) ------------------------------------------------------------------------


def _reproduction(copy: Copy, count: Any, method: str) -> str | None:
    """Validate a reproduction of ``copy`` and return the rule whose approval it needs:
    COPY-TS for TOP_SECRET, COPY-APPROVE from COPY-APPROVE.min_level, else none."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_REPRODUCTIONS:
        raise InvalidInput(
            _("The number of copies must be between 1 and %(n)d.") % {"n": MAX_REPRODUCTIONS},
            field="count",
        )
    if method not in METHODS:
        raise InvalidInput(_("Unknown reproduction method."), field="method")
    doc = copy.document
    # CIPHER: cipher telegrams are never copied (严禁自行复制); only excerpted.
    _cipher(
        doc,
        method == EXCERPT,
        _("A cipher telegram is never copied; only excerpted by its custodian."),
    )
    if doc.level >= Level.TOP_SECRET:
        return "COPY-TS"
    org = doc.organisation_id
    if doc.level >= book.param(org, "COPY-APPROVE", "min_level") and book.in_force(
        org, "COPY-APPROVE"
    ):
        return "COPY-APPROVE"
    return None


@operation
def request_reproduction(
    *, actor: Actor, copy_id: int, count: int, method: str, reason: str = ""
) -> ApprovalRequest:
    """Ask to reproduce a copy: a CONFIDENTIAL or SECRET item needs the approval of the
    requester's department head (COPY-APPROVE), a TOP_SECRET item that of its issuer
    (COPY-TS); a cipher telegram may only be excerpted (CIPHER)."""
    require(actor, Permission.KNOW_ITEMS)
    require(actor, Permission.REQUEST_APPROVAL)
    copy = lock_copy(actor, copy_id)
    rule_id = _reproduction(copy, count, method)
    if rule_id is None:
        raise InvalidInput(_("Reproducing this item needs no approval."), field="copy_id")
    explicit: dict[str, Person] = {}
    if rule_id == "COPY-TS":
        book.require(
            copy.organisation_id,
            "COPY-TS",
            copy.document.issued_by is not None,
            _("A top-secret item without a known issuer may not be reproduced."),
        )
        explicit = {"issuer": copy.document.issued_by}
    return open_request(
        actor=actor,
        rule_id=rule_id,
        operation_name="reproduce",
        subject=_subject(copy),
        params={"count": count, "method": method},
        reason=reason,
        explicit_approvers=explicit,
    )


@operation
def reproduce(
    *,
    actor: Actor,
    copy_id: int,
    count: int,
    method: str,
    made_by_id: int,
    outside: bool = False,
) -> Reproduction:
    """Register a reproduction (复印/翻印/摘抄) of a copy held by its custodian.

    Never outside the organisation (COPY-OUTSIDE); with the approval COPY-APPROVE or COPY-TS
    requires, used up; a cipher telegram only excerpted, by its custodian (CIPHER). The new
    copies are copies of the same document, hence of the same level, scope and rules, linked
    to their source and kept by its custodian (COPY-AS-ORIGINAL); the register line records
    their number (COPY-APPROVE)."""
    _custodian, copy = _custodians_copy(actor, copy_id, "CIRC-DIRECT")
    book.require(
        copy.organisation_id,
        "COPY-OUTSIDE",
        not outside,
        _("Classified items are never reproduced outside the organisation."),
    )
    rule_id = _reproduction(copy, count, method)
    doc = copy.document
    made_by = person_in(doc.organisation_id, made_by_id)
    require_knows(made_by, doc)
    # CIPHER: excerpts of a cipher telegram by the designated person, its custodian.
    _cipher(
        doc,
        made_by.pk == copy.custodian_id,
        _("Only the custodian of a cipher telegram excerpts it."),
    )
    approval = _consume(actor, copy, rule_id, "reproduce", {"count": count, "method": method})
    at = now()
    lock_document(actor, doc.pk)  # concurrent reproductions of one document number in turn
    # COPY-AS-ORIGINAL: numbered after every existing copy of the document and after the
    # numbers of its print run (an original not received here keeps its number).
    last = Copy.objects.filter(document=doc).order_by("-number").values_list("number", flat=True)
    first = max(last.first() or 0, doc.copies_count) + 1
    made = [
        c.pk
        for c in new_copies(
            doc,
            range(first, first + count),
            actor=actor,
            action="reproduced",
            custodian=copy.custodian,
            at=at,
            location=copy.location,
            reproduced_from=copy,
            person=made_by,
            note=method,
        )
    ]
    entry = Reproduction.objects.create(
        organisation_id=doc.organisation_id,
        document=doc,
        source=copy,
        method=method,
        count=count,
        approval=approval,
        made_by=made_by,
        made_at=at,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=REPRODUCED,
        subject=copy,
        data={
            "reproduction": entry.pk,
            "method": method,
            "count": count,
            "copies": made,
            "made_by": made_by.pk,
            "approval": approval.pk if approval else None,
            "rules": ["COPY-AS-ORIGINAL", "COPY-OUTSIDE", *([rule_id] if rule_id else [])],
        },
    )
    return entry


# Loans (LOAN-*) -----------------------------------------------------------------------------


def _loan(copy: Copy, borrower_id: int, due_date: Any, purpose: str) -> tuple[Person, dict]:
    """The borrower and the approval parameters of a loan of ``copy``: a due date within
    LOAN-DUE.max_days (LOAN-DUE), a borrower who may know the item (CLS-MAC) and is past
    probation for a classified one (PPL-PROBATION)."""
    doc = copy.document
    org = doc.organisation_id
    due = _day(due_date, "due_date", rule_id="LOAN-DUE", org=org)
    longest = book.param(org, "LOAN-DUE", "max_days")
    latest = timezone.localdate() + datetime.timedelta(days=longest)
    book.require(
        org,
        "LOAN-DUE",
        due <= latest,
        _("A loan lasts at most %(n)d days: the due date is %(due)s, the latest is %(latest)s.")
        % {"n": longest, "due": due.isoformat(), "latest": latest.isoformat()},
    )
    purpose = _text(purpose, "purpose", _("Give the purpose of the loan."))
    borrower = person_in(org, borrower_id)
    if borrower.pk == copy.custodian_id:
        raise InvalidInput(_("The custodian does not borrow their own copy."), field="borrower_id")
    require_knows(borrower, doc)
    not_on_probation(org, borrower, Level(doc.level).is_classified)
    return borrower, {"borrower_id": borrower.pk, "due_date": due.isoformat(), "purpose": purpose}


def _loan_rule(copy: Copy) -> str | None:
    """LOAN-APPROVE: a classified copy is lent on both sides' leaders' approval, unless the
    organisation has switched the rule off; anything else needs none."""
    org = copy.organisation_id
    classified = Level(copy.document.level).is_classified
    return "LOAN-APPROVE" if classified and book.in_force(org, "LOAN-APPROVE") else None


@operation
def request_loan(
    *, actor: Actor, copy_id: int, borrower_id: int, due_date: Any, purpose: str
) -> ApprovalRequest:
    """Ask to borrow a classified copy (借阅): the leaders of both sides approve, the
    borrower's department head and the head of the lending department (LOAN-APPROVE), for a
    due date within LOAN-DUE.max_days (LOAN-DUE).

    The borrower asks, or a clerk asks for them; either way the approvers are found from the
    borrower's place in the org chart, not the clerk's."""
    require(actor, Permission.REQUEST_APPROVAL)
    if me(actor).pk != borrower_id:
        require(actor, Permission.REGISTER_ITEMS)
    copy = lock_copy(actor, copy_id)
    borrower, params = _loan(copy, borrower_id, due_date, purpose)
    doc = copy.document
    if _loan_rule(copy) is None:
        raise InvalidInput(_("Borrowing this item needs no approval."), field="copy_id")
    lender = Department.objects.select_related("head").get(pk=copy.custodian.department_id)
    steps = approvers.resolve(
        "LOAN-APPROVE",
        book.param(doc.organisation_id, "LOAN-APPROVE", "approvers"),
        borrower,
        {"lender_department_head": lender.head},
    )
    return open_request(
        actor=actor,
        rule_id="LOAN-APPROVE",
        operation_name="lend",
        subject=_subject(copy),
        params=params,
        reason=params["purpose"],
        explicit_approvers=dict(steps),
    )


def _away(
    actor: Actor,
    copy: Copy,
    *,
    kind: str,
    action: str,
    state: str,
    holder: Person,
    day: datetime.date | None = None,
    approval: ApprovalRequest | None = None,
    due_at: datetime.datetime | None = None,
    **fields: Any,
) -> Custody:
    """Open the custody period of a copy leaving its custodian, due back at ``due_at`` or else
    at the end of the working day of ``day``, and write its timeline."""
    at = now()
    due = due_at if due_at is not None else _end_of(copy.organisation_id, day)
    custody = Custody.objects.create(
        organisation_id=copy.organisation_id,
        copy=copy,
        kind=kind,
        holder=holder,
        handed_by=actor,
        started_at=at,
        due_at=due,
        approval=approval,
        **fields,
    )
    move(copy, actor=actor, action=action, state=state, holder=holder, person=holder, due_at=due)
    return custody


def _approved_away(
    actor: Actor,
    copy: Copy,
    rule_id: str | None,
    operation_name: str,
    params: dict,
    **away: Any,
) -> Custody:
    """``_away`` until the due date and for the purpose of ``params``, with the granted
    approval of ``operation_name`` that ``rule_id`` requires, used up (none when None)."""
    return _away(
        actor,
        copy,
        day=datetime.date.fromisoformat(params["due_date"]),
        approval=_consume(actor, copy, rule_id, operation_name, params),
        purpose=params["purpose"],
        **away,
    )


@operation
def lend(*, actor: Actor, copy_id: int, borrower_id: int, due_date: Any, purpose: str) -> Custody:
    """Lend a copy (借阅登记): by its custodian, with the approval of both sides' leaders for
    a classified item, used up (LOAN-APPROVE), due back by the end of the working day of the
    due date (LOAN-DUE). The loan is one line of the loan register."""
    custodian, copy = _custodians_copy(actor, copy_id, "CIRC-DIRECT")
    borrower, params = _loan(copy, borrower_id, due_date, purpose)
    custody = _approved_away(
        actor,
        copy,
        _loan_rule(copy),
        "lend",
        params,
        kind=CustodyKind.LOAN,
        action="loaned",
        state=CopyState.ON_LOAN,
        holder=borrower,
        lender_department_id=custodian.department_id,
    )
    record_event(
        actor=actor,
        action=LENT,
        subject=copy,
        data={
            "custody": custody.pk,
            "borrower": borrower.pk,
            "due_date": params["due_date"],
            "approval": custody.approval_id,
            "rules": ["LOAN-APPROVE", "LOAN-DUE"],
        },
    )
    return custody


# Taking out and abroad (CARRY-*) ------------------------------------------------------------


def _take_out(
    copy: Copy, person: Person, destination: str, due_date: Any, purpose: str, abroad: bool
) -> tuple[tuple[str, str] | None, dict]:
    """The rule and approver list a take-out of ``copy`` needs (none for an unclassified
    item) and its approval parameters. Cipher telegrams never leave (CIPHER); a classified
    item is never carried by a person on probation (PPL-PROBATION)."""
    doc = copy.document
    _cipher(doc, False, _("A cipher telegram is never carried out."))
    due = _day(due_date, "due_date")
    params = {
        "person_id": person.pk,
        "destination": _text(destination, "destination", _("Give the destination.")),
        "due_date": due.isoformat(),
        "purpose": _text(purpose, "purpose", _("Give the purpose.")),
        "abroad": bool(abroad),
    }
    require_knows(person, doc)
    classified = Level(doc.level).is_classified
    not_on_probation(doc.organisation_id, person, classified)
    if not classified:
        return None, params
    if abroad:
        return ("CARRY-ABROAD", "approvers"), params
    if doc.level >= Level.TOP_SECRET:
        return ("CARRY-APPROVE", "top_secret_approvers"), params
    return ("CARRY-APPROVE", "approvers"), params


@operation
def request_take_out(
    *,
    actor: Actor,
    copy_id: int,
    destination: str,
    due_date: Any,
    purpose: str,
    abroad: bool = False,
) -> ApprovalRequest:
    """Ask to take a classified copy out of the office oneself: approved by one's leader in
    charge, a TOP_SECRET item by the head of the organisation (CARRY-APPROVE); abroad or to a
    foreign-affairs event by the head of the organisation (CARRY-ABROAD). Cipher telegrams
    are never carried out (CIPHER)."""
    require(actor, Permission.KNOW_ITEMS)
    require(actor, Permission.REQUEST_APPROVAL)
    person = me(actor)
    copy = lock_copy(actor, copy_id)
    needed, params = _take_out(copy, person, destination, due_date, purpose, abroad)
    if needed is None:
        raise InvalidInput(_("Taking this item out needs no approval."), field="copy_id")
    rule_id, approver_param = needed
    return open_request(
        actor=actor,
        rule_id=rule_id,
        operation_name="take_out",
        subject=_subject(copy),
        params=params,
        reason=params["purpose"],
        approver_param=approver_param,
    )


@operation
def take_out(
    *,
    actor: Actor,
    copy_id: int,
    person_id: int,
    destination: str,
    due_date: Any,
    purpose: str,
    abroad: bool = False,
) -> Custody:
    """Hand a copy to a person taking it out of the office (携带外出登记): by its custodian,
    with the approval CARRY-APPROVE or CARRY-ABROAD requires, used up; due back by the end of
    the working day of the due date. Never a cipher telegram (CIPHER)."""
    _custodian, copy = _custodians_copy(actor, copy_id, "CARRY-APPROVE")
    person = person_in(copy.organisation_id, person_id)
    needed, params = _take_out(copy, person, destination, due_date, purpose, abroad)
    custody = _approved_away(
        actor,
        copy,
        needed[0] if needed else None,
        "take_out",
        params,
        kind=CustodyKind.TAKE_OUT,
        action="taken_out",
        state=CopyState.TAKEN_OUT,
        holder=person,
        destination=params["destination"],
        abroad=params["abroad"],
    )
    record_event(
        actor=actor,
        action=TAKEN_OUT,
        subject=copy,
        data={
            "custody": custody.pk,
            "person": person.pk,
            "abroad": params["abroad"],
            "due_date": params["due_date"],
            "approval": custody.approval_id,
            "rules": [needed[0]] if needed else [],
        },
    )
    return custody


# Outside meetings (CIRC-MEETING-RETURN) -----------------------------------------------------


def meeting_custody(
    actor: Actor,
    copy: Copy,
    person: Person,
    *,
    meeting: str,
    in_house: bool,
    day: datetime.date | None = None,
    due_at: datetime.datetime | None = None,
) -> Custody:
    """Hand ``copy`` (locked, with its custodian) to ``person`` for a meeting: the custody
    period of kind MEETING until ``due_at`` (or the end of the working day of ``day``) and the
    timeline's line. Cipher telegrams never go to a meeting (CIPHER); only someone who may know
    the copy receives it (CLS-MAC), never a person on probation a classified one
    (PPL-PROBATION). A TOP_SECRET copy leaves the office only as a take-out approved by the
    head of the organisation (CARRY-APPROVE), never as a mere paper of an outside meeting; at a
    classified meeting held in-house (``in_house``, the meetings app, MEET-DOCS) it is handed
    out and collected at once."""
    _cipher(copy.document, False, _("A cipher telegram is never carried out."))
    book.require(
        copy.organisation_id,
        "CARRY-APPROVE",
        in_house or copy.document.level < Level.TOP_SECRET,
        _("A top-secret copy leaves the office only when taken out with approval."),
    )
    require_knows(person, copy.document)
    not_on_probation(copy.organisation_id, person, Level(copy.document.level).is_classified)
    return _away(
        actor,
        copy,
        kind=CustodyKind.MEETING,
        action="to_meeting",
        state=CopyState.AT_MEETING,
        holder=person,
        day=day,
        due_at=due_at,
        destination=meeting[:200],
    )


@operation
def to_meeting(
    *, actor: Actor, copy_id: int, person_id: int, meeting: str, meeting_date: Any
) -> Custody:
    """Hand a copy to a person going to an outside meeting: it is due back to its custodian
    at the end of the working day of the meeting (CIRC-MEETING-RETURN), under the checks of
    ``meeting_custody`` (CIPHER, CARRY-APPROVE for a TOP_SECRET copy, CLS-MAC,
    PPL-PROBATION)."""
    _custodian, copy = _custodians_copy(actor, copy_id, "CIRC-MEETING-RETURN")
    person = person_in(copy.organisation_id, person_id)
    meeting = _text(meeting, "meeting", _("Name the meeting."))
    day = _day(meeting_date, "meeting_date")
    custody = meeting_custody(actor, copy, person, meeting=meeting, in_house=False, day=day)
    record_event(
        actor=actor,
        action=TO_MEETING,
        subject=copy,
        data={
            "custody": custody.pk,
            "person": person.pk,
            "meeting_date": day.isoformat(),
            "rules": ["CIRC-MEETING-RETURN"],
        },
    )
    return custody


# The fax register (FAX-*) -------------------------------------------------------------------


def _head_or_designee(person: Person) -> bool:
    """FAX-REGISTER: a department head, or a department's current security officer."""
    return (
        Department.objects.filter(head=person).exists()
        or SecurityAppointment.objects.filter(
            person=person, role=StaffRole.DEPARTMENT_OFFICER, until=None
        ).exists()
    )


@operation
def record_fax(
    *,
    actor: Actor,
    direction: str,
    channel: str,
    level: Any,
    counterparty: str,
    pages: int = 1,
    document_id: int | None = None,
    recipient_id: int | None = None,
) -> FaxEntry:
    """Register a fax sent or received (FAX-REGISTER).

    A classified fax travels only over the encrypted fax (FAX-NO-PUBLIC), names its
    registered document, whose level it carries, and when received goes only to a department
    head or their designated security officer (FAX-REGISTER). A cipher telegram is never
    faxed (CIPHER, 密来密去)."""
    require(actor, Permission.REGISTER_ITEMS)
    operator = me(actor)
    org = operator.organisation_id
    if direction not in FaxDirection.values:
        raise InvalidInput(_("Unknown direction."), field="direction")
    if channel not in FaxChannel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    if isinstance(pages, bool) or not isinstance(pages, int) or pages < 1:
        raise InvalidInput(_("The number of pages must be at least 1."), field="pages")
    counterparty = _text(counterparty, "counterparty", _("Name the other side."))
    lvl = level_of(level)
    doc = lock_document(actor, document_id) if document_id is not None else None
    if doc is not None:
        _cipher(doc, False, _("A cipher telegram is never faxed: it is answered only by cipher."))
        lvl = Level(doc.level)
    book.require(
        org,
        "FAX-NO-PUBLIC",
        not lvl.is_classified or channel == FaxChannel.SECURE_FAX,
        _("A %(level)s item travels only over the encrypted fax, never by %(channel)s.")
        % {"level": lvl.label, "channel": FaxChannel(channel).label},
    )
    book.require(
        org,
        "FAX-REGISTER",
        not lvl.is_classified or doc is not None,
        _("A classified fax must name its registered document."),
    )
    recipient = None
    if recipient_id is not None:
        if direction != FaxDirection.RECEIVED:
            raise InvalidInput(_("Only a received fax has a recipient."), field="recipient_id")
        recipient = person_in(org, recipient_id)
    if lvl.is_classified and direction == FaxDirection.RECEIVED:
        book.require(
            org,
            "FAX-REGISTER",
            recipient is not None and _head_or_designee(recipient),
            _("A classified fax goes only to a department head or their designee."),
        )
        require_knows(recipient, doc)
    entry = FaxEntry.objects.create(
        organisation_id=org,
        direction=direction,
        channel=channel,
        level=lvl,
        document=doc,
        counterparty=counterparty[:200],
        pages=pages,
        at=now(),
        operator=operator,
        recipient=recipient,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action=FAX_REGISTERED,
        subject=entry,
        data={
            "direction": direction,
            "channel": channel,
            "level": int(lvl),
            "document": doc.pk if doc else None,
            "recipient": recipient.pk if recipient else None,
            "pages": pages,
            "rules": ["FAX-REGISTER", "FAX-NO-PUBLIC"],
        },
    )
    return entry
