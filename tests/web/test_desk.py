"""The clerk's desk, the copies on the document page and the holder's home page (JOURNEYS §1
and §3): circulation through the custodian (CIRC-DIRECT), the reader's receipt (CIRC-SIGN),
what is due back today and what is overdue (CIRC-SAMEDAY)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.carriers.models import CopyState, Custody, IncomingEntry
from baomi.carriers.operations import circulation, incoming
from baomi.core.levels import Level
from tests.carriers import conftest as carriers
from tests.carriers.conftest import Office
from tests.web.conftest import signed_in

office = carriers.office  # the fixture: an office with its clerk, director and readers

# A Wednesday, a working day in every calendar the tests build.
WEDNESDAY = datetime.date(2026, 3, 4)


@pytest.fixture
def clock(monkeypatch):
    """Set the time of day (local time on WEDNESDAY) for everything that asks Django."""

    def set_time(hour: int, minute: int = 0) -> datetime.datetime:
        at = timezone.make_aware(datetime.datetime.combine(WEDNESDAY, datetime.time(hour, minute)))
        monkeypatch.setattr(timezone, "now", lambda: at)
        return at

    set_time(10)
    return set_time


def instructed(office: Office, **kw) -> IncomingEntry:
    """An incoming document naming the first two readers, routed to the director, who
    instructs them to read it."""
    entry = office.incoming(readers=office.readers[:2], **kw)
    incoming.route(actor=office.clerk, entry_id=entry.pk)
    return incoming.instruct(
        actor=office.director,
        entry_id=entry.pk,
        instruction="请张一、张二阅",
        reader_ids=[r.person_id for r in office.readers[:2]],
    )


def hand_out(office: Office, entry, reader) -> Custody:
    copy = office.copies(entry)[0]
    return circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)


def test_the_desk_shows_todays_incoming_and_what_to_route(office, clock):
    entry = office.incoming(title="市局来文")
    html = signed_in(office.clerk).get(reverse("desk")).content.decode()
    assert 'id="incoming-today"' in html and "市局来文" in html
    assert f'data-entry="{entry.pk}"' in html
    assert reverse("incoming_route", args=[entry.pk]) in html


def test_staff_may_not_open_the_desk(office):
    reader = signed_in(office.readers[0])
    assert reader.get(reverse("desk")).status_code == 403
    assert reader.get(reverse("copies_where")).status_code == 403
    assert reader.get(reverse("incoming_register")).status_code == 403


def test_the_desk_sends_the_routing_slip__IN_ROUTE(office, clock):
    entry = office.incoming()
    response = signed_in(office.clerk).post(reverse("incoming_route", args=[entry.pk]))
    assert response.status_code == 303
    assert response.url == reverse("incoming_entry", args=[entry.pk])
    entry.refresh_from_db()
    assert entry.routed_at is not None and entry.director_id == office.director.person_id


def test_the_desk_offers_a_free_copy_to_each_waiting_reader(office, clock):
    entry = instructed(office, copies=1)
    first, second = office.readers[:2]
    html = signed_in(office.clerk).get(reverse("desk")).content.decode()
    copy = office.copies(entry)[0]
    assert reverse("copy_circulate", args=[copy.pk]) in html
    assert f'data-reader="{first.person_id}"' in html
    # One copy, two readers: the second waits for it to come back (CIRC-DIRECT).
    assert f'data-waiting="{second.person_id}"' in html


def test_the_desk_button_hands_the_copy_to_the_reader__CIRC_DIRECT(office, clock):
    entry = instructed(office)
    copy = office.copies(entry)[0]
    reader = office.readers[0]
    response = signed_in(office.clerk).post(
        reverse("copy_circulate", args=[copy.pk]),
        {"reader": reader.person_id, "next": reverse("desk")},
    )
    assert response.status_code == 303 and response.url == reverse("desk")
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.CIRCULATING, reader.person_id)


def test_the_button_goes_back_only_to_a_page_of_this_site(office, clock):
    entry = instructed(office)
    copy = office.copies(entry)[0]
    response = signed_in(office.clerk).post(
        reverse("copy_circulate", args=[copy.pk]),
        {"reader": office.readers[0].person_id, "next": "https://example.com/"},
    )
    assert response.url == reverse("document", args=[entry.document_id])


def test_a_reader_cannot_pass_a_copy_on__CIRC_DIRECT(office, clock):
    """The refusal names CIRC-DIRECT and quotes its clause; the copy stays with the reader."""
    entry = instructed(office)
    first, second = office.readers[:2]
    custody = hand_out(office, entry, first)
    page = reverse("document", args=[entry.document_id])
    client = signed_in(first, language="en")
    response = client.post(
        reverse("copy_circulate", args=[custody.copy_id]),
        {"reader": second.person_id},
        HTTP_REFERER=f"http://testserver{page}",
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(page)
    assert 'data-rule="CIRC-DIRECT"' in html and "Readers may not pass a copy on" in html
    copy = office.copies(entry)[0]
    assert (copy.state, copy.holder_id) == (CopyState.CIRCULATING, first.person_id)


def test_the_reader_signs_for_the_copy_on_the_home_page__CIRC_SIGN(office, clock):
    entry = instructed(office)
    reader = office.readers[0]
    custody = hand_out(office, entry, reader)
    client = signed_in(reader, language="en")
    html = client.get("/").content.decode()
    assert f'data-held="{custody.copy_id}"' in html and 'data-action="receipt"' in html
    assert "Return to 王机要 by 2026-03-04 17:30" in html
    response = client.post(reverse("copy_receipt", args=[custody.copy_id]), {"next": "/"})
    assert response.status_code == 303 and response.url == "/"
    custody.refresh_from_db()
    assert custody.received_at is not None
    assert 'data-action="receipt"' not in client.get("/").content.decode()


def test_only_the_holder_signs_for_a_copy__CIRC_SIGN(office, clock):
    entry = instructed(office)
    custody = hand_out(office, entry, office.readers[0])
    response = signed_in(office.readers[1]).post(
        reverse("copy_receipt", args=[custody.copy_id]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert 'data-rule="CIRC-SIGN"' in response.content.decode()
    custody.refresh_from_db()
    assert custody.received_at is None


def test_due_back_today_is_orange_then_red_when_overdue__CIRC_SAMEDAY(office, clock):
    entry = instructed(office, level=Level.SECRET)
    reader = office.readers[0]
    custody = hand_out(office, entry, reader)
    clock(16, 30)
    html = signed_in(office.clerk).get(reverse("desk")).content.decode()
    due_today = html.split('id="due-today"')[1].split("</section>")[0]
    assert f'data-copy="{custody.copy_id}"' in due_today and 'data-due="today"' in due_today
    assert "table-warning" in due_today
    clock(17, 45)
    html = signed_in(office.clerk).get(reverse("desk")).content.decode()
    overdue = html.split('id="overdue"')[1].split("</section>")[0]
    assert f'data-copy="{custody.copy_id}"' in overdue and 'data-due="overdue"' in overdue
    assert "table-danger" in overdue
    assert 'data-overdue-rule="CIRC-SAMEDAY"' in overdue  # the flag names its rule
    home = signed_in(reader).get("/").content.decode()
    assert f'data-overdue="{custody.copy_id}"' in home
    assert 'data-overdue-rule="CIRC-SAMEDAY"' in home


def test_the_clerk_confirms_the_return_from_the_desk__CIRC_SIGN(office, clock):
    entry = instructed(office)
    custody = hand_out(office, entry, office.readers[0])
    client = signed_in(office.clerk)
    html = client.get(reverse("desk")).content.decode()
    assert reverse("copy_return", args=[custody.copy_id]) in html
    response = client.post(reverse("copy_return", args=[custody.copy_id]))
    assert response.status_code == 303
    copy = office.copies(entry)[0]
    assert (copy.state, copy.holder_id) == (CopyState.WITH_CUSTODIAN, office.clerk.person_id)


def test_the_document_page_shows_every_copy_and_its_timeline(office, clock):
    entry = instructed(office, copies=3)
    reader = office.readers[0]
    custody = hand_out(office, entry, reader)
    page = reverse("document", args=[entry.document_id])
    html = signed_in(office.clerk).get(page).content.decode()
    assert 'id="copies"' in html and "1/3" in html and "3/3" in html
    assert f'data-copy="{custody.copy_id}" data-state="circulating"' in html
    assert 'data-event="registered"' in html and 'data-event="circulated"' in html
    # The custodian: hand out the copies in the cabinet, take back the one that is out.
    assert html.count('data-form="circulate"') == 2
    assert reverse("copy_return", args=[custody.copy_id]) in html
    assert reverse("incoming_entry", args=[entry.pk]) in html
    # Only people who may know the document are offered (CLS-MAC): not the third reader.
    assert f'value="{office.readers[2].person_id}"' not in html
    holder = signed_in(reader).get(page).content.decode()
    assert 'data-action="receipt"' in holder and "data-return-by" in holder
    assert 'data-form="circulate"' not in holder


def test_where_is_every_copy_of_a_department(office, clock):
    entry = instructed(office)
    custody = hand_out(office, entry, office.readers[0])
    tech = office.world.departments["tech"]
    client = signed_in(office.clerk)
    assert 'id="where"' not in client.get(reverse("copies_where")).content.decode()
    html = client.get(reverse("copies_where"), {"department": tech.pk}).content.decode()
    assert f'data-copy="{custody.copy_id}"' in html
    assert html.count("data-copy=") == 1  # the other copies are with the clerk (office)


def test_the_desk_locks_copies_in_a_cabinet__CIRC_OFFICE(office, clock):
    """Copies with the clerk and no cabinet on record are listed until stored."""
    entry = office.incoming(copies=2)
    first, second = office.copies(entry)
    client = signed_in(office.clerk)
    html = client.get(reverse("desk")).content.decode()
    assert 'id="not-in-cabinet"' in html and f'data-copy="{first.pk}"' in html
    response = client.post(
        reverse("copies_store"), {"copies": [first.pk, second.pk], "location": "机要室2号柜"}
    )
    assert response.status_code == 303
    first.refresh_from_db()
    assert first.location == "机要室2号柜"
    html = client.get(reverse("desk")).content.decode()
    assert (
        f'data-copy="{first.pk}"' not in html.split('id="not-in-cabinet"')[1].split("</section>")[0]
    )
    assert signed_in(office.readers[0]).post(reverse("copies_store"), {}).status_code == 403


def test_the_clerk_records_a_receipt_signed_on_paper__CIRC_SIGN(office, clock):
    """JOURNEYS §1.4: the reader signed the printed slip; the clerk records it from the desk."""
    entry = instructed(office)
    custody = hand_out(office, entry, office.readers[0])
    client = signed_in(office.clerk)
    html = client.get(reverse("desk")).content.decode()
    assert f'data-action="paper-receipt" data-copy="{custody.copy_id}"' in html
    response = client.post(reverse("copy_receipt", args=[custody.copy_id]), {"on_paper": "1"})
    assert response.status_code == 303
    custody.refresh_from_db()
    assert custody.received_at is not None
    html = client.get(reverse("desk")).content.decode()
    assert 'data-action="paper-receipt"' not in html


def test_the_desk_reads_as_many_queries_for_6_routing_slips_as_for_2(office, clock):
    """Who has already had each document and the free copies to offer are read once for all
    the routing slips, not once per slip."""
    first, second = office.readers[:2]
    client = signed_in(office.clerk)
    free = {}  # the copy offered to the second reader of each slip

    def add_slips(n: int) -> None:
        for _n in range(n):
            entry = instructed(office, copies=2)
            hand_out(office, entry, first)  # copy 1 is out with the first reader
            free[entry.pk] = office.copies(entry)[1]

    def desk() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("desk")).content.decode()
        section = html.split('id="to-circulate"')[1].split("</section>")[0]
        return len(queries), section

    add_slips(2)
    client.get(reverse("desk"))  # the session and the caches of a first page
    two, section = desk()
    add_slips(4)
    six, section = desk()
    assert two == six
    # The same page: every slip offers its free copy 2 to the second reader, and nothing to
    # the first, who has already had copy 1.
    assert section.count("data-entry=") == 6
    for entry_id, copy in free.items():
        assert f'data-entry="{entry_id}"' in section
        assert reverse("copy_circulate", args=[copy.pk]) in section
    assert section.count(f'data-reader="{second.person_id}"') == 6
    assert f'data-reader="{first.person_id}"' not in section and "data-waiting" not in section


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_todays_returns_are_those_of_the_current_working_day__CIRC_SAMEDAY(office, monkeypatch):
    """After hours and on days off, "due back today" is the next working day's by the
    organisation's calendar: a copy handed out at 18:00 on the eve of the National Day
    holiday (2026, the State Council's notice shipped) is due back on Thursday 8 October and
    listed as due "today" that evening and through the holiday week, orange, not red."""
    monkeypatch.setattr(timezone, "now", lambda: _local(datetime.date(2026, 9, 30), 18))
    entry = instructed(office, level=Level.SECRET)
    custody = hand_out(office, entry, office.readers[0])
    assert custody.due_at == _local(datetime.date(2026, 10, 8), 17, 30)
    for moment in (
        _local(datetime.date(2026, 9, 30), 18, 5),
        _local(datetime.date(2026, 10, 3), 9),
    ):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        html = signed_in(office.clerk).get(reverse("desk")).content.decode()
        due_today = html.split('id="due-today"')[1].split("</section>")[0]
        assert 'data-day-end="2026-10-08 17:30"' in due_today
        assert f'data-copy="{custody.copy_id}"' in due_today and 'data-due="today"' in due_today
        overdue = html.split('id="overdue"')[1].split("</section>")[0]
        assert f'data-copy="{custody.copy_id}"' not in overdue


def test_a_copy_due_tomorrow_is_not_due_today__CIRC_SAMEDAY(office, monkeypatch):
    """During the working day, "today" is today: a copy due at the end of the next working
    day is not listed as due today."""
    monkeypatch.setattr(timezone, "now", lambda: _local(WEDNESDAY, 18))
    entry = instructed(office, level=Level.SECRET)
    custody = hand_out(office, entry, office.readers[0])  # due Thursday 17:30
    monkeypatch.setattr(timezone, "now", lambda: _local(WEDNESDAY, 17))
    html = signed_in(office.clerk).get(reverse("desk")).content.decode()
    due_today = html.split('id="due-today"')[1].split("</section>")[0]
    assert 'data-day-end="2026-03-04 17:30"' in due_today
    assert f'data-copy="{custody.copy_id}"' not in due_today
