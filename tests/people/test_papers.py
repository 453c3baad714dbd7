"""Signed papers of a security file (PPL-VET): the 保密协议 and the 涉密人员保密责任书, each
with its day, version and the scanned paper or where it is kept; bad evidence is refused
naming the field; the scan is downloaded as an attachment by those who may know the paper."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.core.errors import InvalidInput
from baomi.core.levels import Clearance
from baomi.people.models import SignedDocument
from baomi.people.operations.papers import record_paper
from tests.api.conftest import ApiClient
from tests.factories import audit_events
from tests.web.conftest import signed_in

PDF = b"%PDF-1.4\n% scanned agreement\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def officer(world):
    return world.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)


def _record(officer, person, **kw):
    args = {
        "kind": "agreement",
        "signed_on": datetime.date(2025, 1, 2),
        "version": "2024版",
        "kept_in": "",
        **kw,
    }
    return record_paper(actor=officer, person_id=person.pk, **args)


def test_a_paper_with_its_scan_is_recorded_and_audited__PPL_VET(world, officer):
    person = world.person()
    paper = _record(officer, person, scan=PDF, scan_name="协议.pdf")
    assert (paper.scan_type, paper.scan_name, bytes(paper.scan)) == (
        "application/pdf",
        "协议.pdf",
        PDF,
    )
    event = audit_events("people.paper_recorded")[-1]["data"]
    assert event["kind"] == "agreement" and event["scan"] is True


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({}, "kept_in"),  # neither a scan nor where the paper is kept
        ({"scan": b"GIF89a....", "scan_name": "a.gif"}, "scan"),
        ({"scan": b"MZ\x90\x00", "scan_name": "a.pdf"}, "scan"),  # the name lies
        ({"scan": b"", "kept_in": "柜"}, "scan"),
        ({"kept_in": "柜\x07"}, "kept_in"),
        ({"kept_in": "柜" * 201}, "kept_in"),
        ({"kept_in": "柜", "version": ""}, "version"),
        ({"kept_in": "柜", "version": "v" * 61}, "version"),
        ({"scan": PNG, "scan_name": "a\x00.png"}, "scan"),
        ({"kept_in": "柜", "signed_on": timezone.localdate() + datetime.timedelta(1)}, "signed_on"),
        ({"kept_in": "柜", "kind": "commitment"}, "kind"),
    ],
)
def test_bad_evidence_is_refused_naming_the_field(world, officer, kw, field):
    person = world.person()
    with pytest.raises(InvalidInput) as refused:
        _record(officer, person, **kw)
    assert refused.value.field == field
    assert not SignedDocument.objects.filter(person=person).exists()


def test_a_huge_scan_is_refused(world, officer, settings):
    settings.PEOPLE_SCAN_MAX_BYTES = 1024
    with pytest.raises(InvalidInput) as refused:
        _record(officer, world.person(), scan=PDF + b"0" * 2000, scan_name="a.pdf")
    assert refused.value.field == "scan"


def test_the_page_records_a_scan_and_serves_it_as_an_attachment__PPL_VET(world, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = world.person()
    client = signed_in(officer)
    response = client.post(
        reverse("person_paper_record", args=[person.pk]),
        {
            "kind": "responsibility",
            "signed_on": "2025-01-02",
            "version": "2025",
            "kept_in": "",
            "scan": SimpleUploadedFile("责任书.png", PNG, content_type="application/pdf"),
        },
    )
    assert response.status_code == 303
    paper = SignedDocument.objects.get(person=person)
    assert paper.scan_type == "image/png"  # by its bytes, not by what the browser said
    html = client.get(reverse("person", args=[person.pk])).content.decode()
    assert f'data-scan="{paper.pk}"' in html
    scan = client.get(reverse("signed_paper_scan", args=[paper.pk]))
    assert scan.status_code == 200 and scan.content == PNG
    assert scan["Content-Type"] == "image/png"
    assert scan["Content-Disposition"].startswith("attachment")
    # The person their own; anyone else "not found".
    staff = world.account(Role.STAFF, person=person)
    assert signed_in(staff).get(reverse("signed_paper_scan", args=[paper.pk])).status_code == 200
    other = signed_in(world.account(Role.STAFF))
    assert other.get(reverse("signed_paper_scan", args=[paper.pk])).status_code == 404


def test_the_page_refuses_a_wrong_file_type(world, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = world.person()
    url = reverse("person", args=[person.pk])
    response = signed_in(officer).post(
        reverse("person_paper_record", args=[person.pk]),
        {
            "kind": "agreement",
            "signed_on": "2025-01-02",
            "version": "2025",
            "scan": SimpleUploadedFile("a.pdf", b"<html>", content_type="application/pdf"),
        },
        HTTP_REFERER=url,
    )
    assert response.status_code == 302 and response.url == url
    assert not SignedDocument.objects.filter(person=person).exists()


def test_the_api_records_a_paper_with_a_base64_scan__PPL_VET(world, officer):
    person = world.person()
    client = ApiClient(officer)
    body = {
        "kind": "agreement",
        "signed_on": "2025-01-02",
        "version": "2025",
        "scan": base64.b64encode(PDF).decode(),
        "scan_name": "a.pdf",
    }
    made = client.post(f"/people/{person.pk}/papers", body)
    assert made.status_code == 201 and made.json()["has_scan"] is True
    listed = client.get(f"/people/{person.pk}/papers").json()
    assert [p["id"] for p in listed] == [made.json()["id"]]
    for bad, field in (
        ({"scan": "not base64!"}, "scan"),
        ({"scan": base64.b64encode(b"GIF89a").decode()}, "scan"),
        ({"scan": None, "kept_in": ""}, "kept_in"),
        ({"scan": None, "kept_in": "柜\x01"}, "kept_in"),
        ({"kind": "commitment", "scan": None, "kept_in": "柜"}, "kind"),
    ):
        answer = client.post(f"/people/{person.pk}/papers", {**body, **bad})
        assert answer.status_code == 422, (bad, answer.content)
        assert field in answer.content.decode(), (bad, answer.content)


def test_ones_own_posts_and_papers_are_a_my_file_panel__PPL_VET(world, officer):
    from baomi.people.operations.posts import appoint, create_post
    from baomi.people.web.vetting import my_file

    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    assert my_file(staff) is None  # nothing to show yet
    world.vet(staff.person)
    post = create_post(actor=officer, name="研发岗", clearance=Clearance.GENERAL)
    appoint(
        actor=officer, person_id=staff.person_id, post_id=post.pk, since=datetime.date(2025, 1, 3)
    )
    context = my_file(staff)
    assert [h.post_id for h in context["holdings"]] == [post.pk]
    assert [p.kind for p in context["papers"]] == ["agreement"]
    other = world.account(Role.STAFF)
    assert my_file(other) is None
