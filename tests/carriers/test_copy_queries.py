"""Where every copy is, what a person holds, what is due and overdue, the clerk's desk — all
through CLS-MAC."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import Custody
from baomi.carriers.operations import circulation, incoming
from baomi.carriers.queries import copies as queries
from baomi.core.errors import AccessDenied, NotFound
from baomi.core.levels import Clearance, Level


def test_where_is_every_copy_of_a_document(office):
    entry = office.incoming(copies=3)
    first, second, _third = office.copies(entry)
    reader = office.readers[0]
    circulation.circulate(actor=office.clerk, copy_id=second.pk, reader_id=reader.person_id)
    doc, copies = queries.document_copies(office.clerk, entry.document_id)
    assert doc == entry.document
    where = {c.number: (c.state, c.holder_id) for c in copies}
    assert where == {
        1: ("with_custodian", office.clerk.person_id),
        2: ("circulating", reader.person_id),
        3: ("with_custodian", office.clerk.person_id),
    }
    assert [c.holder_id for c in copies[1].open_custodies] == [reader.person_id]
    actions = [(e.copy_id, e.action) for e in queries.timeline(office.clerk, doc.pk)]
    assert actions[-1] == (second.pk, "circulated")
    assert (first.pk, "registered") in actions


def test_copies_of_an_unknowable_document_are_not_found__CLS_MAC(office, world):
    entry = office.incoming(level=Level.SECRET, readers=[])
    outsider = world.account(Role.STAFF, clearance=Clearance.IMPORTANT)
    with pytest.raises(NotFound):
        queries.document_copies(outsider, entry.document_id)
    with pytest.raises(NotFound):
        queries.timeline(outsider, entry.document_id)
    assert not queries.known_copies(outsider).exists()
    # Not a role either: the auditor and the system administrator know nothing.
    auditor = world.account(Role.AUDITOR, clearance=Clearance.CORE)
    assert not queries.known_copies(auditor).exists()


def test_what_a_reader_holds_and_until_when__CIRC_SAMEDAY(office):
    entry = office.incoming(level=Level.SECRET, copies=2)
    copy = office.copies(entry)[0]
    reader = office.readers[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    held = list(queries.holdings(reader))
    assert [c.pk for c in held] == [copy.pk]
    assert held[0].due_at == Custody.objects.get(copy=copy).due_at
    assert not queries.holdings(office.readers[1]).exists()
    # The clerk sees what a reader holds; a reader may not look at somebody else's.
    assert [c.pk for c in queries.holdings(office.clerk, reader.person_id)] == [copy.pk]
    with pytest.raises(AccessDenied):
        queries.holdings(office.readers[1], reader.person_id)


def test_overdue_after_the_end_of_the_working_day__CIRC_SAMEDAY(office):
    entry = office.incoming(level=Level.SECRET, copies=1)
    copy = office.copies(entry)[0]
    reader = office.readers[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    due = Custody.objects.get(copy=copy).due_at
    before = due - datetime.timedelta(minutes=1)
    after = due + datetime.timedelta(minutes=1)
    assert not queries.overdue(office.clerk, before).exists()
    assert [c.pk for c in queries.overdue(office.clerk, after)] == [copy.pk]
    assert [c.pk for c in queries.overdue(reader, after)] == [copy.pk]
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    assert not queries.overdue(office.clerk, after).exists()


def test_the_desk_lists_todays_work(office):
    entry = office.incoming(level=Level.SECRET, copies=2)
    incoming.route(actor=office.clerk, entry_id=entry.pk)
    readers = office.readers[:2]
    incoming.instruct(
        actor=office.director,
        entry_id=entry.pk,
        instruction="请张一、张二阅",
        reader_ids=[r.person_id for r in readers],
    )
    copy = office.copies(entry)[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=readers[0].person_id)
    board = queries.desk(office.clerk)
    assert [e.pk for e in board.incoming_today] == [entry.pk]
    assert board.to_route == []
    assert [(e.pk, [p.pk for p in waiting]) for e, waiting in board.to_circulate] == [
        (entry.pk, [readers[1].person_id])
    ]
    assert [c.pk for c in board.circulating] == [copy.pk]
    due = Custody.objects.get(copy=copy).due_at
    late = queries.desk(office.clerk, due + datetime.timedelta(hours=1))
    assert [c.pk for c in late.overdue] == [copy.pk]
    with pytest.raises(AccessDenied):
        queries.desk(office.readers[0])


def test_recall_due_lists_copies_still_held__RECALL_DUE(office):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    entry = office.incoming(recall_date=yesterday, copies=2)
    office.incoming(recall_date=timezone.localdate() + datetime.timedelta(days=30))
    assert {c.document_id for c in queries.recall_due(office.clerk)} == {entry.document_id}
    assert queries.recall_due(office.clerk).count() == 2


def test_copies_in_a_department(office, world):
    entry = office.incoming(copies=2)
    copy = office.copies(entry)[0]
    reader = office.readers[0]  # in tech
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    tech = world.departments["tech"].pk
    assert [c.pk for c in queries.copies_in_department(office.clerk, tech)] == [copy.pk]
    office_dept = world.departments["office"].pk
    assert queries.copies_in_department(office.clerk, office_dept).count() == 2
    root = world.departments["root"].pk  # sub-departments included
    assert queries.copies_in_department(office.clerk, root).count() == 2
    with pytest.raises(NotFound):
        queries.copies_in_department(office.clerk, 10**9)
