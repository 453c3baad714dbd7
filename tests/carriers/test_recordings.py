"""Recordings (录音录像, AV-RECORD): classified items, registered and levelled by the
designated department (the general office by default), archived by the general office; the
recordings register and its exports."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from baomi.access.roles import Role
from baomi.carriers.models import (
    CarrierType,
    ChangeKind,
    Copy,
    CopyState,
    Document,
    RecordingDetails,
)
from baomi.carriers.operations import (
    archives,
    classification,
    outgoing,
    recordings,
    register_document,
)
from baomi.carriers.queries import registers as register_queries
from baomi.core.errors import AccessDenied, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Clearance, Level
from baomi.core.registers import Filters
from baomi.rulebook.operations import set_rule
from tests.api.conftest import ApiClient
from tests.carriers.conftest import Office
from tests.factories import World, audit_events
from tests.web.conftest import signed_in

L = Level
TODAY = timezone.localdate


def refused(rule_id: str, call: Any, **kw: Any) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def recording_kw(office: Office, **kw: Any) -> dict[str, Any]:
    values = {
        "number": "录〔2026〕1号",
        "title": "总经理在年度保密工作会议上的讲话",
        "level": L.SECRET,
        "term_years": 10,
        "speaker_id": office.head.person_id,
        "occasion": "2026年度保密工作会议",
        "recorded_on": TODAY() - datetime.timedelta(days=1),
        "medium": "video",
        "format": "disc",
        "duration_minutes": 45,
        "copies": 2,
    }
    values.update(kw)
    return values


def register(office: Office, actor: Any = None, **kw: Any) -> Document:
    return recordings.register_recording(actor=actor or office.clerk, **recording_kw(office, **kw))


def outsider_clerk(office: Office) -> Any:
    """A clerk of the tech department (not the general office)."""
    return office.world.account(Role.CLERK, dept="tech", clearance=Clearance.CORE, name="刘文书")


# Registering -------------------------------------------------------------------------------


def test_the_general_offices_clerk_registers_a_recording_with_its_copies__AV_RECORD(office):
    doc = register(office)
    assert doc.carrier_type == CarrierType.RECORDING
    assert (doc.level, doc.term_years, doc.copies_count) == (L.SECRET, 10, 2)
    details = RecordingDetails.objects.get(document=doc)
    assert details.speaker_id == office.head.person_id
    assert (details.medium, details.format, details.duration_minutes) == ("video", "disc", 45)
    copies = list(Copy.objects.filter(document=doc).order_by("number"))
    assert [c.number for c in copies] == [1, 2]
    assert {(c.state, c.custodian_id) for c in copies} == {
        (CopyState.WITH_CUSTODIAN, office.clerk.person_id)
    }
    assert list(copies[0].timeline.values_list("action", flat=True)) == ["recorded"]
    [event] = audit_events("carriers.recording_registered")
    assert event["data"]["rules"] == ["AV-RECORD", "CLS-MARK"]
    assert event["data"]["duration_minutes"] == 45


def test_a_public_recording_is_refused__AV_RECORD(office):
    refused("AV-RECORD", register, office=office, level=L.PUBLIC, term_years=None)
    assert not Document.objects.exists()


def test_an_internal_recording_is_registered_without_a_term__AV_RECORD(office):
    doc = register(office, level=L.INTERNAL, term_years=None)
    assert (doc.level, doc.term_years) == (L.INTERNAL, None)


def test_a_clerk_outside_the_general_office_may_not_register_a_recording__AV_RECORD(office):
    refused("AV-RECORD", register, office=office, actor=outsider_clerk(office))
    assert not Document.objects.exists()


def test_the_rulebook_may_designate_another_department__AV_RECORD(office):
    tech = office.world.departments["tech"]
    set_rule(
        actor=office.officer, rule_id="AV-RECORD", params={"levelling_departments": [tech.name]}
    )
    refused("AV-RECORD", register, office=office)
    doc = register(office, actor=outsider_clerk(office))
    assert doc.carrier_type == CarrierType.RECORDING


def test_the_rulebook_may_designate_several_departments__AV_RECORD(office):
    names = [office.world.departments[k].name for k in ("office", "tech")]
    set_rule(actor=office.officer, rule_id="AV-RECORD", params={"levelling_departments": names})
    register(office)
    register(office, actor=outsider_clerk(office), number="录〔2026〕2号")
    assert Document.objects.count() == 2


def test_a_designated_department_that_does_not_exist_refuses__AV_RECORD(office):
    set_rule(
        actor=office.officer, rule_id="AV-RECORD", params={"levelling_departments": ["宣传部"]}
    )
    refused("AV-RECORD", register, office=office)


def test_only_register_keepers_register_recordings(office):
    with pytest.raises(AccessDenied):
        register(office, actor=office.readers[0])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("medium", "film"),
        ("format", "vinyl"),
        ("duration_minutes", 0),
        ("duration_minutes", 7 * 24 * 60 + 1),
        ("duration_minutes", True),
        ("occasion", " "),
        ("occasion", "会" * 201),
        ("recorded_on", "2026-01-01"),
        ("copies", 0),
        ("copies", 1000),
    ],
)
def test_bad_input_names_its_field(office, field, value):
    with pytest.raises(InvalidInput) as exc:
        register(office, **{field: value})
    assert exc.value.field == field
    assert not Document.objects.exists()


def test_a_recording_of_a_day_to_come_is_refused(office):
    with pytest.raises(InvalidInput) as exc:
        register(office, recorded_on=TODAY() + datetime.timedelta(days=1))
    assert exc.value.field == "recorded_on"


def test_a_speaker_of_another_organisation_is_not_found(office):
    stranger = World.build().person()
    with pytest.raises(NotFound):
        register(office, speaker_id=stranger.pk)


def test_a_recording_without_a_speaker_is_registered(office):
    """A factory's video has no speaker; it is a classified item all the same."""
    doc = register(office, speaker_id=None, title="一号车间生产线录像", medium="video")
    assert RecordingDetails.objects.get(document=doc).speaker is None


# Levelling: review, downgrade, declassification --------------------------------------------


def _approved(office: Office, doc: Document, **change: Any) -> None:
    office.approve_all(
        classification.request_reclassification(
            actor=office.officer, document_id=doc.pk, reason="定密审查", **change
        )
    )


def _known_to_the_classifiers(office: Office) -> Document:
    return register(office, named_people_ids=[office.officer.person_id, office.leader.person_id])


def test_the_general_office_relevels_a_recording__AV_RECORD(office):
    doc = _known_to_the_classifiers(office)
    change = {"kind": ChangeKind.DOWNGRADE, "to_level": L.CONFIDENTIAL}
    _approved(office, doc, **change)
    classification.reclassify(actor=office.officer, document_id=doc.pk, **change)
    doc.refresh_from_db()
    assert doc.level == L.CONFIDENTIAL
    classification.review(actor=office.director, document_id=doc.pk)


def test_someone_outside_the_designated_department_may_not_relevel_a_recording__AV_RECORD(
    office,
):
    doc = _known_to_the_classifiers(office)
    change = {"kind": ChangeKind.DOWNGRADE, "to_level": L.CONFIDENTIAL}
    # The leader in charge is of the organisation's root, not of the general office.
    refused(
        "AV-RECORD",
        classification.request_reclassification,
        actor=office.leader,
        document_id=doc.pk,
        **change,
    )
    _approved(office, doc, **change)
    refused(
        "AV-RECORD", classification.reclassify, actor=office.leader, document_id=doc.pk, **change
    )
    refused("AV-RECORD", classification.review, actor=office.leader, document_id=doc.pk)
    doc.refresh_from_db()
    assert doc.level == L.SECRET


def test_other_documents_are_relevelled_as_before(office):
    """AV-RECORD asks only about recordings: the leader in charge reviews a paper document."""
    doc = office.incoming(level=L.SECRET).document
    classification.review(actor=office.leader, document_id=doc.pk)


# Archiving ----------------------------------------------------------------------------------


def _volume(actor: Any, number: str = "2026-永久-录01") -> Any:
    return archives.create_volume(actor=actor, number=number, title="2026年录音录像", year=2026)


def test_the_general_office_archives_a_recording__AV_RECORD(office):
    doc = register(office)
    vol = _volume(office.clerk)
    ids = [c.pk for c in Copy.objects.filter(document=doc)]
    archives.archive(actor=office.clerk, copy_ids=ids, volume_id=vol.pk)
    assert set(Copy.objects.filter(document=doc).values_list("state", flat=True)) == {
        CopyState.ARCHIVED
    }
    assert audit_events("carriers.archived")[-1]["data"]["rules"] == ["ARCH-FILE", "AV-RECORD"]


def test_a_clerk_outside_the_general_office_may_not_archive_a_recording__AV_RECORD(office):
    tech = office.world.departments["tech"]
    set_rule(
        actor=office.officer, rule_id="AV-RECORD", params={"levelling_departments": [tech.name]}
    )
    outsider = outsider_clerk(office)
    # Levelled by the designated department (tech), archived only by the general office.
    doc = register(office, actor=outsider)
    vol = _volume(outsider)
    ids = [c.pk for c in Copy.objects.filter(document=doc)]
    refused("AV-RECORD", archives.archive, actor=outsider, copy_ids=ids, volume_id=vol.pk)
    assert set(Copy.objects.filter(document=doc).values_list("state", flat=True)) == {
        CopyState.WITH_CUSTODIAN
    }


def test_other_documents_are_archived_outside_the_general_office_as_before(office):
    outsider = outsider_clerk(office)
    entry = office.__class__(**{**office.__dict__, "clerk": outsider}).incoming(level=L.SECRET)
    vol = _volume(outsider)
    ids = [c.pk for c in Copy.objects.filter(document=entry.document)]
    archives.archive(actor=outsider, copy_ids=ids, volume_id=vol.pk)


# The recordings register ---------------------------------------------------------------------


def _read(actor: Any, **filters: Any) -> list[dict[str, Any]]:
    reg = register_queries.register(actor, "recordings")
    return register_queries.rows(
        reg, register_queries.lines(actor, "recordings", Filters(**filters))
    )


def test_the_register_lists_each_recording_with_where_its_copies_are__AV_RECORD(office):
    doc = register(office)
    vol = _volume(office.clerk)
    first = Copy.objects.get(document=doc, number=1)
    archives.archive(actor=office.clerk, copy_ids=[first.pk], volume_id=vol.pk)
    office.incoming(level=L.SECRET)  # a paper document is no line of this register
    [row] = _read(office.clerk)
    assert row["document_number"] == "录〔2026〕1号"
    assert (row["speaker"], row["occasion"]) == ("孙总", "2026年度保密工作会议")
    assert (row["medium"], row["format"], row["duration"], row["copies"]) == (
        "video",
        "disc",
        45,
        2,
    )
    assert len(row["kept"]) == 2 and vol.number in row["kept"][0]
    assert _read(office.clerk, state="archived") == [row]
    assert _read(office.clerk, state="not_archived") == []


def test_the_register_shows_only_recordings_the_reader_may_know__CLS_MAC(office):
    register(office)
    assert _read(office.officer) == []  # not named in the scope of the SECRET recording


def test_the_register_exports_as_xlsx_and_pdf(office):
    register(office)
    exported = register_queries.export(office.clerk, "recordings", Filters(), "xlsx")
    assert exported.filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    values = {str(c.value) for row in sheet.iter_rows(min_row=4) for c in row if c.value}
    assert "录〔2026〕1号" in values and "2026年度保密工作会议" in values
    pdf = register_queries.export(office.clerk, "recordings", Filters(), "pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "录〔2026〕1号" in text.replace("\n", "")  # a narrow cell wraps its text
    assert audit_events("carriers.register_exported")[-1]["data"]["register"] == "recordings"


# Pages ----------------------------------------------------------------------------------------


def _form(office: Office, **kw: Any) -> dict[str, Any]:
    values = recording_kw(office, **kw)
    form = {
        **{k: v for k, v in values.items() if k != "speaker_id"},
        "speaker": values["speaker_id"] or "",
        "recorded_on": values["recorded_on"].isoformat(),
        "level": int(values["level"]),
    }
    return form


def test_the_clerk_registers_a_recording_on_its_page_and_sees_it_on_the_detail(office):
    client = signed_in(office.clerk)
    html = client.get(reverse("documents")).content.decode()
    assert reverse("recording_register") in html
    page = client.get(reverse("recording_register")).content.decode()
    assert 'name="occasion"' in page and 'name="duration_minutes"' in page
    assert '<option value="0"' not in page  # never public (AV-RECORD)
    response = client.post(reverse("recording_register"), _form(office))
    assert response.status_code == 303
    doc = Document.objects.get()
    assert doc.carrier_type == CarrierType.RECORDING
    html = client.get(reverse("document", args=[doc.pk])).content.decode()
    assert "data-recording" in html and "2026年度保密工作会议" in html and "孙总" in html
    html = client.get(reverse("register", args=["recordings"])).content.decode()
    assert "录〔2026〕1号" in html


def test_the_page_refuses_a_clerk_outside_the_designated_department__AV_RECORD(office):
    response = signed_in(outsider_clerk(office)).post(
        reverse("recording_register"), _form(office), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert 'data-rule="AV-RECORD"' in response.content.decode()
    assert not Document.objects.exists()


def test_the_page_is_not_for_staff(office):
    response = signed_in(office.readers[0]).get(reverse("recording_register"))
    assert response.status_code == 403


# API ------------------------------------------------------------------------------------------


def _body(office: Office, **kw: Any) -> dict[str, Any]:
    values = recording_kw(office, **kw)
    return {
        **values,
        "recorded_on": values["recorded_on"].isoformat(),
        "level": int(values["level"]),
    }


def test_the_api_registers_and_reads_a_recording(office):
    client = ApiClient(office.clerk)
    r = client.post("/recordings", _body(office))
    assert r.status_code == 201, r.json()
    doc_id = r.json()["id"]
    r = client.get(f"/recordings/{doc_id}")
    assert r.status_code == 200
    body = r.json()
    assert (body["speaker"], body["medium"], body["format"]) == ("孙总", "video", "disc")
    assert (body["duration_minutes"], body["copies"], body["level"]) == (45, 2, L.SECRET)
    paper = office.incoming(level=L.SECRET).document
    assert client.get(f"/recordings/{paper.pk}").status_code == 404
    assert ApiClient(office.readers[0]).get(f"/recordings/{doc_id}").status_code == 404


def test_the_api_refuses_a_public_recording_and_an_outsider__AV_RECORD(office):
    r = ApiClient(office.clerk).post(
        "/recordings", _body(office, level=int(L.PUBLIC), term_years=None)
    )
    assert r.status_code == 403 and r.json()["rule"] == "AV-RECORD"
    r = ApiClient(outsider_clerk(office)).post("/recordings", _body(office))
    assert r.status_code == 403 and r.json()["rule"] == "AV-RECORD"
    r = ApiClient(office.readers[0]).post("/recordings", _body(office))
    assert r.status_code == 403 and r.json()["rule"] is None
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("medium", "film"),
        ("duration_minutes", 0),
        ("occasion", "会" * 201),
        ("recorded_on", "2026-13-01"),
        ("copies", 1000),
    ],
)
def test_the_api_answers_bad_input_with_422(office, field, value):
    r = ApiClient(office.clerk).post("/recordings", {**_body(office), field: value})
    assert r.status_code == 422
    assert not Document.objects.exists()


def test_the_api_refuses_a_day_to_come_naming_the_field(office):
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    r = ApiClient(office.clerk).post("/recordings", {**_body(office), "recorded_on": tomorrow})
    assert r.status_code == 422 and r.json()["field"] == "recorded_on"


# Recordings elsewhere: a draft, an incoming recording ---------------------------------------


def draft_kw(office: Office, **kw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "总经理在年度保密工作会议上的讲话",
        "level": L.SECRET,
        "term_years": 10,
        "main_to": "各部门",
        "carrier_type": CarrierType.RECORDING,
    }
    values.update(kw)
    return values


def test_a_recording_is_not_drafted_but_registered_on_its_page__AV_RECORD(office):
    """Even the designated department's clerk: the draft skips what register_recording
    checks and records."""
    refusal = refused("AV-RECORD", outgoing.draft_document, actor=office.clerk, **draft_kw(office))
    assert "登记录音录像" in str(refusal) or "Register a recording" in str(refusal)
    assert not Document.objects.exists()
    doc = outgoing.draft_document(actor=office.clerk, **draft_kw(office, carrier_type="paper"))
    assert doc.carrier_type == CarrierType.PAPER


def test_register_document_takes_no_carrier_type__AV_RECORD(office):
    """A plain registration is always a paper document: no way to register a recording
    past register_recording."""
    with pytest.raises(TypeError):
        register_document(
            actor=office.clerk,
            number="录〔2026〕9号",
            title="讲话录音",
            level=L.SECRET,
            term_years=10,
            carrier_type=CarrierType.RECORDING,
        )
    assert not Document.objects.exists()


def test_the_draft_page_and_the_api_refuse_a_recording__AV_RECORD(office):
    data = {
        "title": "总经理在年度保密工作会议上的讲话",
        "main_to": "各部门",
        "level": int(L.SECRET),
        "term_years": 10,
        "urgency": "normal",
        "carrier_type": "recording",
        "named_people": [office.clerk.person_id],
    }
    response = signed_in(office.clerk).post(reverse("outgoing_draft"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert 'data-rule="AV-RECORD"' in response.content.decode()
    body = {**draft_kw(office), "level": int(L.SECRET), "carrier_type": "recording"}
    r = ApiClient(office.clerk).post("/drafts", body)
    assert r.status_code == 403 and r.json()["rule"] == "AV-RECORD"
    assert not Document.objects.exists()


def test_a_recording_received_from_another_organisation_is_registered_as_incoming__AV_RECORD(
    office,
):
    """Levelled by its issuer: the clerk registers it as incoming mail, any department's."""
    entry = office.incoming(carrier_type=CarrierType.RECORDING, level=L.CONFIDENTIAL)
    assert entry.document.carrier_type == CarrierType.RECORDING
    assert entry.document.level == L.CONFIDENTIAL


def test_a_public_recording_is_not_registered_as_incoming__AV_RECORD(office):
    refused(
        "AV-RECORD",
        office.incoming,
        carrier_type=CarrierType.RECORDING,
        level=L.PUBLIC,
        term_years=None,
    )
    assert not Document.objects.exists()
    # A public paper document is still registered.
    assert office.incoming(level=L.PUBLIC, term_years=None).document.level == L.PUBLIC


def test_the_incoming_page_and_the_api_refuse_a_public_recording__AV_RECORD(office):
    data = {
        "number": "市保发〔2026〕7号",
        "title": "关于加强保密管理的讲话录像",
        "issuer": "市保密局",
        "level": int(L.PUBLIC),
        "copies": 1,
        "urgency": "normal",
        "carrier_type": "recording",
    }
    response = signed_in(office.clerk).post(
        reverse("incoming_register"), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert 'data-rule="AV-RECORD"' in response.content.decode()
    body = {**data}
    r = ApiClient(office.clerk).post("/incoming", body)
    assert r.status_code == 403 and r.json()["rule"] == "AV-RECORD"
    assert not Document.objects.exists()
