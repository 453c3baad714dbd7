"""``baomi scan PATH --upload --department D --token T [--server URL]``: the scan's report
filed as a scan record, into this database or through a server's API; without --upload the
command needs no database at all."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from baomi.access.roles import Role
from baomi.accounts.operations import create_token
from baomi.audit.operation import REFUSED
from baomi.core.levels import Clearance, Level
from baomi.org.operations import create_department
from baomi.scans.management.commands import scan as scan_command
from baomi.scans.models import ScanRecord
from tests.cli.conftest import one_line, run_process
from tests.factories import World, audit_events

MARKED = "关于2026年工资调整的通知\n机密★10年\n各部门：……\n"


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    """The defaults of --server and --token come from the environment: none here."""
    monkeypatch.delenv("BAOMI_SERVER", raising=False)
    monkeypatch.delenv("BAOMI_TOKEN", raising=False)


@pytest.fixture
def folder(tmp_path):
    """A folder with one marked file and one ordinary file."""
    folder = tmp_path / "文件"
    folder.mkdir()
    (folder / "工资通知.txt").write_text(MARKED, encoding="utf-8")
    (folder / "菜单.txt").write_text("午餐：米饭、青菜\n", encoding="utf-8")
    return folder


@pytest.fixture
def staff(world):
    account = world.account(Role.STAFF, clearance=Clearance.GENERAL)
    return account, create_token(actor=None, account_id=account.pk)


def test_upload_files_the_report_into_this_database(world, staff, folder):
    """call_command in this process: the record holds the finding, filed as the token's
    account, and the command exits 1 (findings) like the scan."""
    account, token = staff
    tech = world.departments["tech"]
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "scan", str(folder), "--upload", "--department", str(tech.pk), "--token", token
        )
    assert exit_.value.code == 1
    record = ScanRecord.objects.get()
    assert (record.department, record.submitted_by, record.organisation_id) == (
        tech,
        account,
        world.organisation.pk,
    )
    assert record.finding_count == record.findings.count() >= 1
    found = record.findings.get(path__endswith="工资通知.txt")
    assert (found.kind, found.level) == ("marking", Level.SECRET)
    assert "机密★10年" in found.match
    assert not record.findings.filter(path__endswith="菜单.txt").exists()
    assert record.paths == [str(folder)] and record.host


def test_the_department_may_be_named_and_the_token_come_from_the_environment(
    baomi, world, staff, folder, monkeypatch
):
    account, token = staff
    monkeypatch.setenv("BAOMI_TOKEN", token)
    lab = world.departments["lab"]
    result = baomi("scan", str(folder), "--upload", "--department", lab.name)
    assert result.code == 1, result.err
    record = ScanRecord.objects.get()
    assert (record.department, record.submitted_by) == (lab, account)
    assert f"Filed as scan record {record.pk}." in result.err


def test_a_clean_folder_is_filed_with_exit_0(baomi, world, staff, tmp_path):
    _account, token = staff
    (tmp_path / "菜单.txt").write_text("午餐：米饭\n", encoding="utf-8")
    dept = str(world.departments["tech"].pk)
    result = baomi("scan", str(tmp_path), "--upload", "--department", dept, "--token", token)
    assert result.code == 0, result.err
    assert ScanRecord.objects.get().finding_count == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--department", "{tech}"], "Cannot file the report: --upload needs --token"),
        (["--token", "{token}"], "Cannot file the report: --upload needs --department"),
        (
            ["--department", "{tech}", "--token", "bm_nope_nope"],
            "Cannot file the report: The token is unknown, revoked or of an inactive account.",
        ),
        (
            ["--department", "无此部门", "--token", "{token}"],
            "Cannot file the report: There is no department 无此部门.",
        ),
        (
            ["--department", "{foreign}", "--token", "{token}"],
            "Cannot file the report: There is no department {foreign}.",
        ),
        (
            ["--department", "{tech}", "--token", "{token}", "--server", "ftp://example"],
            "Cannot file the report: The server must be an http:// or https:// URL.",
        ),
        (
            ["--department", "{tech}", "--token", "{token}", "--server", "http://127.0.0.1:9"],
            "Cannot file the report: Cannot reach http://127.0.0.1:9:",
        ),
    ],
    ids=["no token", "no department", "bad token", "no such name", "foreign", "ftp", "down"],
)
def test_what_cannot_be_filed_is_refused_before_the_scan(
    baomi, world, staff, folder, args, message
):
    """Exit 2 with one line, before scanning (nothing on standard output), nothing stored."""
    _account, token = staff
    values = {
        "{tech}": str(world.departments["tech"].pk),
        "{token}": token,
        "{foreign}": str(World.build().departments["tech"].pk),
    }
    args = [values.get(a, a) for a in args]
    message = message.replace("{foreign}", values["{foreign}"])
    result = baomi("scan", str(folder), "--upload", *args)
    assert result.code == 2
    assert one_line(result.err).startswith(f"CommandError: {message}")
    assert result.out == ""
    assert not ScanRecord.objects.exists()


def test_a_name_shared_by_two_departments_asks_for_the_id(baomi, world, staff, folder):
    _account, token = staff
    first, second = (
        create_department(
            actor=None,
            organisation_id=world.organisation.pk,
            name="保密室",
            parent_id=world.departments[parent].pk,
        )
        for parent in ("tech", "lab")
    )
    result = baomi("scan", str(folder), "--upload", "--department", "保密室", "--token", token)
    assert result.code == 2
    assert f"give the id of one ({first.pk}, {second.pk})" in one_line(result.err)
    assert not ScanRecord.objects.exists()


def test_a_failed_scan_files_nothing(baomi, world, staff, tmp_path):
    """A scan error (a path that does not exist) exits 2 and no report is filed."""
    _account, token = staff
    dept = str(world.departments["tech"].pk)
    missing = str(tmp_path / "nowhere")
    result = baomi("scan", missing, "--upload", "--department", dept, "--token", token)
    assert result.code == 2
    assert not ScanRecord.objects.exists()


def test_a_role_that_may_not_file_exits_2_and_the_refusal_is_audited(baomi, world, folder):
    auditor = world.account(Role.AUDITOR)
    token = create_token(actor=None, account_id=auditor.pk)
    dept = str(world.departments["tech"].pk)
    result = baomi("scan", str(folder), "--upload", "--department", dept, "--token", token)
    assert result.code == 2
    assert one_line(result.err) == (
        "CommandError: Cannot file the report: Your role does not permit this operation."
    )
    assert not ScanRecord.objects.exists()
    assert audit_events(REFUSED)[-1]["data"]["operation"] == "file_scan_report"


def test_a_server_that_is_not_baomi_exits_2(baomi, staff, folder, monkeypatch):
    """An answer without baomi's shape (a proxy's page, another API) is one line, exit 2."""
    _account, token = staff
    monkeypatch.setattr(scan_command, "_call", lambda *args, **kw: {"departments": []})
    args = ["--department", "1", "--server", "http://baomi.example", "--token", token]
    result = baomi("scan", str(folder), "--upload", *args)
    assert result.code == 2
    assert one_line(result.err) == (
        "CommandError: Cannot file the report: The server's answer is not that of baomi's API."
    )


def upload(folder, live_server, token: str, department: str, err: io.StringIO) -> None:
    """``baomi scan FOLDER --upload ... --server LIVE_SERVER`` by call_command, in English (the
    ``baomi`` fixture would keep the live server's per-request connections open)."""
    args = ["--upload", "--department", department, "--server", live_server.url]
    with translation.override("en"):
        call_command("scan", str(folder), *args, "--token", token, stdout=io.StringIO(), stderr=err)


@pytest.mark.django_db(transaction=True)
def test_upload_to_a_server_files_through_its_api(live_server, folder):
    """--server POSTs the report to {server}/api/v1/scans with the bearer token."""
    world = World.build()
    account = world.account(Role.CLERK, clearance=Clearance.IMPORTANT)
    token = create_token(actor=None, account_id=account.pk)
    tech = world.departments["tech"]
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        upload(folder, live_server, token, tech.name, err)
    assert exit_.value.code == 1, err.getvalue()
    record = ScanRecord.objects.get()
    assert (record.department, record.submitted_by) == (tech, account)
    assert record.findings.filter(path__endswith="工资通知.txt", level=Level.SECRET).exists()
    assert err.getvalue() == f"Filed as scan record {record.pk}.\n"


@pytest.mark.django_db(transaction=True)
def test_a_refusal_by_the_server_exits_2_with_its_message(live_server, folder):
    """The auditor may not file a report: the server's 403 message, on one line, exit 2."""
    world = World.build()
    auditor = world.account(Role.AUDITOR)
    token = create_token(actor=None, account_id=auditor.pk)
    with pytest.raises(CommandError) as refused:
        upload(folder, live_server, token, str(world.departments["tech"].pk), io.StringIO())
    assert refused.value.returncode == 2
    assert str(refused.value) == (
        "Cannot file the report: The server answered 403: Your role does not permit this operation."
    )
    assert not ScanRecord.objects.exists()


def test_without_upload_no_database_is_needed(folder, tmp_path):
    """The scanner alone: it finds the marking (exit 1) where no database exists, and
    creates none."""
    database = tmp_path / "nowhere" / "baomi.sqlite3"
    env = {
        "BAOMI_DATABASE_URL": f"sqlite:///{database}",
        "BAOMI_DATA_DIR": str(tmp_path / "data"),
        "BAOMI_LANGUAGE": "en",
    }
    result = run_process("scan", str(folder), env=env)
    assert result.code == 1, result.err
    assert "工资通知.txt" in result.out
    assert not database.exists()
    assert not list(database.parent.glob("*"))
