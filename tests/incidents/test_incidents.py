"""Incidents (INC-RECORD) and the loss report that opens one (LOSS-REPORT): recording, the
remedies, the report upward (late is recorded as late), the investigation, closing refused
while a serious incident is unreported or uninvestigated, the deadlines with a moment, the
annual count and the 泄密事件报告 PDF."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.carriers.models import LossReport
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.incidents.models import Incident, IncidentKind, IncidentState, PersonRole
from baomi.incidents.operations import incidents as ops
from baomi.incidents.queries import incidents as queries
from baomi.rulebook.operations import set_rule
from baomi.seams.deadlines import State, deadlines
from tests.factories import audit_events
from tests.incidents.conftest import record, report_loss

NOW = timezone.now


def test_a_loss_report_opens_a_serious_loss_incident__LOSS_REPORT(office, secret):
    copies = office.copies(secret)[:2]
    loss = report_loss(office, copies)
    item = Incident.objects.get()
    assert (item.kind, item.serious, item.level) == (IncidentKind.LOSS, True, Level.SECRET)
    assert item.loss_id == loss.pk and item.reporter_id == office.readers[0].person_id
    assert set(item.copies.values_list("pk", flat=True)) == {c.pk for c in copies}
    assert item.discovered_at == loss.discovered_at and item.state == IncidentState.OPEN
    assert list(item.named.values_list("person_id", "role")) == [
        (office.readers[0].person_id, PersonRole.DISCOVERER)
    ]
    assert audit_events("incidents.opened_by_loss")[-1]["data"]["loss"] == loss.pk


def test_a_leak_reported_opens_a_leak_incident__LOSS_REPORT(office, secret):
    report_loss(office, office.copies(secret)[:1], leak=True)
    assert Incident.objects.get().kind == IncidentKind.LEAK


def test_a_refused_loss_report_opens_no_incident__LOSS_REPORT(office, secret):
    with pytest.raises(InvalidInput):
        report_loss(office, office.copies(secret)[:1], circumstances=" ")
    assert not Incident.objects.exists() and not LossReport.objects.exists()


def test_the_officer_records_an_incident_with_people_and_copies__INC_RECORD(office, secret):
    copy = office.copies(secret)[0]
    item = record(
        office,
        serious=True,
        people=[{"person_id": office.readers[1].person_id, "role": "responsible"}],
        copy_ids=[copy.pk],
        place="技术部办公室",
    )
    assert item.level == Level.SECRET and item.reporter_id == office.officer.person_id
    assert list(item.named.values_list("role", flat=True)) == ["responsible"]
    assert list(item.copies.all()) == [copy]


def test_only_the_office_records__INC_RECORD(office):
    with pytest.raises(AccessDenied):
        record(office, actor=office.readers[0])
    with pytest.raises(AccessDenied):
        record(office, actor=office.clerk)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"kind": "fire"}, "kind"),
        ({"title": " "}, "title"),
        ({"account": ""}, "account"),
        ({"discovered_at": "yesterday"}, "discovered_at"),
        ({"discovered_at": datetime.datetime(2026, 1, 1)}, "discovered_at"),
        ({"occurred_at": timezone.now() + datetime.timedelta(days=1)}, "occurred_at"),
        ({"level": 9}, "level"),
        ({"people": [{"person_id": 10**9}]}, "people"),
        ({"people": [{"person_id": 1, "role": "boss"}]}, "people"),
        ({"copy_ids": ["x"]}, "copy_ids"),
    ],
)
def test_bad_input_names_the_field__INC_RECORD(office, kw, field):
    with pytest.raises(InvalidInput) as caught:
        record(office, **kw)
    assert caught.value.field == field
    assert not Incident.objects.exists()


def test_a_copy_the_officer_may_not_know_is_not_found__INC_RECORD(office):
    hidden = office.incoming(level=Level.SECRET, copies=1, readers=[office.readers[0]])
    copy = office.copies(hidden)[0]
    other = office.world.account(
        __import__("baomi.access.roles", fromlist=["Role"]).Role.SECURITY_OFFICER,
        clearance=__import__("baomi.core.levels", fromlist=["Clearance"]).Clearance.GENERAL,
    )
    with pytest.raises(NotFound):
        record(office, actor=other, copy_ids=[copy.pk])


def test_closing_a_serious_incident_needs_the_report_and_the_investigation__INC_RECORD(office):
    item = record(office, serious=True, remedies="已收回")
    with pytest.raises(RuleViolation) as caught:
        ops.close_incident(actor=office.officer, incident_id=item.pk)
    assert caught.value.rule_id == "INC-RECORD"
    ops.report_upward(actor=office.officer, incident_id=item.pk, report_text="已书面报告")
    assert Incident.objects.get().state == IncidentState.REPORTED
    with pytest.raises(RuleViolation):
        ops.close_incident(actor=office.officer, incident_id=item.pk)
    ops.record_investigation(
        actor=office.officer, incident_id=item.pk, result="系保管不善", sanctions="通报批评"
    )
    with pytest.raises(RuleViolation):
        ops.record_investigation(actor=office.officer, incident_id=item.pk, result="再查")
    closed = ops.close_incident(actor=office.officer, incident_id=item.pk)
    assert closed.state == IncidentState.CLOSED and closed.closed_at is not None
    with pytest.raises(Conflict):
        ops.record_remedies(actor=office.officer, incident_id=item.pk, remedies="x")


def test_an_uninvestigated_serious_incident_is_not_closed__INC_RECORD(office):
    item = record(office, serious=True, remedies="已收回")
    ops.report_upward(actor=office.officer, incident_id=item.pk, report_text="已报告")
    with pytest.raises(RuleViolation) as caught:
        ops.close_incident(actor=office.officer, incident_id=item.pk)
    assert "完成调查" in str(caught.value)


def test_a_minor_incident_closes_once_its_remedies_are_recorded__INC_RECORD(office):
    item = record(office)
    with pytest.raises(RuleViolation):
        ops.close_incident(actor=office.officer, incident_id=item.pk)
    ops.record_remedies(actor=office.officer, incident_id=item.pk, remedies="批评教育，已收回")
    assert ops.close_incident(actor=office.officer, incident_id=item.pk).state == "closed"


def test_a_late_report_upward_is_recorded_as_late__INC_RECORD(office):
    item = record(office, serious=True, discovered_at=NOW() - datetime.timedelta(hours=30))
    ops.report_upward(actor=office.officer, incident_id=item.pk, report_text="补报")
    assert audit_events("incidents.reported_upward")[-1]["data"]["late"] is True
    with pytest.raises(Conflict):
        ops.report_upward(actor=office.officer, incident_id=item.pk, report_text="again")


def test_the_24_hour_report_falls_overdue_after_24_hours__INC_RECORD(office, secret):
    discovered = NOW() - datetime.timedelta(hours=2)
    report_loss(office, office.copies(secret)[:1], discovered_at=discovered)
    item = Incident.objects.get()
    org = office.world.organisation.pk
    found = [d for d in deadlines(org, NOW()) if d.rule_id == "INC-RECORD"]
    report, investigation = sorted(found, key=lambda d: d.due_at)
    assert report.due_at == discovered + datetime.timedelta(hours=24)
    assert report.subject_id == item.pk
    assert report.state(discovered + datetime.timedelta(hours=23)) == State.DUE
    assert report.state(discovered + datetime.timedelta(hours=24, minutes=1)) == State.OVERDUE
    assert investigation.due_at == queries.add_months(discovered, 3)
    assert not queries.report_overdue(item, discovered + datetime.timedelta(hours=23))
    assert queries.report_overdue(item, discovered + datetime.timedelta(hours=25))
    ops.report_upward(actor=office.officer, incident_id=item.pk, report_text="已报告")
    found = [d for d in deadlines(org, NOW()) if d.rule_id == "INC-RECORD"]
    assert [d.done for d in sorted(found, key=lambda d: d.due_at)] == [True, False]


def test_the_deadlines_follow_the_rule_parameters__INC_RECORD(office):
    set_rule(
        actor=office.officer,
        rule_id="INC-RECORD",
        enabled=True,
        params={"report_hours": 12, "investigate_months": 1},
    )
    item = record(office, serious=True)
    assert queries.report_due(item) == item.discovered_at + datetime.timedelta(hours=12)
    assert queries.investigation_due(item) == queries.add_months(item.discovered_at, 1)


def test_a_minor_incident_has_only_its_investigation_deadline__INC_RECORD(office):
    item = record(office, discovered_at=NOW() - datetime.timedelta(days=100))
    (deadline,) = [
        d for d in deadlines(office.world.organisation.pk, NOW()) if d.rule_id == "INC-RECORD"
    ]
    assert deadline.subject_id == item.pk and deadline.state(NOW()) == State.OVERDUE
    assert [i.pk for i in queries.incidents(office.officer, status="investigation_overdue")] == [
        item.pk
    ]


def test_add_months_keeps_the_day_or_the_month_end():
    zone = timezone.get_default_timezone()
    moment = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=zone)
    assert queries.add_months(moment, 3) == datetime.datetime(2027, 2, 28, 9, 0, tzinfo=zone)


def test_the_annual_count_by_kind__INC_RECORD(office, secret):
    year = timezone.localdate().year
    org = office.world.organisation.pk
    assert queries.count_for_year(org, year)["total"] == 0
    record(office)
    report_loss(office, office.copies(secret)[:1])
    count = queries.count_for_year(org, year)
    assert (count["violation"], count["loss"], count["leak"], count["total"]) == (1, 1, 0, 2)
    assert count["serious"] == 1
    assert queries.count_for_year(org, year - 1)["total"] == 0


def test_the_incident_report_pdf_is_marked_and_recorded__INC_RECORD(office, secret):
    report_loss(office, office.copies(secret)[:1])
    item = Incident.objects.get()
    printed = queries.printed(office.officer, item.pk)
    assert printed.content.startswith(b"%PDF") and printed.form.title == "泄密事件报告"
    assert printed.form.level == Level.SECRET
    text = repr(printed.form.blocks)
    assert secret.document.number in text and "第001份" in text and "张一" in text
    assert audit_events("incidents.report_printed")[-1]["data"]["level"] == Level.SECRET
    with pytest.raises(NotFound):
        queries.printed(office.readers[1], item.pk)


def test_the_reporter_knows_the_incident_others_do_not__INC_RECORD(office, secret):
    report_loss(office, office.copies(secret)[:1])
    item = Incident.objects.get()
    assert queries.incident(office.readers[0], item.pk) == item
    for other in (office.readers[1], office.clerk, office.head):
        with pytest.raises(NotFound):
            queries.incident(other, item.pk)
