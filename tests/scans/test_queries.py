"""Reading scan records: the security office only (READ_SCAN_REPORTS), within its own
organisation; another organisation's record is "not found" like a missing one."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.core.errors import AccessDenied, NotFound
from baomi.core.levels import Clearance, Level
from baomi.scans import queries
from baomi.scans.operations import file_scan_report
from tests.factories import World, audit_events
from tests.scans.reports import finding, report


@pytest.fixture
def filed(world):
    """Two records of this organisation (tech, lab) and the security officer."""
    staff = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    tech = file_scan_report(
        actor=staff,
        department_id=world.departments["tech"].pk,
        report=report(findings=[finding(), finding("b.txt", level="INTERNAL", match="内部资料")]),
    )
    lab = file_scan_report(
        actor=staff, department_id=world.departments["lab"].pk, report=report(findings=[])
    )
    officer = world.account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    return officer, tech, lab


def test_the_security_officer_lists_the_records_newest_first(filed):
    officer, tech, lab = filed
    assert list(queries.scan_records(officer)) == [lab, tech]
    assert list(queries.scan_records(officer, department_id=tech.department_id)) == [tech]


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.AUDITOR, Role.CLERK, Role.LEADER, Role.STAFF])
def test_no_other_role_reads_scan_records(world, filed, role):
    """Not even the person who filed it: the masked findings are themselves sensitive."""
    _officer, tech, _lab = filed
    reader = world.account(role, clearance=Clearance.CORE)
    with pytest.raises(AccessDenied):
        queries.scan_records(reader)
    with pytest.raises(AccessDenied):
        queries.scan_record(reader, tech.pk)
    with pytest.raises(AccessDenied):
        queries.scan_record(tech.submitted_by, tech.pk)


def test_another_organisations_record_is_not_found(filed):
    """Another organisation's security officer gets the answer of a missing record."""
    _officer, tech, _lab = filed
    stranger = World.build().account(Role.SECURITY_OFFICER, clearance=Clearance.CORE)
    assert list(queries.scan_records(stranger)) == []
    with pytest.raises(NotFound) as foreign:
        queries.scan_record(stranger, tech.pk)
    with pytest.raises(NotFound) as missing:
        queries.scan_record(stranger, tech.pk + 1000)
    assert foreign.value.message == missing.value.message


def test_opening_a_record_is_recorded(filed):
    officer, tech, _lab = filed
    assert queries.scan_record(officer, tech.pk) == tech
    [event] = audit_events("scans.report_viewed")
    assert (event["actor_id"], event["subject_id"]) == (officer.pk, str(tech.pk))


def test_findings_filter_by_level(filed):
    officer, tech, _lab = filed
    record = queries.scan_record(officer, tech.pk)
    assert [f.match for f in queries.findings(record)] == ["机密★10年", "内部资料"]
    assert [f.match for f in queries.findings(record, level=Level.INTERNAL)] == ["内部资料"]
