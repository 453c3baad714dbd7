"""传阅: custodian → reader → custodian → next reader (CIRC-DIRECT), both signatures of the
circulation register (CIRC-SIGN), the due times (CIRC-SAMEDAY, CIRC-NO-KEEP) and the end of
an incoming document's circulation (IN-URGENT)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import Copy, CopyState, Custody, CustodyKind, IncomingEntry
from baomi.carriers.operations import circulation, incoming
from baomi.carriers.operations._common import move
from baomi.carriers.queries import copies as copy_queries
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import audit_events


class Clock:
    """``django.utils.timezone.now`` under the test's control."""

    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def set(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        self.at = local(day, hour, minute)
        return self.at

    def advance(self, **delta: float) -> datetime.datetime:
        self.at += datetime.timedelta(**delta)
        return self.at


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def coming(isoweekday: int) -> datetime.date:
    """A date of the given weekday at least a week ahead (so the clock never goes back)."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 + (isoweekday - today.isoweekday()) % 7)


WEDNESDAY = 3


@pytest.fixture
def clock(office):
    """Wednesday 10:00 of a coming week, in an organisation working 08:30–16:00 Mon–Fri."""
    org.set_working_hours(
        actor=None,
        day_start=datetime.time(8, 30),
        day_end=datetime.time(16, 0),
        weekdays="12345",
        organisation_id=office.world.organisation.pk,
    )
    c = Clock(local(coming(WEDNESDAY), 10))
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.at):
        yield c


def snapshot(copy: Copy) -> tuple:
    copy = Copy.objects.get(pk=copy.pk)
    return (
        copy.state,
        copy.holder_id,
        copy.due_at,
        copy.timeline.count(),
        Custody.objects.filter(copy=copy).count(),
    )


def hand(office, copy: Copy, reader) -> Custody:
    return circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)


def take_back(office, copy: Copy) -> Custody:
    return circulation.return_copy(actor=office.clerk, copy_id=copy.pk)


# CIRC-DIRECT


def test_the_custodian_hands_a_copy_to_a_reader__CIRC_DIRECT(office, clock):
    copy = office.copies(office.incoming())[0]
    reader = office.readers[0]
    custody = hand(office, copy, reader)
    copy.refresh_from_db()
    assert (custody.kind, custody.holder_id, custody.handed_by_id) == (
        CustodyKind.CIRCULATION,
        reader.person_id,
        office.clerk.pk,
    )
    assert custody.started_at == clock.at and custody.returned_at is None
    assert (copy.state, copy.holder_id, copy.custodian_id) == (
        CopyState.CIRCULATING,
        reader.person_id,
        office.clerk.person_id,
    )
    assert copy.due_at == custody.due_at
    last = copy.timeline.last()
    assert (last.action, last.person_id, last.state) == (
        "circulated",
        reader.person_id,
        CopyState.CIRCULATING,
    )
    [event] = audit_events("carriers.copy_circulated")
    assert event["data"]["reader"] == reader.person_id
    assert event["data"]["custody"] == custody.pk


def test_a_reader_cannot_pass_a_copy_on__CIRC_DIRECT(office, clock):
    copy = office.copies(office.incoming())[0]
    first, second = office.readers[:2]
    hand(office, copy, first)
    before = snapshot(copy)
    with pytest.raises(RuleViolation) as refused:
        circulation.circulate(actor=first, copy_id=copy.pk, reader_id=second.person_id)
    assert refused.value.rule_id == "CIRC-DIRECT"
    assert "保管人" in refused.value.message
    assert snapshot(copy) == before
    [refusal] = audit_events("operation.refused")
    assert refusal["data"]["rule"] == "CIRC-DIRECT"


def test_the_copy_goes_back_to_the_custodian_before_the_next_reader__CIRC_DIRECT(office, clock):
    copy = office.copies(office.incoming())[0]
    first, second = office.readers[:2]
    hand(office, copy, first)
    before = snapshot(copy)
    with pytest.raises(RuleViolation) as refused:
        hand(office, copy, second)
    assert (refused.value.rule_id, refused.value.conflict) == ("CIRC-DIRECT", True)
    assert snapshot(copy) == before
    take_back(office, copy)
    hand(office, copy, second)
    copy.refresh_from_db()
    assert copy.holder_id == second.person_id
    assert [e.action for e in copy.timeline.all()] == [
        "registered",
        "circulated",
        "returned",
        "circulated",
    ]


def test_only_the_custodian_circulates__CIRC_DIRECT(office, clock):
    """Someone who may know the document but neither keeps nor holds the copy is refused by
    the rule; someone who may not know it learns nothing (CLS-MAC)."""
    copy = office.copies(office.incoming())[0]
    before = snapshot(copy)
    with pytest.raises(RuleViolation) as refused:
        circulation.circulate(
            actor=office.director, copy_id=copy.pk, reader_id=office.readers[0].person_id
        )
    assert refused.value.rule_id == "CIRC-DIRECT"
    stranger = office.world.account(dept="lab", clearance=Clearance.IMPORTANT)
    with pytest.raises(NotFound):
        circulation.circulate(
            actor=stranger, copy_id=copy.pk, reader_id=office.readers[0].person_id
        )
    assert snapshot(copy) == before


def test_a_copy_no_longer_held_is_not_circulated__CIRC_DIRECT(office, clock):
    copy = office.copies(office.incoming())[0]
    move(copy, actor=office.clerk, action="destroyed", state=CopyState.DESTROYED, holder=None)
    with pytest.raises(RuleViolation) as refused:
        hand(office, copy, office.readers[0])
    assert (refused.value.rule_id, refused.value.conflict) == ("CIRC-DIRECT", True)


def test_the_reader_must_be_allowed_to_know_the_document__CLS_MAC(office, clock):
    copy = office.copies(office.incoming(level=Level.SECRET))[0]
    before = snapshot(copy)
    uncleared = office.world.person(clearance=Clearance.GENERAL, name="低密级")
    outside = office.world.person(dept="lab", clearance=Clearance.IMPORTANT, name="范围外")
    for person in (uncleared, outside):
        with pytest.raises(RuleViolation) as refused:
            circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=person.pk)
        assert refused.value.rule_id == "CLS-MAC" and person.name in refused.value.message
    with pytest.raises(NotFound):
        circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=10**6)
    with pytest.raises(InvalidInput):
        circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=office.clerk.person_id)
    assert snapshot(copy) == before


def test_accounts_that_know_nothing_cannot_circulate(office, clock):
    copy = office.copies(office.incoming())[0]
    admin = office.world.account(Role.SYSADMIN, dept="office")
    with pytest.raises(AccessDenied):
        circulation.circulate(actor=admin, copy_id=copy.pk, reader_id=office.readers[0].person_id)


# CIRC-SAMEDAY, CIRC-NO-KEEP


@pytest.mark.parametrize("level", [Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET])
def test_classified_copies_are_due_at_the_end_of_the_working_day__CIRC_SAMEDAY(
    office, clock, level
):
    reader = office.world.account(dept="tech", clearance=Clearance.CORE)
    copy = office.copies(office.incoming(level=level, readers=[reader]))[0]
    custody = hand(office, copy, reader)
    assert custody.due_at == local(clock.at.date(), 16)


@pytest.mark.parametrize(("handed", "due_days"), [((15, 59), 0), ((16, 0), 1), ((16, 1), 1)])
def test_a_copy_handed_out_once_the_day_ended_is_due_the_next_working_day__CIRC_SAMEDAY(
    office, clock, handed, due_days
):
    """The boundary of the working day (08:30–16:00): handed out a minute before its end, the
    copy is due at 16:00 the same day; handed out at 16:00 or later, the day's work has ended
    and it is due at the end of Thursday's."""
    copy = office.copies(office.incoming())[0]
    wednesday = clock.at.date()
    clock.set(wednesday, *handed)
    custody = hand(office, copy, office.readers[0])
    assert custody.due_at == local(wednesday + datetime.timedelta(days=due_days), 16)


def test_on_a_day_off_the_copy_is_due_at_the_end_of_the_next_working_day__CIRC_SAMEDAY(
    office, clock
):
    copy = office.copies(office.incoming())[0]
    saturday = clock.at.date() + datetime.timedelta(days=3)
    clock.set(saturday, 11)
    custody = hand(office, copy, office.readers[0])
    assert custody.due_at == local(saturday + datetime.timedelta(days=2), 16)  # Monday


def test_unclassified_copies_are_due_within_the_circulation_week__CIRC_NO_KEEP(office, clock):
    """An INTERNAL item is below CIRC-SAMEDAY.min_level: it is due by the end of the
    IN-URGENT.normal_days-th (7th) working day, not kept for long."""
    copy = office.copies(office.incoming(level=Level.INTERNAL))[0]
    custody = hand(office, copy, office.readers[0])
    wednesday = clock.at.date()
    assert custody.due_at == local(wednesday + datetime.timedelta(days=9), 16)  # next Friday


def test_a_late_return_stays_on_record_against_its_due_time__CIRC_SAMEDAY(office, clock):
    copy = office.copies(office.incoming())[0]
    custody = hand(office, copy, office.readers[0])
    clock.set(clock.at.date() + datetime.timedelta(days=1), 9)
    copy.refresh_from_db()
    assert copy.due_at == custody.due_at < timezone.now()  # overdue, still out
    custody = take_back(office, copy)
    assert custody.returned_at > custody.due_at
    [event] = audit_events("carriers.copy_returned")
    assert event["data"]["late"] is True


# CIRC-SIGN


def test_the_reader_signs_for_the_copy_with_the_time_of_receipt__CIRC_SIGN(office, clock):
    copy = office.copies(office.incoming())[0]
    reader = office.readers[0]
    hand(office, copy, reader)
    clock.advance(minutes=5)
    custody = circulation.confirm_receipt(actor=reader, copy_id=copy.pk)
    assert custody.received_at == clock.at
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.CIRCULATING, reader.person_id)
    last = copy.timeline.last()
    assert (last.action, last.person_id) == ("receipt_signed", reader.person_id)
    assert len(audit_events("carriers.receipt_signed")) == 1


def test_nobody_else_signs_and_nobody_signs_twice__CIRC_SIGN(office, clock):
    copy = office.copies(office.incoming())[0]
    reader, other = office.readers[:2]
    with pytest.raises(RuleViolation) as not_out:
        circulation.confirm_receipt(actor=reader, copy_id=copy.pk)
    assert not_out.value.rule_id == "CIRC-SIGN"
    hand(office, copy, reader)
    for actor in (office.clerk, other):
        with pytest.raises(RuleViolation) as refused:
            circulation.confirm_receipt(actor=actor, copy_id=copy.pk)
        assert refused.value.rule_id == "CIRC-SIGN"
    stranger = office.world.account(dept="lab", clearance=Clearance.IMPORTANT)
    with pytest.raises(NotFound):
        circulation.confirm_receipt(actor=stranger, copy_id=copy.pk)
    assert Custody.objects.get(copy=copy).received_at is None
    first = circulation.confirm_receipt(actor=reader, copy_id=copy.pk)
    clock.advance(minutes=1)
    with pytest.raises(RuleViolation) as twice:
        circulation.confirm_receipt(actor=reader, copy_id=copy.pk)
    assert (twice.value.rule_id, twice.value.conflict) == ("CIRC-SIGN", True)
    assert Custody.objects.get(copy=copy).received_at == first.received_at


def test_the_custodian_confirms_the_return__CIRC_SIGN(office, clock):
    copy = office.copies(office.incoming())[0]
    reader = office.readers[0]
    hand(office, copy, reader)
    clock.advance(hours=2)
    custody = take_back(office, copy)
    assert (custody.returned_at, custody.return_confirmed_by_id) == (clock.at, office.clerk.pk)
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id, copy.due_at) == (
        CopyState.WITH_CUSTODIAN,
        office.clerk.person_id,
        None,
    )
    last = copy.timeline.last()
    assert (last.action, last.person_id, last.state) == (
        "returned",
        reader.person_id,
        CopyState.WITH_CUSTODIAN,
    )
    [event] = audit_events("carriers.copy_returned")
    assert (event["data"]["kind"], event["data"]["late"]) == ("circulation", False)


def test_only_the_custodian_confirms_a_return_of_a_copy_that_is_out__CIRC_SIGN(office, clock):
    copy = office.copies(office.incoming())[0]
    reader = office.readers[0]
    with pytest.raises(RuleViolation) as not_out:
        take_back(office, copy)
    assert (not_out.value.rule_id, not_out.value.conflict) == ("CIRC-SIGN", True)
    hand(office, copy, reader)
    before = snapshot(copy)
    for actor in (reader, office.director):
        with pytest.raises(RuleViolation) as refused:
            circulation.return_copy(actor=actor, copy_id=copy.pk)
        assert refused.value.rule_id == "CIRC-SIGN"
    assert snapshot(copy) == before
    assert Custody.objects.get(copy=copy).returned_at is None


@pytest.mark.parametrize(
    ("kind", "state", "action"),
    [
        (CustodyKind.LOAN, CopyState.ON_LOAN, "loaned"),
        (CustodyKind.TAKE_OUT, CopyState.TAKEN_OUT, "taken_out"),
        (CustodyKind.MEETING, CopyState.AT_MEETING, "to_meeting"),
    ],
)
def test_any_period_away_ends_with_the_custodians_confirmation__CIRC_SIGN(
    office, clock, kind, state, action
):
    """Loans, take-outs and meetings are returned the same way (their opening is elsewhere)."""
    copy = office.copies(office.incoming())[0]
    borrower = office.readers[1]
    Custody.objects.create(
        organisation_id=copy.organisation_id,
        copy=copy,
        kind=kind,
        holder_id=borrower.person_id,
        handed_by=office.clerk,
        started_at=clock.at,
        due_at=clock.at + datetime.timedelta(days=3),
    )
    move(copy, actor=office.clerk, action=action, state=state, holder=borrower.person)
    clock.advance(days=1)
    custody = take_back(office, copy)
    assert (custody.kind, custody.returned_at) == (kind, clock.at)
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id, copy.due_at) == (
        CopyState.WITH_CUSTODIAN,
        office.clerk.person_id,
        None,
    )


# IN-URGENT: when circulation is finished


def instructed(office, readers, **kw) -> IncomingEntry:
    entry = office.incoming(**kw)
    incoming.route(actor=office.clerk, entry_id=entry.pk)
    return incoming.instruct(
        actor=office.director,
        entry_id=entry.pk,
        instruction="请阅",
        reader_ids=[r.person_id for r in readers],
    )


def test_circulation_ends_when_every_named_reader_returned_a_copy__IN_URGENT(office, clock):
    first, second, third = office.readers
    entry = instructed(office, [first, second])
    one, two, three = office.copies(entry)
    hand(office, one, first)
    hand(office, two, second)
    hand(office, three, third)  # not named by the director: does not count
    take_back(office, one)
    take_back(office, three)
    entry.refresh_from_db()
    assert entry.circulated_at is None  # the second reader still has a copy
    clock.advance(hours=1)
    take_back(office, two)
    entry.refresh_from_db()
    assert entry.circulated_at == clock.at


def test_an_urgent_copy_read_before_the_instruction_counts__IN_URGENT(office, clock):
    """Urgent items are delivered at once, before the director's instruction."""
    reader = office.readers[0]
    entry = office.incoming(urgency="urgent")
    copy = office.copies(entry)[0]
    hand(office, copy, reader)
    take_back(office, copy)
    incoming.route(actor=office.clerk, entry_id=entry.pk)
    clock.advance(minutes=30)
    entry = incoming.instruct(
        actor=office.director, entry_id=entry.pk, instruction="阅", reader_ids=[reader.person_id]
    )
    assert entry.circulated_at == clock.at


def test_returns_before_the_instruction_do_not_end_circulation__IN_URGENT(office, clock):
    entry = office.incoming()
    copy = office.copies(entry)[0]
    hand(office, copy, office.readers[0])
    take_back(office, copy)
    entry.refresh_from_db()
    assert entry.circulated_at is None


def test_copies_with_the_custodian_are_locked_in_a_cabinet__CIRC_OFFICE(office, world):
    """The desk lists copies with no secure cabinet on record until the custodian stores
    them; only the custodian stores, only copies that are back."""
    other_clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    entry = office.incoming(copies=2, readers=[*office.readers, other_clerk])
    first, second = office.copies(entry)
    assert {c.pk for c in copy_queries.desk(office.clerk).not_in_cabinet} == {first.pk, second.pk}
    circulation.circulate(
        actor=office.clerk, copy_id=second.pk, reader_id=office.readers[0].person_id
    )
    with pytest.raises(RuleViolation) as refused:
        circulation.store(actor=office.clerk, copy_ids=[first.pk, second.pk], location="保密柜A")
    assert refused.value.rule_id == "CIRC-OFFICE"
    first.refresh_from_db()
    assert first.location == ""  # nothing stored after the refusal
    circulation.store(actor=office.clerk, copy_ids=[first.pk], location="保密柜A")
    first.refresh_from_db()
    assert first.location == "保密柜A"
    assert first.timeline.order_by("pk").last().action == "stored"
    assert copy_queries.desk(office.clerk).not_in_cabinet == []  # the second is out
    with pytest.raises(InvalidInput):
        circulation.store(actor=office.clerk, copy_ids=[first.pk], location=" ")
    with pytest.raises(RuleViolation) as refused:
        circulation.store(actor=other_clerk, copy_ids=[first.pk], location="保密柜B")
    assert refused.value.rule_id == "CIRC-OFFICE"


def test_the_custodian_records_a_receipt_signed_on_paper__CIRC_SIGN(office):
    """JOURNEYS §1.4: the reader signs the printed slip and the clerk records it; nobody but
    the custodian records a paper receipt, and a receipt is signed once."""
    entry = office.incoming(copies=1)
    (copy,) = office.copies(entry)
    reader = office.readers[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    with pytest.raises(RuleViolation) as refused:
        circulation.confirm_receipt(actor=reader, copy_id=copy.pk, on_paper=True)
    assert refused.value.rule_id == "CIRC-SIGN"
    custody = circulation.confirm_receipt(actor=office.clerk, copy_id=copy.pk, on_paper=True)
    assert custody.received_at is not None
    line = copy.timeline.order_by("pk").last()
    assert (line.action, line.person_id) == ("receipt_signed_on_paper", reader.person_id)
    assert audit_events("carriers.receipt_signed")[-1]["data"]["on_paper"] is True
    with pytest.raises(RuleViolation) as again:
        circulation.confirm_receipt(actor=reader, copy_id=copy.pk)
    assert again.value.conflict
