"""Issue 15's journey, through the operations (SQLite and PostgreSQL): a department's monthly
self-inspection opened pre-filled from the records with two planted problems — a classified
laptop someone tried to put on the internet (DEV-AIRGAP, the refused attempt left open as an
alert) and a copy circulated to the department and not back by the end of the day
(CIRC-SAMEDAY) — shows both as findings with their evidence links (INSP-MONTHLY,
INSP-CHECKLIST); submitted, they become rectifications (INSP-RECTIFY); the copy's is marked
done by its owner and verified by the security office (closed), the laptop's goes overdue and
escalates to the department head, then to the office. Then a loss report opens a serious
incident whose 24-hour report upward is overdue at discovery + 25 h until it is recorded, and
the 泄密事件报告 answers as a PDF (LOSS-REPORT, INC-RECORD).

Time is the test's: ``django.utils.timezone.now`` follows a clock set to a Wednesday of a
coming week, in an organisation working 08:30–16:00 Monday to Friday."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.carriers.operations import circulation
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices.operations import ledger, upkeep
from baomi.incidents.models import Incident, IncidentKind
from baomi.incidents.operations import incidents as incident_ops
from baomi.incidents.queries import incidents as incident_queries
from baomi.org import operations as org
from baomi.org.models import Person
from baomi.oversight.models import InspectionKind, InspectionState, RectificationState, Verdict
from baomi.oversight.operations import rectifications as rectify
from baomi.oversight.operations.inspections import answer_item, open_inspection, submit_inspection
from baomi.oversight.queries import inspections as inspection_queries
from baomi.oversight.queries import rectifications as rectification_queries
from baomi.people.operations.papers import record_paper
from baomi.seams.deadlines import DEADLINE_PROVIDERS, State, deadlines
from tests.carriers.conftest import Office, build_office
from tests.factories import World, audit_events
from tests.incidents.conftest import report_loss
from tests.web.conftest import signed_in

AIRGAP, OVERDUE_COPIES = "devices.airgap", "carriers.overdue"


class Clock:
    """``django.utils.timezone.now`` under the test's control."""

    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> datetime.datetime:
        self.at += datetime.timedelta(**delta)
        return self.at


def _wednesday() -> datetime.datetime:
    """10:00 on a Wednesday at least a week ahead (the clock never goes back)."""
    today = timezone.localdate()
    day = today + datetime.timedelta(days=7 + (3 - today.isoweekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def office(world: World) -> Office:
    built = build_office(world)
    org.set_working_hours(
        actor=None,
        day_start=datetime.time(8, 30),
        day_end=datetime.time(16, 0),
        weekdays="12345",
        organisation_id=world.organisation.pk,
    )
    return built


@pytest.fixture
def clock(office: Office) -> Iterator[Clock]:
    c = Clock(_wednesday())
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.at):
        yield c


def _agreements_signed(office: Office) -> None:
    """Every cleared person of the tech department has signed the confidentiality agreement
    (PPL-VET): the checklist's last item is in order, so the planted problems stand alone."""
    tech = office.world.departments["tech"]
    people = Person.objects.filter(department__path__startswith=tech.path).exclude(clearance=0)
    for person in people:
        record_paper(
            actor=office.officer,
            person_id=person.pk,
            kind="agreement",
            signed_on=timezone.localdate(),
            version="2026版",
            kept_in="保密办档案柜",
        )


def _plant_the_laptop(office: Office):
    """A SECRET laptop kept by a reader of tech, with its antivirus current (DEV-AV in
    order); someone tries to connect it to the internet: refused, the alert left open."""
    keeper = office.readers[0]
    laptop = ledger.register_asset(
        actor=office.officer,
        type="laptop",
        number="JSJ-003",
        level=Level.SECRET,
        custodian_id=keeper.person_id,
    )
    upkeep.record_av_update(
        actor=keeper, computer_id=laptop.pk, signatures_on=timezone.localdate(), product="瑞星"
    )
    with pytest.raises(RuleViolation) as refused:
        ledger.change_network(actor=office.officer, asset_id=laptop.pk, network="internet")
    assert refused.value.rule_id == "DEV-AIRGAP"
    return laptop


def _plant_the_copy(office: Office):
    """A SECRET copy circulated to a reader of tech, due back by the end of the day."""
    entry = office.incoming(level=Level.SECRET, copies=1)
    copy = office.copies(entry)[0]
    custody = circulation.circulate(
        actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[1].person_id
    )
    return copy, custody


def test_an_inspection_finds_two_planted_problems_that_are_put_right_or_escalate__INSP_RECTIFY(
    office, clock
):
    world, head, officer = office.world, office.tech_head, office.officer
    organisation_id = world.organisation.pk
    tech = world.departments["tech"]
    _agreements_signed(office)
    laptop = _plant_the_laptop(office)
    copy, custody = _plant_the_copy(office)
    assert custody.due_at.date() == clock.at.date()

    # Half an hour after the copy was due back, the head opens the month's inspection.
    clock.at = custody.due_at + datetime.timedelta(minutes=30)
    found = open_inspection(
        actor=head, kind=InspectionKind.DEPARTMENT_MONTHLY, department_id=tech.pk
    )
    answers = inspection_queries.answers(found)
    by_key = {a.item.evidence: a for a in answers}
    problems = [a.item.evidence for a in answers if a.prefilled == Verdict.PROBLEM]
    assert problems == [AIRGAP, OVERDUE_COPIES]
    assert [a.prefilled for a in answers if a.item.evidence not in problems] == [
        "ok",
        "ok",
        "ok",
        "ok",
        "",  # personal papers: the inspector answers alone
        "ok",
    ]
    [airgap_fact] = by_key[AIRGAP].evidence
    assert airgap_fact["url"] == f"/devices/{laptop.pk}/" and "JSJ-003" in airgap_fact["text"]
    [copy_fact] = by_key[OVERDUE_COPIES].evidence
    assert copy_fact["url"] == f"/documents/{copy.document_id}/"
    assert copy.document.number in copy_fact["text"]
    assert copy.document.title not in copy_fact["text"]
    [opened] = audit_events("oversight.inspection_opened")
    assert opened["data"]["problems"] == 2 and "INSP-MONTHLY" in opened["data"]["rules"]
    # The inspection's page shows both findings with their links.
    html = signed_in(head).get(reverse("inspection", args=[found.pk])).content.decode()
    assert html.count('data-prefilled="problem"') == 2
    assert f'href="/devices/{laptop.pk}/"' in html
    assert f'href="/documents/{copy.document_id}/"' in html

    # The head confirms each answer (noting the two problems) and submits.
    notes = {AIRGAP: "涉密笔记本曾试图连接互联网", OVERDUE_COPIES: "传阅文件当日未归还"}
    for answer in answers:
        answer_item(
            actor=head,
            inspection_id=found.pk,
            answer_id=answer.pk,
            verdict=answer.prefilled or Verdict.OK,
            note=notes.get(answer.item.evidence, ""),
        )
    due = timezone.localdate() + datetime.timedelta(days=5)
    submitted = submit_inspection(actor=head, inspection_id=found.pk, due=due)
    assert submitted.state == InspectionState.SUBMITTED
    tasks = {
        t.answer.item.evidence: t
        for t in rectification_queries.tasks(officer).filter(answer__inspection=found)
    }
    assert set(tasks) == {AIRGAP, OVERDUE_COPIES}
    airgap_task, copy_task = tasks[AIRGAP], tasks[OVERDUE_COPIES]
    assert (airgap_task.rule_id, copy_task.rule_id) == ("DEV-AIRGAP", "INSP-CHECKLIST")
    assert {t.owner_id for t in tasks.values()} == {head.person_id}
    assert {t.department_id for t in tasks.values()} == {tech.pk}
    assert all(t.due == due and t.state == RectificationState.OPEN for t in tasks.values())
    assert "传阅文件当日未归还" in copy_task.description
    [event] = audit_events("oversight.inspection_submitted")
    assert sorted(event["data"]["rectifications"]) == sorted(t.pk for t in tasks.values())

    # The copy comes back; its owner marks the task done, and the office verifies it.
    circulation.return_copy(actor=office.clerk, copy_id=copy.pk)
    rectify.mark_done(actor=head, rectification_id=copy_task.pk, note="文件已收回，登记归还")
    with pytest.raises(RuleViolation) as refused:
        rectify.verify(actor=head, rectification_id=copy_task.pk, accept=True)
    assert refused.value.rule_id == "INSP-RECTIFY"
    closed = rectify.verify(actor=officer, rectification_id=copy_task.pk, accept=True)
    assert closed.state == RectificationState.VERIFIED
    assert closed.verified_by_id == officer.person_id

    # The laptop's task goes to its keeper, who lets it run late.
    keeper = office.readers[0]
    rectify.reassign(
        actor=officer, rectification_id=airgap_task.pk, owner_id=keeper.person_id, due=due
    )
    provide = DEADLINE_PROVIDERS["INSP-RECTIFY"].provide
    [line] = provide(organisation_id, clock.at)  # the verified task is no longer a deadline
    assert (line.subject_id, line.person_id, line.department_id) == (
        airgap_task.pk,
        keeper.person_id,
        tech.pk,
    )
    assert line.state(clock.at) == State.UPCOMING
    assert list(rectification_queries.overdue_in_departments(head)) == []

    # The day after its due date: overdue, escalated to the department head.
    clock.at = timezone.make_aware(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(9))
    )
    [line] = provide(organisation_id, clock.at)
    assert line.state(clock.at) == State.OVERDUE
    assert [t.pk for t in rectification_queries.overdue_in_departments(head)] == [airgap_task.pk]
    assert list(rectification_queries.escalated_to_office(officer)) == []
    [entry] = rectification_queries.lines(rectification_queries.tasks(officer, state="overdue"))
    assert (entry["status"], entry["late"]) == ("head", 1)

    # office_after_days (7) overdue: escalated to the security office as well.
    clock.advance(days=6)
    [line] = [d for d in deadlines(organisation_id, clock.at) if d.rule_id == "INSP-RECTIFY"]
    assert line.subject_id == airgap_task.pk and line.state(clock.at) == State.OVERDUE
    assert [t.pk for t in rectification_queries.escalated_to_office(officer)] == [airgap_task.pk]
    [entry] = rectification_queries.lines(rectification_queries.tasks(officer, state="escalated"))
    assert (entry["status"], entry["late"]) == ("office", 7)
    assert [t.pk for t in rectification_queries.tasks(officer, state="closed")] == [copy_task.pk]


def test_a_loss_opens_a_serious_incident_reported_upward_within_24_hours__INC_RECORD(office, clock):
    organisation_id = office.world.organisation.pk
    entry = office.incoming(level=Level.SECRET, copies=2, readers=[*office.readers, office.officer])
    lost = office.copies(entry)[:1]
    discovered = clock.at - datetime.timedelta(hours=2)
    loss = report_loss(office, lost, discovered_at=discovered)
    item = Incident.objects.get(loss=loss)
    assert (item.kind, item.serious, item.level) == (IncidentKind.LOSS, True, Level.SECRET)

    def report_deadline():
        found = [
            d
            for d in deadlines(organisation_id, clock.at)
            if d.rule_id == "INC-RECORD" and d.subject_id == item.pk
        ]
        return min(found, key=lambda d: d.due_at)

    late = discovered + datetime.timedelta(hours=25)
    report = report_deadline()
    assert report.due_at == discovered + datetime.timedelta(hours=24)
    assert report.state(clock.at) == State.DUE
    assert report.state(late) == State.OVERDUE
    assert incident_queries.report_overdue(item, late)

    incident_ops.report_upward(
        actor=office.officer, incident_id=item.pk, report_text="已向市保密局书面报告"
    )
    item.refresh_from_db()
    assert report_deadline().state(late) == State.DONE
    assert not incident_queries.report_overdue(item, late)
    assert audit_events("incidents.reported_upward")[-1]["data"]["late"] is False

    pdf = signed_in(office.officer).get(reverse("incident_printed", args=[item.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    printed = incident_queries.printed(office.officer, item.pk)
    assert printed.form.title == "泄密事件报告" and printed.form.level == Level.SECRET
    assert entry.document.number in repr(printed.form.blocks)
