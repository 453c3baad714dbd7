"""The dashboard (保密工作看板): a person's part × a range — the deadlines overdue and due per
department and per rule, every figure provider's sections — on the page (cards linked to
their lists, charts from the embedded JSON, no external asset) and through the API, which
answers exactly the JSON the page embeds."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, get_args

import pytest
from django.db.models import Count
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.cockpit.api.dashboard import RangeName
from baomi.cockpit.queries import dashboard as queries
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Person
from baomi.seams.deadlines import DEADLINE_PROVIDERS, Deadline, DeadlineProvider
from baomi.seams.figures import (
    FIGURE_PROVIDERS,
    Figure,
    FigureProvider,
    Part,
    Period,
    Range,
    source_of,
)
from tests.api.conftest import ApiClient
from tests.factories import World
from tests.web.conftest import signed_in

RULE = "TEST-DASHBOARD"
DATA = re.compile(r'<script id="dashboard-data" type="application/json">(.*?)</script>', re.S)


def _people(part: Part, period: Period) -> list[Figure]:
    """A provider as a domain writes one: each figure one query over ``part``."""
    rows = Person.objects.filter(organisation_id=part.organisation_id).filter(part.departments())
    split = dict(
        rows.order_by("department__path").values_list("department__name").annotate(n=Count("pk"))
    )
    source = source_of(_people)
    return [
        Figure("test.people", "人员", rows.count(), source, url="/people/", split=split),
        Figure("test.days", "天数", (period.end - period.start).days + 1, source),
        Figure("test.incidents", "事件", 2, source, url="/incidents/", target=0),
        Figure("test.hours_short", "学时", Decimal("4.5"), source, unit="h", target=10),
        Figure("test.hours_met", "学时达标", 12, source, target=10),
    ]


PROVIDER = FigureProvider("test", "测试", _people, order=10_000)


@pytest.fixture
def provider() -> Iterator[FigureProvider]:
    FIGURE_PROVIDERS.register(PROVIDER)
    yield PROVIDER
    del FIGURE_PROVIDERS._entries[PROVIDER.key]


@pytest.fixture
def now() -> datetime.datetime:
    return timezone.now()


@pytest.fixture
def deadlines(world: World, now: datetime.datetime) -> Iterator[None]:
    """Deadlines of the test rule: office 2 overdue, tech 1 overdue and 1 upcoming, lab 1
    due soon."""
    d = world.departments
    day = datetime.timedelta(days=1)
    rows = [
        (d["office"], now - day),
        (d["office"], now - 2 * day),
        (d["tech"], now - day),
        (d["tech"], now + 10 * day),
        (d["lab"], now + day),
    ]

    def provide(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
        if organisation_id != world.organisation.pk:
            return []
        return [
            Deadline(RULE, "org.department", dept.pk, due, department_id=dept.pk)
            for dept, due in rows
        ]

    DEADLINE_PROVIDERS.register(DeadlineProvider(RULE, provide))
    yield
    del DEADLINE_PROVIDERS._entries[RULE]


@pytest.fixture
def officer(world: World):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


@pytest.fixture
def head(world: World):
    """A staff member heading tech (and so lab below it), without SEE_DASHBOARD."""
    account = world.account(Role.STAFF, dept="tech", clearance=Clearance.GENERAL)
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=account.person_id,
        leader_in_charge_id=None,
    )
    return account


def _figures(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for s in board["sections"] for f in s["figures"]}


def _chart(board: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in board["charts"] if c["key"] == key)


def _rule_counts(board: dict[str, Any]) -> tuple[int, int]:
    """The test rule's (overdue, due) in the per-rule chart."""
    chart = _chart(board, "deadlines.rules")
    at = chart["categories"].index(RULE)
    overdue, due = chart["series"]
    return overdue["values"][at], due["values"][at]


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "today", "start", "end"),
    [
        (Range.MONTH, "2026-12-31", "2026-12-01", "2026-12-31"),
        (Range.MONTH, "2027-01-01", "2027-01-01", "2027-01-31"),
        (Range.MONTH, "2028-02-29", "2028-02-01", "2028-02-29"),
        (Range.QUARTER, "2027-01-01", "2027-01-01", "2027-03-31"),
        (Range.QUARTER, "2026-03-31", "2026-01-01", "2026-03-31"),
        (Range.QUARTER, "2026-04-01", "2026-04-01", "2026-06-30"),
        (Range.QUARTER, "2026-09-30", "2026-07-01", "2026-09-30"),
        (Range.QUARTER, "2026-10-01", "2026-10-01", "2026-12-31"),
        (Range.QUARTER, "2026-12-31", "2026-10-01", "2026-12-31"),
        (Range.YEAR, "2026-12-31", "2026-01-01", "2026-12-31"),
        (Range.YEAR, "2027-01-01", "2027-01-01", "2027-12-31"),
    ],
)
def test_a_range_is_the_month_quarter_or_year_of_the_day(kind, today, start, end) -> None:
    period = Period.of(kind, datetime.date.fromisoformat(today))
    assert (period.start, period.end) == (
        datetime.date.fromisoformat(start),
        datetime.date.fromisoformat(end),
    )


def test_the_dashboard_s_period_is_the_range_of_the_local_day(officer, provider) -> None:
    """31 Dec 16:30 UTC is 1 Jan in Beijing: the year, quarter and month are the new ones,
    and the providers are asked over that period."""
    moment = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)
    for kind, days in ((Range.MONTH, 31), (Range.QUARTER, 90), (Range.YEAR, 365)):
        board = queries.dashboard(officer, kind, moment=moment)
        assert board["range"] == kind.value
        assert board["period"]["start"] == datetime.date(2027, 1, 1)
        assert _figures(board)["test.days"]["value"] == days
    board = queries.dashboard(officer, Range.QUARTER, moment=moment - datetime.timedelta(hours=1))
    assert board["period"] == {
        "start": datetime.date(2026, 10, 1),
        "end": datetime.date(2026, 12, 31),
    }


@pytest.mark.parametrize("value", ["week", "MONTH", "month ", "0", "本月", "x" * 500])
def test_a_range_outside_month_quarter_year_is_refused_naming_range(value) -> None:
    with pytest.raises(InvalidInput) as refused:
        queries.asked_range(value)
    assert refused.value.field == "range"


def test_the_api_names_every_range_and_no_other() -> None:
    assert get_args(RangeName) == tuple(r.value for r in Range)


def test_no_range_asked_is_this_month() -> None:
    assert queries.asked_range(None) is queries.asked_range("") is Range.MONTH
    assert queries.asked_range("quarter") is Range.QUARTER


# --- the part a person sees ----------------------------------------------------------------------


def test_the_security_office_sees_the_whole_organisation(
    world, officer, provider, deadlines, now
) -> None:
    board = queries.dashboard(officer, moment=now)
    assert board["part"] == {"whole": True, "departments": []}
    people = _figures(board)["test.people"]
    assert people["value"] == Person.objects.filter(organisation=world.organisation).count()
    assert _rule_counts(board) == (3, 1)
    departments = _chart(board, "deadlines.departments")["categories"]
    assert {world.departments[k].name for k in ("office", "tech", "lab")} <= set(departments)


def test_a_head_sees_only_the_departments_they_head(
    world, officer, head, provider, deadlines, now
) -> None:
    """The head of tech: the figures over tech and lab only (the provider's own filter on
    the part), the deadlines of tech and lab only — none of the office's."""
    world.person(dept="office")
    world.person(dept="lab")
    board = queries.dashboard(head, moment=now)
    tech, lab, office = (world.departments[k] for k in ("tech", "lab", "office"))
    assert board["part"] == {"whole": False, "departments": [tech.name]}
    people = _figures(board)["test.people"]
    inside = Person.objects.filter(department__in=[tech, lab])
    assert people["value"] == inside.count() < Person.objects.count()
    assert set(people["split"]) <= {tech.name, lab.name}
    assert sum(people["split"].values()) == people["value"]
    assert _rule_counts(board) == (1, 1)
    assert office.name not in _chart(board, "deadlines.departments")["categories"]
    whole = queries.dashboard(officer, moment=now)
    assert _figures(whole)["test.people"]["value"] > people["value"]


def test_nobody_without_a_part_sees_a_dashboard(world, provider) -> None:
    """Staff who head nothing, the system administrator and the auditor (no person who
    knows): refused."""
    for role in (Role.STAFF, Role.CLERK, Role.SYSADMIN, Role.AUDITOR):
        with pytest.raises(AccessDenied):
            queries.dashboard(world.account(role, dept="tech"))
    assert queries.part_summary(world.account(Role.STAFF)) is None


def test_the_leaders_see_the_whole_organisation(world, provider) -> None:
    leader = world.account(Role.LEADER, dept="root", rank="board")
    assert queries.dashboard(leader)["part"]["whole"] is True
    assert queries.part_summary(leader) is None


# --- figures, targets, charts --------------------------------------------------------------------


def test_figures_against_their_targets(officer, provider, deadlines, now) -> None:
    """Zero is a most (incidents, overdue deadlines), another target a least (hours)."""
    figures = _figures(queries.dashboard(officer, moment=now))
    assert figures["test.incidents"]["off_target"] is True
    assert figures["test.hours_short"]["off_target"] is True
    assert figures["test.hours_met"]["off_target"] is False
    assert figures["test.people"]["off_target"] is False
    assert figures["deadlines.overdue"]["target"] == 0
    assert figures["deadlines.overdue"]["off_target"] is True
    assert figures["deadlines.overdue"]["now"] is True


def test_a_figure_with_a_split_is_charted_and_linked(world, officer, provider) -> None:
    board = queries.dashboard(officer)
    chart = _chart(board, "test.people")
    people = _figures(board)["test.people"]
    assert chart["categories"] == list(people["split"])
    assert chart["series"][0]["values"] == list(people["split"].values())
    assert set(chart["series"][0]["urls"]) == {"/people/"}
    assert chart["kind"] == "pie"
    sections = [s["key"] for s in board["sections"]]
    assert sections[0] == "deadlines" and sections[-1] == "test"


def test_every_registered_provider_has_its_section_with_unique_local_figures(
    officer, provider
) -> None:
    """Whatever providers the domains registered: each a section in order, every figure key
    once, every link a page of the site."""
    board = queries.dashboard(officer, Range.YEAR)
    assert [s["key"] for s in board["sections"]] == ["deadlines"] + [
        p.key for p in FIGURE_PROVIDERS
    ]
    keys = [f["key"] for s in board["sections"] for f in s["figures"]]
    assert len(keys) == len(set(keys))
    urls = [f["url"] for s in board["sections"] for f in s["figures"]] + [
        u for c in board["charts"] for s in c["series"] for u in s["urls"]
    ]
    assert all(u == "" or (u.startswith("/") and not u.startswith("//")) for u in urls)
    for chart in board["charts"]:
        for series in chart["series"]:
            assert len(series["values"]) == len(series["urls"]) == len(chart["categories"])


# --- the page and the API ------------------------------------------------------------------------


def _embedded(html: str) -> Any:
    return json.loads(DATA.search(html).group(1))


def test_the_api_answers_exactly_the_json_the_page_embeds(officer, provider, deadlines) -> None:
    for kind in Range:
        page = signed_in(officer).get("/cockpit/", {"range": kind.value})
        assert page.status_code == 200
        answer = ApiClient(officer).get("/dashboard", range=kind.value)
        assert answer.status_code == 200
        assert answer.json() == _embedded(page.content.decode())
        assert answer.json()["range"] == kind.value


def test_the_page_shows_cards_linked_to_their_lists_and_the_targets(
    officer, provider, deadlines
) -> None:
    html = signed_in(officer).get("/cockpit/").content.decode()
    assert 'href="/people/" data-figure="test.people"' in html
    assert re.search(r'data-figure="test.incidents" data-off-target', html)
    assert re.search(r'data-figure="test.hours_short" data-off-target', html)
    assert not re.search(r'data-figure="test.hours_met" data-off-target', html)
    assert 'data-chart="deadlines.departments"' in html
    assert 'data-chart="test.people"' in html
    assert 'data-range="month" aria-current="page"' in html
    quarter = signed_in(officer).get("/cockpit/?range=quarter").content.decode()
    assert 'data-range="quarter" aria-current="page"' in quarter


def test_the_page_loads_no_external_asset_and_runs_no_inline_script(officer, provider) -> None:
    html = signed_in(officer).get("/cockpit/").content.decode()
    sources = re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', html)
    assert "/static/vendor/echarts/echarts.min.js" in sources
    assert "/static/cockpit/dashboard.js" in sources
    assert all(s.startswith("/static/") for s in sources), sources
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in html


def test_without_a_part_the_page_and_the_api_answer_403(world) -> None:
    staff = world.account(Role.STAFF)
    page = signed_in(staff).get("/cockpit/")
    assert page.status_code == 403
    assert 'data-status="403"' in page.content.decode()
    assert ApiClient(staff).get("/dashboard").status_code == 403
    admin = world.account(Role.SYSADMIN, dept="office")
    assert signed_in(admin).get("/cockpit/").status_code == 403
    assert ApiClient(admin).get("/dashboard").status_code == 403


def test_anonymous_visitors_log_in_first(db) -> None:
    from django.test import Client

    page = Client().get("/cockpit/")
    assert page.status_code == 302 and page.url.startswith("/login/")
    assert ApiClient(None).get("/dashboard").status_code == 401


def test_a_bad_range_is_refused_naming_range(officer) -> None:
    page = signed_in(officer, language="en").get("/cockpit/?range=week")
    assert page.status_code == 400
    assert "month, quarter or year" in page.content.decode()
    with translation.override("en"):
        answer = ApiClient(officer).get("/dashboard", range="week")
    assert answer.status_code == 422
    assert "range" in json.dumps(answer.json())


def test_a_head_reaches_their_part_from_the_home_page(world, head, officer, provider) -> None:
    home = signed_in(head).get("/").content.decode()
    assert "data-dashboard-part" in home and world.departments["tech"].name in home
    assert 'data-nav="cockpit"' not in home
    page = signed_in(head).get("/cockpit/")
    assert page.status_code == 200
    assert _embedded(page.content.decode())["part"]["whole"] is False
    office_home = signed_in(officer).get("/").content.decode()
    assert "data-dashboard-part" not in office_home
    assert 'data-nav="cockpit"' in office_home
