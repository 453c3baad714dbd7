"""The safekeeping pages (RULES.md §6, JOURNEYS §5 and §6): recall, archives and their
consultation, destruction with its witnesses, hand-over before a person leaves, loss reports
and inventories. Refusals show the clause that refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveVolume,
    CopyState,
    Destruction,
    Handover,
    Inventory,
    LossReport,
)
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import circulation
from baomi.carriers.operations import handover as handover_ops
from baomi.carriers.operations import inventory as inventory_ops
from baomi.carriers.operations import loss as loss_ops
from baomi.core.levels import Level
from baomi.devices.operations import ledger as devices
from baomi.org.models import Employment, Person
from tests.carriers import conftest as carriers
from tests.factories import prepare_leaving
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers

PAGES = ["lifecycle", "recall", "archives", "destruction", "handovers", "losses", "inventories"]


def ids(copies):
    return [c.pk for c in copies]


def states(copies):
    for copy in copies:
        copy.refresh_from_db()
    return [c.state for c in copies]


@pytest.mark.parametrize("name", PAGES)
def test_the_clerk_and_the_security_officer_open_the_pages_staff_do_not(office, name):
    assert signed_in(office.clerk).get(reverse(name)).status_code == 200
    assert signed_in(office.officer).get(reverse(name)).status_code == 200
    assert signed_in(office.readers[0]).get(reverse(name)).status_code == 403


def test_copies_whose_recall_date_has_come_are_recalled__RECALL_DUE(office):
    copies = office.copies(office.incoming(recall_date=timezone.localdate()))
    client = signed_in(office.clerk)
    html = client.get(reverse("recall")).content.decode()
    assert all(f'data-copy="{c.pk}"' in html for c in copies)
    response = client.post(reverse("recall"), {"copies": ids(copies), "note": "按期清退"})
    assert response.status_code == 303 and response.url == reverse("recall")
    assert states(copies) == [CopyState.RECALLED] * 3


def test_a_copy_away_with_a_reader_is_not_recalled__RECALL_DUE(office):
    copy = office.copies(office.incoming(recall_date=timezone.localdate()))[0]
    circulation.circulate(
        actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[0].person_id
    )
    url = reverse("copy_use", args=[copy.pk])
    html = post_refused(
        signed_in(office.clerk), reverse("recall"), {"copies": [copy.pk], "next": url}, page=url
    )
    assert 'data-rule="RECALL-DUE"' in html
    assert states([copy]) == [CopyState.CIRCULATING]


def test_volumes_filing_and_a_consultation_in_the_archive_room__ARCH_FILE__ARCH_ACCESS(office):
    copies = office.copies(office.incoming(level=Level.SECRET))
    client = signed_in(office.clerk)
    client.post(
        reverse("volume_create"), {"number": "2026-永久-001", "title": "2026年收文", "year": 2026}
    )
    volume = ArchiveVolume.objects.get()
    response = client.post(reverse("archive_file"), {"copies": ids(copies), "volume": volume.pk})
    assert response.url == reverse("volume", args=[volume.pk])
    assert states(copies) == [CopyState.ARCHIVED] * 3
    assert f'data-copy="{copies[0].pk}"' in client.get(response.url).content.decode()

    reader = office.readers[0]
    client.post(
        reverse("archive_access_register"),
        {"documents": [copies[0].document_id], "purpose": "查阅", "applicant": reader.person_id},
    )
    access = ArchiveAccess.objects.get()
    page = reverse("archive_access", args=[access.pk])
    html = post_refused(client, reverse("archive_access_open", args=[access.pk]), page=page)
    assert 'data-rule="ARCH-ACCESS"' in html  # the office director has not approved yet
    office.approve_all(access.approval)
    client.post(reverse("archive_access_open", args=[access.pk]))
    html = client.get(page).content.decode()
    assert 'data-action="consult"' in html and 'data-form="excerpt"' in html
    client.post(
        reverse("archive_access_consult", args=[access.pk]), {"document": copies[0].document_id}
    )
    client.post(
        reverse("archive_access_excerpt", args=[access.pk]),
        {
            "document": copies[0].document_id,
            "description": "第三条",
            "checked_by": office.director.person_id,
        },
    )
    client.post(reverse("archive_access_close", args=[access.pk]))
    access.refresh_from_db()
    assert access.read_at and access.closed_at and access.excerpts.count() == 1


def test_an_excerpt_checked_by_its_own_reader_is_refused__ARCH_EXCERPT(office):
    copies = office.copies(office.incoming(level=Level.INTERNAL))
    volume = archives_ops.create_volume(actor=office.clerk, number="V1", title="卷", year=2026)
    archives_ops.archive(actor=office.clerk, copy_ids=ids(copies), volume_id=volume.pk)
    reader = office.readers[0]
    access = archives_ops.register_archive_access(
        actor=office.clerk,
        document_ids=[copies[0].document_id],
        purpose="查阅",
        applicant_id=reader.person_id,
    )
    archives_ops.open_reading(actor=office.clerk, access_id=access.pk)
    page = reverse("archive_access", args=[access.pk])
    html = post_refused(
        signed_in(office.clerk),
        reverse("archive_access_excerpt", args=[access.pk]),
        {"document": copies[0].document_id, "description": "摘", "checked_by": reader.person_id},
        page=page,
    )
    assert 'data-rule="ARCH-EXCERPT"' in html
    assert not access.excerpts.exists()


def approved_destruction(office, copies):
    signed_in(office.clerk).post(
        reverse("destruction_request"), {"copies": ids(copies), "reason": "过期"}
    )
    return office.approve_all(ApprovalRequest.objects.get(operation="destroy"))


def destroy_data(office, copies, witnesses):
    return {
        "copies": ids(copies),
        "method": "shredding",
        "place": "保密室碎纸机",
        "operator": office.clerk.person_id,
        "witnesses": [w.person_id for w in witnesses],
    }


def test_destruction_with_one_witness_is_refused_with_two_done__DESTROY_WITNESS(office):
    copies = office.copies(office.incoming(level=Level.SECRET, copies=2))
    assert approved_destruction(office, copies).state == State.GRANTED
    client = signed_in(office.clerk, language="en")
    page = reverse("destruction")
    assert 'data-form="destroy"' in client.get(page).content.decode()
    html = post_refused(
        client, reverse("destroy"), destroy_data(office, copies, [office.officer]), page=page
    )
    assert 'data-rule="DESTROY-WITNESS"' in html and "At least 2 people supervise" in html
    assert states(copies) == [CopyState.WITH_CUSTODIAN] * 2 and not Destruction.objects.exists()
    response = client.post(
        reverse("destroy"), destroy_data(office, copies, [office.officer, office.director])
    )
    assert response.status_code == 303
    assert states(copies) == [CopyState.DESTROYED] * 2
    assert f'data-destruction="{Destruction.objects.get().pk}"' in client.get(page).content.decode()


def test_destruction_without_approval_is_refused__DESTROY_APPROVE(office):
    copies = office.copies(office.incoming(copies=1))
    html = post_refused(
        signed_in(office.clerk),
        reverse("destroy"),
        destroy_data(office, copies, [office.officer, office.director]),
        page=reverse("destruction"),
    )
    assert 'data-rule="DESTROY-APPROVE"' in html
    assert states(copies) == [CopyState.WITH_CUSTODIAN]


def test_a_person_hands_everything_over_before_leaving__HANDOVER(office):
    """JOURNEYS §6: the security office opens the person, lists what they keep, asks for the
    hand-over; both sides sign; only then is the person marked as left."""
    copies = office.copies(office.incoming(readers=[office.officer, *office.readers]))
    clerk, officer = office.clerk, signed_in(office.officer, language="en")
    person_page = reverse("person", args=[clerk.person_id])
    start = reverse("handover_start", args=[clerk.person_id])
    assert start in officer.get(person_page).content.decode()
    html = officer.get(start).content.decode()
    assert all(f'data-held="{c.pk}"' in html for c in copies)

    html = post_refused(officer, reverse("person_left", args=[clerk.person_id]), page=start)
    assert 'data-rule="HANDOVER"' in html  # still keeps three copies
    officer.post(
        reverse("handover_request", args=[clerk.person_id]),
        {"copies": ids(copies), "reason": "leaving", "to_person": office.officer.person_id},
    )
    office.approve_all(ApprovalRequest.objects.get(operation="hand_over"))
    assert 'data-form="handover-list"' in officer.get(start).content.decode()
    response = officer.post(
        reverse("handover_list", args=[clerk.person_id]),
        {"copies": ids(copies), "reason": "leaving", "to_person": office.officer.person_id},
    )
    handover = Handover.objects.get()
    assert response.url == reverse("handover", args=[handover.pk])

    giver = signed_in(clerk)
    assert f'data-handover="{handover.pk}"' in giver.get(reverse("notices")).content.decode()
    giver.post(reverse("handover_sign", args=[handover.pk]))
    officer.post(reverse("handover_sign", args=[handover.pk]))
    handover.refresh_from_db()
    assert handover.completed_at is not None
    for copy in copies:
        copy.refresh_from_db()
        assert copy.custodian_id == office.officer.person_id

    prepare_leaving(clerk.person_id)
    response = officer.post(reverse("person_left", args=[clerk.person_id]))
    assert response.status_code == 303
    assert Person.objects.get(pk=clerk.person_id).employment == Employment.LEFT


def test_leaving_with_copies_left_off_the_list_is_refused__HANDOVER(office):
    copies = office.copies(office.incoming(readers=[office.officer, *office.readers]))
    start = reverse("handover_start", args=[office.clerk.person_id])
    html = post_refused(
        signed_in(office.officer),
        reverse("handover_request", args=[office.clerk.person_id]),
        {"copies": ids(copies[:1]), "reason": "leaving", "to_person": office.officer.person_id},
        page=start,
    )
    assert 'data-rule="HANDOVER"' in html
    assert not ApprovalRequest.objects.exists()


def test_a_hand_over_is_seen_by_its_two_sides_and_the_register_keepers(office):
    copies = office.copies(office.incoming(readers=[office.officer, *office.readers]))
    identity = {
        "from_person_id": office.clerk.person_id,
        "to_person_id": office.officer.person_id,
        "reason": "leaving",
        "copy_ids": ids(copies),
    }
    office.approve_all(handover_ops.request_handover(actor=office.officer, **identity))
    handover = handover_ops.hand_over(actor=office.officer, **identity)
    url = reverse("handover", args=[handover.pk])
    assert signed_in(office.clerk).get(url).status_code == 200
    assert signed_in(office.officer).get(url).status_code == 200
    assert signed_in(office.readers[0]).get(url).status_code == 404
    start = reverse("handover_start", args=[office.clerk.person_id])
    assert signed_in(office.readers[0]).get(start).status_code == 403
    # Either side may cancel a hand-over that cannot complete (HANDOVER); nothing moves.
    giver = signed_in(office.clerk)
    assert 'data-action="cancel-handover"' in giver.get(url).content.decode()
    assert giver.post(reverse("handover_cancel", args=[handover.pk])).status_code == 303
    handover.refresh_from_db()
    assert handover.cancelled_at is not None and handover.completed_at is None
    assert 'data-action="cancel-handover"' not in giver.get(url).content.decode()


def test_a_loss_is_reported_and_followed_up__LOSS_REPORT(office):
    copy = office.copies(office.incoming(readers=[office.officer]))[0]
    clerk = signed_in(office.clerk)
    copy_page = reverse("copy_use", args=[copy.pk])
    assert 'data-form="loss"' in clerk.get(copy_page).content.decode()
    at = timezone.localtime().replace(second=0, microsecond=0)
    response = clerk.post(
        reverse("loss_report", args=[copy.pk]),
        {"discovered_at": at.strftime("%Y-%m-%dT%H:%M"), "circumstances": "保密柜内未找到"},
    )
    assert response.status_code == 303
    report = LossReport.objects.get()
    assert states([copy]) == [CopyState.LOST]

    officer = signed_in(office.officer)
    html = officer.get(reverse("losses")).content.decode()
    assert f'data-report="{report.pk}"' in html and 'data-form="loss-progress"' in html
    officer.post(reverse("loss_progress", args=[report.pk]), {"written": "on", "remedies": "封存"})
    report.refresh_from_db()
    assert report.written_at is not None and report.remedies == "封存"
    assert 'data-form="loss-progress"' not in clerk.get(reverse("losses")).content.decode()
    assert (
        clerk.post(reverse("loss_progress", args=[report.pk]), {"written": "on"}).status_code == 403
    )

    clerk.post(reverse("copy_found", args=[copy.pk]))
    assert states([copy]) == [CopyState.WITH_CUSTODIAN]


def test_a_concluded_investigation_is_not_concluded_again__LOSS_REPORT(office):
    copy = office.copies(office.incoming(readers=[office.officer]))[0]
    report = loss_ops.report_loss(
        actor=office.clerk, copy_ids=[copy.pk], discovered_at=timezone.now(), circumstances="丢"
    )
    loss_ops.record_loss_progress(
        actor=office.officer, report_id=report.pk, findings="查明", concluded=True
    )
    html = post_refused(
        signed_in(office.officer),
        reverse("loss_progress", args=[report.pk]),
        {"findings": "再查", "concluded": "on"},
        page=reverse("losses"),
    )
    assert 'data-rule="LOSS-REPORT"' in html
    report.refresh_from_db()
    assert report.findings == "查明"


def test_an_inventory_checks_copies_by_number_and_lists_shortages__INVENTORY(office):
    entry = office.incoming(copies=3)
    copies = office.copies(entry)
    client = signed_in(office.clerk)
    response = client.post(reverse("inventories"), {"department": ""})
    inventory = Inventory.objects.get()
    page = reverse("inventory", args=[inventory.pk])
    assert response.url == page
    assert f'data-inventory="{inventory.pk}"' in client.get(reverse("inventories")).content.decode()
    client.post(
        reverse("inventory_check", args=[inventory.pk]),
        {"document_number": entry.document.number, "copy_number": 1},
    )
    client.post(reverse("inventory_check", args=[inventory.pk]), {"copy": copies[1].pk})
    html = client.get(page).content.decode()
    assert 'data-shortages="1"' in html
    html = post_refused(
        client, reverse("inventory_check", args=[inventory.pk]), {"copy": copies[1].pk}, page=page
    )
    assert 'data-rule="INVENTORY"' in html  # checked twice
    client.post(reverse("inventory_close", args=[inventory.pk]))
    inventory.refresh_from_db()
    assert inventory.closed_at is not None
    html = client.get(page).content.decode()
    assert 'data-shortages="1"' in html and 'data-form="check"' not in html


@pytest.mark.parametrize("who", ["reader", "director", "leader"])
def test_only_register_keepers_see_an_inventory__INVENTORY(office, who):
    """The same permission as its API (GET /inventories/{id}/reconciliation)."""
    inventory = inventory_ops.start_inventory(actor=office.clerk, department_id=None)
    account = {"reader": office.readers[0], "director": office.director, "leader": office.leader}
    page = reverse("inventory", args=[inventory.pk])
    assert signed_in(account[who]).get(page).status_code == 403
    assert signed_in(office.clerk).get(page).status_code == 200


def test_the_inbox_describes_hand_overs_and_consultations(office):
    """The approver of a hand-over sees whose it is; of a consultation, who reads what."""
    copies = office.copies(office.incoming(readers=[office.officer, *office.readers]))
    handover_ops.request_handover(
        actor=office.officer,
        from_person_id=office.clerk.person_id,
        to_person_id=office.officer.person_id,
        reason="leaving",
        copy_ids=ids(copies),
    )
    volume = archives_ops.create_volume(actor=office.clerk, number="V1", title="卷", year=2026)
    other = office.copies(office.incoming(level=Level.SECRET))
    archives_ops.archive(actor=office.clerk, copy_ids=ids(other), volume_id=volume.pk)
    archives_ops.register_archive_access(
        actor=office.clerk,
        document_ids=[other[0].document_id],
        purpose="查阅",
        applicant_id=office.readers[0].person_id,
    )
    html = signed_in(office.director, language="en").get(reverse("approvals")).content.decode()
    assert "Hand over what a person holds" in html and "王机要" in html
    assert "Consult archives" in html and f"张一: {other[0].document.number}" in html


def test_the_hand_over_page_lists_the_equipment_kept__HANDOVER(office):
    """JOURNEYS §6: the devices a person keeps are listed with the copies; each is handed
    over on its page, and until then the person is not marked as left."""
    laptop = devices.register_asset(
        actor=office.officer, type="laptop", number="BJB-31", custodian_id=office.clerk.person_id
    )
    officer = signed_in(office.officer)
    start = reverse("handover_start", args=[office.clerk.person_id])
    html = officer.get(start).content.decode()
    assert f'data-equipment="{laptop.pk}"' in html and "BJB-31" in html
    html = post_refused(officer, reverse("person_left", args=[office.clerk.person_id]), page=start)
    assert 'data-rule="HANDOVER"' in html and "BJB-31" in html
    devices.assign_custodian(
        actor=office.officer, asset_id=laptop.pk, custodian_id=office.officer.person_id
    )
    assert 'data-equipment="' not in officer.get(start).content.decode()
    prepare_leaving(office.clerk.person_id)
    response = officer.post(reverse("person_left", args=[office.clerk.person_id]))
    assert response.status_code == 303
