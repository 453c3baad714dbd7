"""The deadline providers (``baomi.seams.deadlines``): every enforced DEADLINE rule has one,
registered by the domain that keeps what it times, and each answers an organisation's open
deadlines from what its operations wrote, never another organisation's."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.carriers.operations import circulation, use
from baomi.core import rules
from baomi.core.levels import Level
from baomi.devices.operations import ledger
from baomi.org.models import Person
from baomi.seams.deadlines import DEADLINE_PROVIDERS, State, deadlines
from tests.carriers.conftest import build_office
from tests.factories import World

# DEADLINE rules that no code enforces yet: each gets its provider with its domain (people
# and their files, responsibility letters, inspections, the committee). A rule enforced
# without a provider, or left off this list while unenforced, fails the first test.
AWAITING_THEIR_DOMAIN: set[str] = set()
MINUTE = datetime.timedelta(minutes=1)
# Rules of another kind whose domain times a deadline all the same: PPL-ABROAD (APPROVE) is
# followed by the return report, due within its report_days after the trip. MEET-DOCS (BLOCK):
# a TOP_SECRET meeting paper is due back at once, any paper by the meeting's end.
TIMED_BESIDES = {"SEAL-LOG", "PPL-ABROAD", "AREA-ACCESS", "MEET-DOCS"}
# MEET-ATTEND (a meeting's list and venue check before it) and MEET-SWEEP (after it).
TIMED_BESIDES |= {"MEET-ATTEND", "MEET-SWEEP"}
# INC-RECORD (RECORD): a serious incident's report upward and every incident's investigation.
TIMED_BESIDES |= {"INC-RECORD"}
# BUDGET (RECORD): the year's budget is set up by 31 March.
TIMED_BESIDES |= {"BUDGET"}


def deadline_rules() -> list[rules.Rule]:
    return [r for r in rules.all_rules() if rules.Kind.DEADLINE in r.kinds]


def test_every_enforced_deadline_rule_has_a_provider():
    missing = [r.id for r in deadline_rules() if r.enforced and r.id not in DEADLINE_PROVIDERS]
    assert not missing, f"enforced DEADLINE rules without a deadline provider: {missing}"
    unlisted = [
        r.id for r in deadline_rules() if not r.enforced and r.id not in AWAITING_THEIR_DOMAIN
    ]
    assert not unlisted, f"unenforced DEADLINE rules neither provided nor awaited: {unlisted}"
    enforced_now = AWAITING_THEIR_DOMAIN & {r.id for r in deadline_rules() if r.enforced}
    assert not enforced_now, f"enforced now, no longer awaiting: {enforced_now}"


def test_every_provider_times_a_deadline_rule():
    known = {r.id for r in deadline_rules()} | TIMED_BESIDES
    assert {p.key for p in DEADLINE_PROVIDERS} <= known


def _one(found, rule_id, subject_id):
    (deadline,) = [d for d in found if d.rule_id == rule_id and d.subject_id == subject_id]
    return deadline


@pytest.fixture
def office(world: World):
    return build_office(world)


@pytest.fixture
def other_office(db):
    """A second organisation with the same kind of paper trail and equipment."""
    return build_office(World.build())


def _secret_copy(office, n: int = 0):
    entry = office.incoming(level=Level.SECRET)
    return office.copies(entry)[n]


def _lent(office, copy, borrower, days: int = 3):
    due = timezone.localdate() + datetime.timedelta(days=days)
    request = use.request_loan(
        actor=borrower,
        copy_id=copy.pk,
        borrower_id=borrower.person_id,
        due_date=due,
        purpose="查阅参考",
    )
    office.approve_all(request)
    return use.lend(
        actor=office.clerk,
        copy_id=copy.pk,
        borrower_id=borrower.person_id,
        due_date=due,
        purpose="查阅参考",
    )


def test_a_loan_past_due_is_overdue_with_the_borrower_answering__LOAN_DUE(office):
    borrower = office.readers[0]
    copy = _secret_copy(office)
    custody = _lent(office, copy, borrower)
    org = office.world.organisation.pk

    before = _one(deadlines(org, custody.due_at - MINUTE), "LOAN-DUE", copy.pk)
    assert before.state(custody.due_at - MINUTE) is State.DUE
    after = custody.due_at + MINUTE
    loan = _one(deadlines(org, after), "LOAN-DUE", copy.pk)
    assert loan.state(after) is State.OVERDUE
    assert (loan.subject_type, loan.due_at, loan.done) == ("carriers.copy", custody.due_at, False)
    assert (loan.person_id, loan.department_id) == (
        borrower.person_id,
        borrower.person.department_id,
    )

    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    assert not [d for d in deadlines(org, after) if d.rule_id == "LOAN-DUE"]


def test_a_circulation_not_back_by_the_end_of_the_day_is_overdue__CIRC_SAMEDAY(office):
    reader = office.readers[1]
    copy = _secret_copy(office)
    custody = circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    org = office.world.organisation.pk
    after = custody.due_at + MINUTE

    found = deadlines(org, after)
    late = _one(found, "CIRC-SAMEDAY", copy.pk)
    assert (late.state(after), late.person_id) == (State.OVERDUE, reader.person_id)
    assert not [d for d in found if d.rule_id == "CIRC-NO-KEEP"]


def test_a_computer_whose_backup_is_due_has_a_deadline__DEV_BACKUP(office):
    keeper = office.readers[0]
    computer = ledger.register_asset(
        actor=office.officer,
        type="desktop",
        number="JSJ-0001",
        level=Level.SECRET,
        network="isolated",
        custodian_id=keeper.person_id,
        important_data=True,
    )
    ledger.register_asset(
        actor=office.officer,
        type="desktop",
        number="JSJ-0002",
        custodian_id=keeper.person_id,
    )  # no important files: no backup due
    now = timezone.now()

    (backup,) = [
        d for d in deadlines(office.world.organisation.pk, now) if d.rule_id == "DEV-BACKUP"
    ]
    assert (backup.subject_type, backup.subject_id) == ("devices.asset", computer.pk)
    assert backup.person_id == keeper.person_id
    assert backup.state(now) is not State.DONE


def test_an_organisation_s_deadlines_never_include_another_s(office, other_office):
    """Both organisations have a loan, a circulation and a computer due a backup; each sees
    only its own."""
    world_items = {}
    for each in (office, other_office):
        lent = _secret_copy(each, 0)
        _lent(each, lent, each.readers[0])
        read = _secret_copy(each, 1)
        circulation.circulate(
            actor=each.clerk, copy_id=read.pk, reader_id=each.readers[1].person_id
        )
        computer = ledger.register_asset(
            actor=each.officer,
            type="desktop",
            number="JSJ-0001",
            custodian_id=each.readers[0].person_id,
            important_data=True,
        )
        world_items[each.world.organisation.pk] = {
            ("carriers.copy", lent.pk),
            ("carriers.copy", read.pk),
            ("devices.asset", computer.pk),
        }
    later = timezone.now() + datetime.timedelta(days=40)
    for org, items in world_items.items():
        found = deadlines(org, later)
        subjects = {(d.subject_type, d.subject_id) for d in found}
        assert items <= subjects
        others = set().union(*(v for k, v in world_items.items() if k != org))
        assert not subjects & others
        people = {d.person_id for d in found} - {None}
        assert set(
            Person.objects.filter(pk__in=people).values_list("organisation_id", flat=True)
        ) == {org}


def test_a_routing_slip_not_sent_is_the_registering_clerk_s__IN_ROUTE(office):
    entry = office.incoming(level=Level.CONFIDENTIAL)
    org = office.world.organisation.pk
    slip = _one(deadlines(org, timezone.now()), "IN-ROUTE", entry.document_id)
    assert (slip.due_at, slip.person_id) == (entry.route_due_at, office.clerk.person_id)


def test_an_empty_organisation_has_no_deadlines(world):
    assert deadlines(world.organisation.pk, timezone.now()) == []


# Subject types a provider may answer that no domain describes (``seams.approvals.
# SUBJECT_KINDS``): the deadlines page names such a subject to nobody, only its kind. Each
# entry waits for its domain to register a SubjectKind; a type neither registered nor listed
# fails the test below.
NAMELESS: set[str] = {
    "org.organisation",  # the organisation's own yearly duties (COMMITTEE, BUDGET, RESP-ANNUAL)
    "org.department",  # a department's duties (INSP-MONTHLY, INSP-QUARTERLY)
}


@pytest.mark.usefixtures("demo_built")
def test_every_provider_s_subjects_are_described_or_listed_as_nameless(db):
    """Every deadline the providers answer for the demo organisation, now and a year on, is
    about a subject type some domain describes (the deadlines page names it to whoever may
    know it) or one listed in NAMELESS."""
    from baomi.seams.approvals import SUBJECT_KINDS
    from baomi.seams.demo import build_demo

    organisation = build_demo().organisation.pk
    now = timezone.now()
    found = {
        (d.rule_id, d.subject_type)
        for moment in (now, now + datetime.timedelta(days=400))
        for d in deadlines(organisation, moment)
    }
    assert found, "the demo organisation has no deadline at all"
    unknown = sorted(
        (rule, kind) for rule, kind in found if kind not in SUBJECT_KINDS and kind not in NAMELESS
    )
    assert not unknown, f"subject types neither described nor listed as nameless: {unknown}"
