"""The incidents' answer for the accreditation self-score (``seams.evidence``, INC-RECORD;
an entry condition of the 军工保密资质: no leak in the last year): the leaks (泄密) discovered
in the twelve months up to the moment, one query (and a count when more than ``MOST_FACTS``).
A fact names an incident by its kind, day and state only, never its title (the reader of a
checklist may not know it), and links to its page, which ``policies.INCIDENTS`` guards."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.incidents.models import Incident, IncidentKind, IncidentPerson
from baomi.incidents.queries.incidents import add_months
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found


def leaks(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Incidents of the kind 泄密 (a leak) discovered after the same moment twelve months
    before ``moment`` and by ``moment``, whatever their state. An incident names no
    department: a department's scope narrows to the leaks naming a person of it (with its
    sub-departments), a person's to those naming them."""
    found_leaks = Incident.objects.filter(
        organisation_id=organisation_id,
        kind=IncidentKind.LEAK,
        discovered_at__gt=add_months(moment, -12),
        discovered_at__lte=moment,
    )
    named = IncidentPerson.objects.filter(incident_id=OuterRef("pk"))
    if scope.department_path:
        found_leaks = found_leaks.filter(
            Exists(named.filter(person__department__path__startswith=scope.department_path))
        )
    if scope.person_id:
        found_leaks = found_leaks.filter(Exists(named.filter(person_id=scope.person_id)))
    rows = list(found_leaks.order_by("-discovered_at", "-pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else found_leaks.count()
    facts = [
        Fact(
            _("A leak discovered on %(day)s (%(state)s)")
            % {
                "day": timezone.localdate(item.discovered_at).isoformat(),
                "state": item.get_state_display(),
            },
            reverse("incident", args=[item.pk]),
        )
        for item in rows
    ]
    return found(facts, total, gettext_lazy("… and %(n)s more"))


PROVIDERS = (
    EvidenceProvider("incidents.none", gettext_lazy("No leak in the last twelve months"), leaks),
)
