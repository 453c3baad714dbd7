"""PUB-REVIEW's and PRESS-FOREIGN's switch scenarios, in the shape of the SCENARIOS of
``tests/rulebook/test_switches.py``, where they are registered: the very same call is refused
while the rule is in force and goes through once the security officer switches it off."""

from __future__ import annotations

from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals.models import State as ApprovalState
from baomi.approvals.queries import awaiting
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.publication.models import ForeignRequest, ForeignState, Submission, SubmissionState
from baomi.publication.operations import foreign as foreign_ops
from baomi.publication.operations import review as review_ops
from baomi.publication.queries import review as review_queries
from baomi.rulebook.operations import set_rule
from tests.factories import World
from tests.publication.test_foreign import visit
from tests.publication.test_review import Chart, clear, submit


def _chart(world: World) -> Chart:
    """The ``chart`` fixture of tests/publication/test_review.py, built for a scenario."""
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    officer2 = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    boss = world.account(Role.LEADER, dept="root", rank="director", clearance=Clearance.CORE)
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=boss.person_id
    )
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    other = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    return Chart(world, officer, officer2, boss, staff, other)


def release_without_review(world: World):
    """PUB-REVIEW: the writer releases material nobody reviewed (so nobody approved it)."""
    chart = _chart(world)
    item = submit(chart.staff)
    version = review_queries.latest(review_queries.submission(chart.staff, item.pk))

    def call():
        return review_ops.release(actor=chart.staff, submission_id=item.pk)

    def done(released: Submission) -> bool:
        released.refresh_from_db()
        return (
            released.state == SubmissionState.RELEASED
            and released.released_version_id == version.pk
            and released.released_sha256 == version.sha256
            and released.released_by_id == chart.staff.person_id
        )

    return call, done


def visit_without_approval(world: World):
    """PRESS-FOREIGN: a foreign delegation's visit is held while its approval still waits."""
    chart = _chart(world)
    item = visit(chart)

    def call():
        return foreign_ops.hold_foreign(actor=chart.officer, foreign_id=item.pk, outcome="参观顺利")

    def done(held: ForeignRequest) -> bool:
        held.refresh_from_db()
        return held.state == ForeignState.HELD and held.held_on == timezone.localdate()

    return call, done


# A rule switched off: what goes ahead without an approval withdraws the request still asked.


def test_a_release_with_the_rule_off_withdraws_the_versions_pending_request__PUB_REVIEW(world):
    chart = _chart(world)
    item = submit(chart.staff)
    request = clear(chart, item)
    assert request.state == ApprovalState.PENDING
    approvers = [step.approver_id for step in request.steps.all()]
    set_rule(actor=chart.officer, rule_id="PUB-REVIEW", enabled=False)
    released = review_ops.release(actor=chart.staff, submission_id=item.pk)
    assert released.state == SubmissionState.RELEASED
    request.refresh_from_db()
    assert request.state == ApprovalState.WITHDRAWN
    # Nobody is left asked to decide it.
    for account in Account.objects.filter(person_id__in=approvers):
        assert not awaiting(account).exists()


def test_a_visit_held_with_the_rule_off_withdraws_its_pending_request__PRESS_FOREIGN(world):
    call, done = visit_without_approval(world)
    officer = world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    set_rule(actor=officer, rule_id="PRESS-FOREIGN", enabled=False)
    held = call()
    assert done(held)
    assert held.approval is not None and held.approval.state == ApprovalState.WITHDRAWN
