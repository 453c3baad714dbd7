"""The people's files' and the chart's evidence for the accreditation self-score and the
self-inspection checklist (seams.evidence): each provider's ok and problem cases, its scope,
and facts linking to the record behind them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from baomi.core.levels import Clearance
from baomi.org.models import Department, Employment, Organisation, Person, SecurityAppointment
from baomi.people.models import (
    Assessment,
    Attendance,
    ClearanceChange,
    CoolingOff,
    LetterTemplate,
    ResponsibilityLetter,
    SelfCheck,
    SignedDocument,
    TrainingSession,
)
from baomi.people.queries import evidence
from baomi.people.queries.figures import start_of
from baomi.people.queries.self_checks import add_months
from baomi.people.queries.training import min_hours
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope

NOW = timezone.now()
TODAY = timezone.localdate(NOW)
WHOLE = Scope()


def ask(world, key: str, scope: Scope = WHOLE, moment: datetime.datetime = NOW):
    return EVIDENCE_PROVIDERS[key].provide(world.organisation.pk, scope, moment)


def scope_of(world, key: str) -> Scope:
    dept = world.departments[key]
    return Scope(dept.pk, dept.path)


def cleared_since(person: Person, day: datetime.date) -> None:
    ClearanceChange.objects.filter(person=person).update(changed_at=start_of(day))


def test_every_key_the_accreditation_names_is_registered__ANNUAL_REPORT():
    for key in (
        "people.commitments",
        "people.security_office",
        "people.letters",
        "people.training",
        "people.self_checks",
        "people.vetting",
        "people.exit",
        "people.assessment",
    ):
        assert key in EVIDENCE_PROVIDERS


def _appoint(world, role: str, person: Person, dept: str | None = None, **kw) -> None:
    SecurityAppointment.objects.create(
        organisation=world.organisation,
        person=person,
        role=role,
        department=world.departments[dept] if dept else None,
        since=kw.pop("since", datetime.date(2020, 1, 1)),
        **kw,
    )


def test_the_security_office_committee_and_officers_set_up__PPL_SECURITY_STAFF(world):
    missing = ask(world, "people.security_office")
    assert missing.verdict == Finding.PROBLEM
    assert len(missing.facts) == 3 + 4  # head, chair, member; four departments
    assert all(f.url == "/security-staff/" for f in missing.facts)

    person = world.person(dept="office")
    _appoint(world, "office_head", person)
    _appoint(world, "committee_chair", world.person(dept="root"))
    _appoint(world, "committee_member", person)
    for dept in ("root", "office", "tech"):
        _appoint(world, "department_officer", world.person(dept=dept), dept)
    # An ended appointment and one of a person who left do not count.
    _appoint(world, "department_officer", person, "lab", until=TODAY - datetime.timedelta(1))
    gone = world.person(dept="lab")
    Person.objects.filter(pk=gone.pk).update(employment=Employment.LEFT)
    _appoint(world, "department_officer", gone, "lab")
    lab = world.departments["lab"]
    [fact] = ask(world, "people.security_office").facts
    assert lab.name in fact.text
    # A department's scope asks only its departments, not the office's set-up.
    assert len(ask(world, "people.security_office", scope_of(world, "tech")).facts) == 1
    assert ask(world, "people.security_office", scope_of(world, "office")).verdict == Finding.OK
    _appoint(world, "department_officer", world.person(dept="lab"), "lab")
    assert ask(world, "people.security_office").verdict == Finding.OK


def _letters(world):
    chief = world.person(dept="root")
    Organisation.objects.filter(pk=world.organisation.pk).update(head=chief)
    Department.objects.filter(pk=world.departments["root"].pk).update(head=chief)
    heads = {}
    for key in ("office", "tech", "lab"):
        heads[key] = world.person(dept=key)
        Department.objects.filter(pk=world.departments[key].pk).update(head=heads[key])
    template = LetterTemplate.objects.create(
        organisation=world.organisation, kind="department", version=1, title="责任书", text="…"
    )

    def sign(key: str, year: int) -> None:
        ResponsibilityLetter.objects.create(
            organisation=world.organisation,
            kind="department",
            year=year,
            department=world.departments[key],
            first=chief,
            second=heads[key],
            template=template,
            first_signed_on=TODAY,
            second_signed_on=TODAY,
        )

    return sign


def test_responsibility_letters_signed_with_every_department_head__RESP_ANNUAL(world):
    sign = _letters(world)
    june = start_of(datetime.date(TODAY.year, 6, 15))
    for key in ("office", "tech"):
        sign(key, TODAY.year)
    sign("lab", TODAY.year - 1)
    found = ask(world, "people.letters", moment=june)
    assert found.verdict == Finding.PROBLEM
    [fact] = found.facts
    assert world.departments["lab"].name in fact.text and str(TODAY.year) in fact.text
    assert fact.url == f"/letters/?year={TODAY.year}"
    # Before the due month ends, last year's letters are the evidence.
    february = start_of(datetime.date(TODAY.year, 2, 10))
    last_year = ask(world, "people.letters", moment=february)
    assert {re.split("[:：]", f.text)[0] for f in last_year.facts} == {
        world.departments["office"].name,
        world.departments["tech"].name,
    }
    sign("lab", TODAY.year)
    assert ask(world, "people.letters", moment=june).verdict == Finding.OK
    # A department without a head cannot have one: listed.
    Department.objects.filter(pk=world.departments["lab"].pk).update(head=None)
    [headless] = ask(world, "people.letters", moment=june).facts
    assert world.departments["lab"].name in headless.text
    assert ask(world, "people.letters", scope_of(world, "office"), june).verdict == Finding.OK


def test_cleared_people_short_of_the_minimum_last_year__PPL_TRAINING(world):
    year = TODAY.year - 1
    minimum = min_hours(world.organisation.pk)
    short = world.person(dept="lab", clearance=Clearance.GENERAL)
    done = world.person(dept="lab", clearance=Clearance.GENERAL)
    new = world.person(dept="lab", clearance=Clearance.GENERAL)  # cleared this year: not asked
    for person in (short, done):
        cleared_since(person, datetime.date(year - 1, 3, 1))
    session = TrainingSession.objects.create(
        organisation=world.organisation,
        topic="保密教育",
        held_on=datetime.date(year, 5, 1),
        hours=Decimal(minimum),
        trainer="张",
    )
    Attendance.objects.create(
        organisation=world.organisation,
        session=session,
        person=done,
        held_on=session.held_on,
        hours=session.hours,
    )
    found = ask(world, "people.training")
    assert found.verdict == Finding.PROBLEM
    [fact] = found.facts
    assert short.name in fact.text and str(year) in fact.text
    assert fact.url == f"/people/{short.pk}/"
    assert new.name not in fact.text
    assert ask(world, "people.training", Scope(person_id=done.pk)).verdict == Finding.OK
    assert ask(world, "people.training", scope_of(world, "office")).verdict == Finding.OK


def test_self_checks_missing_over_the_last_three_months__PPL_SELFCHECK(world):
    first = TODAY.replace(day=1)
    months = [add_months(first, -n) for n in (3, 2, 1)]
    careless = world.person(dept="lab", clearance=Clearance.GENERAL)
    careful = world.person(dept="tech", clearance=Clearance.GENERAL)
    for person in (careless, careful):
        cleared_since(person, add_months(first, -12))
    for person, filed in ((careful, months), (careless, months[:1])):
        for month in filed:
            SelfCheck.objects.create(
                organisation=world.organisation,
                person=person,
                month=month,
                answers={},
                all_clear=True,
            )
    world.person(dept="lab", clearance=Clearance.GENERAL)  # cleared this month: owes none
    found = ask(world, "people.self_checks")
    assert found.verdict == Finding.PROBLEM
    [fact] = found.facts
    assert careless.name in fact.text
    assert f"{months[1]:%Y-%m}" in fact.text and f"{months[2]:%Y-%m}" in fact.text
    assert f"{months[0]:%Y-%m}" not in fact.text
    assert fact.url == f"/people/{careless.pk}/"
    assert ask(world, "people.self_checks", Scope(person_id=careful.pk)).verdict == Finding.OK


def test_cleared_people_without_a_vetting__PPL_VET(world):
    unvetted = world.person(dept="lab", clearance=Clearance.GENERAL)
    failed = world.vet(world.person(dept="lab", clearance=Clearance.GENERAL), passed=False)
    vetted = world.vet(world.person(dept="lab", clearance=Clearance.GENERAL))
    world.person(dept="lab")  # not cleared
    found = ask(world, "people.vetting", scope_of(world, "tech"))
    assert found.verdict == Finding.PROBLEM
    assert {f.url for f in found.facts} == {f"/people/{unvetted.pk}/", f"/people/{failed.pk}/"}
    assert ask(world, "people.vetting", Scope(person_id=vetted.pk)).verdict == Finding.OK


def test_more_facts_than_listed_are_counted__PPL_VET(world, monkeypatch):
    for _ in range(3):
        world.person(dept="lab", clearance=Clearance.GENERAL)
    monkeypatch.setattr(evidence, "MOST_FACTS", 2)
    found = ask(world, "people.vetting")
    assert len(found.facts) == 3 and found.facts[-1].url == ""


def test_leavers_without_a_commitment_letter_or_a_cooling_off__PPL_EXIT(world):
    leaver = world.person(dept="lab", clearance=Clearance.GENERAL)
    Person.objects.filter(pk=leaver.pk).update(employment=Employment.LEFT)
    uncleared = world.person(dept="lab")
    Person.objects.filter(pk=uncleared.pk).update(employment=Employment.LEFT)  # nothing owed
    world.person(dept="lab", clearance=Clearance.GENERAL)  # in post
    found = ask(world, "people.exit")
    assert found.verdict == Finding.PROBLEM
    [fact] = found.facts
    assert leaver.name in fact.text and fact.url == f"/people/{leaver.pk}/"
    CoolingOff.objects.create(
        organisation=world.organisation,
        person=leaver,
        clearance=Clearance.GENERAL,
        starts=TODAY,
        ends=TODAY.replace(year=TODAY.year + 1),
    )
    [still] = ask(world, "people.exit").facts
    assert still.text != fact.text  # the commitment letter is what is missing now
    SignedDocument.objects.create(
        organisation=world.organisation,
        person=leaver,
        kind="commitment",
        signed_on=TODAY,
        version="2026",
    )
    assert ask(world, "people.exit").verdict == Finding.OK


@pytest.mark.parametrize("period", ["month", "year"])
def test_departments_not_assessed_this_year__RESP_ASSESS(world, period):
    chief = world.person(dept="root")
    Organisation.objects.filter(pk=world.organisation.pk).update(head=chief)
    Department.objects.filter(pk=world.departments["root"].pk).update(head=chief)  # none owed
    for key, starts in (
        ("office", TODAY.replace(month=1, day=1)),
        ("tech", TODAY.replace(month=1, day=1)),
        ("lab", datetime.date(TODAY.year - 1, 12, 1)),  # last year's
    ):
        Assessment.objects.create(
            organisation=world.organisation,
            department=world.departments[key],
            period=period,
            starts=starts,
            scores={},
            total=90,
            out_of=100,
            assessor=chief,
        )
    found = ask(world, "people.assessment")
    assert found.verdict == Finding.PROBLEM
    [fact] = found.facts
    assert world.departments["lab"].name in fact.text and fact.url == "/assessments/"
    assert ask(world, "people.assessment", scope_of(world, "office")).verdict == Finding.OK
