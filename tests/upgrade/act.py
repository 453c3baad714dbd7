"""What the office does first on the upgraded database, with the current code's operations and
queries; run by the upgrade drill in a process of its own (``python tests/upgrade/act.py``,
BAOMI_* naming the database). Prints what happened as JSON.

1. The clerk registers again the release's first incoming document, with the same number from
   the same issuer: IN-NUMBER refuses it by the receipt key that migration carriers 0003
   filled in for the release's register lines (the refusal is chained as its own event).
2. The clerk registers a new incoming document: a register line numbered after the release's
   last, and its event chained onto the migrated head.
3. The clerk reads the release's first document as the API does: the read is staged (the
   staging table of audit 0006) and then chained by ``seal``.
"""

from __future__ import annotations

import json
import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    django.setup()
    from django.utils import timezone

    from baomi.accounts.models import Account
    from baomi.audit import recorder
    from baomi.carriers import queries
    from baomi.carriers.models import IncomingEntry
    from baomi.carriers.operations import incoming
    from baomi.core.errors import RuleViolation

    clerk = Account.objects.select_related("person").get(username="clerk")
    first = IncomingEntry.objects.select_related("document").order_by("pk").first()
    assert first is not None, "the release's demo registered no incoming document"
    assert first.year == timezone.localdate().year, "the release's register is of another year"
    refused = None
    try:
        incoming.register_incoming(
            actor=clerk,
            number=first.document.number,
            title="同一份文件再次登记",
            level=first.document.level,
            term_years=10,
            issuer=first.received_from,
        )
    except RuleViolation as violation:
        refused = violation.rule_id
    entry = incoming.register_incoming(
        actor=clerk,
        number="升级演练〔2026〕1号",
        title="升级后登记的第一份来文",
        level=first.document.level,
        term_years=10,
        issuer="市保密局",
    )
    read = queries.document_read(clerk, first.document_id)
    sealed = recorder.seal()
    print(
        json.dumps(
            {
                "refused": refused,
                "entry": entry.pk,
                "series": entry.series,
                "sequence": entry.sequence,
                "document": entry.document_id,
                "read": read["id"],
                "sealed": sealed,
            }
        )
    )


if __name__ == "__main__":
    main()
