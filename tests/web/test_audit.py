"""The audit page (JOURNEYS §7): the auditor only, filterable, with the chain's status."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from baomi.access.roles import Role
from baomi.core.levels import Clearance
from baomi.org.operations import set_clearance
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
