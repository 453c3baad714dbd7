"""The subjects the deadlines name for the organisation chart and the security files
(seams.approvals.SUBJECT_KINDS, CLS-MAC): the organisation and a department to anyone of the
organisation; a cooling-off period, an exit case and a passport to the security office and to
the person themselves; nothing to anyone else or of another organisation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.people.models import CoolingOff, ExitCase, Passport
from baomi.seams.approvals import SUBJECT_KINDS, describe
from tests.factories import World

TODAY = timezone.localdate()


@pytest.fixture
def cast(world):
    """The office, the person whose file it is, a colleague, and another organisation's
    office."""
    office = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    leaver = world.account(Role.STAFF, dept="lab", clearance=Clearance.GENERAL)
    colleague = world.account(Role.STAFF, dept="lab", clearance=Clearance.GENERAL)
    stranger = World.build().account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    return office, leaver, colleague, stranger


def test_the_new_kinds_are_registered__CLS_MAC():
    for key in (
        "org.organisation",
        "org.department",
        "people.coolingoff",
        "people.exitcase",
        "people.passport",
    ):
        assert key in SUBJECT_KINDS


def test_the_organisation_and_a_department_to_anyone_of_it__CLS_MAC(world, cast):
    office, leaver, colleague, stranger = cast
    lab = world.departments["lab"]
    for actor in (office, leaver, colleague):
        named = describe(actor, "org.organisation", str(world.organisation.pk))
        assert named is not None and named.label == world.organisation.name
        dept = describe(actor, "org.department", str(lab.pk))
        assert dept is not None and dept.label == lab.name and dept.level is None
    # The office reads the department's people; a colleague gets no link.
    assert describe(office, "org.department", str(lab.pk)).url == f"/people/?department={lab.pk}"
    assert describe(colleague, "org.department", str(lab.pk)).url == "#"
    assert describe(stranger, "org.organisation", str(world.organisation.pk)) is None
    assert describe(stranger, "org.department", str(lab.pk)) is None
    assert describe(None, "org.department", str(lab.pk)) is None


def test_a_cooling_off_period_to_the_office_and_the_person_only__PPL_EXIT(world, cast):
    office, leaver, colleague, stranger = cast
    period = CoolingOff.objects.create(
        organisation=world.organisation,
        person=leaver.person,
        clearance=Clearance.GENERAL,
        starts=datetime.date(2026, 1, 5),
        ends=datetime.date(2027, 1, 5),
    )
    seen = describe(office, "people.coolingoff", str(period.pk))
    assert seen is not None
    assert leaver.person.name in seen.label and "2026-01-05" in seen.label
    assert "2027-01-05" in seen.label
    assert seen.url == f"/people/{leaver.person_id}/"
    own = describe(leaver, "people.coolingoff", str(period.pk))
    assert own is not None and own.url == "/my-file/"
    assert describe(colleague, "people.coolingoff", str(period.pk)) is None
    assert describe(stranger, "people.coolingoff", str(period.pk)) is None


def test_an_exit_case_to_the_office_and_the_person_only__PPL_EXIT(world, cast):
    office, leaver, colleague, stranger = cast
    case = ExitCase.objects.create(
        organisation=world.organisation,
        person=leaver.person,
        kind="leave",
        clearance=Clearance.GENERAL,
    )
    seen = describe(office, "people.exitcase", str(case.pk))
    assert seen is not None and leaver.person.name in seen.label
    assert f"{timezone.localdate(case.opened_at):%Y-%m-%d}" in seen.label
    assert seen.url == f"/exit-cases/{case.pk}/"
    assert describe(leaver, "people.exitcase", str(case.pk)).url == "/my-file/"
    assert describe(colleague, "people.exitcase", str(case.pk)) is None
    assert describe(stranger, "people.exitcase", str(case.pk)) is None


def test_a_passport_to_the_office_and_the_holder_only__PPL_ABROAD(world, cast):
    office, leaver, colleague, stranger = cast
    passport = Passport.objects.create(
        organisation=world.organisation, person=leaver.person, number="E12345678"
    )
    seen = describe(office, "people.passport", str(passport.pk))
    assert seen is not None and "E12345678" in seen.label
    assert seen.url == "/travel/passports/"
    assert describe(leaver, "people.passport", str(passport.pk)).url == "/my-file/"
    assert describe(colleague, "people.passport", str(passport.pk)) is None
    assert describe(stranger, "people.passport", str(passport.pk)) is None
    assert describe(office, "people.passport", str(passport.pk + 1000)) is None
