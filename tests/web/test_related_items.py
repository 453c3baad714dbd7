"""A page shows another item's number only to those who may see that item: the computers a
stick was used on in its keeper's history, the media used on a computer, the documents a draft
was derived from. The others are named by a neutral label (the API: by id only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.carriers.operations import outgoing
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices.operations import media
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
