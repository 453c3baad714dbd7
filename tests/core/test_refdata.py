"""Reference data read once per process (``core.refdata``): every kind is read again at once
after a change, in the same connection and when another connection (another process) made it
and set the stamp; a change rolled back is never taken for committed data; the calendar reads
only the years asked about; an incoming registration reads no reference data but the stamps."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account
from baomi.accounts.queries import account_for_token
from baomi.carriers.models import IncomingEntry, RegisterCounter, Series
from baomi.carriers.operations import incoming
from baomi.core import memo, refdata
from baomi.core.levels import Clearance, Level
from baomi.org import operations as org
from baomi.org import queries as org_queries
from baomi.org.models import DayKind
from baomi.rulebook import book
from baomi.rulebook import operations as rulebook
from baomi.rulebook.models import RuleOverride
from tests.carriers.conftest import build_office, register_at_once
from tests.factories import World

# A Wednesday of 2026 that no shipped notice makes a holiday or a worked weekend day.
WEDNESDAY = datetime.date(2026, 3, 11)


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Each test starts with nothing read (what another test read stays out of it)."""
    refdata.clear()
    yield
    refdata.clear()


@pytest.fixture
def other() -> Iterator[Any]:
    """A second connection to the database, in autocommit: another process."""
    second = connections["default"].copy()
    yield second
    second.close()


def run_in(conn: Any, sql: str, params: list[Any]) -> None:
    with conn.cursor() as cursor:
        cursor.execute(sql, params)


def bump_in(conn: Any, organisation_id: int, kind: str) -> None:
    """Set a new stamp the way ``refdata.bump`` does, from another connection."""
    run_in(
        conn,
        f"INSERT INTO {refdata.TABLE} (organisation_id, kind, version) VALUES (%s, %s, %s) "
        "ON CONFLICT (organisation_id, kind) DO UPDATE SET version = excluded.version",
        [organisation_id, kind, 4242],
    )


def normal_days(organisation_id: int) -> int:
    return book.param(organisation_id, "IN-URGENT", "normal_days")


# -- the rulebook ---------------------------------------------------------------------------


def test_a_rule_change_is_read_at_once_in_the_same_connection__IN_URGENT(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    o = world.organisation.pk
    assert normal_days(o) == 7
    with memo.scope():  # one scope around the change too: it forgets what it remembered
        assert normal_days(o) == 7
        rulebook.set_rule(actor=officer, rule_id="IN-URGENT", params={"normal_days": 3})
        assert normal_days(o) == 3
    assert normal_days(o) == 3


def test_the_overrides_are_read_once_per_process_until_their_stamp_changes__IN_URGENT(world):
    o = world.organisation.pk
    normal_days(o)
    with CaptureQueriesContext(connection) as read:
        assert normal_days(o) == 7
    assert [q["sql"] for q in read.captured_queries if "rulebook_ruleoverride" in q["sql"]] == []
    # An override written without the model's save (no signal, no stamp) is not seen...
    RuleOverride.objects.bulk_create(
        [RuleOverride(organisation_id=o, rule_id="IN-URGENT", params={"normal_days": 2})]
    )
    assert normal_days(o) == 7
    # ...until the stamp is set: then at once.
    refdata.bump(o, refdata.RULEBOOK)
    assert normal_days(o) == 2


@pytest.mark.django_db(transaction=True)
def test_a_rule_change_by_another_connection_is_read_on_the_next_operation__IN_URGENT(other):
    world = World.build()
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    o = world.organisation.pk
    rulebook.set_rule(actor=officer, rule_id="IN-URGENT", params={"normal_days": 3})
    assert normal_days(o) == 3
    run_in(other, "DELETE FROM rulebook_ruleoverride WHERE organisation_id = %s", [o])
    assert normal_days(o) == 3  # the stamp did not move: what this process read holds
    bump_in(other, o, refdata.RULEBOOK)
    assert normal_days(o) == 7


def test_a_change_rolled_back_is_never_taken_for_committed_data__IN_URGENT(world):
    """What a transaction read after its own change is kept under its own new stamp, which a
    rollback takes away: the next read is the committed rulebook again."""
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    o = world.organisation.pk
    assert normal_days(o) == 7
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        RuleOverride.objects.create(
            organisation_id=o, rule_id="IN-URGENT", params={"normal_days": 1}, changed_by=officer
        )
        assert normal_days(o) == 1
        1 / 0  # noqa: B018
    assert normal_days(o) == 7


# -- the calendar ---------------------------------------------------------------------------


def test_a_calendar_day_is_read_at_once_in_the_same_connection(world):
    o = world.organisation.pk
    assert org_queries.calendar(o).is_working_day(WEDNESDAY)
    org.set_calendar_day(actor=None, date=WEDNESDAY, kind=DayKind.HOLIDAY, organisation_id=o)
    assert not org_queries.calendar(o).is_working_day(WEDNESDAY)
    org.remove_calendar_day(actor=None, date=WEDNESDAY, organisation_id=o)
    assert org_queries.calendar(o).is_working_day(WEDNESDAY)


def test_working_hours_are_read_at_once_in_the_same_connection__CIRC_SAMEDAY(world):
    o = world.organisation.pk
    assert org_queries.calendar(o).end_of_working_day(WEDNESDAY).time() == datetime.time(17, 30)
    org.set_working_hours(
        actor=None,
        day_start=datetime.time(9),
        day_end=datetime.time(18),
        weekdays="12345",
        organisation_id=o,
    )
    assert org_queries.calendar(o).end_of_working_day(WEDNESDAY).time() == datetime.time(18)


@pytest.mark.django_db(transaction=True)
def test_a_calendar_day_added_by_another_connection_is_read_on_the_next_operation(other):
    o = World.build().organisation.pk
    assert org_queries.calendar(o).is_working_day(WEDNESDAY)
    run_in(
        other,
        "INSERT INTO org_calendarday (organisation_id, date, kind, name) VALUES (%s, %s, %s, '')",
        [o, WEDNESDAY, DayKind.HOLIDAY],
    )
    assert org_queries.calendar(o).is_working_day(WEDNESDAY)
    bump_in(other, o, refdata.CALENDAR)
    assert not org_queries.calendar(o).is_working_day(WEDNESDAY)


def test_the_calendar_reads_only_the_years_asked_about(world):
    """A deadline this year reads this year's days, not the organisation's whole calendar; a
    date of another year reads that year's once."""
    o = world.organisation.pk
    for year in (2025, 2026, 2027):
        org.set_calendar_day(
            actor=None, date=datetime.date(year, 3, 4), kind=DayKind.HOLIDAY, organisation_id=o
        )

    def days_read(day: datetime.date) -> list[str]:
        with CaptureQueriesContext(connection) as read:
            org_queries.calendar(o).is_working_day(day)
        return [q["sql"] for q in read.captured_queries if "org_calendarday" in q["sql"]]

    [this_year] = days_read(WEDNESDAY)
    assert "2026-01-01" in this_year and "2026-12-31" in this_year
    assert days_read(WEDNESDAY + datetime.timedelta(days=1)) == []
    [next_year] = days_read(datetime.date(2027, 3, 4))
    assert "2027-01-01" in next_year
    assert not org_queries.calendar(o).is_working_day(datetime.date(2027, 3, 4))
    assert org_queries.calendar(o).is_working_day(datetime.date(2027, 3, 3))


# -- the chart: the general office's head, ranks ---------------------------------------------


def test_the_general_office_head_is_read_at_once_in_the_same_connection__IN_ROUTE(world):
    o = world.organisation.pk
    first = world.person(dept="office", clearance=Clearance.CORE)
    second = world.person(dept="office", clearance=Clearance.CORE)
    office = world.departments["office"].pk
    assert org_queries.general_office_head(o) is None
    org.set_department_leaders(
        actor=None, department_id=office, head_id=first.pk, leader_in_charge_id=None
    )
    assert org_queries.general_office_head(o).pk == first.pk
    org.set_department_leaders(
        actor=None, department_id=office, head_id=second.pk, leader_in_charge_id=None
    )
    assert org_queries.general_office_head(o).pk == second.pk
    org.set_clearance(actor=None, person_id=second.pk, clearance=Clearance.GENERAL)
    assert org_queries.general_office_head(o).clearance == Clearance.GENERAL


@pytest.mark.django_db(transaction=True)
def test_a_chart_change_by_another_connection_is_read_on_the_next_operation__IN_ROUTE(other):
    world = World.build()
    o = world.organisation.pk
    head = world.person(dept="office", clearance=Clearance.CORE)
    assert org_queries.general_office_head(o) is None
    assert org_queries.rank_with_key(o, "manager").name != "改名"
    run_in(
        other,
        "UPDATE org_department SET head_id = %s WHERE id = %s",
        [head.pk, world.departments["office"].pk],
    )
    run_in(other, "UPDATE org_rank SET name = '改名' WHERE organisation_id = %s", [o])
    assert org_queries.general_office_head(o) is None
    bump_in(other, o, refdata.CHART)
    assert org_queries.general_office_head(o).pk == head.pk
    assert org_queries.rank_with_key(o, "manager").name == "改名"


def test_each_caller_gets_a_copy_of_its_own(world):
    o = world.organisation.pk
    rank = org_queries.rank_with_key(o, "manager")
    rank.name = "别动"
    assert org_queries.rank_with_key(o, "manager").name != "别动"


# -- API tokens and their accounts -----------------------------------------------------------


@pytest.fixture
def token_of(world):
    def make(role: str = Role.STAFF, **kw: Any) -> tuple[Account, str]:
        account = world.account(role, **kw)
        token = accounts.create_token(actor=account, account_id=account.pk)
        assert account_for_token(token) == account
        return account, token

    return make


def test_a_revoked_token_is_refused_at_once(token_of):
    account, token = token_of()
    row = account.tokens.get()
    accounts.revoke_token(actor=account, token_id=row.pk)
    assert account_for_token(token) is None


def test_a_deactivated_accounts_token_is_refused_at_once(world, token_of):
    account, token = token_of()
    accounts.deactivate_account(actor=world.account(Role.SYSADMIN), account_id=account.pk)
    assert account_for_token(token) is None


def test_a_locked_accounts_token_is_refused_at_once_and_again_when_the_lock_ends__AUTH_LOCKOUT(
    token_of, monkeypatch
):
    account, token = token_of(username="locked-one")
    for _i in range(5):
        assert accounts.attempt_login(username="locked-one", password="wrong") is None
    until = Account.objects.get(pk=account.pk).locked_until
    assert until is not None
    assert account_for_token(token) is None
    # The lock ends by itself: no change of any row, no new stamp.
    later = until + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert account_for_token(token) == account


def test_an_unlocked_accounts_token_is_accepted_at_once__AUTH_LOCKOUT(world, token_of):
    account, token = token_of(username="unlocked-one")
    for _i in range(5):
        accounts.attempt_login(username="unlocked-one", password="wrong")
    assert account_for_token(token) is None
    officer = world.account(Role.SYSADMIN)
    accounts.unlock_account(actor=officer, account_id=account.pk)
    assert account_for_token(token) == account


def test_a_changed_role_takes_effect_at_once(world, token_of):
    account, token = token_of()
    officer = world.account(Role.SECURITY_OFFICER, dept="office")
    accounts.change_role(actor=officer, account_id=account.pk, role=Role.CLERK)
    assert account_for_token(token).role == Role.CLERK


def test_a_changed_clearance_takes_effect_at_once__PPL_CLASS(token_of):
    account, token = token_of(clearance=Clearance.GENERAL)
    org.set_clearance(actor=None, person_id=account.person_id, clearance=Clearance.IMPORTANT)
    assert account_for_token(token).person.clearance == Clearance.IMPORTANT


@pytest.mark.django_db(transaction=True)
def test_a_token_revoked_by_another_connection_is_refused_on_the_next_request(other):
    world = World.build()
    account = world.account(Role.STAFF)
    token = accounts.create_token(actor=account, account_id=account.pk)
    assert account_for_token(token) == account
    run_in(
        other,
        "UPDATE accounts_apitoken SET revoked_at = %s WHERE account_id = %s",
        [timezone.now(), account.pk],
    )
    assert account_for_token(token) == account
    bump_in(other, refdata.INSTALLATION, refdata.ACCOUNTS)
    assert account_for_token(token) is None


def test_the_token_check_reads_one_stamp_not_the_account(token_of):
    account, token = token_of()
    with CaptureQueriesContext(connection) as read:
        found = account_for_token(token)
    assert found == account and found.person.pk == account.person_id
    assert [q["sql"] for q in read.captured_queries] == [
        f"SELECT kind, version FROM {refdata.TABLE} WHERE organisation_id = 0"
    ]
    # The copy is the caller's: changing it changes nobody else's.
    found.person.name = "别人"
    assert account_for_token(token).person.name != "别人"


def test_made_up_tokens_are_not_remembered(token_of):
    """A request with a made-up token reads the database each time and leaves nothing behind:
    random prefixes cannot grow the process's memory."""
    token_of()
    before = len(refdata._cache)
    for n in range(20):
        assert account_for_token(f"bm_{n:012x}_secret") is None
    assert len(refdata._cache) == before


# -- the incoming registration -----------------------------------------------------------------


REFERENCE_TABLES = (
    "org_department",
    "org_rank",
    "org_person",
    "org_workinghours",
    "org_calendarday",
    "rulebook_ruleoverride",
)


def test_a_registration_reads_the_stamps_once_and_moves_the_counter_once__IN_NUMBER(world):
    office = build_office(world)
    office.incoming(level=Level.SECRET, readers=[])
    with CaptureQueriesContext(connection) as done:
        entry = office.incoming(level=Level.SECRET, readers=[])
    sql = [q["sql"] for q in done.captured_queries]
    assert entry.sequence == 2
    assert [s for s in sql if any(t in s for t in REFERENCE_TABLES)] == []
    assert len([s for s in sql if refdata.TABLE in s]) == 1
    assert len([s for s in sql if "carriers_registercounter" in s]) == 1
    # The director (IN-ROUTE) and the rank floor (CLS-SCOPE-RANK) came from the cache.
    assert entry.director_id == office.director.person_id
    assert entry.document.scope_rank_floor.key == "director"


def test_a_registration_after_a_rule_change_applies_it__IN_URGENT(world):
    office = build_office(world)
    first = office.incoming(level=Level.SECRET, readers=[])
    rulebook.set_rule(actor=office.officer, rule_id="IN-URGENT", params={"normal_days": 1})
    second = office.incoming(level=Level.SECRET, readers=[])
    assert second.circulation_due_at < first.circulation_due_at


def test_numbers_stay_gapless_when_a_registration_is_rolled_back__IN_NUMBER(world):
    office = build_office(world)
    year = timezone.localdate().year
    assert office.incoming(level=Level.SECRET, readers=[]).sequence == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert incoming.next_number(world.organisation.pk, year, Series.CLASSIFIED) == 2
        1 / 0  # noqa: B018
    assert incoming.next_number(world.organisation.pk, year, Series.CLASSIFIED) == 2


@pytest.mark.django_db(transaction=True)
def test_registrations_in_threads_get_gapless_unique_numbers__IN_NUMBER():
    """Six clerks register at the same moment, each in a thread with its own connection
    (SQLite and PostgreSQL alike): the numbers are exactly 1..6."""
    world = World.build()
    office = build_office(world)
    clerks = [office.clerk] + [
        world.account(Role.CLERK, dept="office", clearance=Clearance.CORE) for _ in range(5)
    ]
    numbers = register_at_once([c.pk for c in clerks], "线程")
    assert sorted(numbers) == list(range(1, len(clerks) + 1))
    stored = IncomingEntry.objects.filter(organisation_id=world.organisation.pk)
    assert sorted(stored.values_list("sequence", flat=True)) == sorted(numbers)
    counter = RegisterCounter.objects.get(
        organisation_id=world.organisation.pk, series=Series.CLASSIFIED
    )
    assert counter.last == len(clerks)
