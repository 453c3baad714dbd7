"""The seals' figures (``seams.figures``, section "seals"), the take-out deadline subject
(SEAL-LOG) and the accreditation evidence "seals.lockup" (SEAL-LOG), against counts made
directly in a small world (the lock-ups missing against the app's own
``queries.seals.unconfirmed_days``)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.seals.models import Seal, SealLockUp, SealTakeOut, SealUse, TakeOutState, UseState
from baomi.seals.operations import seals as ops
from baomi.seals.queries import figures
from baomi.seals.queries import seals as queries
from baomi.seams import approvals
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.factories import World
from tests.seals.conftest import Office, approved_use, ask_out

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
# The last nine days before today: every working day of it has ended.
DAYS = Period(TODAY - datetime.timedelta(days=9), YESTERDAY)
WHOLE = Scope()


def by_key(part: Part, period: Period) -> dict:
    return {f.key: f for f in FIGURE_PROVIDERS.get("seals").figures(part, period)}


def missing_before_today(*seals: Seal) -> int:
    """The app's own reading of the working days ended unconfirmed, before today."""
    return sum(
        len([d for d in queries.unconfirmed_days(seal, days=10) if d < TODAY]) for seal in seals
    )


def used(office: Office, **kw) -> SealUse:
    use = approved_use(office, **kw)
    return ops.log_use(actor=office.clerk, use_id=use.pk)


def test_the_uses_are_the_logged_uses_of_the_period__SEAL_LOG(office: Office):
    first = used(office)
    used(office)
    approved_use(office)  # approved, never logged
    year = Period.of(Range.YEAR, TODAY)
    found = by_key(Part(office.world.organisation.pk), year)["seals.uses"]
    assert found.value == 2 == SealUse.objects.filter(state=UseState.USED).count()
    assert found.url == f"{reverse('seal_use_register')}?year={TODAY.year}"
    assert found.source == "baomi.seals.queries.figures.uses"
    start, _until = year.moments()
    SealUse.objects.filter(pk=first.pk).update(used_at=start - datetime.timedelta(seconds=1))
    assert by_key(Part(office.world.organisation.pk), year)["seals.uses"].value == 1
    assert FIGURE_PROVIDERS.get("seals").in_report


def test_the_lock_ups_missing_are_the_apps_unconfirmed_days__SEAL_LOG(office: Office):
    seals = (office.seal, office.letters)
    part = Part(office.world.organisation.pk)
    missing = by_key(part, DAYS)["seals.lock_ups_missing"]
    assert missing.value == missing_before_today(*seals) > 0
    assert missing.target == 0 and missing.url == reverse("seals")
    # A day confirmed is no longer missing.
    day = queries.unconfirmed_days(office.seal)[-1]
    ops.confirm_locked(actor=office.clerk, seal_id=office.seal.pk, day=day)
    assert by_key(part, DAYS)["seals.lock_ups_missing"].value == missing.value - 1
    assert by_key(part, DAYS)["seals.lock_ups_missing"].value == missing_before_today(*seals)


def test_a_seal_out_at_the_end_of_a_day_owes_no_lock_up__SEAL_LOG(office: Office):
    part = Part(office.world.organisation.pk)
    before = by_key(part, DAYS)["seals.lock_ups_missing"].value
    item = ask_out(office)
    SealTakeOut.objects.filter(pk=item.pk).update(
        state=TakeOutState.RETURNED,
        out_at=timezone.now() - datetime.timedelta(days=20),
        returned_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert by_key(part, DAYS)["seals.lock_ups_missing"].value == 0 < before
    assert missing_before_today(office.seal) == 0


def test_a_heads_part_counts_its_peoples_uses_and_kept_seals__SEAL_LOG(office: Office):
    used(office)
    tech = Part(office.world.organisation.pk, (office.world.departments["tech"].path,))
    found = by_key(tech, Period.of(Range.YEAR, TODAY))
    assert found["seals.uses"].value == 1  # asked by the staff of tech
    assert by_key(tech, DAYS)["seals.lock_ups_missing"].value == 0  # kept in the office
    general = Part(office.world.organisation.pk, (office.world.departments["office"].path,))
    assert by_key(general, Period.of(Range.YEAR, TODAY))["seals.uses"].value == 0
    assert by_key(general, DAYS)["seals.lock_ups_missing"].value > 0


def test_another_organisations_seals_are_not_counted(office: Office):
    used(office)
    other = Part(World.build().organisation.pk)
    assert all(f.value == 0 for f in by_key(other, DAYS).values())


def test_each_figure_is_one_query(office: Office):
    part = Part(office.world.organisation.pk)
    queries_made = {}
    for produce in (figures.uses, figures.lock_ups_missing):
        with CaptureQueriesContext(connection) as made:
            produce(part, DAYS)
        # The calendar is read once per operation (core.memo), outside the count.
        queries_made[produce.__name__] = [q for q in made.captured_queries if "seals_" in q["sql"]]
    assert all(len(found) == 1 for found in queries_made.values()), queries_made


# The take-out's deadline subject ----------------------------------------------------------


def test_a_take_out_subject_is_named_to_who_may_know_it__SEAL_LOG(office: Office):
    item = ask_out(office)
    for actor in (office.officer, office.clerk, office.staff):
        known = approvals.describe(actor, "seals.sealtakeout", str(item.pk))
        assert known.label.startswith(office.seal.name) and item.destination in known.label
        assert known.url == reverse("seal_take_out", args=[item.pk])
    assert approvals.describe(office.other, "seals.sealtakeout", str(item.pk)) is None
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert approvals.describe(stranger, "seals.sealtakeout", str(item.pk)) is None


# Evidence ---------------------------------------------------------------------------------


def evidence(office: Office, scope: Scope = WHOLE, moment: datetime.datetime | None = None):
    provider = EVIDENCE_PROVIDERS.get("seals.lockup")
    return provider.provide(office.world.organisation.pk, scope, moment or timezone.now())


def test_evidence_names_the_seal_and_its_days_without_lock_up__SEAL_LOG(office: Office):
    result = evidence(office)
    assert result.verdict == Finding.PROBLEM
    (fact,) = result.facts  # the official seal; the letters were registered today
    assert fact.url == reverse("seal", args=[office.seal.pk])
    for day in queries.unconfirmed_days(office.seal):
        assert f"{day:%Y-%m-%d}" in fact.text
    tech = office.world.departments["tech"]
    assert evidence(office, Scope(tech.pk, tech.path)).verdict == Finding.OK
    assert evidence(office, Scope(person_id=office.clerk.person_id)).verdict == Finding.PROBLEM


def test_evidence_is_ok_when_every_working_day_was_locked_up__SEAL_LOG(office: Office):
    for seal in (office.seal, office.letters):
        for day in queries.unconfirmed_days(seal, days=30):
            ops.confirm_locked(actor=office.clerk, seal_id=seal.pk, day=day)
    # Registered 12 days ago: nothing older is owed.
    assert SealLockUp.objects.exists()
    result = evidence(office)
    assert result.verdict == Finding.OK and result.facts == []


def test_evidence_leaves_out_a_seal_out_of_use_for_the_month__SEAL_LOG(office: Office):
    Seal.objects.update(active=False, deactivated_at=timezone.now() - datetime.timedelta(days=30))
    assert evidence(office).verdict == Finding.OK
