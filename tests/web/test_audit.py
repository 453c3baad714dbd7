"""The audit page (JOURNEYS §7): the auditor only, filterable, with the chain's status."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from baomi.access.roles import Role
from baomi.audit import chain, signing
from baomi.audit.actions import label
from baomi.audit.models import Checkpoint
from baomi.audit.operations import create_checkpoint
from baomi.core.levels import Clearance
from baomi.org.operations import set_clearance
from tests.factories import World, audit_events, xlsx_texts
from tests.web.conftest import signed_in


@pytest.fixture
def auditor(world):
    return signed_in(world.account(Role.AUDITOR))


def seqs(html: str) -> list[int]:
    return [int(s) for s in re.findall(r'data-seq="(\d+)"', html)]


def test_the_auditor_reads_the_log_newest_first(world, auditor):
    html = auditor.get(reverse("audit")).content.decode()
    found = seqs(html)
    assert found and found == sorted(found, reverse=True)
    assert "org.person_created" in html
    assert 'data-form="audit-filter"' in html


def test_the_log_filters_by_action_outcome_and_username(world, auditor):
    officer = world.account(Role.SECURITY_OFFICER, username="baomiban")
    cleared = world.person(clearance=Clearance.GENERAL)  # set by the installer
    world.vet(cleared)  # PPL-VET: vetted and signed before a higher class
    set_clearance(actor=officer, person_id=cleared.pk, clearance=Clearance.IMPORTANT)
    html = auditor.get(reverse("audit"), {"action": "org.clearance_set"}).content.decode()
    assert len(seqs(html)) == 2  # the installer's and the officer's
    html = auditor.get(reverse("audit"), {"actor": "baomiban"}).content.decode()
    assert len(seqs(html)) == 1 and "org.clearance_set" in html
    assert seqs(auditor.get(reverse("audit"), {"actor": "nobody"}).content.decode()) == []
    html = auditor.get(reverse("audit"), {"outcome": "denied"}).content.decode()
    assert seqs(html) == []


def test_the_chain_status_verifies(world, auditor):
    response = auditor.get(reverse("audit_chain"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-chain="ok"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert 'data-chain="ok"' in auditor.get(reverse("audit_chain")).content.decode()


def test_a_subject_filter_must_name_type_and_id(auditor):
    response = auditor.get(reverse("audit"), {"subject": "nonsense"})
    assert response.status_code == 400 and 'data-refusal="400"' in response.content.decode()


def test_the_audit_page_is_for_the_auditor_only(world):
    for role in (Role.SYSADMIN, Role.SECURITY_OFFICER, Role.LEADER):
        client = signed_in(world.account(role))
        assert client.get(reverse("audit")).status_code == 403
        assert client.get(reverse("audit_chain")).status_code == 403


def _officer_acts(world):
    officer = world.account(Role.SECURITY_OFFICER, name="孙保密")
    cleared = world.vet(world.person(clearance=Clearance.GENERAL))
    set_clearance(actor=officer, person_id=cleared.pk, clearance=Clearance.IMPORTANT)
    return officer


def test_the_log_names_people_and_actions_in_words(world, auditor):
    officer = _officer_acts(world)
    html = auditor.get(reverse("audit"), {"action": "org.clearance_set"}).content.decode()
    assert "孙保密" in html and officer.username in html  # the name, the login beside it
    assert str(label("org.clearance_set")) in html
    assert "<optgroup" in html  # actions grouped by the app that records them
    # The filter takes the person's name as well as the login.
    assert len(seqs(auditor.get(reverse("audit"), {"actor": "孙保密"}).content.decode())) == 1


def test_the_action_filter_reads_in_chinese_grouped_by_app(world):
    client = signed_in(world.account(Role.AUDITOR), language="zh-hans")
    html = client.get(reverse("audit")).content.decode()
    assert '<optgroup label="组织机构">' in html or "组织" in html
    assert ">Person created<" not in html


def test_a_period_exports_as_a_workbook_and_the_export_is_recorded(world, auditor):
    _officer_acts(world)
    today = timezone.localdate().isoformat()
    response = auditor.get(
        reverse("audit_export"), {"since": today, "until": today, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    texts = xlsx_texts(response.content)
    assert "孙保密" in texts and str(label("org.clearance_set")) in texts
    recorded = audit_events("audit.log_exported")
    assert recorded[-1]["data"]["format"] == "xlsx" and recorded[-1]["data"]["events"] > 0


def test_a_period_exports_as_a_chain_that_verifies_offline(world, auditor):
    _officer_acts(world)
    create_checkpoint(actor=None)
    world.person()  # an event after the checkpoint
    today = timezone.localdate().isoformat()
    response = auditor.get(
        reverse("audit_export"), {"since": today, "until": today, "format": "chain"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    lines = archive.read("events.jsonl").decode().splitlines()
    assert lines and "VERIFY.txt" in names
    # The period starts with the first event, so no checkpoint anchors it: the file starts
    # at the genesis and verifies alone.
    verdict = chain.verify_export(lines)
    assert verdict.ok and verdict.count == len(lines)


def test_a_later_period_is_anchored_on_the_checkpoint_before_it(world, auditor):
    checkpoint = create_checkpoint(actor=None)
    world.person()  # an event after the checkpoint, before the period
    later = timezone.now() + timedelta(days=3)
    with mock.patch("baomi.audit.recorder.timezone.now", return_value=later):
        world.person()
    day = timezone.localdate(later).isoformat()
    response = auditor.get(reverse("audit_export"), {"since": day, "until": day, "format": "chain"})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    document = signing.document(checkpoint)
    assert json.loads(archive.read(signing.file_name(document))) == document
    lines = archive.read("events.jsonl").decode().splitlines()
    assert json.loads(lines[0])["seq"] == checkpoint.seq + 1
    assert chain.verify_export(lines, checkpoints=[(checkpoint.seq, checkpoint.hash)]).ok
    # Without its checkpoint the partial export is not trusted.
    assert not chain.verify_export(lines).ok
    assert signing.file_name(document) in archive.read("VERIFY.txt").decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"since": "2026-12-02", "until": "2026-12-01", "format": "xlsx"}, "until"),
        ({"since": "2001-01-01", "until": "2001-01-02", "format": "xlsx"}, "since"),
        ({"since": "2026-12-01", "until": "2026-12-02", "format": "csv"}, "format"),
        ({"since": "not a day", "until": "2026-12-02", "format": "xlsx"}, "since"),
    ],
)
def test_a_bad_export_is_refused_naming_the_field(world, auditor, params, field):
    response = auditor.get(reverse("audit_export"), params)
    assert response.status_code == 400
    assert (
        f'data-field="{field}"' in response.content.decode() or field in response.content.decode()
    )
    assert audit_events("audit.log_exported") == []


def test_the_chain_of_another_organisation_is_not_exported(world, auditor):
    _officer_acts(World.build())  # another organisation's events in the same chain
    world.person()
    today = timezone.localdate().isoformat()
    response = auditor.get(
        reverse("audit_export"), {"since": today, "until": today, "format": "chain"}
    )
    assert response.status_code == 400
    # The workbook lists only the auditor's organisation's events.
    response = auditor.get(
        reverse("audit_export"), {"since": today, "until": today, "format": "xlsx"}
    )
    assert response.status_code == 200


def test_the_auditor_signs_and_downloads_a_checkpoint_from_the_page(world, auditor):
    response = auditor.post(reverse("audit_checkpoint_create"))
    assert response.status_code == 303
    checkpoint = Checkpoint.objects.get()
    html = auditor.get(reverse("audit")).content.decode()
    assert f'data-checkpoint="{checkpoint.seq}"' in html
    response = auditor.get(reverse("audit_checkpoint", args=[checkpoint.seq]))
    document = json.loads(response.content)
    assert document == signing.document(checkpoint) and signing.signature_valid(document)
    assert auditor.get(reverse("audit_checkpoint", args=[checkpoint.seq + 99])).status_code == 404
    assert auditor.get(f"/audit/checkpoints/{2**64}/").status_code in (400, 404)
    assert auditor.get(reverse("audit_checkpoint_create")).status_code == 405


def test_exports_and_checkpoints_are_for_the_auditor_only(world):
    client = signed_in(world.account(Role.SYSADMIN))
    today = timezone.localdate().isoformat()
    params = {"since": today, "until": today, "format": "xlsx"}
    assert client.get(reverse("audit_export"), params).status_code == 403
    assert client.post(reverse("audit_checkpoint_create")).status_code == 403
    assert not Checkpoint.objects.exists()


def test_an_item_is_named_by_its_kind_or_the_app_that_keeps_it(world):
    from baomi.audit.queries import subject_label

    with translation.override("zh-hans"):
        assert subject_label("carriers.document", "12") == "文件 #12"
        assert subject_label("rulebook.rule", "DEV-REPAIR") == "保密制度 #DEV-REPAIR"
        assert subject_label("nowhere.thing", "1") == "nowhere.thing #1"
        assert subject_label("", "") == ""
