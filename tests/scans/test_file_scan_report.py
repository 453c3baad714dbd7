"""file_scan_report: a report of ``baomi scan`` filed as a scan record, audited; malformed,
oversized and unsupported reports refused with InvalidInput naming the problem."""

from __future__ import annotations

import pytest

from baomi.access.roles import Role
from baomi.audit.operation import REFUSED
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.levels import Clearance, Level
from baomi.scanner.model import Skipped
from baomi.scans import report as report_format
from baomi.scans.models import ScanFinding, ScanRecord
from baomi.scans.operations import FILED, file_scan_report
from tests.factories import World, audit_events
from tests.scans.reports import SHA, finding, report


@pytest.fixture
def staff(world):
    return world.account(Role.STAFF, clearance=Clearance.GENERAL)


def file(actor, world, lines, dept="tech"):
    return file_scan_report(actor=actor, department_id=world.departments[dept].pk, report=lines)


class TestFiling:
    def test_stores_the_summary_findings_and_skipped_files(self, world, staff):
        """The record keeps host, times, department, who ran it, the keyword list version and
        the counts; each finding and skipped file is a row, in report order."""
        lines = report(
            findings=[
                finding(),
                finding("D:/文件/名单.xlsx", level=None, kind="keyword", match="工资表"),
                finding("D:/文件/a.zip!b.docx", level="TOP_SECRET", match="绝密★"),
            ],
            skipped=[Skipped("D:/文件/加密.zip", "encrypted zip")],
            files_cached=7,
        )
        record = file(staff, world, lines)
        record = ScanRecord.objects.get(pk=record.pk)
        assert (record.host, record.department_id, record.submitted_by_id) == (
            "PC-TECH-07",
            world.departments["tech"].pk,
            staff.pk,
        )
        assert record.organisation_id == world.organisation.pk
        assert record.started_at.isoformat() == "2026-03-02T01:00:00+00:00"
        assert (record.keyword_list, record.keyword_list_sha256) == ("default", SHA)
        assert (record.files_scanned, record.files_cached, record.bytes_scanned) == (
            120,
            7,
            5_000_000,
        )
        assert (record.finding_count, record.skipped_count) == (3, 1)
        assert record.by_level == {"SECRET": 1, "TOP_SECRET": 1}
        assert record.paths == ["D:/文件"] and record.report_version == 1
        rows = list(record.findings.values_list("path", "kind", "match", "level", "location"))
        assert rows == [
            ("D:/文件/方案.docx", "marking", "机密★10年", Level.SECRET, "header 1"),
            ("D:/文件/名单.xlsx", "keyword", "工资表", None, "header 1"),
            ("D:/文件/a.zip!b.docx", "marking", "绝密★", Level.TOP_SECRET, "header 1"),
        ]
        assert list(record.skips.values_list("path", "reason")) == [
            ("D:/文件/加密.zip", "encrypted zip")
        ]

    def test_a_clean_scan_is_a_record_too(self, world, staff):
        record = file(staff, world, report(findings=[]))
        assert record.finding_count == 0 and not record.findings.exists()

    def test_filing_is_audited_without_the_findings(self, world, staff):
        """The audit event names the record, department and counts; the findings
        themselves (paths, snippets) and the computer's name stay out of the audit log."""
        record = file(staff, world, report())
        [event] = audit_events(FILED)
        assert (event["actor_id"], event["subject_id"]) == (staff.pk, str(record.pk))
        assert event["data"]["department_id"] == world.departments["tech"].pk
        assert "host" not in event["data"] and "PC-TECH-07" not in str(event)
        assert (event["data"]["findings"], event["data"]["by_level"]) == (1, {"SECRET": 1})
        assert event["data"]["keyword_list_sha256"] == SHA
        assert "方案" not in str(event)

    @pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER])
    def test_every_knowing_role_may_file(self, world, role):
        actor = world.account(role, clearance=Clearance.GENERAL)
        assert file(actor, world, report(), dept="lab").submitted_by == actor


class TestRefusals:
    @pytest.mark.parametrize("role", [Role.SYSADMIN, Role.AUDITOR])
    def test_the_administrator_and_auditor_may_not_file__ROLE_SEPARATION(self, world, role):
        """They never act as their person, so they run no self-checks; the refusal is
        audited and nothing is stored."""
        with pytest.raises(AccessDenied):
            file(world.account(role), world, report())
        assert not ScanRecord.objects.exists()
        assert audit_events(REFUSED)[-1]["data"]["operation"] == "file_scan_report"

    def test_a_department_of_another_organisation_is_not_found(self, world, staff):
        """Another organisation's department answers exactly like a missing one."""
        other = World.build().departments["tech"]
        with pytest.raises(NotFound) as foreign:
            file_scan_report(actor=staff, department_id=other.pk, report=report())
        with pytest.raises(NotFound) as missing:
            file_scan_report(actor=staff, department_id=other.pk + 1000, report=report())
        assert foreign.value.message == missing.value.message
        assert not ScanRecord.objects.exists()

    def test_the_department_is_named_by_its_id(self, world, staff):
        with pytest.raises(InvalidInput) as refused:
            file_scan_report(actor=staff, department_id="tech", report=report())
        assert refused.value.field == "department_id"


def _without(line: dict, key: str) -> dict:
    return {k: v for k, v in line.items() if k != key}


def _summary(**changes):
    lines = report()
    return [*lines[:-1], {**lines[-1], **changes}]


MALFORMED = {
    "not a list": ({"type": "summary"}, "must be the list of JSON objects"),
    "not objects": (["finding"], "must be the list of JSON objects"),
    "empty": ([], "must end with its summary"),
    "unknown type": ([{"type": "secret"}, *report()], "Line 1 is not a finding"),
    "no summary": (report()[:-1], "must end with its summary"),
    "summary not last": ([report()[-1], *report()[:-1]], "must end with its summary"),
    "two summaries": ([*report(), report()[-1]], "must end with its summary"),
    "missing field": ([_without(report()[0], "path"), report()[1]], "Line 1: path is missing"),
    "unknown field": ([{**report()[0], "text": "全文"}, report()[1]], "unknown field text"),
    "path not text": ([{**report()[0], "path": 7}, report()[1]], "Line 1: path must be text"),
    "snippet too long": (
        [{**report()[0], "snippet": "密" * 1001}, report()[1]],
        "snippet must be text of at most 1000 characters",
    ),
    "unknown level": (
        [{**report()[0], "level": "SECRETISH"}, report()[1]],
        "Line 1: level must be one of TOP_SECRET, SECRET, CONFIDENTIAL, INTERNAL",
    ),
    "unknown kind": ([{**report()[0], "kind": "guess"}, report()[1]], "kind must be one of"),
    "negative count": (_summary(files_scanned=-1), "Line 2: files_scanned must be a whole"),
    "boolean count": (_summary(bytes_scanned=True), "bytes_scanned must be a whole number"),
    "paths not a list": (_summary(paths="D:/"), "paths must be a list"),
    "by_level unknown name": (_summary(by_level={"秘密": 1}), "by_level must count findings"),
    "bad hash": (_summary(keyword_list_sha256="abc"), "keyword_list_sha256 must be 64"),
    "naive time": (_summary(started_at="2026-03-02T09:00:00"), "started_at must be a date"),
    "not a time": (_summary(finished_at="yesterday"), "finished_at must be a date"),
    "finished first": (
        _summary(finished_at="2026-03-02T08:00:00+08:00"),
        "finished before it started",
    ),
    "findings miscounted": (_summary(findings=2), "counts do not match"),
    "levels miscounted": (_summary(by_level={"TOP_SECRET": 1}), "counts do not match"),
    "skipped miscounted": (_summary(skipped=1), "counts do not match"),
}


@pytest.mark.parametrize("lines, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_report_is_refused_with_invalid_input(world, staff, lines, message):
    """Nothing is stored; the message names the line and field at fault."""
    with pytest.raises(InvalidInput) as refused:
        file(staff, world, lines)
    assert message in refused.value.message
    assert refused.value.field == "report"
    assert not ScanRecord.objects.exists() and not ScanFinding.objects.exists()


@pytest.mark.parametrize("version", [2, 0, "1", True, None])
def test_an_unsupported_report_version_is_refused(world, staff, version):
    """Only the scanner's report format version is read; the message says which."""
    with pytest.raises(InvalidInput) as refused:
        file(staff, world, _summary(report_version=version))
    assert f"Report version {version} is not supported" in refused.value.message
    assert "reads version 1" in refused.value.message


def test_the_version_is_checked_before_the_fields(world, staff):
    """A newer scanner's report with new fields gets the version message, not a field error."""
    lines = _summary(report_version=2, files_encrypted=3)
    with pytest.raises(InvalidInput, match="Report version 2 is not supported"):
        file(staff, world, lines)


def test_too_many_findings_are_refused(world, staff, monkeypatch):
    """A report over the bound is refused before its lines are read."""
    monkeypatch.setattr(report_format, "MAX_FINDINGS", 3)
    file(staff, world, report(findings=[finding()] * 3))
    with pytest.raises(InvalidInput) as refused:
        file(staff, world, report(findings=[finding()] * 4))
    assert refused.value.message.startswith("The report has 4 findings; at most 3 are accepted")
    assert ScanRecord.objects.count() == 1


def test_the_default_bound_is_a_hundred_thousand_findings():
    assert report_format.MAX_FINDINGS == 100_000


def test_too_many_skipped_files_are_refused(world, staff, monkeypatch):
    monkeypatch.setattr(report_format, "MAX_SKIPPED", 1)
    lines = report(skipped=[Skipped("a.zip", "encrypted zip"), Skipped("b.zip", "zip bomb")])
    with pytest.raises(InvalidInput, match="2 skipped files; at most 1"):
        file(staff, world, lines)
