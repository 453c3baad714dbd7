"""One SECRET incoming document from the envelope to the shredder, through the operations the
pages and the API call — every refusal on the way named by its rule, and the audit chain
still verifying at the end."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from baomi.audit import verification
from baomi.carriers.models import CopyState, Custody, DestructionMethod
from baomi.carriers.operations import circulation, incoming, use
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.queries import copies as copy_queries
from baomi.carriers.queries import registers
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.core.registers import Filters


def _refused(rule_id: str, func, **kwargs) -> None:
    with pytest.raises(RuleViolation) as refused:
        func(**kwargs)
    assert refused.value.rule_id == rule_id, refused.value


def test_a_secret_document_from_registration_to_destruction(office):
    """IN-NUMBER, IN-ROUTE, CIRC-DIRECT, CIRC-SIGN, CIRC-SAMEDAY, COPY-TS, DESTROY-APPROVE,
    DESTROY-WITNESS: the walk of issue 3's proof, end to end."""
    clerk, director = office.clerk, office.director
    a, b, c = office.readers

    # 09:10 — the envelope is registered: the next number of the classified register.
    entry = office.incoming(level=Level.SECRET, copies=1, number="市保发〔2026〕7号")
    assert (entry.series, entry.sequence) == ("classified", 1)
    (copy,) = office.copies(entry)

    # The routing slip goes to the director, who names three readers.
    incoming.route(actor=clerk, entry_id=entry.pk)
    incoming.instruct(
        actor=director,
        entry_id=entry.pk,
        instruction="请张一、张二、张三阅",
        reader_ids=[a.person_id, b.person_id, c.person_id],
    )

    # Reader A signs for it, then tries to hand it straight to B: refused.
    circulation.circulate(actor=clerk, copy_id=copy.pk, reader_id=a.person_id)
    circulation.confirm_receipt(actor=a, copy_id=copy.pk)
    _refused("CIRC-DIRECT", circulation.circulate, actor=a, copy_id=copy.pk, reader_id=b.person_id)
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.CIRCULATING, a.person_id)
    circulation.return_copy(actor=clerk, copy_id=copy.pk)

    circulation.circulate(actor=clerk, copy_id=copy.pk, reader_id=b.person_id)
    circulation.confirm_receipt(actor=b, copy_id=copy.pk)
    circulation.return_copy(actor=clerk, copy_id=copy.pk)

    # C keeps it past the end of the working day: overdue on the desk, late in the register.
    custody = circulation.circulate(actor=clerk, copy_id=copy.pk, reader_id=c.person_id)
    circulation.confirm_receipt(actor=c, copy_id=copy.pk)
    late = custody.due_at + datetime.timedelta(hours=1)
    assert [x.pk for x in copy_queries.desk(clerk, late).overdue] == [copy.pk]
    assert [x.pk for x in copy_queries.overdue(c, late)] == [copy.pk]
    with mock.patch("django.utils.timezone.now", return_value=late):
        circulation.return_copy(actor=clerk, copy_id=copy.pk)
    entry.refresh_from_db()
    assert entry.circulated_at is not None  # every named reader has read it (IN-URGENT)
    lines = registers.lines(clerk, "circulation", Filters(state="overdue"))
    assert [line.pk for line in lines] == [Custody.objects.get(copy=copy, holder=c.person).pk]

    # A TOP_SECRET item is never reproduced without its issuer's approval.
    top = office.incoming(level=Level.TOP_SECRET, copies=1, readers=[])
    (top_copy,) = office.copies(top)
    _refused(
        "COPY-TS",
        use.reproduce,
        actor=clerk,
        copy_id=top_copy.pk,
        count=1,
        method="photocopy",
        made_by_id=clerk.person_id,
    )

    # Destruction: approved by the leader in charge, refused with one witness, done with two.
    request = destruction_ops.request_destruction(
        actor=clerk, copy_ids=[copy.pk], reason="清退后销毁"
    )
    office.approve_all(request)
    destruction = {
        "actor": clerk,
        "copy_ids": [copy.pk],
        "method": DestructionMethod.SHREDDING,
        "place": "保密办碎纸室",
        "operator_id": clerk.person_id,
    }
    _refused(
        "DESTROY-WITNESS",
        destruction_ops.destroy,
        **destruction,
        witness_ids=[office.officer.person_id],
    )
    copy.refresh_from_db()
    assert copy.state == CopyState.WITH_CUSTODIAN
    destruction_ops.destroy(
        **destruction, witness_ids=[office.officer.person_id, office.director.person_id]
    )
    copy.refresh_from_db()
    assert (copy.state, copy.holder_id) == (CopyState.DESTROYED, None)
    assert [e.action for e in copy.timeline.order_by("pk")] == [
        "registered",
        *["circulated", "receipt_signed", "returned"] * 3,
        "destroyed",
    ]

    # Every step and every refusal is in the chain, and the chain verifies.
    verdict = verification.verify()
    assert verdict.ok, verdict
