"""The monthly self-check (PPL-SELFCHECK): a checklist kept as data (a default list after the
seed regulations), and one self-check per cleared person and month."""

from __future__ import annotations

import calendar
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput, RuleViolation
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.people.deadlines.self_checks import self_checks_due
from baomi.people.models import SelfCheck, SelfCheckItem
from baomi.people.operations.self_checks import file_self_check
from baomi.people.queries.self_checks import checklist
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


def test_the_months_self_check_is_a_deadline_of_each_cleared_person__PPL_SELFCHECK(
    world, cleared, django_assert_num_queries
):
    org_id = world.organisation.pk
    uncleared = world.person()
    gone = world.person(clearance=Clearance.GENERAL)
    org.mark_left(actor=None, person_id=gone.pk)
    stranger = World.build().person(clearance=Clearance.CORE)
    first = timezone.localdate().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    with django_assert_num_queries(2):  # the people and the filed, not one per person
        self_checks_due(org_id, _at(first))
    early = [d for d in deadlines(org_id, _at(first)) if d.rule_id == "PPL-SELFCHECK"]
    assert {d.person_id for d in early} == {cleared.person_id}
    assert not {uncleared.pk, gone.pk, stranger.pk} & {d.subject_id for d in early}
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
