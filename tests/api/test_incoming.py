"""The incoming register, circulation and where copies are, through /api/v1 (IN-*, CIRC-*),
with the operations' checks and CLS-MAC non-disclosure."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import Copy, CopyState, Document, IncomingEntry
from baomi.core.levels import Clearance, Level
from tests.api.carriers import hidden_like_missing, invalid, refused, snapshot
from tests.carriers import conftest as carriers
from tests.factories import audit_events, xlsx_bytes

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
L = Level


def incoming_body(office, **kw):
    body = {
        "number": "市保发〔2026〕8号",
        "title": "关于保密检查的通知",
        "level": L.SECRET,
        "term_years": 10,
        "issuer": "市保密局",
        "copies": 2,
        "named_people_ids": [r.person_id for r in office.readers[:2]],
    }
    body.update(kw)
    return body


@pytest.fixture
def secret(office):
    """Copy 1 of 3 of a SECRET incoming document naming the three readers, with the clerk."""
    return office.copies(office.incoming(level=L.SECRET))[0]


@pytest.fixture
def unknowable(office):
    """A copy of a TOP_SECRET document no reader may know."""
    return office.copies(office.incoming(level=L.TOP_SECRET, copies=1, readers=[]))[0]


def circulated(api, office, copy, reader=None):
    reader = reader or office.readers[0]
    r = api(office.clerk).post(f"/copies/{copy.pk}/circulate", {"reader_id": reader.person_id})
    assert r.status_code == 201, r.content
    return r.json()


# The incoming register ----------------------------------------------------------------------


def test_register_route_instruct_circulate_sign_and_return__IN_ROUTE(office, api):
    """The whole paper trail of an incoming document through the API: registered with its
    number (IN-NUMBER), routed to the office director, instructed, circulated to the reader
    named, signed for and returned: circulation finished (IN-URGENT, CIRC-SIGN)."""
    clerk, director, reader = api(office.clerk), api(office.director), api(office.readers[0])
    r = clerk.post("/incoming", incoming_body(office))
    assert r.status_code == 201, r.content
    entry = r.json()
    assert (entry["year"], entry["series"], entry["sequence"]) == (
        timezone.localdate().year,
        "classified",
        1,
    )
    assert entry["document"]["level"] == L.SECRET and entry["director_id"] == (
        office.director.person_id
    )
    assert entry["route_due_at"] and entry["routed_at"] is None and not entry["late"]
    copies = Copy.objects.filter(document_id=entry["document"]["id"]).order_by("number")
    assert [(c.number, c.state) for c in copies] == [(1, "with_custodian"), (2, "with_custodian")]

    routed = clerk.post(f"/incoming/{entry['id']}/route").json()
    assert routed["routed_at"] is not None
    assert [e["id"] for e in director.get("/incoming/awaiting").json()] == [entry["id"]]
    instructed = director.post(
        f"/incoming/{entry['id']}/instruction",
        {"instruction": "请张一阅", "reader_ids": [office.readers[0].person_id]},
    )
    assert instructed.status_code == 200, instructed.content
    assert instructed.json()["reader_ids"] == [office.readers[0].person_id]

    copy = copies[0]
    custody = circulated(api, office, copy)
    assert (custody["kind"], custody["holder_id"], custody["copy_id"]) == (
        "circulation",
        office.readers[0].person_id,
        copy.pk,
    )
    assert custody["due_at"] and custody["received_at"] is None
    signed = reader.post(f"/copies/{copy.pk}/receipt")
    assert signed.status_code == 200 and signed.json()["received_at"], signed.content
    returned = clerk.post(f"/copies/{copy.pk}/return")
    assert returned.status_code == 200 and returned.json()["returned_at"], returned.content
    assert clerk.get(f"/incoming/{entry['id']}").json()["circulated_at"] is not None

    timeline = clerk.get(f"/documents/{entry['document']['id']}/timeline").json()
    mine = [(e["action"], e["state"]) for e in timeline if e["copy_id"] == copy.pk]
    assert mine == [
        ("registered", "with_custodian"),
        ("circulated", "circulating"),
        ("receipt_signed", "circulating"),
        ("returned", "with_custodian"),
    ]
    assert timeline[0]["action_label"] and timeline[0]["copy_number"] == 1


def test_register_without_a_term_is_refused__CLS_MARK(office, api):
    r = api(office.clerk).post("/incoming", incoming_body(office, term_years=None))
    refused(r, "CLS-MARK")
    assert not IncomingEntry.objects.exists() and not Document.objects.exists()


def test_register_refused_to_a_reader(office, api):
    refused(api(office.readers[0]).post("/incoming", incoming_body(office)), None)
    assert not IncomingEntry.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"copies": "many"},
        {"urgency": "soon"},
        {"opened_at": "yesterday"},
        {"opened_at": "2026-01-05T09:00:00"},  # no time zone
        {"opened_at": "0001-01-01T00:00:00+14:00"},  # before UTC can represent it
        {"recall_date": "2026-02-30"},
        {"named_people_ids": "all"},
        {"number": None},
        {"title": "长" * 301},  # longer than the column
    ],
)
def test_malformed_registration_is_422(office, api, bad):
    invalid(api(office.clerk).post("/incoming", incoming_body(office, **bad)))
    assert not IncomingEntry.objects.exists()


def test_out_of_range_copies_are_422(office, api):
    body = invalid(api(office.clerk).post("/incoming", incoming_body(office, copies=0)))
    assert body["field"] == "copies"


def test_a_slip_is_routed_once__IN_ROUTE(office, api):
    entry = office.incoming()
    clerk = api(office.clerk)
    assert clerk.post(f"/incoming/{entry.pk}/route").status_code == 200
    refused(clerk.post(f"/incoming/{entry.pk}/route"), "IN-ROUTE", 409)


def test_only_the_director_it_was_routed_to_instructs__IN_ROUTE(office, api):
    """Anyone else gets "not found", like for a slip that does not exist."""
    entry = office.incoming()
    api(office.clerk).post(f"/incoming/{entry.pk}/route")
    body = {"instruction": "阅", "reader_ids": []}
    hidden_like_missing(
        api(office.readers[0]),
        "POST",
        f"/incoming/{entry.pk}/instruction",
        f"/incoming/{entry.pk + 1000}/instruction",
        body=body,
    )
    entry.refresh_from_db()
    assert entry.instructed_at is None


def test_instruction_naming_an_uncleared_reader_is_refused__CLS_MAC(office, api):
    entry = office.incoming()
    api(office.clerk).post(f"/incoming/{entry.pk}/route")
    uncleared = office.world.person()
    r = api(office.director).post(
        f"/incoming/{entry.pk}/instruction", {"instruction": "阅", "reader_ids": [uncleared.pk]}
    )
    refused(r, "CLS-MAC")
    entry.refresh_from_db()
    assert entry.instructed_at is None


def test_unknowable_register_line_is_not_found__CLS_MAC(office, api):
    entry = office.incoming(level=L.TOP_SECRET, readers=[])
    client = api(office.readers[0])
    hidden_like_missing(client, "GET", f"/incoming/{entry.pk}", f"/incoming/{entry.pk + 1000}")


# Import -------------------------------------------------------------------------------------


HEADER = ["收文编号", "收文日期", "文号", "标题", "来文单位", "密级", "保密期限", "份数"]


def upload(client, rows, dry_run=None, name="register.xlsx"):
    query = "" if dry_run is None else f"?dry_run={dry_run}"
    return client.client.post(
        f"/api/v1/incoming/import{query}",
        {"file": SimpleUploadedFile(name, xlsx_bytes([HEADER, *rows]))},
        headers=client.headers,
    )


def register_line(n, level="机密", term="10"):
    year = timezone.localdate().year
    return [
        n,
        f"{year}-01-02",
        f"市保发〔{year}〕{n}号",
        f"第{n}号文件",
        "市保密局",
        level,
        term,
        2,
    ]


def test_import_dry_run_then_import__IN_NUMBER(office, api):
    clerk = api(office.clerk)
    lines = [register_line(5), register_line(6, "内部", "")]
    dry = upload(clerk, lines, "true")
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert (body["would_create"], body["created"]) == (2, None)
    assert [(r["row"], r["sequence"], r["series"], r["entry_id"]) for r in body["rows"]] == [
        (2, 5, "classified", None),
        (3, 6, "general", None),
    ]
    assert not IncomingEntry.objects.exists()

    done = upload(clerk, lines)
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["created"] == 2
    entries = IncomingEntry.objects.order_by("sequence")
    assert [r["entry_id"] for r in body["rows"]] == [e.pk for e in entries]
    assert Copy.objects.filter(document__incoming__in=entries).count() == 4
    assert len(audit_events("carriers.incoming_imported")) == 1


def test_import_with_a_rejected_line_is_422_and_imports_nothing__CLS_TERM(office, api):
    for dry_run in ("true", "false"):
        r = upload(api(office.clerk), [register_line(5), register_line(6, term="99")], dry_run)
        body = invalid(r)
        assert body["field"] == "file" and [row["row"] for row in body["detail"]] == [3]
    assert not IncomingEntry.objects.exists()


def test_import_of_an_unreadable_file_is_422(office, api):
    clerk = api(office.clerk)
    r = clerk.client.post(
        "/api/v1/incoming/import",
        {"file": SimpleUploadedFile("register.pdf", b"%PDF")},
        headers=clerk.headers,
    )
    assert invalid(r)["field"] == "file"


def test_import_refused_to_a_reader(office, api):
    refused(upload(api(office.readers[0]), [register_line(5)]), None)
    assert not IncomingEntry.objects.exists()


# Circulation --------------------------------------------------------------------------------


def test_a_reader_cannot_pass_a_copy_on__CIRC_DIRECT(office, api, secret):
    circulated(api, office, secret)
    before = snapshot(secret.pk)
    r = api(office.readers[0]).post(
        f"/copies/{secret.pk}/circulate", {"reader_id": office.readers[1].person_id}
    )
    refused(r, "CIRC-DIRECT")
    assert snapshot(secret.pk) == before


def test_a_copy_out_with_a_reader_is_not_handed_out_again__CIRC_DIRECT(office, api, secret):
    circulated(api, office, secret)
    before = snapshot(secret.pk)
    r = api(office.clerk).post(
        f"/copies/{secret.pk}/circulate", {"reader_id": office.readers[1].person_id}
    )
    refused(r, "CIRC-DIRECT", 409)
    assert snapshot(secret.pk) == before


def test_circulating_to_a_reader_outside_the_scope_is_refused__CLS_MAC(office, api, secret):
    outsider = office.world.person(clearance=Clearance.CORE)
    before = snapshot(secret.pk)
    r = api(office.clerk).post(f"/copies/{secret.pk}/circulate", {"reader_id": outsider.pk})
    refused(r, "CLS-MAC")
    assert snapshot(secret.pk) == before


def test_only_the_reader_holding_it_signs_for_it__CIRC_SIGN(office, api, secret):
    circulated(api, office, secret)
    refused(api(office.readers[1]).post(f"/copies/{secret.pk}/receipt"), "CIRC-SIGN")
    assert api(office.readers[0]).post(f"/copies/{secret.pk}/receipt").status_code == 200
    refused(api(office.readers[0]).post(f"/copies/{secret.pk}/receipt"), "CIRC-SIGN", 409)


def test_only_the_custodian_confirms_a_return__CIRC_SIGN(office, api, secret):
    circulated(api, office, secret)
    before = snapshot(secret.pk)
    refused(api(office.readers[0]).post(f"/copies/{secret.pk}/return"), "CIRC-SIGN")
    assert snapshot(secret.pk) == before


def test_unknowable_copy_answers_like_a_missing_one__CLS_MAC(office, api, unknowable):
    client = api(office.readers[0])
    missing = unknowable.pk + 1000
    for verb in ("receipt", "return"):
        hidden_like_missing(
            client, "POST", f"/copies/{unknowable.pk}/{verb}", f"/copies/{missing}/{verb}"
        )
    body = {"reader_id": office.readers[1].person_id}
    hidden_like_missing(
        client,
        "POST",
        f"/copies/{unknowable.pk}/circulate",
        f"/copies/{missing}/circulate",
        body=body,
    )
    doc = unknowable.document_id
    for read in ("copies", "timeline"):
        hidden_like_missing(
            client, "GET", f"/documents/{doc}/{read}", f"/documents/{doc + 1000}/{read}"
        )


@pytest.mark.parametrize("body", [{}, {"reader_id": "张一"}, {"reader_id": 10**20}, None])
def test_malformed_circulation_is_422(office, api, secret, body):
    invalid(api(office.clerk).post(f"/copies/{secret.pk}/circulate", body))
    assert Copy.objects.get(pk=secret.pk).state == CopyState.WITH_CUSTODIAN


def test_an_id_beyond_any_key_is_422_not_a_database_error(office, api):
    invalid(api(office.clerk).post(f"/copies/{10**20}/return"))


def test_storing_copies_in_a_cabinet__CIRC_OFFICE(office, api, secret):
    clerk = api(office.clerk)
    r = clerk.post("/copies/store", {"copy_ids": [secret.pk], "location": "机要室 3 号柜"})
    assert r.status_code == 200, r.content
    assert [(c["id"], c["location"]) for c in r.json()] == [(secret.pk, "机要室 3 号柜")]
    reader = api(office.readers[0])
    refused(reader.post("/copies/store", {"copy_ids": [secret.pk], "location": "柜"}), None)


def test_only_with_the_custodian_is_a_copy_stored__CIRC_OFFICE(office, api, secret):
    circulated(api, office, secret)
    r = api(office.clerk).post("/copies/store", {"copy_ids": [secret.pk], "location": "柜"})
    refused(r, "CIRC-OFFICE", 409)


# Where copies are ---------------------------------------------------------------------------


def test_document_copies_show_holder_and_custody(office, api, secret):
    circulated(api, office, secret)
    r = api(office.clerk).get(f"/documents/{secret.document_id}/copies")
    assert r.status_code == 200
    first, second, _third = r.json()
    assert (first["id"], first["state"], first["holder_id"]) == (
        secret.pk,
        "circulating",
        office.readers[0].person_id,
    )
    assert first["label"] == "第1份（共3份）" and first["holder"] == "张一"
    assert first["custody"]["kind"] == "circulation" and first["custodian"] == "王机要"
    assert second["custody"] is None and second["holder_id"] == office.clerk.person_id


def test_holdings_list_what_the_caller_has_in_hand(office, api, secret):
    circulated(api, office, secret)
    reader = api(office.readers[0])
    held = reader.get("/me/holdings").json()
    assert [c["id"] for c in held["items"]] == [secret.pk] and held["next_offset"] is None
    assert held["items"][0]["custody"]["holder_id"] == office.readers[0].person_id
    other = reader.get("/me/holdings", person_id=office.clerk.person_id)
    refused(other, None)
    clerk_view = api(office.clerk).get("/me/holdings", person_id=office.readers[0].person_id)
    assert [c["id"] for c in clerk_view.json()["items"]] == [secret.pk]


def test_holdings_page_by_next_offset(office, api):
    office.incoming(copies=3)
    clerk = api(office.clerk)
    first = clerk.get("/me/holdings", limit=2).json()
    rest = clerk.get("/me/holdings", limit=2, offset=first["next_offset"]).json()
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    assert rest["next_offset"] is None
    invalid(clerk.get("/me/holdings", limit=0))


def test_department_copies_only_known_ones__CLS_MAC(office, api, secret, unknowable):
    circulated(api, office, secret)
    tech = office.world.departments["tech"].pk
    reader = api(office.readers[1])
    assert [c["id"] for c in reader.get(f"/departments/{tech}/copies").json()["items"]] == [
        secret.pk
    ]
    office_dept = office.world.departments["office"].pk
    items = reader.get(f"/departments/{office_dept}/copies", limit=100).json()["items"]
    assert unknowable.pk not in [c["id"] for c in items]
    assert reader.get("/departments/999999/copies").status_code == 404


def test_the_desk_for_the_clerk_only(office, api, secret):
    circulated(api, office, secret)
    desk = api(office.clerk).get("/desk")
    assert desk.status_code == 200, desk.content
    body = desk.json()
    assert [c["id"] for c in body["circulating"]] == [secret.pk]
    assert [e["document"]["id"] for e in body["to_route"]] == [secret.document_id]
    assert {c["id"] for c in body["not_in_cabinet"]} >= {
        c.pk for c in office.copies(secret.document)[1:]
    }
    refused(api(office.readers[0]).get("/desk"), None)


def test_sysadmin_knows_no_copy__CLS_MAC(office, api, secret):
    admin = api(office.world.account(Role.SYSADMIN, clearance=Clearance.CORE, rank="board"))
    hidden_like_missing(
        admin,
        "GET",
        f"/documents/{secret.document_id}/copies",
        f"/documents/{secret.document_id + 1000}/copies",
    )


def test_a_second_receipt_is_refused_unless_confirmed__IN_NUMBER(office, api):
    """The same 文号 from the same issuer twice in a year: 403 naming IN-NUMBER, nothing
    written; confirmed with ``second_receipt``, 201 and the line names the first receipt."""
    clerk = api(office.clerk)
    first = clerk.post("/incoming", incoming_body(office))
    assert first.status_code == 201, first.content
    assert first.json()["repeat_of_id"] is None
    refused(clerk.post("/incoming", incoming_body(office)), "IN-NUMBER")
    assert IncomingEntry.objects.count() == 1 and Document.objects.count() == 1
    again = clerk.post("/incoming", incoming_body(office, second_receipt=True))
    assert again.status_code == 201, again.content
    assert (again.json()["sequence"], again.json()["repeat_of_id"]) == (2, first.json()["id"])
    event = audit_events("carriers.incoming_registered")[-1]
    assert event["data"]["repeat_of"] == first.json()["id"]


def test_the_import_reports_a_repeated_document_per_row_unless_confirmed__IN_NUMBER(office, api):
    clerk = api(office.clerk)
    office.incoming(number=register_line(5)[2], issuer="市保密局")
    body = invalid(upload(clerk, [register_line(5)], "true"))
    [row] = body["detail"]
    assert row["row"] == 2 and row["reasons"][0].startswith("IN-NUMBER:")
    confirmed = [[*HEADER, "再次收文"], [*register_line(5), "是"]]
    r = clerk.client.post(
        "/api/v1/incoming/import",
        {"file": SimpleUploadedFile("register.xlsx", xlsx_bytes(confirmed))},
        headers=clerk.headers,
    )
    assert r.status_code == 200, r.content
    [imported] = r.json()["rows"]
    assert imported["second_receipt"] is True
    assert IncomingEntry.objects.get(pk=imported["entry_id"]).repeat_of is not None
