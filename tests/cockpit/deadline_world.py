"""A small organisation for the deadline engine's tests, and planted deadlines: the real
providers are swapped for one that answers exactly the deadlines a test plants, so each test
states its deadlines' rules, subjects, due times and people outright."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.seams import deadlines as seam
from baomi.seams.deadlines import Deadline, DeadlineProvider
from tests.factories import World

NOW = timezone.now().replace(microsecond=0)
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@dataclass
class Planted:
    """The deadlines each organisation's provider answers, by organisation id."""

    by_organisation: dict[int, list[Deadline]] = field(default_factory=dict)

    def add(self, organisation_id: int, *deadlines: Deadline) -> None:
        self.by_organisation.setdefault(organisation_id, []).extend(deadlines)

    def provide(self, rule_id: str):
        def provide(organisation_id: int, moment: datetime.datetime) -> list[Deadline]:
            return [
                d for d in self.by_organisation.get(organisation_id, []) if d.rule_id == rule_id
            ]

        return provide


RULES = ("LOAN-DUE", "PPL-TRAINING", "DEV-BACKUP")


@pytest.fixture
def planted(monkeypatch) -> Planted:
    """Every provider replaced by planted deadlines of LOAN-DUE, PPL-TRAINING and DEV-BACKUP."""
    found = Planted()
    entries = {rule: DeadlineProvider(rule, found.provide(rule)) for rule in RULES}
    monkeypatch.setattr(seam.DEADLINE_PROVIDERS, "_entries", entries)
    return found


@dataclass
class Unit:
    """One organisation: root ─ office ─ tech ─ lab; the tech head a STAFF account (a head
    without SEE_DASHBOARD), the lab without a head of its own."""

    world: World
    officer: Account  # security officer: OVERSEE, SEE_DASHBOARD
    leader: Account  # SEE_DASHBOARD
    tech_head: Account  # heads tech (and so lab), role staff
    tech_staff: Account
    lab_staff: Account
    office_staff: Account
    appointed: Account  # appointed to the security office (office member), role staff

    @property
    def id(self) -> int:
        return self.world.organisation.pk

    def dept(self, key: str) -> int:
        return self.world.departments[key].pk


def build_unit(world: World) -> Unit:
    from baomi.org.models import StaffRole

    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    leader = world.account(Role.LEADER, dept="root", rank="general_manager")
    tech_head = world.account(Role.STAFF, dept="tech", rank="manager")
    tech_staff = world.account(Role.STAFF, dept="tech")
    lab_staff = world.account(Role.STAFF, dept="lab")
    office_staff = world.account(Role.STAFF, dept="office")
    appointed = world.account(Role.STAFF, dept="office")
    org.set_department_leaders(
        actor=None,
        department_id=world.departments["tech"].pk,
        head_id=tech_head.person_id,
        leader_in_charge_id=None,
    )
    org.appoint(actor=None, person_id=appointed.person_id, role=StaffRole.OFFICE_MEMBER)
    return Unit(world, officer, leader, tech_head, tech_staff, lab_staff, office_staff, appointed)


def deadline(
    rule_id: str = "LOAN-DUE",
    *,
    subject_id: int = 1,
    due: datetime.datetime = NOW,
    person: Account | None = None,
    department: int | None = None,
    subject_type: str = "org.person",
    done: bool = False,
) -> Deadline:
    """A planted deadline; its department is the person's unless given."""
    if department is None and person is not None:
        department = person.person.department_id
    return Deadline(
        rule_id,
        subject_type,
        subject_id,
        due,
        person.person_id if person else None,
        department,
        done,
    )


def lent_and_recalled(world: World):
    """The carriers' office (``tests.carriers.conftest.build_office``) with two loans due in 3
    and 9 days and a recalled document due back in 5 days: deadlines of the queried providers
    with a timestamp (LOAN-DUE) and a day (RECALL-DUE) for a due time."""
    from baomi.carriers.models import Document
    from tests.carriers.conftest import build_office
    from tests.test_deadlines import _lent, _secret_copy

    office = build_office(world)
    _lent(office, _secret_copy(office, 0), office.readers[0], days=3)
    _lent(office, _secret_copy(office, 0), office.readers[1], days=9)
    recalled = office.incoming()
    Document.objects.filter(pk=recalled.document_id).update(
        recall_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    return office
