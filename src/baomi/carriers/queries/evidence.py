"""The carriers' answer to the self-inspection checklist (``seams.evidence``,
INSP-CHECKLIST: 涉密载体清理完毕): the copies held in the inspection's scope past the time they
were due back (CIRC-SAMEDAY, LOAN-DUE, CARRY-APPROVE, CIRC-MEETING-RETURN), one query; each
fact names the copy by its document's number and its copy number (never the title, which the
inspector may not be cleared for) and links to the document's page, which CLS-MAC guards."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.carriers.models import HELD_STATES, Copy
from baomi.seams.evidence import MOST_FACTS, Evidence, EvidenceProvider, Fact, Scope, found


def overdue(organisation_id: int, scope: Scope, moment: datetime.datetime) -> Evidence:
    """Copies held (by their holder, else their custodian) in the scope and overdue at
    ``moment``."""
    copies = Copy.objects.filter(
        organisation_id=organisation_id, state__in=HELD_STATES, due_at__lt=moment
    )
    if scope.department_path:
        copies = copies.filter(
            Q(holder__department__path__startswith=scope.department_path)
            | Q(holder=None, custodian__department__path__startswith=scope.department_path)
        )
    if scope.person_id:
        copies = copies.filter(
            Q(holder_id=scope.person_id) | Q(holder=None, custodian_id=scope.person_id)
        )
    rows = list(
        copies.select_related("document", "holder", "custodian").order_by("due_at", "pk")[
            :MOST_FACTS
        ]
    )
    total = len(rows) if len(rows) < MOST_FACTS else copies.count()
    facts = [
        Fact(
            _("%(document)s copy %(copy)s, held by %(holder)s, due back %(due)s")
            % {
                "document": copy.document.number,
                "copy": copy.number,
                "holder": copy.holder or copy.custodian,
                "due": timezone.localtime(copy.due_at).strftime("%Y-%m-%d %H:%M"),
            },
            reverse("document", args=[copy.document_id]),
        )
        for copy in rows
    ]
    return found(facts, total, gettext_lazy("… and %(n)s more"))


PROVIDERS = (
    EvidenceProvider(
        "carriers.overdue", gettext_lazy("Carriers cleaned up (no overdue copies)"), overdue
    ),
)
