"""The self-score's page, import page, evidence pack and routes: the security office's only,
another organisation's editions and assessments never seen, bad input answered 4xx naming
the field."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from baomi.access.roles import Role
from baomi.accreditation.models import Assessment, Standard
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.operations import profiles
from baomi.accreditation.queries import score as queries
from baomi.core.errors import AccessDenied, NotFound
from baomi.core.levels import Clearance
from tests.accreditation.conftest import builtin, item, plant
from tests.accreditation.test_import import ROWS
from tests.api.conftest import ApiClient
from tests.factories import World, audit_events, xlsx_bytes
from tests.web.conftest import signed_in

OTHERS = (Role.LEADER, Role.CLERK, Role.STAFF, Role.SYSADMIN, Role.AUDITOR)


def test_the_page_shows_the_veto_items_at_risk_first(world, officer):
    plant(world, officer)
    page = signed_in(officer, language="en").get(
        reverse("accreditation"), {"standard": builtin("jungong").pk}
    )
    assert page.status_code == 200
    html = page.content.decode()
    veto = html.index("data-veto-at-risk")
    assert veto < html.index("Key items") < html.index('data-chapter="1"')
    assert 'data-item="4.5" data-verdict="problem" data-at-risk' in html
    assert "JM-0001" in html and 'data-result="veto"' in html
    assert "style=" not in html


def test_the_page_saves_an_assessment_with_its_note(world, officer):
    target = item(builtin("jungong"), "1.1")
    client = signed_in(officer, language="en")
    answer = client.post(
        reverse("accreditation_assess", args=[target.pk]),
        {"deduction": "3", "note": ""},
    )
    assert answer.status_code == 302 and not Assessment.objects.exists()  # refused: no note
    answer = client.post(
        reverse("accreditation_assess", args=[target.pk]),
        {"deduction": "3", "note": "一份未签", "not_applicable": ""},
    )
    assert answer.status_code == 303
    assert Assessment.objects.get().deduction == 3


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused_the_pages_and_the_routes(world, officer, role):
    other = world.account(role, clearance=Clearance.CORE)
    client = signed_in(other)
    for name in ("accreditation", "accreditation_import", "accreditation_pack"):
        assert client.get(reverse(name)).status_code == 403
    target = item(builtin("jungong"), "1.1")
    assert client.post(reverse("accreditation_assess", args=[target.pk]), {}).status_code == 403
    api = ApiClient(other)
    assert api.get("/accreditation/profiles").status_code == 403
    assert api.get(f"/accreditation/profiles/{target.standard_id}/score").status_code == 403
    assert api.put(f"/accreditation/items/{target.pk}/assessment", {}).status_code == 403
    with pytest.raises(AccessDenied):
        assessing.assess_item(actor=other, item_id=target.pk, not_applicable=True)
    assert not Assessment.objects.exists()


def test_another_organisations_edition_and_assessments_are_never_seen(world, officer):
    from baomi.accreditation import imports

    rows = imports.reading(io.BytesIO(xlsx_bytes(ROWS)), "e.xlsx").rows
    own = profiles.import_edition(actor=officer, profile="jungong", edition="A", rows=rows)
    jungong = builtin("jungong")
    assessing.assess_item(
        actor=officer, item_id=item(jungong, "1.1").pk, deduction=4, note="甲单位的扣分"
    )
    elsewhere = World.build()
    stranger = elsewhere.account(Role.SECURITY_OFFICER, dept="office", clearance=Clearance.CORE)
    assert own not in queries.standards(stranger)
    with pytest.raises(NotFound):
        queries.score(stranger, own.pk)
    with pytest.raises(NotFound):
        assessing.assess_item(
            actor=stranger, item_id=own.standard_items.first().pk, not_applicable=True
        )
    theirs = queries.score(stranger, jungong.pk)
    assert all(line.assessment is None for line in theirs.lines)
    letters = next(line for line in theirs.lines if line.item.code == "1.1")
    assert letters.marking.override is None  # their own records' prediction, not ours
    api = ApiClient(stranger)
    assert api.get(f"/accreditation/profiles/{own.pk}/score").status_code == 404
    answer = api.get(f"/accreditation/profiles/{jungong.pk}/score").json()
    assert all(
        i["note"] == "" and i["override"] is None for c in answer["chapters"] for i in c["items"]
    )


def test_the_routes(world, officer):
    api = ApiClient(officer)
    listed = api.get("/accreditation/profiles").json()
    assert {p["key"] for p in listed} == {"jungong", "self_check"}
    jungong = next(p for p in listed if p["key"] == "jungong")
    assert jungong["total_points"] == "500.0" and jungong["pass_mark"] == "450.0"
    plant(world, officer)
    score = api.get(f"/accreditation/profiles/{jungong['id']}/score").json()
    assert score["result"] == "veto" and "4.5" in score["veto_at_risk"]
    veto = next(i for c in score["chapters"] for i in c["items"] if i["code"] == "4.5")
    assert veto["at_risk"] and veto["evidence"][0]["facts"][0]["url"].startswith("/")
    target = item(builtin("jungong"), "1.1")
    path = f"/accreditation/items/{target.pk}/assessment"
    refused = api.put(path, {"deduction": "2"})
    assert refused.status_code == 422 and refused.json()["field"] == "note"
    refused = api.put(path, {"deduction": "2.55", "note": "x"})
    assert refused.status_code == 422 and "deduction" in str(refused.json())
    refused = api.put(path, {"deduction": "11", "note": "x"})
    assert refused.status_code == 422 and refused.json()["field"] == "deduction"
    answer = api.put(path, {"deduction": "2", "note": "两份未签"})
    assert answer.status_code == 200 and answer.json()["deduction"] == "2.0"
    assert api.put("/accreditation/items/999999/assessment", {}).status_code == 404


def test_the_import_route_dry_run_and_import(world, officer):
    api = ApiClient(officer)
    content = xlsx_bytes(ROWS)

    def post(dry_run: bool, **fields):
        data = {"profile": "jungong", "edition": "2026", **fields}
        data["file"] = SimpleUploadedFile("e.xlsx", content)
        return api.client.post(
            f"/api/v1/accreditation/import?dry_run={'true' if dry_run else 'false'}",
            data,
            headers=api.headers,
        )

    dry = post(True)
    assert dry.status_code == 200, dry.content
    assert dry.json()["would_create"] == 2 and dry.json()["version"] == 1
    assert not Standard.objects.exclude(organisation=None).exists()
    bad = post(True, profile="nope")
    assert bad.status_code == 422 and bad.json()["field"] == "profile"
    done = post(False)
    assert done.status_code == 200 and done.json()["created"] == 2
    assert Standard.objects.get(pk=done.json()["standard_id"]).standard_items.count() == 2


def test_the_import_page_dry_run_writes_nothing(world, officer):
    client = signed_in(officer, language="en")
    assert client.get(reverse("accreditation_import")).status_code == 200
    form = {"profile": "jungong", "edition": "2026", "dry_run": "1"}
    form["file"] = SimpleUploadedFile("e.xlsx", xlsx_bytes(ROWS))
    page = client.post(reverse("accreditation_import"), form)
    assert page.status_code == 200 and "2 items would be created" in page.content.decode()
    assert not Standard.objects.exclude(organisation=None).exists()
    form = {"profile": "jungong", "edition": "2026"}
    form["file"] = SimpleUploadedFile("e.xlsx", xlsx_bytes(ROWS))
    assert client.post(reverse("accreditation_import"), form).status_code == 303
    assert Standard.objects.exclude(organisation=None).get().version == 1


def test_the_evidence_pack_has_one_folder_per_chapter_and_opens(world, officer):
    plant(world, officer)
    standard = builtin("jungong")
    answer = signed_in(officer).get(reverse("accreditation_pack"), {"standard": standard.pk})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    names = archive.namelist()
    folders = {n.split("/")[0] for n in names if "/" in n}
    assert len(folders) == standard.chapters.count()
    assert any(n.startswith("00_") and n.endswith(".xlsx") for n in names if "/" not in n)
    computers = next(f for f in folders if "计算机和信息系统" in f)
    inside = [n for n in names if n.startswith(computers + "/")]
    assert any(n.endswith(".xlsx") and "设备" in n for n in inside), inside
    assert any(n.endswith(".pdf") for n in inside)
    from openpyxl import load_workbook

    for name in names:
        if name.endswith(".xlsx"):
            load_workbook(io.BytesIO(archive.read(name)))
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF")
    [event] = audit_events("accreditation.pack_exported")
    assert event["data"]["chapters"] == len(folders) and "devices" in event["data"]["registers"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
