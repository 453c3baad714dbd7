"""The seals' answer to the self-inspection checklist and the accreditation
(``seams.evidence``, SEAL-LOG: 印章下班后锁入保险柜): the seals of the scope — kept by a person
of its department, or by its person — with a working day of the last month (``DAYS`` days up
to the moment) whose work ended without the keeper's lock-up confirmed while the seal was in
the office (``figures.missing_on``), one query over the seals. Each fact names the seal and
its days and links to the seal's page."""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db.models import BooleanField, Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.seals.models import Seal
from baomi.seals.queries.figures import missing_on, working_ends
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found

# The last month, in days up to the moment.
DAYS = 30
MORE = gettext_lazy("… and %(n)s more")


def lock_up(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Seals with working days of the last ``DAYS`` days ended by ``moment`` without a
    lock-up confirmed."""
    last = timezone.localdate(moment)
    days = working_ends(organisation_id, last - datetime.timedelta(days=DAYS - 1), last, moment)
    if not days:
        return found([], 0, MORE)
    flags = {
        f"d{i}": Case(
            When(missing_on(day, end), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for i, (day, end) in enumerate(days)
    }
    seals = (
        Seal.objects.filter(organisation_id=organisation_id)
        .annotate(**flags)
        .filter(reduce(or_, (Q(**{name: True}) for name in flags)))
    )
    if scope.department_path:
        seals = seals.filter(keeper__department__path__startswith=scope.department_path)
    if scope.person_id:
        seals = seals.filter(keeper_id=scope.person_id)
    rows = list(seals.select_related("keeper").order_by("name", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else seals.count()
    facts = []
    for seal in rows:
        missed = [day for i, (day, _end) in enumerate(days) if getattr(seal, f"d{i}")]
        facts.append(
            Fact(
                _("%(seal)s (keeper %(keeper)s): no lock-up confirmed on %(days)s")
                % {
                    "seal": seal.name,
                    "keeper": seal.keeper.name,
                    "days": "、".join(f"{day:%Y-%m-%d}" for day in missed),
                },
                reverse("seal", args=[seal.pk]),
            )
        )
    return found(facts, total, MORE)


PROVIDERS = (
    EvidenceProvider(
        "seals.lockup", gettext_lazy("Seals locked away after every working day"), lock_up
    ),
)
