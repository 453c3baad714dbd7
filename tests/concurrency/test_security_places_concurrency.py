"""Concurrency on PostgreSQL for the meetings, the seals, the secure areas and the publication
review: two clients act on the same thing at the same moment; exactly one succeeds, the other
is refused with the rule (or the conflict) of the state the first one committed, and nothing
is counted twice — one paper per copy, one use per approval, one entry per permission, one
release per submission, a meeting never closed with a paper unaccounted for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.areas.models import AreaEntry
from baomi.areas.operations import access as area_access
from baomi.audit import verification
from baomi.audit.models import AuditEvent
from baomi.carriers.models import Copy, CopyEvent, CopyState, Custody, CustodyKind
from baomi.core.errors import BaomiError, Conflict, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.meetings.models import CheckKind, Meeting, MeetingPaper, MeetingState
from baomi.meetings.operations import meetings as meeting_ops
from baomi.meetings.operations import papers
from baomi.publication.models import Submission, SubmissionState, Version
from baomi.publication.operations import review as publication
from baomi.seals.models import Seal, SealKind, SealTakeOut, SealUse, TakeOutState, UseState
from baomi.seals.operations import seals as seal_ops
from tests.areas import test_access as areas_tests
from tests.factories import World
from tests.meetings.conftest import build_meetings_office
from tests.meetings.test_papers import document, signed_in
from tests.publication import test_review as publication_tests
from tests.seals import conftest as seals_tests
from tests.seals.conftest import approved_use, ask_out, grant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Races whose order is left to the scheduler run a few rounds, each on fresh records.
ROUNDS = 4


# The apps' own fixtures, built the same way (a fixture is not called directly: its function is).
@pytest.fixture
def seals_office(world: World) -> seals_tests.Office:
    return seals_tests.office.__wrapped__(world)


@pytest.fixture
def site(world: World) -> areas_tests.Site:
    return areas_tests.site.__wrapped__(world)


@pytest.fixture
def chart(world: World) -> publication_tests.Chart:
    return publication_tests.chart.__wrapped__(world)


@dataclass
class Outcome:
    result: Any = None
    refusal: BaomiError | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def race(*calls: Callable[[], Any]) -> list[Outcome]:
    """Run ``calls`` at the same moment, each in a thread (its own connection); their outcomes
    in order. Anything but a refusal (a deadlock, a 500) fails the test."""
    start = threading.Barrier(len(calls))
    outcomes = [Outcome() for _call in calls]
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            outcomes[n].result = calls[n]()
        except BaomiError as exc:
            outcomes[n].refusal = exc
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return outcomes


def one_wins(outcomes: list[Outcome]) -> tuple[Outcome, BaomiError]:
    """The single success and the single refusal of a two-way race."""
    won = [o for o in outcomes if o.ok]
    lost = [o.refusal for o in outcomes if not o.ok]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert lost[0] is not None
    return won[0], lost[0]


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# Meetings (MEET-DOCS) --------------------------------------------------------------------------


def test_one_copy_handed_to_two_attendees_at_once_is_one_paper__MEET_DOCS(world):
    """Two organisers hand the same copy to two attendees at the same moment: the meeting is
    locked by both, so one paper exists, the copy is at the meeting once, and the other hand-out
    is refused because the copy is out (CIRC-MEETING-RETURN, a conflict)."""
    office = build_meetings_office(world)
    second = world.person(clearance=Clearance.IMPORTANT, name="钱重要")
    meeting = office.opened(office.important, second)
    first_seat = signed_in(office, meeting, office.important)
    second_seat = signed_in(office, meeting, second)
    (copy,) = document(office, people=[office.important, second], copies=1)

    def hand(attendee: Any) -> Callable[[], MeetingPaper]:
        return lambda: papers.hand_out(
            actor=office.clerk, meeting_id=meeting.pk, attendee_id=attendee.pk, copy_id=copy.pk
        )

    won, lost = one_wins(race(hand(first_seat), hand(second_seat)))
    assert isinstance(lost, RuleViolation)
    assert (lost.rule_id, lost.conflict) == ("CIRC-MEETING-RETURN", True)
    paper = MeetingPaper.objects.get()
    assert paper.pk == won.result.pk and paper.copy_id == copy.pk
    copy = Copy.objects.get(pk=copy.pk)
    assert (copy.state, copy.holder_id) == (CopyState.AT_MEETING, paper.attendee.person_id)
    assert Custody.objects.filter(copy=copy, kind=CustodyKind.MEETING).count() == 1
    assert CopyEvent.objects.filter(copy=copy, action="to_meeting").count() == 1
    assert events("meetings.paper_handed_out") == 1
    assert verification.verify(deep=True).ok


def test_ending_a_meeting_while_a_top_secret_paper_is_handed_out_never_leaves_it_out__MEET_DOCS(
    world,
):
    """A top-secret copy handed out while the meeting is ended, at the same moment: either the
    paper went first and the end is refused (collected at once), or the meeting ended first
    and the hand-out is refused (papers only in session); never an ended meeting with a
    top-secret paper out."""
    office = build_meetings_office(world)
    core = world.person(clearance=Clearance.CORE, name="孙核心")
    for _round in range(ROUNDS):
        meeting = office.opened(core)
        seat = signed_in(office, meeting, core)
        (copy,) = document(office, level=Level.TOP_SECRET, people=[core], copies=1)
        hand, end = race(
            lambda m=meeting, s=seat, c=copy: papers.hand_out(
                actor=office.clerk, meeting_id=m.pk, attendee_id=s.pk, copy_id=c.pk
            ),
            lambda m=meeting: meeting_ops.end_meeting(actor=office.officer, meeting_id=m.pk),
        )
        assert hand.ok != end.ok, (hand, end)
        refusal = end.refusal or hand.refusal
        assert isinstance(refusal, RuleViolation) and refusal.rule_id == "MEET-DOCS"
        meeting = Meeting.objects.get(pk=meeting.pk)
        out = MeetingPaper.objects.filter(meeting=meeting, handled_at=None)
        if hand.ok:
            assert meeting.state == MeetingState.OPEN and out.count() == 1
            assert Copy.objects.get(pk=copy.pk).state == CopyState.AT_MEETING
            papers.collect(actor=office.clerk, paper_id=hand.result.pk)
            meeting_ops.end_meeting(actor=office.officer, meeting_id=meeting.pk)
        else:
            assert meeting.state == MeetingState.ENDED and not out.exists()
            assert Copy.objects.get(pk=copy.pk).state == CopyState.WITH_CUSTODIAN
    assert verification.verify(deep=True).ok


def test_a_meeting_closed_as_its_last_paper_is_collected_never_closes_with_it_out__MEET_DOCS(
    world,
):
    """The last paper collected while the meeting is closed, at the same moment: the
    collection always succeeds; the close succeeds only if it came after it, and is refused
    (MEET-DOCS) otherwise — never a closed meeting with a paper unaccounted for."""
    office = build_meetings_office(world)
    for _round in range(ROUNDS):
        meeting = office.opened()
        seat = signed_in(office, meeting, office.important)
        (copy,) = document(office, people=[office.important], copies=1)
        paper = papers.hand_out(
            actor=office.clerk, meeting_id=meeting.pk, attendee_id=seat.pk, copy_id=copy.pk
        )
        meeting_ops.end_meeting(actor=office.clerk, meeting_id=meeting.pk)
        office.check(meeting, CheckKind.SWEEP)
        collect, close = race(
            lambda p=paper: papers.collect(actor=office.clerk, paper_id=p.pk),
            lambda m=meeting: meeting_ops.close_meeting(actor=office.officer, meeting_id=m.pk),
        )
        meeting = Meeting.objects.get(pk=meeting.pk)
        paper = MeetingPaper.objects.get(pk=paper.pk)
        if collect.ok:
            assert paper.handled_at is not None
            assert Copy.objects.get(pk=copy.pk).state == CopyState.WITH_CUSTODIAN
        else:
            # Closed first: the close found the paper out and was refused, so the collection
            # cannot have met a closed meeting.
            pytest.fail(f"the collection was refused: {collect.refusal}")
        if close.ok:
            assert meeting.state == MeetingState.CLOSED
        else:
            assert isinstance(close.refusal, RuleViolation)
            assert close.refusal.rule_id == "MEET-DOCS"
            assert meeting.state == MeetingState.ENDED
        closed_with_paper_out = (
            Meeting.objects.filter(state=MeetingState.CLOSED, papers__handled_at=None)
            .distinct()
            .exists()
        )
        assert not closed_with_paper_out
    assert events("meetings.paper_collected") == ROUNDS
    assert verification.verify(deep=True).ok


# Seals (SEAL-LOG) ------------------------------------------------------------------------------


def test_one_approved_use_logged_twice_at_once_is_logged_once__SEAL_LOG(seals_office):
    """The keeper logs the same approved use from two windows at the same moment: the use is
    locked, so one SealUse is logged under the approval, consumed once; the other call meets
    the use logged already (a conflict) and consumes nothing."""
    office = seals_office
    use = approved_use(office)

    def log() -> SealUse:
        return seal_ops.log_use(actor=office.clerk, use_id=use.pk)

    _won, lost = one_wins(race(log, log))
    assert isinstance(lost, Conflict)
    use = SealUse.objects.get(pk=use.pk)
    assert (use.state, use.impressions_made, use.approval_id) == (UseState.USED, 2, use.approval_id)
    assert ApprovalRequest.objects.get(pk=use.approval_id).state == ApprovalState.CONSUMED
    assert events("seals.use_logged") == 1
    assert events("approvals.consumed") == 1
    assert verification.verify(deep=True).ok


def test_one_seal_handed_out_for_two_approved_take_outs_at_once_goes_out_once__SEAL_LOG(
    seals_office,
):
    """Two approved take-outs of the same seal, handed out at the same moment: the seal is
    locked, so it goes out once; the other hand-out meets the seal out already and leaves its
    approval unused."""
    office = seals_office
    first = ask_out(office)
    grant(first.approval)
    second = ask_out(office, actor=office.other)
    grant(second.approval)

    def hand(item: SealTakeOut) -> Callable[[], SealTakeOut]:
        return lambda: seal_ops.hand_out(actor=office.clerk, take_out_id=item.pk)

    won, lost = one_wins(race(hand(first), hand(second)))
    assert isinstance(lost, Conflict)
    assert SealTakeOut.objects.filter(seal=office.seal, state=TakeOutState.OUT).count() == 1
    loser = second if won.result.pk == first.pk else first
    assert SealTakeOut.objects.get(pk=loser.pk).state == TakeOutState.REQUESTED
    states = {
        r.pk: r.state
        for r in ApprovalRequest.objects.filter(pk__in=[first.approval_id, second.approval_id])
    }
    assert states == {
        won.result.approval_id: ApprovalState.CONSUMED,
        loser.approval_id: ApprovalState.GRANTED,
    }
    assert events("seals.taken_out") == 1
    assert verification.verify(deep=True).ok


def _fresh_seal(office: Any, n: int) -> Seal:
    return seal_ops.register_seal(
        actor=office.clerk,
        name=f"部门章{n}",
        kind=SealKind.DEPARTMENT,
        keeper_id=office.clerk.person_id,
    )


def test_a_use_logged_while_the_seal_is_taken_out_of_use_is_one_or_the_other__SEAL_LOG(
    seals_office,
):
    """The keeper logs an approved use while the office takes the seal out of use, at the
    same moment (the two lock the seal and the use): either the use is logged and the seal then
    retired, or the use is withdrawn with the seal and the log refused — never a deadlock,
    never a use logged on a retired seal's withdrawn request."""
    office = seals_office
    for n in range(ROUNDS):
        seal = _fresh_seal(office, n)
        use = approved_use(office, seal_id=seal.pk)
        log, retire = race(
            lambda u=use: seal_ops.log_use(actor=office.clerk, use_id=u.pk),
            lambda s=seal: seal_ops.deactivate_seal(actor=office.officer, seal_id=s.pk),
        )
        assert retire.ok, retire
        use = SealUse.objects.get(pk=use.pk)
        approval = ApprovalRequest.objects.get(pk=use.approval_id)
        if log.ok:
            assert (use.state, approval.state) == (UseState.USED, ApprovalState.CONSUMED)
        else:
            assert isinstance(log.refusal, Conflict)
            assert use.state == UseState.WITHDRAWN
            assert approval.state != ApprovalState.CONSUMED
        assert not Seal.objects.get(pk=seal.pk).active
    assert verification.verify(deep=True).ok


def test_a_seal_handed_out_while_taken_out_of_use_is_one_or_the_other__SEAL_LOG(seals_office):
    """The keeper hands a seal out for an approved take-out while the office retires it, at
    the same moment: either it goes out and the retirement is refused (it is out), or it is
    retired (the take-out withdrawn) and the hand-out refused — never a deadlock."""
    office = seals_office
    for n in range(ROUNDS):
        seal = _fresh_seal(office, n)
        item = ask_out(office, seal_id=seal.pk)
        grant(item.approval)
        hand, retire = race(
            lambda i=item: seal_ops.hand_out(actor=office.clerk, take_out_id=i.pk),
            lambda s=seal: seal_ops.deactivate_seal(actor=office.officer, seal_id=s.pk),
        )
        assert hand.ok != retire.ok, (hand, retire)
        item = SealTakeOut.objects.get(pk=item.pk)
        if hand.ok:
            assert isinstance(retire.refusal, RuleViolation)
            assert retire.refusal.rule_id == "SEAL-LOG"
            assert item.state == TakeOutState.OUT and Seal.objects.get(pk=seal.pk).active
            seal_ops.return_seal(actor=office.clerk, take_out_id=item.pk)
        else:
            assert isinstance(hand.refusal, Conflict)
            assert item.state == TakeOutState.WITHDRAWN and not Seal.objects.get(pk=seal.pk).active
    assert verification.verify(deep=True).ok


# Secure areas (AREA-ACCESS) --------------------------------------------------------------------


def test_one_permission_asked_ahead_logged_twice_at_once_is_one_entry__AREA_ACCESS(site):
    """The keeper and the security office log the same approved entry at the same moment:
    the approval is consumed once, one entry exists, and the other is refused (AREA-ACCESS:
    no unused approval) or meets the person inside already."""
    areas_tests.grant(areas_tests.ask(site))

    def log(actor: Any) -> Callable[[], AreaEntry]:
        return lambda: area_access.log_entry(
            actor=actor, area_id=site.area.pk, person_id=site.core.person_id, purpose="查阅档案"
        )

    won, lost = one_wins(race(log(site.keeper), log(site.officer)))
    assert (isinstance(lost, RuleViolation) and lost.rule_id == "AREA-ACCESS") or isinstance(
        lost, Conflict
    ), lost
    entry = AreaEntry.objects.get()
    assert entry.pk == won.result.pk and entry.approval_id is not None
    assert ApprovalRequest.objects.get(pk=entry.approval_id).state == ApprovalState.CONSUMED
    assert events("areas.entry_logged") == 1
    assert events("approvals.consumed") == 1
    assert verification.verify(deep=True).ok


def _entry(site: areas_tests.Site, actor: Any, entrant: Any, **kw: Any) -> Callable[[], AreaEntry]:
    return lambda: area_access.log_entry(
        actor=actor, area_id=site.area.pk, person_id=entrant.pk, purpose="查阅档案", **kw
    )


def test_one_person_let_in_twice_at_once_is_inside_once__AREA_ACCESS(site):
    """The keeper grants entry on the spot while the office logs the same person's approved
    entry, at the same moment: the person is inside once (the entrant is locked); the other
    log meets them inside, and an approval not used stays granted."""
    for _round in range(ROUNDS):
        entrant = site.world.person(clearance=Clearance.CORE)
        request = areas_tests.ask(site, person_id=entrant.pk)
        areas_tests.grant(request)

        spot, asked = race(
            _entry(site, site.keeper, entrant, on_the_spot=True),
            _entry(site, site.officer, entrant),
        )
        assert spot.ok != asked.ok, (spot, asked)
        assert isinstance(spot.refusal or asked.refusal, Conflict)
        (entry,) = AreaEntry.objects.filter(person=entrant, left_at=None)
        assert entry.approval_id == (request.pk if asked.ok else None)
        state = ApprovalRequest.objects.get(pk=request.pk).state
        assert state == (ApprovalState.CONSUMED if asked.ok else ApprovalState.GRANTED)
    assert events("areas.entry_logged") == ROUNDS
    assert verification.verify(deep=True).ok


# Publication (PUB-REVIEW) ----------------------------------------------------------------------


def test_one_approved_version_released_twice_at_once_is_released_once__PUB_REVIEW(chart):
    """The submitter and a reviewer record the release of the same cleared, approved version
    at the same moment: the submission is locked, so it is released once under its approval,
    consumed once; the other meets it released already."""
    item = publication_tests.submit(chart.staff)
    publication_tests.grant(publication_tests.clear(chart, item))

    def release(actor: Any) -> Callable[[], Submission]:
        return lambda: publication.release(actor=actor, submission_id=item.pk)

    won, lost = one_wins(race(release(chart.staff), release(chart.officer)))
    assert isinstance(lost, Conflict)
    item = Submission.objects.get(pk=item.pk)
    version = Version.objects.get(submission=item)
    assert item.state == SubmissionState.RELEASED
    assert (item.released_version_id, item.released_sha256) == (version.pk, version.sha256)
    assert item.released_by_id == won.result.released_by_id
    assert ApprovalRequest.objects.get(pk=version.approval_id).state == ApprovalState.CONSUMED
    assert events("publication.released") == 1
    assert events("approvals.consumed") == 1
    assert verification.verify(deep=True).ok


def test_a_new_version_sent_while_the_old_one_is_released_is_one_or_the_other__PUB_REVIEW(
    chart,
):
    """The submitter sends a new version while a reviewer releases the approved one, at the
    same moment: either the approved version goes out and the new one is refused (closed), or
    the new one arrives first and the release is refused (PUB-REVIEW: not cleared) — what went
    out is always a cleared, approved version's hash."""
    for n in range(ROUNDS):
        item = publication_tests.submit(chart.staff, title=f"新闻稿{n}")
        publication_tests.grant(publication_tests.clear(chart, item))
        release, again = race(
            lambda i=item: publication.release(actor=chart.officer, submission_id=i.pk),
            lambda i=item: publication.add_version(
                actor=chart.staff,
                submission_id=i.pk,
                file=publication_tests.make_docx("修改后的新闻稿。"),
                filename="新闻稿v2.docx",
            ),
        )
        assert release.ok != again.ok, (release, again)
        item = Submission.objects.get(pk=item.pk)
        if release.ok:
            assert isinstance(again.refusal, Conflict)
            first = Version.objects.get(submission=item)
            assert item.state == SubmissionState.RELEASED
            assert item.released_sha256 == first.sha256
        else:
            assert isinstance(release.refusal, RuleViolation)
            assert release.refusal.rule_id == "PUB-REVIEW"
            assert item.state == SubmissionState.IN_REVIEW and not item.released_sha256
            assert Version.objects.filter(submission=item).count() == 2
    assert verification.verify(deep=True).ok
