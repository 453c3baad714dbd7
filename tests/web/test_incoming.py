"""收文登记 and the routing slip as pages (JOURNEYS §1): the form gives the register number
(IN-NUMBER), the import registers all or nothing, the director instructs on the slip and may
only choose readers allowed to know the document (IN-ROUTE, CLS-MAC)."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from baomi.access.roles import Role
from baomi.carriers.models import CopyState, Document, IncomingEntry, Series
from baomi.carriers.operations import incoming
from baomi.core.levels import Clearance, Level
from tests.carriers import conftest as carriers
from tests.factories import World, csv_bytes, xlsx_bytes
from tests.web.conftest import signed_in

office = carriers.office  # the fixture: an office with its clerk, director and readers

HEADER = ["收文编号", "收文日期", "文号", "标题", "密级", "保密期限", "份数"]


def form(**overrides):
    data = {
        "number": "市保发〔2026〕7号",
        "title": "关于加强保密管理的通知",
        "issuer": "市保密局",
        "level": int(Level.SECRET),
        "term_years": 10,
        "copies": 3,
        "copy_numbers": "2-3",
        "urgency": "urgent",
        "carrier_type": "paper",
        "recall_date": "2026-12-31",
        "addressee_only": "on",
    }
    data.update(overrides)
    return data


def upload(rows, button: str, name: str = "incoming.xlsx"):
    """The import form with ``rows`` as a file, sent with ``button`` ("dry_run" or "import")."""
    content = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows)
    return {"file": SimpleUploadedFile(name, content), button: "1"}


def test_the_register_page_renders_for_the_clerk(office):
    html = signed_in(office.clerk).get(reverse("incoming_register")).content.decode()
    assert 'data-form="incoming"' in html and 'id="incoming-import"' in html
    for field in ("copy_numbers", "urgency", "addressee_only", "opened_at", "recall_date"):
        assert f'name="{field}"' in html
    # The named-people picker lists the people of the organisation only.
    outsider = World.build().person(name="别的单位的人")
    assert outsider.name not in html
    assert office.readers[0].person.name in html


def test_staff_may_not_register_incoming(office):
    client = signed_in(office.readers[0])
    assert client.get(reverse("incoming_register")).status_code == 403
    assert client.post(reverse("incoming_register"), form()).status_code == 403
    assert not Document.objects.exists()


def test_registering_through_the_form_shows_the_register_number__IN_NUMBER(office):
    office.incoming()  # takes number 1 of the classified register
    client = signed_in(office.clerk, language="en")
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    response = client.post(
        reverse("incoming_register"),
        form(
            named_people=[office.readers[0].person_id],
            opened_at=yesterday.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    entry = IncomingEntry.objects.get(document__title="关于加强保密管理的通知")
    assert response.status_code == 303
    assert response.url == reverse("incoming_entry", args=[entry.pk])
    assert (entry.series, entry.sequence) == (Series.CLASSIFIED, 2)
    doc = entry.document
    assert (doc.level, doc.term_years, doc.urgency, doc.addressee_only) == (
        Level.SECRET,
        10,
        "urgent",
        True,
    )
    assert doc.recall_date == datetime.date(2026, 12, 31)
    assert entry.late is True  # opened yesterday (IN-SAMEDAY)
    assert office.readers[0].person in doc.scope_people.all()
    assert [c.number for c in office.copies(entry)] == [2, 3]
    html = client.get(response.url).content.decode()
    number = re.search(r"data-register-number>([^<]+)<", html)[1]
    assert number == f"{entry.year} Classified No. 2"
    assert f"Registered as {number}." in html
    assert reverse("document", args=[doc.pk]) in html
    assert 'data-action="route"' in html


def test_a_refused_registration_quotes_the_clause__CLS_TERM(office):
    response = signed_in(office.clerk).post(
        reverse("incoming_register"), form(term_years=50), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403 and 'data-rule="CLS-TERM"' in response.content.decode()
    assert not Document.objects.exists() and not IncomingEntry.objects.exists()


def test_a_second_receipt_needs_the_clerks_confirmation__IN_NUMBER(office):
    """The form refuses the same 文号 from the same issuer again this year, quoting IN-NUMBER;
    with the second receipt box ticked it registers it, and the slip names the first."""
    client = signed_in(office.clerk)
    assert client.post(reverse("incoming_register"), form()).status_code == 303
    first = IncomingEntry.objects.get()
    response = client.post(reverse("incoming_register"), form(), HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and 'data-rule="IN-NUMBER"' in response.content.decode()
    assert IncomingEntry.objects.count() == 1
    html = client.get(reverse("incoming_register")).content.decode()
    assert 'name="second_receipt"' in html
    response = client.post(reverse("incoming_register"), form(second_receipt="on"))
    again = IncomingEntry.objects.exclude(pk=first.pk).get()
    assert response.status_code == 303 and again.repeat_of == first
    html = client.get(reverse("incoming_entry", args=[again.pk])).content.decode()
    assert "data-second-receipt" in html
    assert reverse("incoming_entry", args=[first.pk]) in html


def test_malformed_copy_numbers_are_refused_before_anything_is_written(office):
    response = signed_in(office.clerk).post(
        reverse("incoming_register"), form(copy_numbers="2到3"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400 and not Document.objects.exists()


def routed(office, **kw) -> IncomingEntry:
    """A SECRET incoming document naming the first reader, its slip sent to the director."""
    entry = office.incoming(readers=office.readers[:1], **kw)
    return incoming.route(actor=office.clerk, entry_id=entry.pk)


def test_the_director_finds_the_slip_on_the_home_page__IN_ROUTE(office):
    entry = routed(office, title="待批示的来文")
    html = signed_in(office.director).get("/").content.decode()
    assert f'data-slip="{entry.pk}"' in html and "待批示的来文" in html
    assert reverse("incoming_entry", args=[entry.pk]) in html
    assert 'id="slips"' not in signed_in(office.readers[0]).get("/").content.decode()


def test_the_director_sees_greyed_readers_with_the_reason__CLS_MAC(office, world):
    entry = routed(office)
    low = world.person(dept="tech", clearance=Clearance.GENERAL, name="密级不够")
    html = signed_in(office.director, language="en").get(reverse("incoming_entry", args=[entry.pk]))
    html = html.content.decode()
    assert 'id="instruct"' in html

    def candidate(person_id: int) -> str:
        return re.search(rf'data-candidate="{person_id}".*?</div>', html, re.S)[0]

    allowed = candidate(office.readers[0].person_id)
    assert "data-greyed" not in allowed and "disabled" not in allowed
    too_low = candidate(low.pk)
    assert "data-greyed" in too_low and "disabled" in too_low
    assert "clearance too low" in too_low
    outside = candidate(office.readers[1].person_id)
    assert "data-greyed" in outside and "outside the knowledge scope" in outside


def test_the_director_instructs_on_the_slip__IN_ROUTE(office):
    entry = routed(office)
    reader = office.readers[0]
    response = signed_in(office.director).post(
        reverse("incoming_instruct", args=[entry.pk]),
        {"instruction": "请张一阅", "readers": [reader.person_id]},
    )
    assert response.status_code == 303 and response.url == "/"
    entry.refresh_from_db()
    assert entry.instruction == "请张一阅" and list(entry.readers.all()) == [reader.person]
    desk = signed_in(office.clerk).get(reverse("desk")).content.decode()
    assert f'data-reader="{reader.person_id}"' in desk


def test_a_greyed_reader_cannot_be_chosen_by_a_crafted_form__CLS_MAC(office):
    entry = routed(office)
    response = signed_in(office.director).post(
        reverse("incoming_instruct", args=[entry.pk]),
        {"instruction": "请张二阅", "readers": [office.readers[1].person_id]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403 and 'data-rule="CLS-MAC"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.instructed_at is None and not entry.readers.exists()


def test_only_the_director_instructs(office):
    """Anyone else gets "not found", as for a slip that does not exist."""
    entry = routed(office)
    reader = office.readers[0]
    html = signed_in(reader).get(reverse("incoming_entry", args=[entry.pk])).content.decode()
    assert 'id="instruct"' not in html
    response = signed_in(reader).post(
        reverse("incoming_instruct", args=[entry.pk]),
        {"instruction": "我来批", "readers": [reader.person_id]},
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.instructed_at is None


def test_the_slip_of_an_unknowable_document_is_not_found__CLS_MAC(office):
    entry = office.incoming(readers=[])
    outsider = signed_in(office.readers[0])
    assert outsider.get(reverse("incoming_entry", args=[entry.pk])).status_code == 404


def test_the_import_dry_run_lists_every_rejected_row_and_why(office):
    rows = [
        HEADER,
        [1, "2026-01-05", "市发〔2026〕1号", "第一份", "机密", 10, 2],
        [2, "2026-01-06", "市发〔2026〕2号", "第二份", "", "", 1],
        [2, "2026-01-07", "市发〔2026〕3号", "第三份", "机密", 10, 1],
    ]
    client = signed_in(office.clerk, language="en")
    response = client.post(reverse("incoming_import"), upload(rows, "dry_run"))
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing has changed." in html
    rejected = html.split('id="import-rejected"')[1]
    assert 'data-row="3"' in rejected and "CLS-MARK" in rejected
    assert 'data-row="4"' not in rejected  # its number 2 goes to the classified register
    assert not IncomingEntry.objects.exists()


def test_the_import_dry_run_lists_the_rows_to_register(office):
    rows = [HEADER, [5, "2026-01-05", "市发〔2026〕1号", "第一份", "机密★10年", "", 2]]
    response = signed_in(office.clerk).post(
        reverse("incoming_import"), upload(rows, "dry_run", "incoming.csv")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-rows"' in html and "第一份" in html
    assert 'id="incoming-import"' in html  # the form to import them for real
    assert not IncomingEntry.objects.exists()


def test_the_import_registers_every_row(office):
    rows = [
        HEADER,
        [5, "2026-01-05", "市发〔2026〕1号", "第一份", "机密", 10, 2],
        [6, "2026-01-06", "市发〔2026〕2号", "第二份", "内部", "", 1],
    ]
    response = signed_in(office.clerk).post(reverse("incoming_import"), upload(rows, "import"))
    assert response.status_code == 303 and response.url == reverse("desk")
    entries = IncomingEntry.objects.all()
    assert {(e.series, e.sequence) for e in entries} == {
        (Series.CLASSIFIED, 5),
        (Series.GENERAL, 6),
    }
    first = entries.get(sequence=5)
    assert [(c.number, c.state) for c in office.copies(first)] == [
        (1, CopyState.WITH_CUSTODIAN),
        (2, CopyState.WITH_CUSTODIAN),
    ]


def test_an_import_with_a_rejected_row_imports_nothing(office):
    rows = [
        HEADER,
        [5, "2026-01-05", "市发〔2026〕1号", "第一份", "机密", 10, 2],
        [6, "2026-01-06", "市发〔2026〕2号", "第二份", "机密", 50, 1],
    ]
    response = signed_in(office.clerk).post(reverse("incoming_import"), upload(rows, "import"))
    html = response.content.decode()
    assert response.status_code == 400 and 'data-row="3"' in html and "CLS-TERM" in html
    assert not IncomingEntry.objects.exists() and not Document.objects.exists()


def test_staff_may_not_import(world, office):
    rows = [HEADER, [5, "2026-01-05", "市发〔2026〕1号", "第一份", "内部", "", 1]]
    staff = signed_in(world.account(Role.STAFF, clearance=Clearance.CORE))
    assert staff.post(reverse("incoming_import"), upload(rows, "import")).status_code == 403
    assert staff.get(reverse("incoming_import_template")).status_code == 403
    assert not IncomingEntry.objects.exists()


def test_the_import_template_has_the_header_row(office):
    response = signed_in(office.clerk).get(reverse("incoming_import_template"))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "收文登记簿导入模板.xlsx"
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {"收文编号", "收文日期", "文号", "标题", "密级"} <= set(header)
