"""The secrecy review's figures (``seams.figures``, section "publication") and its
accreditation evidence "publication.reviewed" (PUB-REVIEW), against counts made directly in a
small world."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baomi.publication.models import (
    ForeignKind,
    ForeignRequest,
    Review,
    Submission,
    SubmissionState,
    Verdict,
    Version,
)
from baomi.publication.operations import review as ops
from baomi.publication.queries import figures
from baomi.rulebook.operations import set_rule
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope
from baomi.seams.figures import FIGURE_PROVIDERS, Part, Period, Range
from tests.factories import World
from tests.publication.test_foreign import visit
from tests.publication.test_review import ARTICLE, LEAK, Chart, clear, grant, make_docx, submit
from tests.publication.test_review import chart as chart

TODAY = timezone.localdate()
YEAR = Period.of(Range.YEAR, TODAY)
WHOLE = Scope()


def by_key(part: Part, period: Period = YEAR) -> dict:
    return {f.key: f for f in FIGURE_PROVIDERS.get("publication").figures(part, period)}


def released(chart: Chart) -> Submission:
    item = submit(chart.staff)
    grant(clear(chart, item))
    return ops.release(actor=chart.staff, submission_id=item.pk)


def cleared_with_finding(chart: Chart) -> Submission:
    item = submit(chart.staff, make_docx(ARTICLE, LEAK))
    ops.review(
        actor=chart.officer,
        submission_id=item.pk,
        verdict=Verdict.CLEARED,
        justifications=["引用的是已解密的历史资料标志，不涉密"],
    )
    return item


def test_every_figure_counts_what_the_records_say(chart: Chart):
    released(chart)
    cleared_with_finding(chart)
    changes = submit(chart.other)
    ops.review(
        actor=chart.officer,
        submission_id=changes.pk,
        verdict=Verdict.CHANGES,
        changes_required="删去第二段",
    )
    submit(chart.staff)  # waiting, not reviewed
    visit(chart)
    visit(chart, kind=ForeignKind.INTERVIEW, party="某国通讯社")
    found = by_key(Part(chart.world.organisation.pk))
    assert found["publication.reviewed"].value == 3
    assert found["publication.reviewed"].value == (
        Submission.objects.filter(versions__reviews__isnull=False).distinct().count()
    )
    assert found["publication.released"].value == 1
    assert found["publication.released"].url == f"{reverse('publication')}?state=released"
    justified = found["publication.cleared_with_findings"]
    assert justified.value == 1
    assert justified.value == sum(
        1 for r in Review.objects.filter(verdict=Verdict.CLEARED) if r.justifications
    )
    foreign = found["publication.foreign_requests"]
    assert foreign.value == 2 == ForeignRequest.objects.count()
    assert foreign.split[str(ForeignKind.VISIT.label)] == 1
    assert foreign.split[str(ForeignKind.INTERVIEW.label)] == 1
    assert sum(foreign.split.values()) == foreign.value
    assert foreign.url == reverse("foreign_requests")
    assert foreign.source == "baomi.publication.queries.figures.foreign"
    assert FIGURE_PROVIDERS.get("publication").in_report


def test_the_period_bounds_the_reviews_and_releases(chart: Chart):
    item = released(chart)
    start, until = YEAR.moments()
    Submission.objects.filter(pk=item.pk).update(released_at=until)
    Review.objects.update(reviewed_at=start - datetime.timedelta(seconds=1))
    found = by_key(Part(chart.world.organisation.pk))
    assert found["publication.released"].value == 0
    assert found["publication.reviewed"].value == 0
    Submission.objects.filter(pk=item.pk).update(released_at=start)
    Review.objects.update(reviewed_at=start)
    found = by_key(Part(chart.world.organisation.pk))
    assert found["publication.released"].value == 1
    assert found["publication.reviewed"].value == 1


def test_a_heads_part_counts_its_departments_material_and_no_foreign_requests(chart: Chart):
    released(chart)
    visit(chart)
    tech = Part(chart.world.organisation.pk, (chart.world.departments["tech"].path,))
    found = by_key(tech)
    assert found["publication.released"].value == 1
    assert "publication.foreign_requests" not in found  # no department: the whole only
    office = Part(chart.world.organisation.pk, (chart.world.departments["office"].path,))
    assert by_key(office)["publication.released"].value == 0


def test_another_organisations_records_are_not_counted(chart: Chart):
    released(chart)
    visit(chart)
    other = Part(World.build().organisation.pk)
    assert all(f.value == 0 for f in by_key(other).values())


def test_each_figure_is_one_query(chart: Chart):
    part = Part(chart.world.organisation.pk)
    for produce in (
        figures.reviewed,
        figures.released,
        figures.cleared_despite_findings,
        figures.foreign,
    ):
        with CaptureQueriesContext(connection) as made:
            produce(part, YEAR)
        assert len(made) == 1, produce


# Evidence ---------------------------------------------------------------------------------


def evidence(chart: Chart, scope: Scope = WHOLE, moment: datetime.datetime | None = None):
    provider = EVIDENCE_PROVIDERS.get("publication.reviewed")
    return provider.provide(chart.world.organisation.pk, scope, moment or timezone.now())


def test_evidence_is_ok_when_reviewed_in_time_and_released_cleared__PUB_REVIEW(chart: Chart):
    released(chart)
    submit(chart.staff)  # waiting since today
    result = evidence(chart)
    assert result.verdict == Finding.OK and result.facts == []


def test_evidence_names_a_submission_waiting_too_long__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    Version.objects.filter(submission=item).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=8)
    )
    result = evidence(chart)
    assert result.verdict == Finding.PROBLEM
    (fact,) = result.facts
    assert fact.url == reverse("submission", args=[item.pk])
    assert item.title not in fact.text
    tech = chart.world.departments["tech"]
    assert evidence(chart, Scope(tech.pk, tech.path)).verdict == Finding.PROBLEM
    office = chart.world.departments["office"]
    assert evidence(chart, Scope(office.pk, office.path)).verdict == Finding.OK
    assert evidence(chart, Scope(person_id=chart.other.person_id)).verdict == Finding.OK
    # A new version restarts the wait.
    ops.add_version(
        actor=chart.staff, submission_id=item.pk, file=make_docx(ARTICLE, "二"), filename="2.docx"
    )
    assert evidence(chart).verdict == Finding.OK


def test_evidence_names_a_release_without_clearance__PUB_REVIEW(chart: Chart):
    item = submit(chart.staff)
    set_rule(actor=chart.officer, rule_id="PUB-REVIEW", enabled=False)
    gone = ops.release(actor=chart.staff, submission_id=item.pk)
    assert gone.state == SubmissionState.RELEASED
    result = evidence(chart)
    assert result.verdict == Finding.PROBLEM
    assert [f.url for f in result.facts] == [reverse("submission", args=[item.pk])]
    # Before it went out it was only waiting, and not for long.
    before = evidence(chart, moment=gone.released_at - datetime.timedelta(seconds=1))
    assert before.verdict == Finding.OK
