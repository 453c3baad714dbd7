"""The secrecy review's answer to the self-inspection checklist and the accreditation
(``seams.evidence``, PUB-REVIEW: 对外提供、宣传报道保密审查): the submissions of the scope — the
department whose material it is, or the person who submitted it — waiting for their review
longer than ``WAIT`` since their latest version came in, or released without a clearance of
the version that went out (which happens only while PUB-REVIEW was switched off), one query.
Each fact names the submission by its number and department (never its title) and links to
its page, which the review's policy guards."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.publication.models import Review, Submission, SubmissionState, Verdict, Version
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found

# How long a version may wait for its review: a working week.
WAIT = datetime.timedelta(days=7)
MORE = gettext_lazy("… and %(n)s more")


def reviewed(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Submissions in review whose latest version came in before ``moment - WAIT``, and
    submissions released by ``moment`` whose released version has no clearing review."""
    latest = Version.objects.filter(submission_id=OuterRef("pk")).order_by("-number")
    cleared = Review.objects.filter(
        version_id=OuterRef("released_version_id"), verdict=Verdict.CLEARED
    )
    items = (
        Submission.objects.filter(organisation_id=organisation_id)
        .annotate(waiting_since=Subquery(latest.values("uploaded_at")[:1]), cleared=Exists(cleared))
        .filter(
            Q(state=SubmissionState.IN_REVIEW, waiting_since__lt=moment - WAIT)
            | Q(state=SubmissionState.RELEASED, released_at__lte=moment, cleared=False)
        )
    )
    if scope.department_path:
        items = items.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        items = items.filter(submitted_by_id=scope.person_id)
    rows = list(items.select_related("department").order_by("submitted_at", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else items.count()
    facts = [
        Fact(_sentence(item) % _fields(item), reverse("submission", args=[item.pk]))
        for item in rows
    ]
    return found(facts, total, MORE)


def _sentence(item: Submission) -> str:
    if item.state == SubmissionState.RELEASED:
        return _(
            "Submission No. %(number)s (%(department)s): released on %(day)s without the "
            "version being cleared by the secrecy review"
        )
    return _(
        "Submission No. %(number)s (%(department)s): waiting for its secrecy review since %(day)s"
    )


def _fields(item: Submission) -> dict[str, object]:
    moment = item.released_at if item.state == SubmissionState.RELEASED else item.waiting_since
    return {
        "number": item.pk,
        "department": item.department.name,
        "day": timezone.localtime(moment).strftime("%Y-%m-%d"),
    }


PROVIDERS = (
    EvidenceProvider(
        "publication.reviewed",
        gettext_lazy("Material reviewed before it goes out"),
        reviewed,
    ),
)
