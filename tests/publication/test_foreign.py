"""Foreign journalists and visitors (PRESS-FOREIGN): a phone interview is recorded refused and
never accepted; an invited interview or a visit is asked with its talking points, scope, route
and hosts, approved, then held."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest
from baomi.approvals.models import State as ApprovalState
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.publication.models import ForeignKind, ForeignState
from baomi.publication.operations import foreign as ops
from baomi.publication.queries import foreign as queries
from tests.factories import audit_events
from tests.publication.test_review import Chart, grant
from tests.publication.test_review import chart as chart

TODAY = timezone.localdate


def visit(chart: Chart, **kw):
    kw.setdefault("kind", ForeignKind.VISIT)
    kw.setdefault("party", "某国工商代表团")
    kw.setdefault("country", "德国")
    kw.setdefault("subject", "参观生产线")
    kw.setdefault("starts", TODAY())
    kw.setdefault("talking_points", "介绍公司概况与公开产品，不涉及研发项目")
    kw.setdefault("scope", "展厅、一号车间")
    kw.setdefault("route", "大门—展厅—一号车间—会议室")
    kw.setdefault("host_ids", [chart.staff.person_id])
    return ops.record_foreign(actor=kw.pop("actor", chart.officer), **kw)


def test_a_phone_interview_is_recorded_refused_and_never_accepted__PRESS_FOREIGN(chart: Chart):
    item = ops.record_foreign(
        actor=chart.other,
        kind=ForeignKind.PHONE,
        party="某境外通讯社",
        country="美国",
        contact="+1 555 0100",
        subject="询问新产品研发进度",
        starts=TODAY(),
    )
    assert item.state == ForeignState.REFUSED and item.approval_id is None
    assert audit_events("publication.phone_interview_refused")
    with pytest.raises(RuleViolation) as refused:
        ops.hold_foreign(actor=chart.officer, foreign_id=item.pk, outcome="接受采访")
    assert refused.value.rule_id == "PRESS-FOREIGN"


def test_a_visit_needs_its_terms_before_it_is_asked__PRESS_FOREIGN(chart: Chart):
    for field in ("talking_points", "scope", "route"):
        with pytest.raises(InvalidInput) as missing:
            visit(chart, **{field: ""})
        assert missing.value.field == field
    with pytest.raises(InvalidInput) as hosts:
        visit(chart, host_ids=[])
    assert hosts.value.field == "host_ids"
    with pytest.raises(InvalidInput) as stranger:
        visit(chart, host_ids=[10**12])
    assert stranger.value.field == "host_ids"
    with pytest.raises(InvalidInput) as backwards:
        visit(chart, ends=TODAY() - datetime.timedelta(days=1))
    assert backwards.value.field == "ends"


def test_a_visit_is_held_only_once_approved__PRESS_FOREIGN(chart: Chart):
    item = visit(chart)
    assert item.approval is not None
    assert item.approval.params["route"] == "大门—展厅—一号车间—会议室"
    assert [s.approver_id for s in item.approval.steps.all()] == [chart.boss.person_id]
    with pytest.raises(RuleViolation) as refused:
        ops.hold_foreign(actor=chart.officer, foreign_id=item.pk, outcome="参观顺利")
    assert refused.value.rule_id == "PRESS-FOREIGN"
    grant(item.approval)
    assert queries.next_steps(chart.staff, queries.request(chart.staff, item.pk)) == ["hold"]
    held = ops.hold_foreign(actor=chart.staff, foreign_id=item.pk, outcome="按路线参观，未越界")
    assert held.state == ForeignState.HELD and held.held_on == TODAY()
    assert ApprovalRequest.objects.get(pk=item.approval_id).state == ApprovalState.CONSUMED
    with pytest.raises(Conflict):
        ops.hold_foreign(actor=chart.officer, foreign_id=item.pk, outcome="again")


def test_an_approval_of_other_terms_covers_nothing__PRESS_FOREIGN(chart: Chart):
    item = visit(chart, kind=ForeignKind.INTERVIEW, party="某境外电视台")
    grant(item.approval)
    ApprovalRequest.objects.filter(pk=item.approval_id).update(
        params={**item.approval.params, "route": "任意"}
    )
    with pytest.raises(RuleViolation) as refused:
        ops.hold_foreign(actor=chart.officer, foreign_id=item.pk, outcome="采访")
    assert refused.value.rule_id == "PRESS-FOREIGN"


def test_who_knows_a_visit_and_who_cancels_it__PRESS_FOREIGN(chart: Chart):
    item = visit(chart)
    assert queries.request(chart.staff, item.pk)  # a host
    with pytest.raises(NotFound):
        queries.request(chart.other, item.pk)
    with pytest.raises(AccessDenied):
        ops.cancel_foreign(actor=chart.staff, foreign_id=item.pk)
    cancelled = ops.cancel_foreign(actor=chart.officer, foreign_id=item.pk)
    assert cancelled.state == ForeignState.CANCELLED
    assert ApprovalRequest.objects.get(pk=item.approval_id).state == ApprovalState.WITHDRAWN


def test_the_foreign_register_exports__PRESS_FOREIGN(chart: Chart):
    visit(chart)
    table = queries.register_table(chart.officer)
    assert table.rows[0][2] == "某国工商代表团"
    for fmt in ("xlsx", "pdf"):
        assert queries.export_register(chart.officer, fmt).content
    with pytest.raises(AccessDenied):
        queries.register_table(chart.staff)
