"""A page shows another item's number only to those who may see that item: the computers a
stick was used on in its keeper's history, the media used on a computer, the documents a draft
was derived from. The others are named by a neutral label (the API: by id only)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.accounts.models import Account
from baomi.approvals import operations as approvals
from baomi.approvals.models import ApprovalRequest
from baomi.carriers.models import CopyEvent, Document
from baomi.carriers.operations import outgoing
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices.models import Asset, AssetEvent
from baomi.devices.operations import ledger as ledger_ops
from baomi.devices.operations import media, upkeep
from baomi.org import operations as org
from tests.api.conftest import ApiClient
from tests.carriers.conftest import office  # noqa: F401 (the fixture)
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.web.conftest import signed_in


@pytest.fixture
def used(ledger):  # noqa: F811 (the fixture imported above)
    """A secret computer kept by the first tech custodian; a secret stick and an unclassified
    one kept by the second. The security officer records a use of the secret stick on the
    computer; the unclassified stick's use there is refused and kept as evidence."""
    other = ledger.tech[1]
    ledger.computer = ledger.register(number="JSJ-X1", level=Level.SECRET, network="isolated")
    ledger.stick = ledger.register(
        type="usb_stick",
        number="U-X1",
        serial="SN-X1",
        level=Level.SECRET,
        custodian_id=other.person_id,
    )
    ledger.plain = ledger.register(
        type="usb_stick", number="U-X2", level=0, custodian_id=other.person_id
    )
    media.record_media_use(
        actor=ledger.officer, computer_id=ledger.computer.pk, medium_identifier="SN-X1"
    )
    with pytest.raises(RuleViolation):
        media.record_media_use(
            actor=ledger.officer, computer_id=ledger.computer.pk, medium_identifier="U-X2"
        )
    return ledger


def _page(account, asset) -> str:
    response = signed_in(account).get(reverse("asset", args=[asset.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_sticks_keeper_does_not_see_the_computers_it_was_used_on(used):
    """The stick's history and its uses (allowed and refused) name the computer, which its
    keeper may not see, by a neutral label; the security officer sees its number."""
    keeper = used.tech[1]
    for stick in (used.stick, used.plain):
        html = _page(keeper, stick)
        assert "JSJ-X1" not in html and "data-hidden-asset" in html
        assert reverse("asset", args=[used.computer.pk]) not in html
    html = _page(used.officer, used.stick)
    assert "JSJ-X1" in html and "data-hidden-asset" not in html


def test_a_computers_keeper_does_not_see_the_media_of_others_used_on_it(used):
    html = _page(used.tech[0], used.computer)
    assert [word for word in ("U-X1", "SN-X1", "U-X2") if word in html] == []
    assert html.count("data-hidden-asset") == 3  # the history line and the two uses
    assert "U-X1" in _page(used.officer, used.computer)


def test_the_api_names_a_hidden_asset_by_its_id_only(used):
    answer = ApiClient(used.tech[1]).get(f"/assets/{used.stick.pk}")
    assert answer.status_code == 200
    assert "JSJ-X1" not in answer.content.decode()
    [line] = [e for e in answer.json()["history"] if e["action"] == "used"]
    assert (line["data"]["computer"], line["note"]) == (used.computer.pk, "")
    seen = ApiClient(used.officer).get(f"/assets/{used.stick.pk}").json()
    assert [e["note"] for e in seen["history"] if e["action"] == "used"] == ["JSJ-X1"]


def test_a_draft_names_only_the_sources_its_reader_may_know(office):  # noqa: F811
    """A reader in the draft's scope but not in its source's sees the source counted, not
    named (CLS-DERIVE keeps the level; the scope is the draft's own)."""
    drafter, reader = office.readers[0], office.readers[1]
    source = office.incoming(readers=[drafter], number="市保发〔2026〕99号").document
    draft = outgoing.draft_document(
        actor=drafter,
        title="据来文拟稿",
        main_to="市保密局",
        source_document_ids=[source.pk],
        named_people_ids=[reader.person_id],
    )
    page = reverse("outgoing_document", args=[draft.pk])
    html = signed_in(reader).get(page).content.decode()
    assert source.number not in html and 'data-hidden-sources="1"' in html
    html = signed_in(drafter).get(page).content.decode()
    assert source.number in html and "data-hidden-sources" not in html


# A computer handed over since (DEV-STANDALONE), a backup's target (DEV-BACKUP), older lines.


@pytest.fixture
def handed_over(used):
    """The first tech custodian processed secret data on a standalone computer, approved by
    the leader in charge of the department; while that use still runs, the security officer
    hands the computer to the second custodian, whose computers the first may not see."""
    tech = used.world.departments["tech"].pk
    org.set_department_leaders(
        actor=None,
        department_id=tech,
        head_id=None,
        leader_in_charge_id=used.director.person_id,
    )
    used.alone = used.register(number="JSJ-A1", level=Level.SECRET, network="none")
    ask = {"computer_id": used.alone.pk, "level": Level.SECRET, "purpose": "汇总涉密数据"}
    request = upkeep.request_standalone(actor=used.tech[0], **ask)
    for step in request.steps.order_by("order"):
        approver = Account.objects.get(person_id=step.approver_id)
        approvals.decide(actor=approver, request_id=request.pk, approve=True)
    assert ApprovalRequest.objects.get(pk=request.pk).state == "granted"
    used.run = upkeep.start_standalone(actor=used.tech[0], **ask)
    ledger_ops.assign_custodian(
        actor=used.officer, asset_id=used.alone.pk, custodian_id=used.tech[1].person_id
    )
    return used


def test_ones_standalone_use_hides_a_computer_handed_over_since__DEV_STANDALONE(handed_over):
    """The person's own list ("my equipment") still holds the use, to finish it there, but
    names the computer, which they may no longer see, by a neutral label; the security
    officer's care page and the new keeper's asset page name it."""
    run, alone = handed_over.run, handed_over.alone
    html = signed_in(handed_over.tech[0]).get(reverse("my_equipment")).content.decode()
    assert f'data-standalone-use="{run.pk}"' in html and "data-hidden-asset" in html
    assert "JSJ-A1" not in html and reverse("asset", args=[alone.pk]) not in html
    html = signed_in(handed_over.officer).get(reverse("device_care")).content.decode()
    assert f'data-standalone-use="{run.pk}"' in html and "JSJ-A1" in html
    assert "JSJ-A1" in _page(handed_over.tech[1], alone)


def test_the_api_names_a_computer_handed_over_since_by_its_id__DEV_STANDALONE(handed_over):
    run, alone = handed_over.run, handed_over.alone
    former = ApiClient(handed_over.tech[0])
    [line] = former.get("/standalone").json()["items"]
    assert (line["id"], line["computer_id"], line["computer_number"]) == (run.pk, alone.pk, None)
    done = former.post(f"/standalone/{run.pk}/finish", {"treatment": "数据已删除，已做技术处理"})
    assert done.status_code == 200, done.content
    assert done.json()["computer_number"] is None and "JSJ-A1" not in done.content.decode()
    [seen] = ApiClient(handed_over.officer).get("/standalone").json()["items"]
    assert seen["computer_number"] == "JSJ-A1"
    records = ApiClient(handed_over.tech[1]).get(f"/assets/{alone.pk}/records").json()
    assert [u["computer_number"] for u in records["standalone"]] == ["JSJ-A1"]


def _history(account, asset) -> str:
    """The history card of ``asset``'s page as ``account`` sees it."""
    html = _page(account, asset)
    return html[html.index('id="history"') :].split("</section>")[0]


def test_a_backups_target_stays_in_its_record__DEV_BACKUP(used):
    """The target is free text, here another asset's number: the computer's history says a
    backup was made, the backup's own record says where to."""
    keeper = used.tech[0]
    backup = upkeep.record_backup(
        actor=keeper, computer_id=used.computer.pk, on=timezone.localdate(), target="U-X2"
    )
    history = _history(keeper, used.computer)
    assert 'data-event="backed_up"' in history and "U-X2" not in history
    answer = ApiClient(keeper).get(f"/assets/{used.computer.pk}").json()
    [line] = [e for e in answer["history"] if e["action"] == "backed_up"]
    assert (line["note"], line["data"]["backup"]) == ("", backup.pk)
    records = ApiClient(keeper).get(f"/assets/{used.computer.pk}/records").json()
    assert [b["target"] for b in records["backups"]] == ["U-X2"]


def test_older_lines_naming_another_item_show_no_note__CLS_MAC(used):
    """Lines written before issue 10 item 16 kept the computer's number in a medium's
    "tainted" line and the target in a "backed_up" line: their notes are not shown."""
    at = timezone.now() - datetime.timedelta(days=1)
    for asset, action, note in (
        (used.stick, "tainted", "JSJ-X1"),
        (used.computer, "backed_up", "U-X1"),
    ):
        AssetEvent.objects.create(asset=asset, at=at, action=action, note=note, data={})
    stick_keeper, computer_keeper = used.tech[1], used.tech[0]
    assert "JSJ-X1" not in _history(stick_keeper, used.stick)
    assert "U-X1" not in _history(computer_keeper, used.computer)
    for account, asset, action in (
        (stick_keeper, used.stick, "tainted"),
        (computer_keeper, used.computer, "backed_up"),
    ):
        answer = ApiClient(account).get(f"/assets/{asset.pk}").json()
        assert next(e["note"] for e in answer["history"] if e["action"] == action) == ""


def test_no_history_note_holds_another_items_number_or_serial__CLS_MAC(demo_built):
    """A scan of every line of an asset's history and a copy's timeline that the demo world
    writes (uses of media, a backup, a repair, circulation, storing): a note names no other
    asset by its number or serial, no other document by its number or title."""
    assets = {
        pk: {number, serial}
        for pk, number, serial in Asset.objects.values_list("pk", "number", "serial")
    }
    documents = {
        pk: {number, title}
        for pk, number, title in Document.objects.values_list("pk", "number", "title")
    }

    def others(texts: dict[int, set[str]], own: int) -> set[str]:
        return {text for pk, named in texts.items() if pk != own for text in named if text}

    asset_lines = AssetEvent.objects.exclude(note="")
    copy_lines = CopyEvent.objects.exclude(note="").select_related("copy")
    assert {"medium_used", "used", "backed_up"} <= set(
        AssetEvent.objects.values_list("action", flat=True)
    )
    assert copy_lines.exists()
    leaks = [
        (e.action, e.note)
        for e in asset_lines
        if any(w in e.note for w in others(assets, e.asset_id))
    ]
    leaks += [
        (e.action, e.note)
        for e in copy_lines
        if any(w in e.note for w in others(documents, e.copy.document_id))
    ]
    assert leaks == []
