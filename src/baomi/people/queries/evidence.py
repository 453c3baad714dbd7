"""The people's files' answer to the self-inspection checklist (``seams.evidence``,
INSP-CHECKLIST: 保密承诺书签订): the cleared people in post of the inspection's scope without a
signed confidentiality agreement in their security file (PPL-VET), one query; each fact links
to the person's page."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.core.levels import Clearance
from baomi.org.models import Employment, Person
from baomi.people.models import DocumentKind, SignedDocument
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found


def commitments(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Cleared people in post without a signed confidentiality agreement by ``moment``."""
    people = (
        Person.objects.filter(organisation_id=organisation_id, employment=Employment.ACTIVE)
        .exclude(clearance=Clearance.NONE)
        .exclude(
            Exists(
                SignedDocument.objects.filter(
                    person_id=OuterRef("pk"),
                    kind=DocumentKind.AGREEMENT,
                    signed_on__lte=timezone.localdate(moment),
                )
            )
        )
    )
    if scope.department_path:
        people = people.filter(department__path__startswith=scope.department_path)
    if scope.person_id:
        people = people.filter(pk=scope.person_id)
    rows = list(people.select_related("department").order_by("staff_number")[:MOST_FACTS])
    total = len(rows) if len(rows) < MOST_FACTS else people.count()
    facts = [
        Fact(
            _("%(name)s (%(department)s): no signed confidentiality agreement on file")
            % {"name": person.name, "department": person.department.name},
            reverse("person", args=[person.pk]),
        )
        for person in rows
    ]
    return found(facts, total, gettext_lazy("… and %(n)s more"))


PROVIDERS = (
    EvidenceProvider("people.commitments", gettext_lazy("Commitment letters signed"), commitments),
)
