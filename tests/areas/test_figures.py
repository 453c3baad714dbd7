"""The secure areas' figures (``seams.figures``, section "areas"), the access log's deadline
subjects (AREA-ACCESS: a visitor, an entry) and the accreditation evidence "areas.registered"
(AREA-LIST), against counts made directly in a small world."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.areas.models import AreaEntry, AreaKind, SecureArea, Visitor
from baomi.areas.queries import figures
from baomi.core.levels import Clearance, Level
from baomi.org.models import Employment, Person
from baomi.seams import approvals
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.areas.test_access import Site, visitor
from tests.areas.test_access import site as site
from tests.factories import World

TODAY = timezone.localdate()
PERIOD = Period.of(Range.MONTH, TODAY)
WHOLE = Scope()


def by_key(part: Part, period: Period = PERIOD) -> dict:
    return {f.key: f for f in FIGURE_PROVIDERS.get("areas").figures(part, period)}


def entry(site: Site, *, at: datetime.datetime, area: SecureArea | None = None) -> AreaEntry:
    return AreaEntry.objects.create(
        organisation=site.world.organisation,
        area=area or site.area,
        person=site.staff.person,
        purpose="查阅",
        granted_by=site.keeper.person,
        escort=site.keeper.person,
        entered_at=at,
        recorded_by=site.keeper,
    )


def lab_area(site: Site, **kw) -> SecureArea:
    kw.setdefault("name", "实验室")
    kw.setdefault("kind", AreaKind.LAB)
    kw.setdefault("level", Level.CONFIDENTIAL)
    kw.setdefault("keeper", site.core.person)
    return SecureArea.objects.create(
        organisation=site.world.organisation, department=site.world.departments["lab"], **kw
    )


@pytest.fixture
def records(site):
    """A second area (the lab, of tech), one out of use; two visitors this month, one
    before; three entries this month, one before."""
    lab = lab_area(site)
    lab_area(site, name="旧机房", kind=AreaKind.SERVER_ROOM, active=False)
    now = timezone.now()
    start, _until = PERIOD.moments()
    visitor(site)
    visitor(site, name="张三", host_id=site.core.person_id, arrived_at=start)
    Visitor.objects.filter(name="张三").update(arrived_at=start)
    before = visitor(site, name="王五")
    Visitor.objects.filter(pk=before.pk).update(arrived_at=start - datetime.timedelta(seconds=1))
    entry(site, at=now)
    entry(site, at=start)
    entry(site, at=now, area=lab)
    entry(site, at=start - datetime.timedelta(minutes=1))
    return lab


def test_every_figure_counts_what_the_records_say(site, records):
    found = by_key(Part(site.world.organisation.pk))
    listed = found["areas.listed"]
    assert listed.value == 2 == SecureArea.objects.filter(active=True).count()
    assert listed.now
    assert listed.split[str(AreaKind.ARCHIVE_ROOM.label)] == 1
    assert listed.split[str(AreaKind.LAB.label)] == 1
    assert listed.split[str(AreaKind.SERVER_ROOM.label)] == 0
    assert sum(listed.split.values()) == listed.value
    assert listed.url == reverse("areas") + "?active=yes"
    start, until = PERIOD.moments()
    visitors = found["areas.visitors"]
    assert visitors.value == 2
    assert (
        visitors.value
        == Visitor.objects.filter(arrived_at__gte=start, arrived_at__lt=until).count()
    )
    assert visitors.url.startswith(reverse("visitors") + "?since=" + PERIOD.start.isoformat())
    entries = found["areas.entries"]
    assert entries.value == 3
    assert entries.value == AreaEntry.objects.filter(entered_at__gte=start).count()
    assert entries.url.startswith(reverse("access_log"))
    assert entries.source == "baomi.areas.queries.figures.entries"
    assert FIGURE_PROVIDERS.get("areas").in_report


def test_a_heads_part_counts_its_departments_areas_hosts_and_entries(site, records):
    tech = Part(site.world.organisation.pk, (site.world.departments["tech"].path,))
    found = by_key(tech)
    assert found["areas.listed"].value == 1  # the lab
    assert found["areas.visitors"].value == 1  # hosted by the core person of tech
    assert found["areas.entries"].value == 1  # into the lab
    office = Part(site.world.organisation.pk, (site.world.departments["office"].path,))
    found = by_key(office)
    assert found["areas.listed"].value == 1
    assert found["areas.visitors"].value == 0  # the officer is of root
    assert found["areas.entries"].value == 2


def test_another_organisations_records_are_not_counted(site, records):
    other = World.build()
    assert all(f.value == 0 for f in by_key(Part(other.organisation.pk)).values())


def test_each_figure_is_one_query(site, records):
    part = Part(site.world.organisation.pk)
    for produce in (figures.listed, figures.visitors, figures.entries):
        with CaptureQueriesContext(connection) as queries:
            produce(part, PERIOD)
        assert len(queries) == 1, produce


# Deadline subjects ------------------------------------------------------------------------


def test_a_visitor_subject_is_named_to_who_may_know_the_record__AREA_ACCESS(site):
    guest = visitor(site)
    known = approvals.describe(site.officer, "areas.visitor", str(guest.pk))
    assert known.label == str(guest) and known.level is None
    assert known.url.startswith(reverse("visitors") + "?")
    assert approvals.describe(site.staff, "areas.visitor", str(guest.pk)) is None
    other = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert approvals.describe(other, "areas.visitor", str(guest.pk)) is None


def test_an_entry_subject_is_named_to_the_office_and_the_keeper__AREA_ACCESS(site):
    made = entry(site, at=timezone.now())
    for actor in (site.officer, site.keeper):
        known = approvals.describe(actor, "areas.areaentry", str(made.pk))
        assert known.label.startswith(site.area.name)
        assert known.url.startswith(reverse("access_log") + f"?area={site.area.pk}")
    assert approvals.describe(site.staff, "areas.areaentry", str(made.pk)) is None
    other = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert approvals.describe(other, "areas.areaentry", str(made.pk)) is None


# Evidence ---------------------------------------------------------------------------------


def evidence(site_or_world, scope: Scope = WHOLE):
    organisation = getattr(site_or_world, "world", site_or_world).organisation
    provider = EVIDENCE_PROVIDERS.get("areas.registered")
    return provider.provide(organisation.pk, scope, timezone.now())


def test_evidence_is_ok_with_areas_kept_by_cleared_people__AREA_LIST(site):
    result = evidence(site)
    assert result.verdict == Finding.OK and result.facts == []


def test_evidence_flags_an_organisation_without_any_area__AREA_LIST(world):
    result = evidence(world)
    assert result.verdict == Finding.PROBLEM
    assert result.facts[0].url == reverse("areas")
    # A department's scope without areas is no finding of its own.
    tech = world.departments["tech"]
    assert evidence(world, Scope(tech.pk, tech.path)).verdict == Finding.OK


def test_evidence_flags_a_keeper_cleared_below_the_area__AREA_LIST(site):
    Person.objects.filter(pk=site.keeper.person_id).update(clearance=Clearance.GENERAL)
    result = evidence(site)
    assert result.verdict == Finding.PROBLEM
    assert [f.url for f in result.facts] == [reverse("area", args=[site.area.pk])]
    office = site.world.departments["office"]
    assert evidence(site, Scope(office.pk, office.path)).verdict == Finding.PROBLEM
    tech = site.world.departments["tech"]
    assert evidence(site, Scope(tech.pk, tech.path)).verdict == Finding.OK
    assert evidence(site, Scope(person_id=site.keeper.person_id)).verdict == Finding.PROBLEM


def test_evidence_flags_a_keeper_who_left__AREA_LIST(site):
    Person.objects.filter(pk=site.keeper.person_id).update(employment=Employment.LEFT)
    assert evidence(site).verdict == Finding.PROBLEM
    # An area out of use is no finding.
    SecureArea.objects.filter(pk=site.area.pk).update(active=False)
    result = evidence(site)
    assert result.verdict == Finding.PROBLEM  # no area in use: nothing listed
    assert result.facts[0].url == reverse("areas")
