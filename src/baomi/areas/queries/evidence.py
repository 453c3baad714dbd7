"""The secure areas' answer to the self-inspection checklist and the accreditation
(``seams.evidence``, AREA-LIST: 要害部门部位确定并登记): the areas in use of the scope whose keeper
is not a person in post cleared for the area's level, one query — or, for the whole
organisation, no area listed at all. Each fact links to the area's page."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.areas.models import SecureArea
from baomi.org.models import Employment
from baomi.seams.evidence import (
    MOST_FACTS,
    Evidence,
    EvidenceProvider,
    Fact,
    Finding,
    Scope,
    found,
)

MORE = gettext_lazy("… and %(n)s more")


def registered(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Areas in use (listed by ``moment``) owned by the scope's department, or kept by its
    person, whose keeper has left or is cleared below the area's level; a problem too when
    the organisation lists no area at all (asked for the whole organisation)."""
    areas = SecureArea.objects.filter(
        organisation_id=organisation_id, active=True, created_at__lte=moment
    )
    if scope.department_path:
        areas = areas.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        areas = areas.filter(keeper_id=scope.person_id)
    whole = not scope.department_path and not scope.person_id
    if whole and not areas.exists():
        return Evidence(Finding.PROBLEM, [Fact(_("No secure area is listed."), reverse("areas"))])
    faulty = areas.filter(
        ~Q(keeper__employment=Employment.ACTIVE) | Q(keeper__clearance__lt=F("level"))
    )
    rows = list(faulty.select_related("keeper").order_by("name", "pk")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else faulty.count()
    facts = [
        Fact(
            _("%(area)s: its keeper %(keeper)s is not in post cleared for its level")
            % {"area": area.name, "keeper": area.keeper.name},
            reverse("area", args=[area.pk]),
        )
        for area in rows
    ]
    return found(facts, total, MORE)


PROVIDERS = (
    EvidenceProvider(
        "areas.registered",
        gettext_lazy("Secure areas listed, each with a cleared keeper"),
        registered,
    ),
)
