"""GET /api/v1/copies: the copies the caller may know (CLS-MAC), filters and paging."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.carriers.models import Copy, CopyState, Document
from baomi.carriers.operations._common import move
from baomi.carriers.operations.incoming import register_incoming
from baomi.core.levels import Clearance, Level


@dataclass
class Shelf:
    clerk: Account
    low: Account  # GENERAL clearance, rank staff, in tech
    reader: Account  # IMPORTANT clearance, in tech
    internal: Document  # 3 copies, the whole organisation
    named: Document  # CONFIDENTIAL, names ``low``: 2 copies
    unnamed: Document  # CONFIDENTIAL, rank floor only: 2 copies
    secret: Document  # SECRET, names ``reader`` (above ``low``'s clearance): 2 copies


@pytest.fixture
def shelf(world) -> Shelf:
    """Four incoming documents with their copies at the clerk; copy 1 of the secret one
    circulating with the reader, due yesterday, and copy 2 of the internal one with the
    reader, due tomorrow."""
    clerk = world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    low = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    reader = world.account(Role.STAFF, clearance=Clearance.IMPORTANT)

    def register(n: int, level: int, copies: int, named: list[Account]) -> Document:
        return register_incoming(
            actor=clerk,
            number=f"市保发〔2026〕{n}号",
            title=f"第{n}号通知",
            level=level,
            term_years=10 if level >= Level.CONFIDENTIAL else None,
            copies=copies,
            named_people_ids=[a.person_id for a in named],
        ).document

    shelf = Shelf(
        clerk,
        low,
        reader,
        internal=register(1, Level.INTERNAL, 3, []),
        named=register(2, Level.CONFIDENTIAL, 2, [low]),
        unnamed=register(3, Level.CONFIDENTIAL, 2, []),
        secret=register(4, Level.SECRET, 2, [reader]),
    )
    _circulate(shelf, shelf.secret, 1, reader, days=-1)
    _circulate(shelf, shelf.internal, 2, reader, days=1)
    return shelf


def _circulate(shelf: Shelf, doc: Document, number: int, reader: Account, *, days: int) -> None:
    """Copy ``number`` of ``doc`` to ``reader``, due back in ``days`` (past when negative)."""
    move(
        Copy.objects.get(document=doc, number=number),
        actor=shelf.clerk,
        action="circulated",
        state=CopyState.CIRCULATING,
        holder=reader.person,
        person=reader.person,
        due_at=timezone.now() + datetime.timedelta(days=days),
    )


def _ids(body: dict) -> list[tuple[int, int]]:
    return [(c["document_id"], c["number"]) for c in body["items"]]


def test_low_clearance_user_sees_only_copies_of_documents_they_may_know__CLS_MAC(shelf, api):
    """Copies of the internal document and of the confidential one naming them; none of the
    confidential one outside their scope nor of the secret one above their clearance."""
    body = api(shelf.low).get("/copies").json()
    internal, named = shelf.internal.pk, shelf.named.pk
    assert _ids(body) == [(internal, 1), (internal, 2), (internal, 3), (named, 1), (named, 2)]
    assert body["next_offset"] is None


def test_unknowable_document_and_holder_give_nothing__CLS_MAC(shelf, api):
    """Filtering on a document the caller may not know answers an empty page, exactly as
    for a missing one; so does the secret copy the reader holds."""
    client = api(shelf.low)
    empty = {"next_offset": None, "items": []}
    assert client.get("/copies", document_id=shelf.secret.pk).json() == empty
    assert client.get("/copies", document_id=shelf.secret.pk + 1000).json() == empty
    held = client.get("/copies", holder_id=shelf.reader.person_id).json()
    assert _ids(held) == [(shelf.internal.pk, 2)]


def test_sysadmin_and_auditor_know_no_copies__CLS_MAC(shelf, world, api):
    for role in (Role.SYSADMIN, Role.AUDITOR):
        account = world.account(role, clearance=Clearance.CORE, rank="board")
        assert api(account).get("/copies").json() == {"next_offset": None, "items": []}


def test_item_fields(shelf, api):
    item = api(shelf.clerk).get("/copies", document_id=shelf.secret.pk).json()["items"][0]
    copy = Copy.objects.get(document=shelf.secret, number=1)
    assert item == {
        "id": copy.pk,
        "document_id": shelf.secret.pk,
        "document_number": "市保发〔2026〕4号",
        "number": 1,
        "label": "1/2",
        "state": "circulating",
        "holder_id": shelf.reader.person_id,
        "custodian_id": shelf.clerk.person_id,
        "due_at": item["due_at"],
        "due_rule": "CIRC-SAMEDAY",
    }
    # JSON carries milliseconds
    assert abs(datetime.datetime.fromisoformat(item["due_at"]) - copy.due_at).total_seconds() < 1e-3


def test_filters(shelf, api):
    client = api(shelf.clerk)
    by_document = client.get("/copies", document_id=shelf.named.pk).json()
    assert _ids(by_document) == [(shelf.named.pk, 1), (shelf.named.pk, 2)]
    by_holder = client.get("/copies", holder_id=shelf.reader.person_id).json()
    assert _ids(by_holder) == [(shelf.internal.pk, 2), (shelf.secret.pk, 1)]
    circulating = client.get("/copies", state="circulating").json()
    assert _ids(circulating) == _ids(by_holder)
    assert _ids(client.get("/copies", overdue="true").json()) == [(shelf.secret.pk, 1)]
    not_overdue = _ids(client.get("/copies", overdue="false", limit=100).json())
    assert len(not_overdue) == 8 and (shelf.secret.pk, 1) not in not_overdue
    both = client.get("/copies", state="with_custodian", document_id=shelf.internal.pk).json()
    assert _ids(both) == [(shelf.internal.pk, 1), (shelf.internal.pk, 3)]


def test_overdue_come_most_overdue_first(shelf, api):
    _circulate(shelf, shelf.named, 2, shelf.low, days=-3)
    overdue = api(shelf.clerk).get("/copies", overdue="true").json()
    assert _ids(overdue) == [(shelf.named.pk, 2), (shelf.secret.pk, 1)]
    # Each names the rule it is overdue under.
    assert [c["due_rule"] for c in overdue["items"]] == ["CIRC-SAMEDAY", "CIRC-SAMEDAY"]


def test_each_copy_names_the_rule_it_is_due_back_under__CIRC_SAMEDAY(shelf, api):
    """Above CIRC-SAMEDAY.min_level a reader returns it the same day; below, CIRC-NO-KEEP;
    with the custodian, no rule."""
    items = api(shelf.clerk).get("/copies", limit=100).json()["items"]
    rules = {(c["document_id"], c["number"]): c["due_rule"] for c in items}
    assert rules[(shelf.secret.pk, 1)] == "CIRC-SAMEDAY"
    assert rules[(shelf.internal.pk, 2)] == "CIRC-NO-KEEP"
    assert rules[(shelf.internal.pk, 1)] is None


def test_unknown_state_is_422(shelf, api):
    r = api(shelf.clerk).get("/copies", state="borrowed")
    assert r.status_code == 422 and r.json()["detail"]


def test_pages_with_next_offset(shelf, api):
    """Pages follow each other by ``next_offset`` (null on the last page), in the order the
    copies were registered."""
    client = api(shelf.clerk)
    seen, offset = [], 0
    while offset is not None:
        page = client.get("/copies", limit=4, offset=offset).json()
        assert len(page["items"]) <= 4
        seen += _ids(page)
        offset = page["next_offset"]
    expected = list(Copy.objects.order_by("pk").values_list("document", "number"))
    assert seen == expected and len(seen) == 9
    assert client.get("/copies", limit=9).json()["next_offset"] is None


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
def test_invalid_paging_is_422(shelf, api, query):
    r = api(shelf.clerk).get("/copies", **query)
    assert r.status_code == 422 and r.json()["detail"]


def test_without_a_token_is_401(shelf, api):
    r = api().get("/copies")
    assert r.status_code == 401 and r.json()["message"]
    assert r["WWW-Authenticate"] == "Bearer"
