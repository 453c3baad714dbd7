"""The monthly self-check (PPL-SELFCHECK): a checklist kept as data (a default list after the
seed regulations), and one self-check per cleared person and month."""

from __future__ import annotations

import calendar
import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Employment, Person, StaffRole
from baomi.people.deadlines.self_checks import self_checks_due
from baomi.people.models import ClearanceChange, SelfCheck, SelfCheckItem
from baomi.people.operations.self_checks import file_self_check
from baomi.people.queries import roster
from baomi.people.queries.self_checks import add_months, checklist, owed
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import State, deadlines, end_of_day
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events
from tests.web.conftest import signed_in
from tests.web.test_home_todo import badge


def test_the_default_checklist_is_seeded_in_chinese_with_its_rules__PPL_SELFCHECK(db):
    items = list(SelfCheckItem.objects.filter(organisation=None))
    assert 5 <= len(items) <= 10
    assert all(item.rule and item.key for item in items)
    assert any("涉密" in item.text for item in items)


def test_one_self_check_per_person_and_month__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    month = datetime.date(2026, 12, 1)
    SelfCheck.objects.create(
        organisation=world.organisation, person=person, month=month, answers={}, all_clear=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfCheck.objects.create(
            organisation=world.organisation, person=person, month=month, answers={}, all_clear=True
        )


@pytest.fixture
def cleared(world):
    return world.account(Role.STAFF, clearance=Clearance.GENERAL)


def all_yes() -> dict[str, dict[str, object]]:
    return {item.key: {"yes": True, "note": ""} for item in checklist(None)}


def test_a_cleared_person_files_their_monthly_self_check__PPL_SELFCHECK(world, cleared):
    answers = all_yes()
    first = next(iter(answers))
    answers[first] = {"yes": False, "note": " 有一份文件未清退 "}
    check = file_self_check(actor=cleared, answers=answers)
    assert check.person_id == cleared.person_id
    assert check.month == timezone.localdate().replace(day=1)
    assert check.answers[first] == {"yes": False, "note": "有一份文件未清退"}
    assert check.all_clear is False
    [event] = audit_events("people.self_check_filed")
    assert event["data"]["rule"] == "PPL-SELFCHECK"


def test_filing_for_someone_else_is_refused__PPL_SELFCHECK(world, cleared):
    other = world.person(clearance=Clearance.GENERAL)
    with pytest.raises(RuleViolation) as refused:
        file_self_check(actor=cleared, answers=all_yes(), person_id=other.pk)
    assert refused.value.rule_id == "PPL-SELFCHECK"
    assert not SelfCheck.objects.exists()


def test_an_uncleared_person_is_refused__PPL_SELFCHECK(world):
    uncleared = world.account(Role.STAFF)
    with pytest.raises(RuleViolation) as refused:
        file_self_check(actor=uncleared, answers=all_yes())
    assert refused.value.rule_id == "PPL-SELFCHECK"


def test_a_second_self_check_of_the_month_is_a_conflict__PPL_SELFCHECK(world, cleared):
    file_self_check(actor=cleared, answers=all_yes())
    with pytest.raises(RuleViolation) as refused:
        file_self_check(actor=cleared, answers=all_yes())
    assert refused.value.conflict
    assert SelfCheck.objects.count() == 1


@pytest.mark.parametrize("drop", [True, False])
def test_answers_must_cover_every_item__PPL_SELFCHECK(world, cleared, drop):
    answers = all_yes()
    if drop:
        answers.pop(next(iter(answers)))
    else:
        answers[next(iter(answers))] = {"yes": "maybe"}
    with pytest.raises(InvalidInput) as refused:
        file_self_check(actor=cleared, answers=answers)
    assert refused.value.field == "answers"
    assert not SelfCheck.objects.exists()


def test_a_month_to_come_is_refused__PPL_SELFCHECK(world, cleared):
    later = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    with pytest.raises(InvalidInput) as refused:
        file_self_check(actor=cleared, answers=all_yes(), month=later)
    assert refused.value.field == "month"


def home(account) -> str:
    return signed_in(account).get(reverse("home")).content.decode()


def test_the_home_page_asks_a_cleared_person_for_this_months_self_check__PPL_SELFCHECK(
    world, cleared
):
    html = home(cleared)
    assert 'id="self-check"' in html and badge(html, "home") == 1
    # Every answer is yes to begin with: one click files it.
    answers = {item.key: "yes" for item in checklist(None)}
    for key in answers:
        assert f'name="answer-{key}" id="sc-{key}-yes" value="yes" checked' in html
    form = {f"answer-{key}": value for key, value in answers.items()}
    response = signed_in(cleared).post(reverse("self_check_file"), form)
    assert response.status_code == 303
    check = SelfCheck.objects.get(person_id=cleared.person_id)
    assert check.all_clear
    html = home(cleared)
    assert 'id="self-check"' not in html and badge(html, "home") == 0


def test_the_home_page_does_not_ask_an_uncleared_person__PPL_SELFCHECK(world):
    html = home(world.account(Role.STAFF))
    assert 'id="self-check"' not in html and badge(html, "home") == 0


def test_an_unanswered_item_on_the_page_is_refused__PPL_SELFCHECK(world, cleared):
    response = signed_in(cleared).post(reverse("self_check_file"), {}, follow=True)
    assert "自查结果须逐项回答清单中的全部项目" in response.content.decode()
    assert not SelfCheck.objects.exists()


def test_the_api_files_and_lists_self_checks__PPL_SELFCHECK(world, cleared):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    other = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    client = ApiClient(cleared)
    answer = client.post("/self-checks", {"answers": all_yes()})
    assert answer.status_code == 201 and answer.json()["all_clear"] is True
    assert client.post("/self-checks", {"answers": all_yes()}).status_code == 409
    refused = ApiClient(other).post(
        "/self-checks", {"answers": all_yes(), "person_id": cleared.person_id}
    )
    assert refused.status_code == 403 and refused.json()["rule"] == "PPL-SELFCHECK"
    incomplete = ApiClient(other).post("/self-checks", {"answers": {}})
    assert incomplete.status_code == 422 and "answers" in incomplete.text
    assert [c["person_id"] for c in client.get("/self-checks").json()] == [cleared.person_id]
    assert ApiClient(other).get("/self-checks").json() == []
    ApiClient(officer).post("/self-checks", {"answers": all_yes()})
    everyone = {c["person_id"] for c in ApiClient(officer).get("/self-checks").json()}
    assert everyone == {cleared.person_id, officer.person_id}


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_default_timezone())


def test_the_months_self_check_is_a_deadline_of_each_cleared_person__PPL_SELFCHECK(world, cleared):
    org_id = world.organisation.pk
    uncleared = world.person()
    gone = world.person(clearance=Clearance.GENERAL)
    Person.objects.filter(pk=gone.pk).update(employment=Employment.LEFT)
    stranger = World.build().person(clearance=Clearance.CORE)
    first = timezone.localdate().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    early = [d for d in deadlines(org_id, _at(first)) if d.rule_id == "PPL-SELFCHECK"]
    assert {d.person_id for d in early} == {cleared.person_id}
    assert not {uncleared.pk, gone.pk, stranger.pk} & {d.subject_id for d in early}
    # Cleared this month: no earlier month is owed.
    [mine] = early
    assert (mine.subject_type, mine.subject_id, mine.department_id) == (
        "org.person",
        cleared.person_id,
        cleared.person.department_id,
    )
    assert mine.due_at == end_of_day(last)
    assert mine.state(_at(first)) is State.UPCOMING
    assert mine.state(_at(last)) is State.DUE
    assert mine.state(mine.due_at + datetime.timedelta(minutes=1)) is State.OVERDUE

    file_self_check(actor=cleared, answers=all_yes())
    [filed] = [d for d in deadlines(org_id, _at(last)) if d.rule_id == "PPL-SELFCHECK"]
    assert filed.state(_at(last)) is State.DONE


def _queries(org_id: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        self_checks_due(org_id, _at(timezone.localdate()))
    return len(captured)


def test_the_deadlines_are_not_one_query_per_person__PPL_SELFCHECK(world):
    org_id = world.organisation.pk
    world.person(clearance=Clearance.GENERAL)
    _queries(org_id)  # the rulebook's parameters, read once a process
    one = _queries(org_id)
    for _n in range(4):
        long_ago(world.person(clearance=Clearance.GENERAL))
    assert _queries(org_id) == one <= 5


def long_ago(person) -> None:
    """As if ``person`` had been cleared two years ago."""
    ClearanceChange.objects.filter(person=person).update(
        changed_at=timezone.now() - datetime.timedelta(days=730)
    )


def filed(person, month: datetime.date, on: datetime.date | None = None) -> SelfCheck:
    check = SelfCheck.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        month=month,
        answers={},
        all_clear=True,
    )
    moment = _at(on or month)
    SelfCheck.objects.filter(pk=check.pk).update(filed_at=moment)
    return check


def test_a_missed_month_stays_overdue_until_filed_late__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    long_ago(person)
    today = datetime.date(2026, 12, 10)
    filed(person, datetime.date(2026, 9, 1))  # the first in the system
    org_id = world.organisation.pk

    def owing() -> list[tuple[datetime.date, bool]]:
        return [(o.month, o.filed) for o in owed(org_id, today)]

    # October and November missed: November, the last missed, is owed, and December.
    assert owing() == [(datetime.date(2026, 11, 1), False), (datetime.date(2026, 12, 1), False)]
    [missed, current] = self_checks_due(org_id, _at(today))
    assert missed.state(_at(today)) is State.OVERDUE
    assert missed.due_at == end_of_day(datetime.date(2026, 11, 30))
    assert current.state(_at(today)) is not State.DONE
    # Still overdue next month, whatever is filed later (December).
    filed(person, datetime.date(2026, 12, 1), on=datetime.date(2026, 12, 11))
    later = datetime.date(2027, 1, 5)
    assert [(o.month, o.filed) for o in owed(org_id, later)] == [
        (datetime.date(2026, 11, 1), False),
        (datetime.date(2027, 1, 1), False),
    ]
    # Filed late, November is done; October is then the last missed month.
    filed(person, datetime.date(2026, 11, 1), on=datetime.date(2027, 1, 5))
    assert owed(org_id, later)[0].month == datetime.date(2026, 10, 1)
    filed(person, datetime.date(2026, 10, 1), on=datetime.date(2027, 1, 5))
    assert [o.month for o in owed(org_id, later)] == [datetime.date(2027, 1, 1)]


def test_one_who_never_filed_owes_last_month__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    long_ago(person)
    today = timezone.localdate()
    [missed, current] = [
        d for d in deadlines(world.organisation.pk, _at(today)) if d.rule_id == "PPL-SELFCHECK"
    ]
    assert missed.subject_id == current.subject_id == person.pk
    assert missed.state(_at(today)) is State.OVERDUE
    assert current.state(_at(today)) is not State.OVERDUE or today.day == 31


def test_one_cleared_this_month_owes_no_earlier_month__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    assert [o.month for o in owed(world.organisation.pk)] == [timezone.localdate().replace(day=1)]
    assert person.pk


def test_the_interval_brings_this_months_due_day_forward__PPL_SELFCHECK(world):
    person = world.person(clearance=Clearance.GENERAL)
    org_id = world.organisation.pk
    filed(person, datetime.date(2026, 11, 1), on=datetime.date(2026, 11, 1))
    # 31 days after 1 November: due 2 December, not 31 December.
    [current] = owed(org_id, datetime.date(2026, 12, 10))
    assert current.due == datetime.date(2026, 12, 2)
    # Filed on 25 November: the month's end comes first.
    SelfCheck.objects.filter(person=person).update(filed_at=_at(datetime.date(2026, 11, 25)))
    assert owed(org_id, datetime.date(2026, 12, 10))[0].due == datetime.date(2026, 12, 26)
    # A shorter interval set by the organisation.
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    set_rule(actor=officer, rule_id="PPL-SELFCHECK", params={"interval_days": 10})
    [due] = [o.due for o in owed(org_id, datetime.date(2026, 12, 10)) if o.person_id == person.pk]
    assert due == datetime.date(2026, 12, 5)


def test_the_home_page_asks_for_the_missed_month_too__PPL_SELFCHECK(world):
    account = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    long_ago(account.person)
    last = add_months(timezone.localdate().replace(day=1), -1)
    html = home(account)
    assert f'data-self-check-missed="{last:%Y-%m}"' in html and badge(html, "home") == 2
    # Filed late from one's file: the missed month's form names it.
    page = signed_in(account).get(reverse("my_file")).content.decode()
    assert f'data-self-check-form="{last:%Y-%m}"' in page
    form = {f"answer-{key}": "yes" for key in all_yes()}
    response = signed_in(account).post(
        reverse("self_check_file"), {**form, "month": last.isoformat()}
    )
    assert response.status_code == 303
    assert SelfCheck.objects.get(person=account.person).month == last
    html = home(account)
    assert "data-self-check-missed" not in html and badge(html, "home") == 1


def test_a_bad_month_on_the_page_is_refused_naming_it__PPL_SELFCHECK(world, cleared):
    form = {f"answer-{key}": "yes" for key in all_yes()}
    response = signed_in(cleared).post(reverse("self_check_file"), {**form, "month": "2026-13"})
    assert response.status_code in (302, 303, 400)
    assert not SelfCheck.objects.exists()


def test_the_missing_reach_the_department_officer_of_that_department_only__PPL_SELFCHECK(
    world,
):
    officer = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    org.appoint(
        actor=None,
        person_id=officer.person_id,
        role=StaffRole.DEPARTMENT_OFFICER,
        department_id=world.departments["tech"].pk,
    )
    in_lab = world.person(dept="lab", clearance=Clearance.GENERAL)
    in_office = world.person(dept="office", clearance=Clearance.GENERAL)
    world.person(dept="tech")  # uncleared: owes none
    done = world.person(dept="tech", clearance=Clearance.GENERAL)
    filed(done, timezone.localdate().replace(day=1), on=timezone.localdate())
    missing = {p.pk for p in roster.department_self_checks(officer)}
    assert missing == {officer.person_id, in_lab.pk}
    assert in_office.pk not in missing
    html = home(officer)
    assert 'id="department-self-checks"' in html and 'data-count="2"' in html
    assert f'data-person="{in_lab.pk}"' in html
    # Another department's officer of none, and an ordinary person, see no such panel.
    other = world.account(Role.STAFF, dept="office", clearance=Clearance.GENERAL)
    assert roster.department_self_checks(other) == []
    assert 'id="department-self-checks"' not in home(other)


def test_the_office_sees_how_many_are_missing__PPL_SELFCHECK(world):
    office = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    world.person(dept="lab", clearance=Clearance.GENERAL)
    html = home(office)
    assert 'id="office-self-checks"' in html and 'data-count="2"' in html
    assert reverse("people_files") + "?self_check_missing=on" in html
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert 'id="office-self-checks"' not in home(staff)


def test_the_office_keeps_its_own_checklist_as_data__PPL_SELFCHECK(world, cleared):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    client = ApiClient(officer)
    default = client.get("/self-check-items").json()
    assert [i["key"] for i in default] == [i.key for i in checklist(None)]
    items = [
        {"key": "carriers", "text": "涉密载体是否按规定管理", "rule": "CIRC-SIGN"},
        {"key": "abroad", "text": "出国（境）是否报告", "rule": "PPL-ABROAD"},
    ]
    answer = client.put("/self-check-items", {"items": items})
    assert answer.status_code == 200 and [i["key"] for i in answer.json()] == [
        "carriers",
        "abroad",
    ]
    [event] = audit_events("people.self_check_checklist_set")
    assert event["data"]["keys"] == ["carriers", "abroad"]
    # The organisation's people answer its list now; another organisation keeps the default.
    assert [i.key for i in checklist(world.organisation.pk)] == ["carriers", "abroad"]
    assert checklist(World.build().organisation.pk) == checklist(None)
    yes = {"carriers": {"yes": True}, "abroad": {"yes": True}}
    assert file_self_check(actor=cleared, answers=yes).all_clear
    # Staff may read the list but not set it.
    assert ApiClient(cleared).get("/self-check-items").status_code == 200
    assert ApiClient(cleared).put("/self-check-items", {"items": items}).status_code == 403


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"key": "a", "text": "x", "rule": "NO-SUCH-RULE"}],
        [{"key": "a", "text": "x", "rule": "PPL-SELFCHECK"}] * 2,
        [{"key": "A B", "text": "x", "rule": "PPL-SELFCHECK"}],
        [{"key": "a", "text": "", "rule": "PPL-SELFCHECK"}],
        [{"key": "a", "text": "x\u0007", "rule": "PPL-SELFCHECK"}],
    ],
)
def test_a_bad_checklist_is_refused_naming_the_items__PPL_SELFCHECK(world, items):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    answer = ApiClient(officer).put("/self-check-items", {"items": items})
    assert answer.status_code == 422 and "items" in answer.text
    assert not SelfCheckItem.objects.filter(organisation=world.organisation).exists()


def test_the_office_edits_the_checklist_on_its_page__PPL_SELFCHECK(world):
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    client = signed_in(officer)
    html = client.get(reverse("self_check_checklist")).content.decode()
    assert 'data-own-checklist="default"' in html
    lines = (
        "carriers | CIRC-SIGN | 涉密载体是否按规定管理\n\nabroad | PPL-ABROAD | 出国（境）是否报告"
    )
    response = client.post(reverse("self_check_checklist"), {"items": lines})
    assert response.status_code == 303
    assert [i.key for i in checklist(world.organisation.pk)] == ["carriers", "abroad"]
    html = client.get(reverse("self_check_checklist")).content.decode()
    assert 'data-own-checklist="own"' in html and 'data-item="abroad"' in html
    refused = client.post(reverse("self_check_checklist"), {"items": "x | NO-RULE | 文"})
    assert refused.status_code in (302, 303, 400)
    assert [i.key for i in checklist(world.organisation.pk)] == ["carriers", "abroad"]
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert signed_in(staff).get(reverse("self_check_checklist")).status_code == 403
