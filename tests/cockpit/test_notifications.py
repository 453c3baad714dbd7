# ruff: noqa: F811 - the fixtures imported from tests.cockpit.deadline_world
"""The deadline engine's notifications: a reminder before due to the person answering, the
overdue notice, escalation to the department head after HEAD_AFTER and to the security office
after OFFICE_AFTER; made once however often ``notify`` runs; never about another
organisation's deadlines; read by their recipient only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from baomi.cockpit.models import Notification
from baomi.cockpit.operations import notifications as ops
from baomi.cockpit.queries import notifications as notices
from baomi.core.errors import AccessDenied, NotFound
from baomi.seams.deadlines import DUE_SOON
from tests.api.conftest import ApiClient
from tests.cockpit.deadline_world import (
    DAY,
    HOUR,
    NOW,
    build_unit,
    deadline,
    planted,  # noqa: F401 - the fixture
)
from tests.factories import World, audit_events
from tests.web.conftest import signed_in


@pytest.fixture
def unit(world):
    return build_unit(world)


def _made(unit_id: int) -> set[tuple[int, str, int]]:
    return set(
        Notification.objects.filter(organisation_id=unit_id).values_list(
            "person_id", "stage", "subject_id"
        )
    )


def test_a_reminder_goes_to_the_person_answering_once_the_deadline_is_due_soon(planted, unit):
    due = NOW + DUE_SOON + HOUR
    planted.add(unit.id, deadline(subject_id=1, due=due, person=unit.lab_staff))
    assert ops.notify(actor=None, organisation_id=unit.id, moment=NOW)["reminder"] == 0
    made = ops.notify(actor=None, organisation_id=unit.id, moment=NOW + 2 * HOUR)
    assert made == {"reminder": 1, "overdue": 0, "head": 0, "office": 0}
    assert _made(unit.id) == {(unit.lab_staff.person_id, "reminder", 1)}


def test_overdue_goes_to_the_person_then_the_head_then_the_security_office(planted, unit):
    """The lab has no head of its own: the head of tech, above it, is told. The office is
    the security officer (OVERSEE) and the person appointed to the office."""
    planted.add(unit.id, deadline(subject_id=1, due=NOW, person=unit.lab_staff))
    lab, head = unit.lab_staff.person_id, unit.tech_head.person_id
    office = {unit.officer.person_id, unit.appointed.person_id}

    ops.notify(actor=None, organisation_id=unit.id, moment=NOW + HOUR)
    assert _made(unit.id) == {(lab, "overdue", 1)}
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW + ops.HEAD_AFTER + HOUR)
    assert _made(unit.id) == {(lab, "overdue", 1), (head, "head", 1)}
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW + ops.OFFICE_AFTER + HOUR)
    assert _made(unit.id) == {(lab, "overdue", 1), (head, "head", 1)} | {
        (p, "office", 1) for p in office
    }


def test_a_rule_with_its_own_escalation_days_follows_them__INSP_RECTIFY(planted, unit, monkeypatch):
    """INSP-RECTIFY escalates to the head at once (head_after_days 0) and to the office after
    its office_after_days (7): not after the engine's own OFFICE_AFTER."""
    rule = ops.escalation(unit.id, "INSP-RECTIFY")
    assert (rule.head_after, rule.office_after) == (datetime.timedelta(0), 7 * DAY)
    assert ops.escalation(unit.id, "LOAN-DUE") == ops.Escalation(ops.HEAD_AFTER, ops.OFFICE_AFTER)


def test_a_deadline_nobody_is_named_for_is_the_department_head_s_then_the_office_s(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW, department=unit.dept("tech")))
    planted.add(unit.id, deadline(subject_id=2, due=NOW))  # no department either
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW + HOUR)
    office = {unit.officer.person_id, unit.appointed.person_id}
    assert _made(unit.id) == {(unit.tech_head.person_id, "overdue", 1)} | {
        (p, "office", 2) for p in office
    }


def test_notify_is_idempotent_and_a_new_due_time_is_notified_again(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW, person=unit.tech_staff))
    later = NOW + ops.OFFICE_AFTER + HOUR
    first = ops.notify(actor=None, organisation_id=unit.id, moment=later)
    assert sum(first.values()) == 4  # overdue, head, office ×2
    again = ops.notify(actor=None, organisation_id=unit.id, moment=later + HOUR)
    assert sum(again.values()) == 0
    assert Notification.objects.filter(organisation_id=unit.id).count() == 4
    assert len(audit_events(ops.NOTIFIED)) == 1  # a run that makes nothing records nothing
    planted.by_organisation[unit.id] = [
        deadline(subject_id=1, due=NOW + DAY, person=unit.tech_staff)
    ]
    assert ops.notify(actor=None, organisation_id=unit.id, moment=NOW + DAY + HOUR) == {
        "reminder": 0,
        "overdue": 1,
        "head": 0,
        "office": 0,
    }


def test_nobody_is_notified_of_another_organisation_s_deadlines(planted, unit, db):
    other = build_unit(World.build())
    planted.add(other.id, deadline(subject_id=9, due=NOW - 5 * DAY, person=other.tech_staff))
    call_command("notify", stdout=io.StringIO())
    ours = {unit.officer, unit.leader, unit.tech_head, unit.tech_staff, unit.appointed}
    assert not Notification.objects.filter(person_id__in=[a.person_id for a in ours]).exists()
    theirs = Notification.objects.filter(organisation_id=other.id)
    assert theirs.count() == 4
    assert {n.person.organisation_id for n in theirs} == {other.id}


def test_people_who_left_are_not_notified(planted, unit):
    from baomi.org.models import Employment, Person

    Person.objects.filter(pk=unit.tech_staff.person_id).update(employment=Employment.LEFT)
    planted.add(unit.id, deadline(subject_id=1, due=NOW, person=unit.tech_staff))
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW + HOUR)
    assert not Notification.objects.filter(person_id=unit.tech_staff.person_id).exists()


def test_only_the_office_or_the_installer_runs_notify_and_the_office_only_its_own(planted, unit):
    with pytest.raises(AccessDenied):
        ops.notify(actor=unit.tech_staff, organisation_id=unit.id)
    other = World.build()
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    ops.notify(actor=unit.officer, organisation_id=other.organisation.pk)  # its own, not other
    assert Notification.objects.filter(organisation_id=unit.id).exists()
    assert not Notification.objects.filter(organisation_id=other.organisation.pk).exists()


def test_the_command_reports_what_it_made(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - HOUR, person=unit.tech_staff))
    out = io.StringIO()
    call_command("notify", "--organisation", unit.world.organisation.name, "--json", stdout=out)
    assert '"overdue": 1' in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("notify", "--organisation", "无此单位", stdout=io.StringIO())


def test_a_person_reads_and_marks_only_their_own(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    planted.add(unit.id, deadline(subject_id=2, due=NOW - DAY, person=unit.lab_staff))
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW)
    assert notices.unread_count(unit.tech_staff) == 1
    theirs = Notification.objects.get(person_id=unit.lab_staff.person_id)
    with pytest.raises(NotFound):
        ops.mark_read(actor=unit.tech_staff, notification_id=theirs.pk)
    with pytest.raises(NotFound):  # the office does not read others' notifications either
        ops.mark_read(actor=unit.officer, notification_id=theirs.pk)
    (mine,) = notices.mine(unit.tech_staff)
    assert ops.mark_read(actor=unit.tech_staff, notification_id=mine.pk) == 1
    assert notices.unread_count(unit.tech_staff) == 0
    assert notices.unread_count(unit.lab_staff) == 1


def test_the_home_panel_counts_unread_and_the_page_marks_them_read(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW)
    client = signed_in(unit.tech_staff)
    home = client.get(reverse("home")).content.decode()
    assert 'id="notifications"' in home and 'data-unread="1"' in home
    page = client.get(reverse("notifications")).content.decode()
    assert 'data-stage="overdue"' in page and "data-unread" in page
    client.post(reverse("notifications_read"))
    assert notices.unread_count(unit.tech_staff) == 0
    assert 'id="notifications"' not in client.get(reverse("home")).content.decode()


def test_the_notification_routes(planted, unit):
    planted.add(unit.id, deadline(subject_id=1, due=NOW - DAY, person=unit.tech_staff))
    ops.notify(actor=None, organisation_id=unit.id, moment=NOW)
    client = ApiClient(unit.tech_staff)
    body = client.get("/notifications", unread="true").json()
    assert (body["unread"], [i["stage"] for i in body["items"]]) == (1, ["overdue"])
    (item,) = body["items"]
    assert ApiClient(unit.lab_staff).post(f"/notifications/{item['id']}/read").status_code == 404
    assert client.post(f"/notifications/{item['id']}/read").json() == {"marked": 1, "unread": 0}
    assert client.get("/notifications", limit="0").status_code == 422
