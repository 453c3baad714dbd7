"""收文登记: registration of incoming documents (IN-NUMBER, IN-SAMEDAY, IN-ROUTE, IN-URGENT)."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from baomi.carriers import imports
from baomi.carriers.models import CopyState, IncomingEntry, Series, Urgency
from baomi.carriers.operations import incoming
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from tests.factories import audit_events


def test_registration_numbers_each_register_apart__IN_NUMBER(office):
    """Classified and general items are numbered apart, each from 1 without gaps."""
    a = office.incoming(level=Level.SECRET)
    b = office.incoming(level=Level.INTERNAL)
    c = office.incoming(level=Level.CONFIDENTIAL)
    assert (a.series, a.sequence) == (Series.CLASSIFIED, 1)
    assert (b.series, b.sequence) == (Series.GENERAL, 1)
    assert (c.series, c.sequence) == (Series.CLASSIFIED, 2)


def test_a_refused_registration_uses_no_number__IN_NUMBER(office):
    office.incoming(level=Level.SECRET)
    with pytest.raises(RuleViolation) as refused:
        office.incoming(level=Level.SECRET, term_years=50)
    assert refused.value.rule_id == "CLS-TERM"
    assert office.incoming(level=Level.SECRET).sequence == 2


def test_copies_are_registered_with_the_clerk(office):
    entry = office.incoming(copies=5, copy_numbers=[2, 3])
    copies = office.copies(entry)
    assert [c.number for c in copies] == [2, 3]
    assert {(c.state, c.holder_id, c.custodian_id) for c in copies} == {
        (CopyState.WITH_CUSTODIAN, office.clerk.person_id, office.clerk.person_id)
    }
    assert copies[0].label == "第2份（共5份）"
    assert [e.action for e in copies[0].timeline.all()] == ["registered"]


def test_registration_a_day_after_opening_is_flagged_late__IN_SAMEDAY(office):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    assert office.incoming(opened_at=yesterday).late is True
    assert office.incoming().late is False


def test_registration_on_the_day_of_opening_is_on_time_however_early__IN_SAMEDAY(office):
    """The boundary of IN-SAMEDAY.register_days = 0: opened in the first second of today, on
    time; opened in the last second of yesterday, late."""
    first = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    assert office.incoming(opened_at=first).late is False
    assert office.incoming(opened_at=first - datetime.timedelta(seconds=1)).late is True


@pytest.mark.parametrize(("after_due", "late"), [(0, False), (1, True)])
def test_a_slip_routed_after_its_due_time_is_late__IN_ROUTE(office, after_due, late):
    """Routed at its due time (the end of the next working day), on time; a minute later,
    late."""
    entry = office.incoming()
    at = entry.route_due_at + datetime.timedelta(minutes=after_due)
    with mock.patch("django.utils.timezone.now", return_value=at):
        incoming.route(actor=office.clerk, entry_id=entry.pk)
    assert audit_events("carriers.incoming_routed")[-1]["data"]["late"] is late


def test_urgent_items_are_due_for_circulation_today__IN_URGENT(office):
    urgent = office.incoming(urgency=Urgency.URGENT)
    normal = office.incoming()
    today = timezone.localdate()
    assert timezone.localdate(urgent.circulation_due_at) >= today
    assert normal.circulation_due_at > urgent.circulation_due_at
    assert urgent.director_id == office.director.person_id  # IN-ROUTE: the slip's addressee


# 呈批传阅笺: the routing slip and the office director's instruction (IN-ROUTE)


def leaders_of_the_office(office, head_id):
    org.set_department_leaders(
        actor=None,
        department_id=office.world.departments["office"].pk,
        head_id=head_id,
        leader_in_charge_id=office.leader.person_id,
    )


def routed(office, **kw):
    entry = office.incoming(**kw)
    return incoming.route(actor=office.clerk, entry_id=entry.pk)


def test_the_routing_slip_goes_to_the_office_director__IN_ROUTE(office):
    entry = office.incoming()
    assert entry.routed_at is None
    entry = incoming.route(actor=office.clerk, entry_id=entry.pk)
    assert entry.director_id == office.director.person_id
    assert entry.routed_at is not None and entry.routed_at <= entry.route_due_at
    [event] = audit_events("carriers.incoming_routed")
    assert event["data"]["director"] == office.director.person_id
    assert event["data"]["late"] is False


def test_a_slip_is_routed_once__IN_ROUTE(office):
    entry = routed(office)
    with pytest.raises(RuleViolation) as refused:
        incoming.route(actor=office.clerk, entry_id=entry.pk)
    assert (refused.value.rule_id, refused.value.conflict) == ("IN-ROUTE", True)
    assert IncomingEntry.objects.get(pk=entry.pk).routed_at == entry.routed_at


def test_no_office_director_no_routing__IN_ROUTE(office):
    entry = office.incoming()
    leaders_of_the_office(office, None)
    with pytest.raises(RuleViolation) as refused:
        incoming.route(actor=office.clerk, entry_id=entry.pk)
    assert refused.value.rule_id == "IN-ROUTE"
    assert IncomingEntry.objects.get(pk=entry.pk).routed_at is None


def test_a_director_who_may_not_know_the_document_gets_no_slip__IN_ROUTE(office):
    """A director not cleared for the level is not named in the scope at registration; a new
    director, cleared but outside the scope, needs the scope widened first."""
    low = office.world.person(dept="office", rank="director", clearance=Clearance.IMPORTANT)
    leaders_of_the_office(office, low.pk)
    top_secret = office.incoming(level=Level.TOP_SECRET, readers=[])
    assert not top_secret.document.scope_people.filter(pk=low.pk).exists()
    new = office.world.person(dept="office", rank="manager", clearance=Clearance.CORE)
    leaders_of_the_office(office, office.director.person_id)
    secret = office.incoming(level=Level.SECRET, readers=[])
    leaders_of_the_office(office, new.pk)
    for entry, name in ((top_secret, new.name), (secret, new.name)):
        with pytest.raises(RuleViolation) as refused:
            incoming.route(actor=office.clerk, entry_id=entry.pk)
        assert refused.value.rule_id == "IN-ROUTE" and name in refused.value.message
        assert IncomingEntry.objects.get(pk=entry.pk).routed_at is None
    leaders_of_the_office(office, low.pk)
    with pytest.raises(RuleViolation, match=low.name):
        incoming.route(actor=office.clerk, entry_id=top_secret.pk)


def test_routing_is_the_clerks_work_and_obeys_need_to_know__IN_ROUTE(office):
    entry = office.incoming()
    with pytest.raises(AccessDenied):
        incoming.route(actor=office.readers[0], entry_id=entry.pk)
    # The security officer registers items too, but is outside this SECRET document's scope.
    with pytest.raises(NotFound):
        incoming.route(actor=office.officer, entry_id=entry.pk)
    with pytest.raises(NotFound):
        incoming.route(actor=office.clerk, entry_id=entry.pk + 1000)
    assert IncomingEntry.objects.get(pk=entry.pk).routed_at is None


def test_the_director_decides_who_reads_it__IN_ROUTE(office):
    entry = routed(office)
    a, b = office.readers[:2]
    entry = incoming.instruct(
        actor=office.director,
        entry_id=entry.pk,
        instruction="  请张一、张二阅  ",
        reader_ids=[a.person_id, b.person_id, a.person_id],
    )
    assert entry.instruction == "请张一、张二阅" and entry.instructed_at is not None
    assert set(entry.readers.values_list("pk", flat=True)) == {a.person_id, b.person_id}
    assert entry.circulated_at is None
    [event] = audit_events("carriers.incoming_instructed")
    assert sorted(event["data"]["readers"]) == sorted([a.person_id, b.person_id])
    assert "请" not in str(event)  # no free text in the audit trail


def test_only_the_director_the_slip_went_to_instructs__IN_ROUTE(office):
    entry = routed(office)
    for actor in (office.clerk, office.readers[0], office.head):
        with pytest.raises(NotFound):
            incoming.instruct(actor=actor, entry_id=entry.pk, instruction="阅", reader_ids=[])
    assert IncomingEntry.objects.get(pk=entry.pk).instructed_at is None


def test_no_instruction_before_the_slip_is_routed__IN_ROUTE(office):
    entry = office.incoming()
    with pytest.raises(RuleViolation) as refused:
        incoming.instruct(actor=office.director, entry_id=entry.pk, instruction="阅", reader_ids=[])
    assert (refused.value.rule_id, refused.value.conflict) == ("IN-ROUTE", True)


def test_an_instruction_is_written_and_given_once__IN_ROUTE(office):
    entry = routed(office)
    with pytest.raises(InvalidInput) as refused:
        incoming.instruct(actor=office.director, entry_id=entry.pk, instruction=" ", reader_ids=[])
    assert refused.value.field == "instruction"
    reader = office.readers[0].person_id
    incoming.instruct(
        actor=office.director, entry_id=entry.pk, instruction="阅", reader_ids=[reader]
    )
    with pytest.raises(RuleViolation) as again:
        incoming.instruct(
            actor=office.director, entry_id=entry.pk, instruction="再阅", reader_ids=[]
        )
    assert (again.value.rule_id, again.value.conflict) == ("IN-ROUTE", True)
    entry.refresh_from_db()
    assert entry.instruction == "阅" and list(entry.readers.values_list("pk", flat=True)) == [
        reader
    ]


def test_every_reader_must_be_allowed_to_know_the_document__CLS_MAC(office):
    entry = routed(office)
    uncleared = office.world.person(clearance=Clearance.GENERAL, name="低密级")
    outside = office.world.person(dept="lab", clearance=Clearance.IMPORTANT, name="范围外")
    ok = office.readers[0].person_id
    for person in (uncleared, outside):
        with pytest.raises(RuleViolation) as refused:
            incoming.instruct(
                actor=office.director,
                entry_id=entry.pk,
                instruction="阅",
                reader_ids=[ok, person.pk],
            )
        assert refused.value.rule_id == "CLS-MAC" and person.name in refused.value.message
    with pytest.raises(NotFound):
        incoming.instruct(
            actor=office.director, entry_id=entry.pk, instruction="阅", reader_ids=[10**6]
        )
    entry.refresh_from_db()
    assert entry.instructed_at is None and not entry.readers.exists()


def test_an_instruction_naming_no_reader_ends_circulation__IN_URGENT(office):
    entry = routed(office)
    entry = incoming.instruct(
        actor=office.director, entry_id=entry.pk, instruction="存档", reader_ids=[]
    )
    assert entry.circulated_at == entry.instructed_at


def test_a_document_number_from_one_issuer_is_registered_once_a_year__IN_NUMBER(office):
    """The same 文号 from the same issuer again this year is refused, however it is spaced or
    bracketed, and writes nothing (no number used); another issuer's or another number is a
    new document."""
    first = office.incoming(number="市保发〔2026〕7号", issuer="市保密局")
    with pytest.raises(RuleViolation) as refused:
        office.incoming(number=" 市保发[2026]7号", issuer="市保密局 ")
    assert refused.value.rule_id == "IN-NUMBER"
    assert first.document.number in refused.value.message  # the clerk may know the first
    assert IncomingEntry.objects.count() == 1
    assert audit_events("operation.refused")[-1]["data"]["rule"] == "IN-NUMBER"
    other_issuer = office.incoming(number="市保发〔2026〕7号", issuer="省保密局")
    other_number = office.incoming(number="市保发〔2026〕8号", issuer="市保密局")
    assert (other_issuer.sequence, other_number.sequence) == (2, 3)
    assert other_issuer.repeat_of is None and other_number.repeat_of is None


def test_a_confirmed_second_receipt_is_registered_and_recorded__IN_NUMBER(office):
    """The clerk confirms that the document came again: registered with the next number, its
    register line naming the first receipt's, and the audit event saying so."""
    first = office.incoming(number="市保发〔2026〕7号", issuer="市保密局")
    again = office.incoming(number="市保发〔2026〕7号", issuer="市保密局", second_receipt=True)
    assert (again.sequence, again.repeat_of) == (2, first)
    registered = audit_events("carriers.incoming_registered")
    assert [e["data"]["repeat_of"] for e in registered] == [None, first.pk]
    # A third receipt names the first one too.
    third = office.incoming(number="市保发〔2026〕7号", issuer="市保密局", second_receipt=True)
    assert third.repeat_of == first


def test_the_refusal_does_not_name_a_first_receipt_the_clerk_may_not_know__IN_NUMBER(office):
    """A second clerk outside the first document's scope learns that the number came before,
    not which register line it is (CLS-MAC)."""
    first = office.incoming(number="市保发〔2026〕7号", issuer="市保密局", readers=[])
    other = office.world.account("clerk", dept="office", clearance=Clearance.CORE)
    with pytest.raises(RuleViolation) as refused:
        incoming.register_incoming(
            actor=other,
            number="市保发〔2026〕7号",
            title="同一份文件",
            level=Level.SECRET,
            term_years=10,
            issuer="市保密局",
        )
    assert refused.value.rule_id == "IN-NUMBER"
    assert first.document.number not in refused.value.message


def test_last_years_receipt_does_not_count__IN_NUMBER(office):
    """Once a year: a line of last year's register (imported) leaves this year's free."""
    last_year = timezone.localdate().year - 1
    incoming.import_incoming(
        actor=office.clerk,
        rows=[
            imports.Row(
                2,
                "1",
                "",
                f"{last_year}-03-01",
                "市保发〔2026〕7号",
                "去年",
                "市保密局",
                "机密",
                "10",
            )
        ],
        dry_run=False,
    )
    entry = office.incoming(number="市保发〔2026〕7号", issuer="市保密局")
    assert entry.repeat_of is None and entry.year == last_year + 1


def test_the_migration_keys_the_lines_already_registered__IN_NUMBER(office):
    """Lines registered before the key existed get theirs, so that a second receipt of them
    is found too."""
    migration = importlib.import_module("baomi.carriers.migrations.0003_incoming_receipts")
    entry = office.incoming(number="市保发〔2026〕7号", issuer="市保密局")
    IncomingEntry.objects.filter(pk=entry.pk).update(receipt_key="")
    migration.fill_receipt_keys(apps, SimpleNamespace(connection=connection))
    with pytest.raises(RuleViolation):
        office.incoming(number="市保发(2026)7号", issuer="市保密局")
