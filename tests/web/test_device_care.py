"""The equipment's care on the pages (RULES.md §7): a repair by a designated vendor with the
disk of a classified machine kept (DEV-REPAIR), a loan outside (DEV-LEND), a destruction under
two supervisors (DESTROY-APPROVE, DESTROY-WITNESS), antivirus and infections (DEV-AV),
backups (DEV-BACKUP), standalone processing (DEV-STANDALONE) and integrity reviews
(DEV-INTEGRITY); each asked for on the asset page, decided by its approver, then recorded; the
security officer's care page and "my equipment"."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.core.levels import Clearance, Level
from baomi.devices.models import Alert, Backup, Infection, IntegrityReview, Loan, Repair, Status
from baomi.devices.operations import away
from baomi.org import operations as org
from baomi.rulebook.models import RuleOverride
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.factories import audit_events
from tests.web.conftest import post_refused, signed_in

VENDOR = "市保密技术服务中心"


@pytest.fixture
def cared(ledger: Any) -> Any:  # noqa: F811 (the fixture imported above)
    """The ledger's organisation with a leader in charge of both departments, one designated
    repair vendor, and: a secret desktop standing alone and a secret desktop on the isolated
    network, both kept by the first tech custodian and holding important files; an
    unclassified laptop and a secret stick."""
    world = ledger.world
    ledger.leader = world.account(
        Role.LEADER, dept="office", rank="director", clearance=Clearance.CORE, name="陈分管"
    )
    for dept, head in (("office", ledger.director.person_id), ("tech", None)):
        org.set_department_leaders(
            actor=None,
            department_id=world.departments[dept].pk,
            head_id=head,
            leader_in_charge_id=ledger.leader.person_id,
        )
    RuleOverride.objects.create(
        organisation=world.organisation, rule_id="DEV-REPAIR", params={"vendors": [VENDOR]}
    )
    tech = world.departments["tech"].pk
    ledger.alone = ledger.register(
        number="JSJ-D1", level=Level.SECRET, network="none", department_id=tech, important_data=True
    )
    ledger.networked = ledger.register(
        number="JSJ-D2", level=Level.SECRET, network="isolated", department_id=tech
    )
    ledger.laptop = ledger.register(
        type="laptop",
        number="BJB-1",
        level=0,
        network="internet",
        custodian_id=ledger.office.person_id,
    )
    ledger.stick = ledger.register(
        type="usb_stick", number="U-S1", level=Level.SECRET, department_id=tech
    )
    return ledger


def _zh(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert '<html lang="zh-hans">' in html
    return html


def _page(asset) -> str:
    return reverse("asset", args=[asset.pk])


def _grant(rule_id: str, approver: Account) -> ApprovalRequest:
    """The approver decides the one pending request of ``rule_id``."""
    request = ApprovalRequest.objects.get(rule_id=rule_id, state="pending")
    approvals.decide(actor=approver, request_id=request.pk, approve=True)
    request.refresh_from_db()
    assert request.state == "granted"
    return request


def _status(asset) -> str:
    asset.refresh_from_db()
    return asset.status


def test_the_care_pages_speak_chinese(cared):
    officer = signed_in(cared.officer)
    for url in (
        reverse("device_care"),
        reverse("device_integrity"),
        _page(cared.alone),
        _page(cared.stick),
        reverse("my_equipment"),
    ):
        _zh(officer.get(url))
    html = _zh(officer.get(reverse("devices")))
    assert f'href="{reverse("device_care")}"' in html  # in the devices' navigation
    html = _zh(officer.get(reverse("device_care")))
    assert "设备维护" in html and "数据备份" in html
    custodian = signed_in(cared.tech[0])
    for url in (_page(cared.alone), reverse("my_equipment"), reverse("device_integrity")):
        _zh(custodian.get(url))


# Repairs (DEV-REPAIR) ------------------------------------------------------------------------


def test_a_classified_desktop_goes_to_repair_without_its_disk__DEV_REPAIR(cared):
    officer = signed_in(cared.officer)
    desktop = cared.alone
    page = _page(desktop)
    html = _zh(officer.get(page))
    assert 'data-repair="none"' in html and 'data-form="repair-request"' in html
    assert f'<option value="{VENDOR}">{VENDOR}</option>' in html  # the designated list

    ask = reverse("repair_request", args=[desktop.pk])
    assert officer.post(ask, {"vendor": VENDOR, "fault": "无法开机"}).status_code == 303
    html = _zh(officer.get(page))
    assert 'data-repair="pending"' in html and 'data-form="repair-request"' not in html
    assert 'data-rule="DEV-REPAIR"' in html and "无法开机" in html  # the request, listed

    _grant("DEV-REPAIR", cared.director)  # the office director approves
    html = _zh(officer.get(page))
    assert 'data-repair="granted"' in html and 'data-form="repair-send"' in html
    assert 'name="storage_kept"' in html  # a classified machine: its disk stays

    send = reverse("repair_send", args=[desktop.pk])
    html = post_refused(officer, send, {"vendor": VENDOR, "fault": "无法开机"}, page=page)
    assert 'class="clause" data-rule="DEV-REPAIR"' in html and "硬盘" in html
    assert _status(desktop) == Status.IN_USE
    kept = "硬盘 WD-123 留保密室柜 3"
    data = {"vendor": VENDOR, "fault": "无法开机", "storage_kept": kept}
    assert officer.post(send, data).status_code == 303
    assert _status(desktop) == Status.IN_REPAIR
    repair = Repair.objects.get(asset=desktop)
    assert (repair.vendor, repair.storage_kept) == (VENDOR, kept)

    html = _zh(officer.get(page))
    assert 'data-repair="open"' in html and 'data-form="repair-return"' in html
    assert f'data-repair-record="{repair.pk}"' in html and kept in html
    care = _zh(officer.get(reverse("device_care")))
    assert f'data-repair="{repair.pk}"' in care
    back = reverse("repair_return", args=[repair.pk])
    assert officer.post(back, {"work_done": "更换电源"}).status_code == 303
    assert _status(desktop) == Status.IN_USE
    assert f'data-repair="{repair.pk}"' not in _zh(officer.get(reverse("device_care")))
    assert "更换电源" in _zh(officer.get(page))
    # The audit log says a disk stayed, not which (its serial is the repair record's).
    [sent] = audit_events("devices.sent_to_repair")
    assert sent["data"]["storage_kept"] is True and "WD-123" not in str(sent)


def test_a_vendor_outside_the_designated_list_is_refused_with_its_clause__DEV_REPAIR(cared):
    officer = signed_in(cared.officer)
    page = _page(cared.laptop)
    ask = reverse("repair_request", args=[cared.laptop.pk])
    html = post_refused(officer, ask, {"vendor": "街边电脑店", "fault": "屏幕不亮"}, page=page)
    assert 'class="clause" data-rule="DEV-REPAIR"' in html and VENDOR in html
    # Nor does anything go to a vendor without the office director's approval.
    send = reverse("repair_send", args=[cared.laptop.pk])
    html = post_refused(officer, send, {"vendor": VENDOR, "fault": "屏幕不亮"}, page=page)
    assert 'class="clause" data-rule="DEV-REPAIR"' in html
    assert not ApprovalRequest.objects.exists() and not Repair.objects.exists()
    # An unclassified laptop goes with its disk: nothing to record about storage.
    assert officer.post(ask, {"vendor": VENDOR, "fault": "屏幕不亮"}).status_code == 303
    _grant("DEV-REPAIR", cared.director)
    assert 'name="storage_kept"' not in _zh(officer.get(page))


def test_without_designated_vendors_the_page_says_so__DEV_REPAIR(cared):
    RuleOverride.objects.filter(rule_id="DEV-REPAIR").delete()
    html = _zh(signed_in(cared.officer).get(_page(cared.laptop)))
    assert "data-no-vendors" in html and 'data-form="repair-request"' not in html


# Loans (DEV-LEND) --------------------------------------------------------------------------


def test_a_laptop_is_lent_once_the_leader_approves_and_comes_back__DEV_LEND(cared):
    officer = signed_in(cared.officer)
    laptop = cared.laptop
    page = _page(laptop)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    data = {"borrower": "兄弟单位", "due_back": due, "purpose": "会议演示"}
    assert 'data-loan="none"' in _zh(officer.get(page))

    lend = reverse("loan_lend", args=[laptop.pk])
    html = post_refused(officer, lend, data, page=page)
    assert 'class="clause" data-rule="DEV-LEND"' in html
    assert _status(laptop) == Status.IN_USE

    assert officer.post(reverse("loan_request", args=[laptop.pk]), data).status_code == 303
    assert 'data-loan="pending"' in _zh(officer.get(page))
    request = _grant("DEV-LEND", cared.leader)  # the leader in charge approves
    assert [s.approver_id for s in request.steps.all()] == [cared.leader.person_id]
    html = _zh(officer.get(page))
    assert 'data-loan="granted"' in html and "兄弟单位" in html
    assert f'name="due_back" value="{due}"' in html  # the approved date, carried over
    assert officer.post(lend, data).status_code == 303
    assert _status(laptop) == Status.LENT
    loan = Loan.objects.get(asset=laptop)

    care = _zh(officer.get(reverse("device_care")))
    assert f'data-loan="{loan.pk}" data-overdue="0"' in care
    back = reverse("loan_return", args=[loan.pk])
    assert officer.post(back, {"condition": "完好"}).status_code == 303
    assert _status(laptop) == Status.IN_USE
    html = _zh(officer.get(page))
    assert f'data-loan-record="{loan.pk}"' in html and "完好" in html
    assert 'data-loan="none"' in html  # it may be asked for again


def test_the_care_page_lists_an_overdue_loan_and_a_backup_due__DEV_BACKUP(cared):
    away.request_loan(
        actor=cared.officer,
        asset_id=cared.laptop.pk,
        borrower="兄弟单位",
        due_back=timezone.localdate(),
        purpose="演示",
    )
    _grant("DEV-LEND", cared.leader)
    loan = away.lend_asset(
        actor=cared.officer,
        asset_id=cared.laptop.pk,
        borrower="兄弟单位",
        due_back=timezone.localdate(),
        purpose="演示",
    )
    Loan.objects.filter(pk=loan.pk).update(due_back=timezone.localdate() - datetime.timedelta(1))
    html = _zh(signed_in(cared.officer).get(reverse("device_care")))
    assert f'data-loan="{loan.pk}" data-overdue="1"' in html and "逾期" in html
    # The standalone desktop holds important files and was never backed up.
    assert f'data-backup-due="{cared.alone.pk}"' in html
    row = html.split(f'data-backup-due="{cared.alone.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-missed="1"' in row and 'data-due-by="20' in row and "上期未备份" in row
    # Antivirus never recorded: both desktops are listed.
    for computer in (cared.alone, cared.networked):
        assert f'data-av="{computer.pk}"' in html


# Scrapping and destruction (DESTROY-APPROVE, DESTROY-WITNESS, DESTROY-PLACE) ----------------


def test_a_stick_is_destroyed_under_two_supervisors__DESTROY_WITNESS(cared):
    officer = signed_in(cared.officer)
    stick = cared.stick
    page = _page(stick)
    assert 'data-disposal="none"' in _zh(officer.get(page))
    ask = reverse("disposal_request", args=[stick.pk])
    assert officer.post(ask, {"outcome": "destroyed", "reason": "损坏"}).status_code == 303
    assert 'data-disposal="pending"' in _zh(officer.get(page))
    _grant("DESTROY-APPROVE", cared.leader)
    html = _zh(officer.get(page))
    assert 'data-disposal="granted"' in html and 'data-form="dispose"' in html
    assert 'name="witnesses"' in html and 'name="operator"' in html

    dispose = reverse("dispose", args=[stick.pk])
    data = {
        "outcome": "destroyed",
        "method": "shredded",
        "place": "定点销毁中心",
        "operator": cared.office.person_id,
        "witnesses": [cared.officer.person_id],
    }
    html = post_refused(officer, dispose, data, page=page)
    assert 'class="clause" data-rule="DESTROY-WITNESS"' in html
    html = post_refused(
        officer, dispose, {**data, "witnesses": [cared.office.person_id]}, page=page
    )
    assert 'class="clause" data-rule="DESTROY-WITNESS"' in html  # the operator supervises not
    assert _status(stick) == Status.IN_USE

    both = [cared.officer.person_id, cared.director.person_id]
    assert officer.post(dispose, {**data, "witnesses": both}).status_code == 303
    assert _status(stick) == Status.DESTROYED
    html = _zh(officer.get(page))
    assert 'id="disposal"' not in html and 'data-event="destroyed"' in html
    care = _zh(officer.get(reverse("device_care")))
    assert "定点销毁中心" in care and "李主任" in care


def test_destruction_is_by_a_designated_method__DESTROY_PLACE(cared):
    officer = signed_in(cared.officer)
    stick = cared.stick
    ask = reverse("disposal_request", args=[stick.pk])
    assert officer.post(ask, {"outcome": "destroyed", "reason": "损坏"}).status_code == 303
    _grant("DESTROY-APPROVE", cared.leader)
    data = {
        "outcome": "destroyed",
        "method": "plain",
        "place": "库房",
        "operator": cared.office.person_id,
        "witnesses": [cared.officer.person_id, cared.director.person_id],
    }
    html = post_refused(officer, reverse("dispose", args=[stick.pk]), data, page=_page(stick))
    assert 'class="clause" data-rule="DESTROY-PLACE"' in html
    assert _status(stick) == Status.IN_USE


# Antivirus and infections (DEV-AV) ----------------------------------------------------------


def test_an_infection_stops_the_computer_until_the_office_clears_it__DEV_AV(cared):
    custodian = signed_in(cared.tech[0])
    desktop = cared.networked
    page = _page(desktop)
    html = _zh(custodian.get(page))
    for form in ("antivirus", "infection", "backup", "standalone-request"):
        assert f'data-form="{form}"' in html
    today = timezone.localdate().isoformat()
    av = reverse("antivirus", args=[desktop.pk])
    assert custodian.post(av, {"signatures_on": today, "product": "瑞星"}).status_code == 303
    desktop.refresh_from_db()
    assert (desktop.antivirus, desktop.av_signatures_on.isoformat()) == ("瑞星", today)

    report = reverse("infection", args=[desktop.pk])
    assert custodian.post(report, {"virus": "Trojan.X"}).status_code == 303
    infection = Infection.objects.get(asset=desktop)
    html = _zh(custodian.get(page))
    assert f'data-infection="{infection.pk}" data-cleared="0"' in html
    assert 'data-form="infection-clear"' not in html  # the security office clears
    cared.register(type="usb_stick", number="U-S2", level=Level.SECRET)
    use = reverse("media_use", args=[desktop.pk])
    html = post_refused(custodian, use, {"medium": "U-S2", "purpose": "拷贝"}, page=page)
    assert 'class="clause" data-rule="DEV-AV"' in html
    clear = reverse("infection_clear", args=[infection.pk])
    assert custodian.post(clear, {"treatment": "查杀"}).status_code == 403

    officer = signed_in(cared.officer)
    care = _zh(officer.get(reverse("device_care")))
    assert f'data-infection="{infection.pk}"' in care
    assert officer.post(clear, {"treatment": "全盘查杀"}).status_code == 303
    assert f'data-infection="{infection.pk}"' not in _zh(officer.get(reverse("device_care")))
    html = _zh(custodian.get(page))
    assert f'data-infection="{infection.pk}" data-cleared="1"' in html and "全盘查杀" in html
    assert custodian.post(use, {"medium": "U-S2", "purpose": "拷贝"}).status_code == 303


def test_my_equipment_lists_my_stale_antivirus__DEV_AV(cared):
    custodian = signed_in(cared.tech[0])
    html = _zh(custodian.get(reverse("my_equipment")))
    assert 'id="my-antivirus"' in html and f'data-av="{cared.alone.pk}"' in html
    assert f'data-av="{cared.laptop.pk}"' not in html  # not theirs
    # Another custodian keeps no computer.
    assert 'id="my-antivirus"' not in _zh(signed_in(cared.tech[1]).get(reverse("my_equipment")))


# Backups (DEV-BACKUP) ------------------------------------------------------------------------


def test_a_backup_recorded_by_the_custodian_settles_what_is_due__DEV_BACKUP(cared):
    custodian = signed_in(cared.tech[0])
    mine = reverse("my_equipment")
    html = _zh(custodian.get(mine))
    assert f'data-backup-due="{cared.alone.pk}"' in html and 'data-missed="1"' in html
    backup = reverse("backup", args=[cared.alone.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = post_refused(
        custodian, backup, {"on": tomorrow, "target": "光盘"}, page=_page(cared.alone)
    )
    assert "日期不能晚于今天" in html and not Backup.objects.exists()
    today = timezone.localdate().isoformat()
    assert custodian.post(backup, {"on": today, "target": "光盘"}).status_code == 303
    html = _zh(custodian.get(mine))
    row = html.split(f'data-backup-due="{cared.alone.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-due-by=""' in row and "本期已备份" in row
    html = _zh(custodian.get(_page(cared.alone)))
    assert f'data-backup="{Backup.objects.get().pk}"' in html and "光盘" in html
    # Not on someone else's computer.
    other = signed_in(cared.tech[1])
    assert other.post(backup, {"on": today, "target": "光盘"}).status_code == 404


# Standalone processing (DEV-STANDALONE) -----------------------------------------------------


def test_standalone_processing_is_approved_started_and_finished__DEV_STANDALONE(cared):
    custodian = signed_in(cared.tech[0])
    data = {"level": Level.SECRET, "purpose": "起草机密方案"}
    networked = _page(cared.networked)
    html = post_refused(
        custodian, reverse("standalone_request", args=[cared.networked.pk]), data, page=networked
    )
    assert 'class="clause" data-rule="DEV-STANDALONE"' in html

    desktop = cared.alone
    page = _page(desktop)
    start = reverse("standalone_start", args=[desktop.pk])
    html = post_refused(custodian, start, data, page=page)
    assert 'class="clause" data-rule="DEV-STANDALONE"' in html
    ask = reverse("standalone_request", args=[desktop.pk])
    assert custodian.post(ask, data).status_code == 303
    assert 'data-standalone="pending"' in _zh(custodian.get(page))
    _grant("DEV-STANDALONE", cared.leader)
    html = _zh(custodian.get(page))
    assert 'data-standalone="granted"' in html and 'data-form="standalone-start"' in html
    assert custodian.post(start, data).status_code == 303
    use = desktop.standalone_uses.get()
    html = _zh(custodian.get(page))
    assert 'data-form="standalone-finish"' in html and 'data-standalone="running"' in html
    assert 'data-form="standalone-request"' not in html
    assert f'data-standalone-use="{use.pk}"' in _zh(custodian.get(reverse("my_equipment")))
    assert f'data-standalone-use="{use.pk}"' in _zh(
        signed_in(cared.officer).get(reverse("device_care"))
    )

    finish = reverse("standalone_finish", args=[use.pk])
    html = post_refused(custodian, finish, {"treatment": ""}, page=page)
    assert 'class="clause" data-rule="DEV-STANDALONE"' in html
    assert signed_in(cared.tech[1]).post(finish, {"treatment": "删除"}).status_code == 404
    assert custodian.post(finish, {"treatment": "删除并擦除"}).status_code == 303
    use.refresh_from_db()
    assert use.finished_at is not None and use.treatment == "删除并擦除"
    html = _zh(custodian.get(page))
    assert 'data-form="standalone-finish"' not in html and "删除并擦除" in html


# Data integrity reviews (DEV-INTEGRITY) -----------------------------------------------------


def test_a_review_with_an_unexplained_change_raises_an_alert__DEV_INTEGRITY(cared):
    tech = cared.world.departments["tech"]
    office = cared.world.departments["office"]
    person = signed_in(cared.tech[1])
    url = reverse("device_integrity")
    html = _zh(person.get(url))
    assert 'data-form="integrity"' in html
    assert f'<option value="{tech.pk}">' in html and f'<option value="{office.pk}">' not in html
    today = timezone.localdate().isoformat()
    data = {
        "department": tech.pk,
        "reviewed_on": today,
        "findings": "方案.doc 被删除，原因不明",
        "anomaly": "on",
    }
    assert person.post(url, data).status_code == 303
    review = IntegrityReview.objects.get()
    assert review.anomaly and review.alert.rule_id == "DEV-INTEGRITY"
    assert f'data-review="{review.pk}" data-anomaly="1"' in _zh(person.get(url))
    # Another department's review is not theirs to record; nor do they see this one.
    assert person.post(url, {**data, "department": office.pk}).status_code == 404
    assert IntegrityReview.objects.count() == 1
    clerk = signed_in(cared.office)
    assert f'data-review="{review.pk}"' not in _zh(clerk.get(url))

    officer = signed_in(cared.officer)
    alerts = _zh(officer.get(reverse("device_alerts")))
    alert = Alert.objects.get(rule_id="DEV-INTEGRITY")
    assert f'data-alert="{alert.pk}" data-rule="DEV-INTEGRITY"' in alerts
    assert f'data-review="{review.pk}"' in _zh(officer.get(reverse("device_care")))
    # The officer records for any department.
    assert officer.post(url, {**data, "department": office.pk, "anomaly": ""}).status_code == 303
    assert IntegrityReview.objects.filter(department=office, anomaly=False).exists()


# Who may do what -----------------------------------------------------------------------------


def test_without_manage_devices_none_of_the_officers_forms_and_posts_are_refused(cared):
    for asset in (cared.alone, cared.stick):
        html = _zh(signed_in(cared.tech[0]).get(_page(asset)))
        for form in ("repair-request", "repair-send", "loan-request", "disposal-request"):
            assert f'data-form="{form}"' not in html
        assert 'id="care-away"' not in html
    # A repair in progress and an infection, for the return and clear forms.
    away.request_repair(actor=cared.officer, asset_id=cared.laptop.pk, vendor=VENDOR, fault="x")
    _grant("DEV-REPAIR", cared.director)
    repair = away.send_to_repair(
        actor=cared.officer, asset_id=cared.laptop.pk, vendor=VENDOR, fault="x"
    )
    signed_in(cared.tech[0]).post(reverse("infection", args=[cared.alone.pk]), {"virus": "V"})
    infection = Infection.objects.get()
    html = _zh(signed_in(cared.tech[0]).get(_page(cared.alone)))
    assert 'data-form="infection-clear"' not in html
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    loan = {"borrower": "兄弟单位", "due_back": due, "purpose": "x"}
    witnesses = [cared.officer.person_id, cared.director.person_id]
    disposal = {
        "outcome": "destroyed",
        "method": "shredded",
        "place": "x",
        "operator": cared.office.person_id,
        "witnesses": witnesses,
    }
    posts = (
        ("repair_request", cared.alone.pk, {"vendor": VENDOR, "fault": "x"}),
        ("repair_send", cared.alone.pk, {"vendor": VENDOR, "fault": "x", "storage_kept": "x"}),
        ("repair_return", repair.pk, {"work_done": "x"}),
        ("loan_request", cared.alone.pk, loan),
        ("loan_lend", cared.alone.pk, loan),
        ("disposal_request", cared.stick.pk, {"outcome": "destroyed", "reason": "x"}),
        ("dispose", cared.stick.pk, disposal),
        ("infection_clear", infection.pk, {"treatment": "x"}),
    )
    for account in (cared.tech[0], cared.stranger, cared.office, cared.leader):
        client = signed_in(account)
        assert client.get(reverse("device_care")).status_code == 403
        for name, pk, data in posts:
            assert client.post(reverse(name, args=[pk]), data).status_code in (403, 404), name
        # Someone else's computer does not exist for them.
        if account != cared.tech[0]:
            for name, data in (
                ("antivirus", {"signatures_on": timezone.localdate().isoformat()}),
                ("infection", {"virus": "V"}),
                ("backup", {"on": timezone.localdate().isoformat(), "target": "x"}),
            ):
                url = reverse(name, args=[cared.alone.pk])
                assert client.post(url, data).status_code == 404, name
    assert _status(cared.laptop) == Status.IN_REPAIR and _status(cared.stick) == Status.IN_USE
    assert Infection.objects.get().cleared_at is None
    assert ApprovalRequest.objects.count() == 1  # the officer's repair only
    assert not Loan.objects.exists()


def test_the_home_page_marks_my_computers_backup_and_antivirus_due__DEV_BACKUP(cared):
    """JOURNEYS §3: the custodian sees on the home page by when each computer holding
    important files must be backed up, and which computer's antivirus needs updating."""
    custodian = signed_in(cared.tech[0])
    html = custodian.get("/").content.decode()
    assert f'data-equipment="{cared.alone.pk}"' in html
    assert "data-backup-due=" in html and "data-av-stale" in html
    today = timezone.localdate()
    custodian.post(
        reverse("backup", args=[cared.alone.pk]), {"on": today.isoformat(), "target": "光盘"}
    )
    html = custodian.get("/").content.decode()
    assert "data-backup-due=" not in html  # backed up in this period
