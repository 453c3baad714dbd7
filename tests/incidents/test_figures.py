"""The incidents' figures (section 失泄密事件, ANNUAL-REPORT: target zero), the incident as a
deadline subject and the evidence "no leak in the last twelve months" (INC-RECORD), against
incidents planted directly in a small world."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance, Level
from baomi.incidents.models import Incident, IncidentKind, IncidentPerson, PersonRole
from baomi.incidents.queries import evidence, figures
from baomi.seams.approvals import describe
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.factories import World

ZONE = timezone.get_default_timezone()
QUARTER = Period.of(Range.QUARTER, datetime.date(2025, 5, 15))  # April to June
YEAR = Period.year(2025)


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZONE)


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def incident(world, discovered_at, kind=IncidentKind.VIOLATION, **kw):
    return Incident.objects.create(
        organisation=world.organisation,
        kind=kind,
        title=kw.pop("title", "违规携带涉密笔记本外出"),
        account="检查中发现。",
        discovered_at=discovered_at,
        recorded_at=discovered_at,
        **kw,
    )


def whole(world):
    return Part(world.organisation.pk)


def by_key(found):
    return {figure.key: figure for figure in found}


# Figures -------------------------------------------------------------------------------------


def test_incidents_of_the_period_by_kind_target_zero__INC_RECORD(world):
    incident(world, at(2025, 4, 1, 0, 0), IncidentKind.LEAK, serious=True)
    incident(world, at(2025, 6, 30, 23, 59), IncidentKind.LOSS)
    incident(world, at(2025, 5, 2), IncidentKind.LOSS, serious=True)
    incident(world, at(2025, 5, 3), IncidentKind.VIOLATION)
    incident(world, at(2025, 3, 31, 23, 59), IncidentKind.COMPROMISE)  # before
    incident(world, at(2025, 7, 1, 0, 0), IncidentKind.LEAK)  # after
    incident(World.build(), at(2025, 5, 5), IncidentKind.LEAK)  # elsewhere

    found = by_key(FIGURE_PROVIDERS["incidents"].figures(whole(world), QUARTER))
    assert list(found) == [
        "incidents.recorded",
        "incidents.serious",
        "incidents.reported",
        "incidents.concluded",
    ]
    recorded = found["incidents.recorded"]
    direct = Incident.objects.filter(
        organisation=world.organisation,
        discovered_at__gte=at(2025, 4, 1),
        discovered_at__lt=at(2025, 7, 1),
    ).count()
    assert recorded.value == direct == 4 and recorded.target == 0
    assert sum(recorded.split.values()) == recorded.value
    assert recorded.split[str(IncidentKind.LOSS.label)] == 2
    assert recorded.split[str(IncidentKind.COMPROMISE.label)] == 0
    assert recorded.url == reverse("incidents") + "?year=2025"
    assert found["incidents.serious"].value == 2 and found["incidents.serious"].target == 0
    assert by_key(figures.figures(whole(world), YEAR))["incidents.recorded"].value == 6


def test_reports_upward_and_investigations_concluded_in_the_period__INC_RECORD(world):
    incident(world, at(2024, 12, 30), serious=True, reported_upward_at=at(2025, 4, 2))
    incident(world, at(2025, 4, 3), concluded_at=at(2025, 6, 30, 23, 59))
    incident(
        world, at(2025, 3, 3), reported_upward_at=at(2025, 3, 31, 23), concluded_at=at(2025, 7, 1)
    )
    found = by_key(figures.figures(whole(world), QUARTER))
    assert found["incidents.reported"].value == 1
    assert found["incidents.concluded"].value == 1
    year = by_key(figures.figures(whole(world), YEAR))
    assert year["incidents.reported"].value == 2 and year["incidents.concluded"].value == 2


def test_a_heads_part_has_no_incident_figures__INC_RECORD(world):
    incident(world, at(2025, 5, 2))
    part = Part(world.organisation.pk, (world.departments["tech"].path,))
    assert figures.figures(part, QUARTER) == []


def test_the_incidents_figures_are_one_query_each(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures.recorded(whole(world), YEAR)


# The deadline subject ------------------------------------------------------------------------


def test_an_incident_is_named_to_the_office_and_its_reporter_only__INC_RECORD(world, officer):
    reporter = world.account(Role.STAFF, dept="lab", clearance=Clearance.IMPORTANT)
    bystander = world.account(Role.STAFF, dept="lab", clearance=Clearance.IMPORTANT)
    item = incident(world, timezone.now(), level=Level.SECRET, reporter=reporter.person)
    seen = describe(officer, "incidents.incident", str(item.pk))
    assert seen is not None and seen.level == Level.SECRET
    assert item.title in seen.label and seen.url == reverse("incident", args=[item.pk])
    assert describe(reporter, "incidents.incident", str(item.pk)) is not None
    assert describe(bystander, "incidents.incident", str(item.pk)) is None
    other = World.build().account(Role.SECURITY_OFFICER, dept="office")
    assert describe(other, "incidents.incident", str(item.pk)) is None


# Evidence ------------------------------------------------------------------------------------


def test_no_leak_in_the_last_twelve_months_is_ok__INC_RECORD(world):
    moment = at(2025, 6, 30, 12)
    incident(world, at(2024, 6, 30, 12), IncidentKind.LEAK)  # twelve months before: outside
    incident(world, at(2025, 6, 1), IncidentKind.LOSS)  # not a leak
    incident(world, at(2025, 7, 1), IncidentKind.LEAK)  # after the moment
    incident(World.build(), at(2025, 6, 1), IncidentKind.LEAK)  # another organisation's
    answer = EVIDENCE_PROVIDERS["incidents.none"].provide(world.organisation.pk, Scope(), moment)
    assert answer.verdict == Finding.OK and answer.facts == []


def test_a_leak_in_the_last_twelve_months_is_a_problem__INC_RECORD(world):
    moment = at(2025, 6, 30, 12)
    leak = incident(world, at(2024, 6, 30, 12, 1), IncidentKind.LEAK, title="机密文件外泄")
    answer = evidence.leaks(world.organisation.pk, Scope(), moment)
    assert answer.verdict == Finding.PROBLEM
    [fact] = answer.facts
    assert fact.url == reverse("incident", args=[leak.pk])
    assert "机密文件外泄" not in fact.text and "2024-06-30" in fact.text
    # A department's scope: the leaks naming one of its people.
    person = world.person(dept="lab")
    lab, office = world.departments["lab"], world.departments["office"]
    assert (
        evidence.leaks(world.organisation.pk, Scope(lab.pk, lab.path), moment).verdict == Finding.OK
    )
    IncidentPerson.objects.create(incident=leak, person=person, role=PersonRole.RESPONSIBLE)
    tech = world.departments["tech"]
    assert (
        evidence.leaks(world.organisation.pk, Scope(tech.pk, tech.path), moment).verdict
        == Finding.PROBLEM
    )
    assert (
        evidence.leaks(world.organisation.pk, Scope(office.pk, office.path), moment).verdict
        == Finding.OK
    )
    assert (
        evidence.leaks(world.organisation.pk, Scope(person_id=person.pk), moment).verdict
        == Finding.PROBLEM
    )
