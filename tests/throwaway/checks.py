"""Run by ``tests/test_new_domain.py`` in a pytest of its own, with ``tests.throwaway.settings``:
the throwaway domain shows up in every loop of the shell without a line of the shell changed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance
from baomi.seams.approvals import describe, parameters_sentence
from baomi.seams.deadlines import State, deadlines
from baomi.seams.demo import DEMO_BUILDERS, Demo
from baomi.seams.search import search
from tests.approvals.conftest import chart  # noqa: F401 (a fixture: the org chart)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(chart):  # noqa: F811
    return chart.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)


def signed_in(account) -> Client:
    client = Client()
    assert client.login(username=account.username, password=PASSWORD)
    return client


def test_the_page_its_menu_entry_and_its_home_panel(clerk):
    client = signed_in(clerk)
    home = client.get("/").content.decode()
    assert 'href="/keys/"' in home  # the navigation entry
    assert 'id="throwaway-panel"' in home and "3 keys in keeping" in home
    page = client.get("/keys/")
    assert page.status_code == 200 and page.content.decode().count("data-key") == 2


def test_the_registers_index_lists_its_register(clerk):
    index = signed_in(clerk).get("/registers/").content.decode()
    assert 'data-ledger="keys"' in index and "AREA-ACCESS" in index


def test_its_api_routes_are_mounted(clerk):
    answer = signed_in(clerk).get("/api/v1/keys")
    assert answer.status_code == 200 and answer.json() == ["档案室钥匙", "文印室钥匙"]
    assert "/api/v1/keys" in signed_in(clerk).get("/api/openapi.json").json()["paths"]


def test_its_approvals_are_asked_described_and_listed(chart, clerk):  # noqa: F811
    request = approvals.open_request(
        actor=chart.requester,
        rule_id="DRAFT-CHAIN",
        operation_name="borrow_key",
        subject=("throwaway.key", 7),
        params={"times": 2},
    )
    assert ApprovalRequest.objects.filter(pk=request.pk, operation="borrow_key").exists()
    assert describe(clerk, "throwaway.key", "7").label == "key 7"
    assert parameters_sentence(clerk, "borrow_key", {"times": 2}) == "2 loans"


def test_its_deadlines_search_and_demo(clerk):
    now = timezone.now()
    found = [d for d in deadlines(clerk.person.organisation_id, now) if d.rule_id == "KEY-CHECK"]
    assert found and found[0].state(now) == State.OVERDUE
    assert found[0].due_at < now - datetime.timedelta(hours=23)
    hits = [hit for provider, hit in search(clerk, "档案室钥匙") if provider.key == "keys"]
    assert hits[0].label == "key 档案室钥匙"
    demo = Demo()
    DEMO_BUILDERS["keys"].build(demo)
    assert demo.parts["keys"] == ["档案室钥匙", "文印室钥匙"]
