"""The budget's answer for the accreditation self-score (``seams.evidence``, BUDGET: 保密条件
保障 — 经费): whether the organisation's confidentiality budget of the moment's year is set up,
with an amount planned, one query. The budget is the organisation's: the scope does not
narrow it. The fact links to the year's budget page."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.budget.models import Budget
from baomi.seams.evidence import Evidence, EvidenceProvider, Fact, Finding, Scope


def planned(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """A problem when the organisation has no budget for the year of ``moment`` (its local
    day), or one whose lines plan nothing (no line, or every amount 0)."""
    year = timezone.localdate(moment).year
    budget = (
        Budget.objects.filter(organisation_id=organisation_id, year=year)
        .annotate(planned=Sum("lines__planned"))
        .values("planned")
        .first()
    )
    if budget is not None and (budget["planned"] or 0) > 0:
        return Evidence(Finding.OK)
    text = (
        _("The confidentiality budget of %(year)s is not set up")
        if budget is None
        else _("The confidentiality budget of %(year)s plans no amount")
    )
    url = f"{reverse('budget')}?{urlencode({'year': year})}"
    return Evidence(Finding.PROBLEM, [Fact(text % {"year": year}, url)])


PROVIDERS = (
    EvidenceProvider(
        "budget.planned", gettext_lazy("This year's confidentiality budget set up"), planned
    ),
)
