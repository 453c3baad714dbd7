"""Querysets compiled once per shape and run with new parameters (``core.prepared``): the same
rows as the queryset itself for every value, LIKE patterns escaped as Django escapes them, a
moment as Django adapts it, one build per shape, and a build whose values do not all become
parameters refused rather than run with the first caller's values."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from baomi.core import prepared
from baomi.core.levels import Clearance
from baomi.org.models import Person
from baomi.people.models import ClearanceChange


def people(organisation_id: int, name: str, departments: tuple[int, ...]) -> QuerySet[Any]:
    qs = Person.objects.filter(organisation_id=organisation_id, department_id__in=departments)
    if name:
        qs = qs.filter(name__icontains=name)
    return qs.order_by("pk").values("id", "name")


def run(**values: Any) -> list[dict[str, Any]]:
    return prepared.rows("tests.people", people, limit=100, **values)


@pytest.fixture
def named(world):
    names = ["五成%员", "a_b", "axb", "back\\slash", "张三", "李四"]
    return {name: world.person(name=name) for name in names}


def test_the_rows_are_the_querysets_for_every_value(world, named):
    org = world.organisation.pk
    depts = tuple(d.pk for d in world.departments.values())
    for name in ["", "张", "四", "a", "nobody"]:
        for line in (depts, depts[:1], depts[1:]):
            assert run(organisation_id=org, name=name, departments=line) == list(
                people(org, name, line)
            ), (name, line)
    assert run(organisation_id=org + 1000, name="", departments=depts) == []


def test_like_patterns_are_escaped_as_django_escapes_them(world, named):
    org = world.organisation.pk
    depts = tuple(d.pk for d in world.departments.values())
    for name, only in [("%", "五成%员"), ("_", "a_b"), ("\\", "back\\slash")]:
        found = run(organisation_id=org, name=name, departments=depts)
        assert (
            [row["name"] for row in found]
            == [only]
            == [row["name"] for row in people(org, name, depts)]
        )


def test_limit_and_offset_are_parameters(world, named):
    org = world.organisation.pk
    depts = tuple(d.pk for d in world.departments.values())
    everyone = list(people(org, "", depts))
    pages = [
        prepared.rows(
            "tests.people",
            people,
            limit=2,
            offset=o,
            organisation_id=org,
            name="",
            departments=depts,
        )
        for o in range(0, len(everyone) + 2, 2)
    ]
    assert [row for page in pages for row in page] == everyone


def changed_before(organisation_id: int, moment: datetime.datetime) -> QuerySet[Any]:
    return (
        ClearanceChange.objects.filter(organisation_id=organisation_id, changed_at__lt=moment)
        .order_by("pk")
        .values("id", "changed_at")
    )


def test_a_moment_is_a_parameter_and_columns_are_converted(world):
    org = world.organisation.pk
    first = world.person(clearance=Clearance.GENERAL)
    ClearanceChange.objects.filter(person=first).update(
        changed_at=timezone.now() - datetime.timedelta(days=3)
    )
    world.person(clearance=Clearance.GENERAL)
    for days in (5, 1, 0):
        moment = timezone.now() - datetime.timedelta(days=days)
        got = prepared.rows(
            "tests.changes", changed_before, limit=9, organisation_id=org, moment=moment
        )
        assert got == list(changed_before(org, moment)), days
    # Aware times, as Django reads them.
    assert all(row["changed_at"].tzinfo is not None for row in got) and len(got) == 2


def test_each_shape_is_built_once_per_connection(world, named):
    org = world.organisation.pk
    depts = tuple(d.pk for d in world.departments.values())
    built = []

    def counted(**values: Any) -> QuerySet[Any]:
        built.append(values)
        return people(**values)

    connection.__dict__.pop("baomi_prepared", None)
    for name in ["张", "李", "a"]:
        prepared.rows(
            "tests.counted", counted, limit=9, organisation_id=org, name=name, departments=depts
        )
    assert len(built) == 2  # compiled twice, once: its markers checked against each other
    prepared.rows(
        "tests.counted", counted, limit=9, organisation_id=org, name="", departments=depts
    )
    prepared.rows(
        "tests.counted", counted, limit=9, organisation_id=org, name="a", departments=depts[:1]
    )
    assert len(built) == 6  # no name, and a shorter IN list: two more shapes


def test_a_value_that_becomes_no_parameter_is_refused(world):
    def ignoring(organisation_id: int, name: str) -> QuerySet[Any]:
        return Person.objects.filter(organisation_id=organisation_id).values("id")

    with pytest.raises(ValueError, match="did not become parameters"):
        prepared.rows("tests.ignoring", ignoring, limit=9, organisation_id=1, name="x")

    def sliced(organisation_id: int) -> QuerySet[Any]:
        return Person.objects.filter(organisation_id=organisation_id).values("id")[:5]

    with pytest.raises(ValueError, match="slice"):
        prepared.rows("tests.sliced", sliced, limit=9, organisation_id=1)

    def models(organisation_id: int) -> QuerySet[Any]:
        return Person.objects.filter(organisation_id=organisation_id)

    with pytest.raises(ValueError, match="values"):
        prepared.rows("tests.models", models, limit=9, organisation_id=1)


def test_a_value_of_another_type_is_refused():
    with pytest.raises(TypeError):
        prepared.rows("tests.float", people, limit=9, organisation_id=1.5, name="", departments=())
