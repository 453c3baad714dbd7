"""The global search (``baomi.seams.search``): documents by 文号 or title, copies by 份号,
incoming register lines by 收文编号, equipment by 资产编号, people by name or staff number —
each found only by those who may know it (CLS-MAC), numbers however they are written (width,
brackets, spaces), the nearest number first, through GET /api/v1/search?q= and the /search/
page alike."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given

from baomi.access.roles import Role
from baomi.carriers.models import Series
from baomi.core.levels import Clearance, Level
from baomi.core.matching import Closeness, compact
from baomi.devices.operations import ledger
from baomi.seams.search import SEARCH_PROVIDERS, search
from tests.access.test_mac_properties import (
    EVERY_CASE,
    PROPERTY,
    Built,
    WorldSpec,
    expected,
    in_rolled_back_world,
    worlds,
)
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
    """Each kind's hit labels, in the order found."""
    found: dict[str, list[str]] = {}
    for provider, hit in search(actor, text):
        found.setdefault(provider.key, []).append(hit.label)
    return found


def _ranked(actor, text: str) -> list[tuple[str, str]]:
    return [(provider.key, hit.label) for provider, hit in search(actor, text)]


def test_documents_copies_register_lines_assets_and_people_are_searched():
    assert {"documents", "copies", "incoming", "assets", "people"} <= {
        p.key for p in SEARCH_PROVIDERS
    }


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
    (hit,) = [h for h in reader.json() if h["kind"] == "documents"]
    assert hit["level"] == Level.SECRET and hit["label"] == "密发〔2026〕1号 年度机密计划"
    assert hit["url"].startswith("/documents/") and hit["kind_label"]
    nothing = ApiClient(uncleared).get("/search", q="机密计划")
    assert (nothing.status_code, nothing.json()) == (200, [])


def test_the_api_lists_the_exact_number_first(office):
    office.incoming(level=Level.INTERNAL, number="市密发〔2026〕1号", title="转发")
    office.incoming(level=Level.INTERNAL, number="密发〔2026〕1号", title="原件")
    body = ApiClient(office.readers[0]).get("/search", q="密发[2026]1号").json()
    assert [h["label"] for h in body if h["kind"] == "documents"] == [
        "密发〔2026〕1号 原件",
        "市密发〔2026〕1号 转发",
    ]
    assert body[0]["kind"] == "documents"


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
    assert 'data-search-group="documents"' in html and "data-hit-kind" in html
    assert "data-search" in client.get("/").content.decode()  # the box in every page's bar


def test_the_search_page_needs_a_login(db):
    response = Client().get("/search/", {"q": "年度"})
    assert response.status_code == 302 and "/login/" in response["Location"]


# -- what is found, and how it is written --------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "密发〔2026〕1号",
        "密发[2026]1号",
        "密发（2026）1号",
        "密发【2026】1号",
        "密发 〔２０２６〕 １号",
        " 密 发(2026)1 号 ",
    ],
)
def test_a_document_number_is_found_however_it_is_written(office, typed):
    office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    assert _found(office.readers[0], typed)["documents"] == ["密发〔2026〕1号 年度机密计划"]


def test_the_stored_number_may_be_written_otherwise_than_the_text(office):
    office.incoming(level=Level.INTERNAL, number="ＪＹ[2026] 7号", title="借用")
    assert _found(office.readers[0], "jy〔2026〕7号")["documents"] == ["ＪＹ[2026] 7号 借用"]


def test_compact_folds_width_brackets_case_and_spaces():
    assert compact(" 密发【２０２６】 1号 ") == compact("密发(2026)1号") == "密发(2026)1号"
    assert compact("ＪＳＪ－００１") == "jsj-001"


def test_the_exact_number_comes_first_then_its_start_then_within_then_titles(office):
    office.incoming(level=Level.INTERNAL, number="市密发〔2026〕1号", title="转发")
    office.incoming(level=Level.INTERNAL, number="密发〔2026〕1号附件", title="附件")
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕9号", title="关于密发〔2026〕1号")
    office.incoming(level=Level.INTERNAL, number="密发〔2026〕1号", title="原件")
    assert _found(office.readers[0], "密发〔2026〕1号")["documents"] == [
        "密发〔2026〕1号 原件",
        "密发〔2026〕1号附件 附件",
        "市密发〔2026〕1号 转发",
        "内发〔2026〕9号 关于密发〔2026〕1号",
    ]


@pytest.mark.parametrize(
    "typed",
    ["密发〔2026〕1号 第2份", "密发[2026]1号第２份", "密发〔2026〕1号 2", "密发〔2026〕1号 2/3"],
)
def test_a_copy_is_found_by_its_document_and_number(office, typed):
    entry = office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    second = office.copies(entry)[1]
    (hit,) = [hit for provider, hit in search(office.readers[0], typed) if provider.key == "copies"]
    assert hit.url == f"/copies/{second.pk}/" and hit.closeness == Closeness.EXACT
    assert hit.label.startswith("密发〔2026〕1号 ") and hit.level == Level.SECRET
    assert search(office.readers[0], typed)[0][0].key == "copies"


def test_a_copy_is_not_found_by_whom_may_not_know_its_document__CLS_MAC(office, uncleared):
    office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    assert _found(uncleared, "密发〔2026〕1号 第2份") == {}
    assert "copies" not in _found(office.readers[0], "密发〔2026〕1号 第9份")


@pytest.mark.parametrize(
    ("typed", "both"),
    [
        ("{year}年涉密第{n}号", False),
        ("{year}-涉密-{n}", False),
        ("{year} classified No. {n}", False),
        ("第{n}号", True),
        ("{n}", True),
    ],
)
def test_an_incoming_register_line_is_found_by_its_number(office, typed, both):
    general = office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="内部通知")
    entry = office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    assert (entry.series, general.series, entry.sequence) == (Series.CLASSIFIED, Series.GENERAL, 1)
    text = typed.format(year=entry.year, n=entry.sequence)
    found = search(office.readers[0], text)
    hits = [hit for provider, hit in found if provider.key == "incoming"]
    # Without its register the number is the first line of either register.
    wanted = [entry, general] if both else [entry]
    assert [hit.url for hit in hits] == [f"/incoming/{line.pk}/" for line in wanted]
    assert "密发〔2026〕1号 年度机密计划" in hits[0].label
    assert found[0][1] == hits[0]  # a number match comes first


def test_an_incoming_register_line_of_another_year_or_register_is_not_found(office):
    entry = office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    for text in (
        f"{entry.year - 1}年涉密第{entry.sequence}号",
        f"{entry.year}年一般第{entry.sequence}号",
    ):
        assert "incoming" not in _found(office.readers[0], text)


def test_a_register_line_is_not_found_by_whom_may_not_know_its_document__CLS_MAC(office, uncleared):
    entry = office.incoming(level=Level.SECRET, number="密发〔2026〕1号", title="年度机密计划")
    assert "incoming" not in _found(uncleared, f"{entry.year}年涉密第{entry.sequence}号")


def test_an_asset_number_is_found_however_it_is_written_the_exact_one_first(office):
    for number in ("JSJ-0001-A", "JSJ-0001", "BJB-JSJ-0001"):
        ledger.register_asset(
            actor=office.officer,
            type="desktop",
            number=number,
            custodian_id=office.readers[0].person_id,
        )
    labels = _found(office.officer, "ｊｓｊ－０００１")["assets"]
    assert [label.split()[0] for label in labels] == ["JSJ-0001", "JSJ-0001-A", "BJB-JSJ-0001"]
    hits = [hit for provider, hit in search(office.officer, "JSJ-0001") if provider.key == "assets"]
    assert str(hits[0].kind) == "设备" and hits[0].url.startswith("/devices/")


def test_a_person_is_found_by_name_or_staff_number(office):
    reader = office.readers[1].person
    assert _found(office.clerk, reader.staff_number)["people"] == [
        f"张二 · {reader.department.name}"
    ]
    assert _found(office.clerk, "张 二")["people"] == [f"张二 · {reader.department.name}"]
    # The exact name before the names it is part of.
    office.world.account(Role.STAFF, dept="tech", name="张二娃")
    assert _found(office.clerk, "张二")["people"][0].startswith("张二 ·")


def test_every_hit_says_what_it_is(office):
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="张一的通知")
    kinds = {provider.key: str(hit.kind) for provider, hit in search(office.officer, "张一")}
    assert kinds["documents"] and kinds["people"] and kinds["documents"] != kinds["people"]


def test_the_search_page_says_each_hit_s_kind_in_chinese(office):
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="内部通知")
    client = Client()
    client.force_login(office.readers[0])
    html = client.get("/search/", {"q": "内发[2026]2号"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "文件" in html.content.decode() and "内部通知" in html.content.decode()


# -- bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["x" * 101, "a\x07b", "a\x00b", "密\n发"])
def test_a_too_long_or_control_character_search_page_is_refused_naming_q(office, q):
    client = Client()
    client.force_login(office.readers[0])
    response = client.get("/search/", {"q": q})
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-search-error" in html and "data-hit" not in html


def test_a_search_of_100_characters_is_answered(office):
    client = Client()
    client.force_login(office.readers[0])
    assert client.get("/search/", {"q": "〔" * 100}).status_code == 200
    assert ApiClient(office.readers[0]).get("/search", q="〔" * 100).status_code == 200


# -- CLS-MAC, over random worlds ---------------------------------------------------------------

_WIDE = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _document_urls(actor, text: str) -> list[str]:
    return [hit.url for provider, hit in search(actor, text) if provider.key == "documents"]


@pytest.mark.django_db
@PROPERTY
@EVERY_CASE
@given(spec=worlds())
def test_a_document_is_found_by_number_or_title_exactly_by_those_who_may_know_it__CLS_MAC(
    spec: WorldSpec,
) -> None:
    """Searching for a document's title, or its number written full-width and spaced, finds
    it for exactly the accounts the brute-force oracle lets know it — and nothing they may
    not know; the exact number comes first."""

    def check(world: Built) -> None:
        url = {doc.pk: f"/documents/{doc.pk}/" for doc in world.docs}
        for i, account in enumerate(world.accounts):
            known = {url[pk] for pk in expected(world, i)}
            for doc in world.docs:
                by_title = _document_urls(account, doc.title)
                by_number = _document_urls(account, " ".join(doc.number.translate(_WIDE)))
                assert set(by_title) <= known and set(by_number) <= known
                if url[doc.pk] in known:
                    assert by_title == [url[doc.pk]] and by_number[0] == url[doc.pk]
                else:
                    assert url[doc.pk] not in by_title + by_number

    in_rolled_back_world(spec, check)


@pytest.mark.parametrize("q", ["a.b*c(", "\\", "^$", "[]-", "密发\\d+", "(?i)x", "％＿", "'; --"])
def test_regular_expression_and_sql_characters_are_searched_as_themselves(office, q):
    office.incoming(level=Level.INTERNAL, number=f"内发{q}1号", title="特殊字符")
    office.incoming(level=Level.INTERNAL, number="内发〔2026〕2号", title="普通")
    response = ApiClient(office.readers[0]).get("/search", q=q)
    assert response.status_code == 200
    assert [h["label"] for h in response.json() if h["kind"] == "documents"] == [
        f"内发{q}1号 特殊字符"
    ]
