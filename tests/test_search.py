"""The global search (``baomi.seams.search``): documents, equipment and people, each found
only by those who may know them (CLS-MAC), through GET /api/v1/search?q= and the /search/
page alike."""

from __future__ import annotations

import pytest
from django.test import Client

from baomi.access.roles import Role
from baomi.core.levels import Clearance, Level
from baomi.devices.operations import ledger
from baomi.seams.search import SEARCH_PROVIDERS, search
from tests.api.conftest import ApiClient
from tests.carriers.conftest import build_office
from tests.factories import World


@pytest.fixture
def office(world: World):
    return build_office(world)


@pytest.fixture
def uncleared(office):
    """Staff of the tech department cleared for nothing above INTERNAL."""
    return office.world.account(Role.STAFF, dept="tech", clearance=Clearance.NONE, name="钱无密")


def _found(actor, text: str) -> dict[str, list[str]]:
    return {provider.key: [hit.label for hit in hits] for provider, hits in search(actor, text)}


def test_documents_assets_and_people_are_searched():
    assert {"documents", "assets", "people"} <= {p.key for p in SEARCH_PROVIDERS}


def test_a_secret_document_is_not_found_by_an_uncleared_person__CLS_MAC(office, uncleared):
    office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="年度内部计划")

    assert _found(office.readers[0], "年度")["documents"] == [
        "内发〔2026〕2号 年度内部计划",
        "密发〔2026〕1号 年度机密计划",
    ]
    assert _found(uncleared, "年度")["documents"] == ["内发〔2026〕2号 年度内部计划"]
    assert "documents" not in _found(uncleared, "密发")
    assert "documents" not in _found(uncleared, "机密计划")


def test_another_organisation_s_assets_and_people_are_never_found__CLS_MAC(office, db):
    other = build_office(World.build())
    for each, serial in ((office, "SN-OURS"), (other, "SN-THEIRS")):
        ledger.register_asset(
            actor=each.officer,
            type="desktop",
            number="JSJ-0001",
            serial=serial,
            custodian_id=each.readers[0].person_id,
        )
    (ours,) = _found(office.officer, "JSJ-0001")["assets"]
    assert ours.startswith("JSJ-0001")
    assert "assets" not in _found(office.officer, "SN-THEIRS")
    # Their people are no more ours than their equipment: the same names, found once.
    assert _found(office.officer, "张一")["people"] == [
        f"张一 · {office.readers[0].person.department.name}"
    ]


def test_a_person_finds_only_the_assets_they_keep(office):
    keeper, other = office.readers[0], office.readers[1]
    for number, custodian in (("JSJ-0001", keeper), ("JSJ-0002", other)):
        ledger.register_asset(
            actor=office.officer, type="desktop", number=number, custodian_id=custodian.person_id
        )
    assert [label.split()[0] for label in _found(keeper, "JSJ")["assets"]] == ["JSJ-0001"]
    assert len(_found(office.officer, "JSJ")["assets"]) == 2


def test_the_api_answers_what_the_caller_may_know(office, uncleared):
    office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    reader = ApiClient(office.readers[0]).get("/search", q="机密计划")
    assert reader.status_code == 200
    (group,) = [g for g in reader.json() if g["key"] == "documents"]
    assert [h["level"] for h in group["hits"]] == [Level.SECRET]
    assert group["hits"][0]["url"].startswith("/documents/")
    nothing = ApiClient(uncleared).get("/search", q="机密计划")
    assert (nothing.status_code, nothing.json()) == (200, [])


def _names_q(body) -> bool:
    return body.get("field") == "q" or any(e["loc"][-1] == "q" for e in body.get("detail") or [])


@pytest.mark.parametrize("q", ["", "   ", "x" * 101, "a\x07b"])
def test_a_blank_or_too_long_search_is_refused_naming_q(office, q):
    response = ApiClient(office.readers[0]).get("/search", q=q)
    assert response.status_code == 422
    assert _names_q(response.json()), response.json()


def test_a_search_without_q_is_refused_naming_q(office):
    response = ApiClient(office.readers[0]).get("/search")
    assert response.status_code == 422
    assert _names_q(response.json()), response.json()


def test_the_search_page_lists_what_the_person_may_know(office, uncleared):
    office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="年度内部计划")
    client = Client()
    client.force_login(uncleared)
    html = client.get("/search/", {"q": "年度"}).content.decode()
    assert "年度内部计划" in html and "年度机密计划" not in html
    assert 'data-search-group="documents"' in html
    assert "data-search" in client.get("/").content.decode()  # the box in every page's bar
    too_long = client.get("/search/", {"q": "x" * 101}).content.decode()
    assert "data-search-error" in too_long


def test_the_search_page_needs_a_login(db):
    response = Client().get("/search/", {"q": "年度"})
    assert response.status_code == 302 and "/login/" in response["Location"]
