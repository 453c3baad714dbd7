"""``baomi scan`` with the scanner's own options only runs the scanner without loading Django
(its set-up costs most of a second); its report, errors and exit status are those of the
management command, which still takes --upload, --help and Django's own options."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from baomi.scanner import cli as scanner
from tests.cli.conftest import run_process

PROBE = (
    "import sys; from baomi import cli\n"
    "try: cli.main(['baomi', *sys.argv[1:]])\n"
    "except SystemExit as end: code = end.code\n"
    "print(code, 'django' in sys.modules, file=sys.stderr)\n"
)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "文件"
    folder.mkdir()
    (folder / "通知.txt").write_text("关于调整的通知\n机密★10年\n涉密载体\n", encoding="gb18030")
    (folder / "菜单.txt").write_text("午餐：米饭\n", encoding="utf-8")
    return folder


def probe(*args: str, env: dict[str, str]) -> tuple[int, bool, str]:
    """``baomi ARGS`` in a fresh process: exit status, whether Django was imported, stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    *_lines, last = done.stderr.splitlines()
    code, django = last.split()
    return int(code), django == "True", done.stdout


def without_times(report: str) -> list[dict]:
    lines = [json.loads(line) for line in report.splitlines()]
    for line in lines:
        line.pop("started_at", None)
        line.pop("finished_at", None)
    return lines


@pytest.fixture
def env(tmp_path):
    return {
        **{k: v for k, v in os.environ.items() if k not in ("BAOMI_TOKEN", "BAOMI_SERVER")},
        "BAOMI_DATA_DIR": str(tmp_path / "data"),
        "BAOMI_DATABASE_URL": f"sqlite:///{tmp_path / 'nowhere.sqlite3'}",
        "BAOMI_LANGUAGE": "en",
        "BAOMI_SCAN_CACHE": str(tmp_path / "cache.json"),
    }


def test_a_plain_scan_loads_no_django_and_reports_as_the_command_does(folder, env):
    code, django, out = probe("scan", str(folder), "--json", "--jobs", "2", env=env)
    assert (code, django) == (scanner.EXIT_FINDINGS, False)
    # --no-color is Django's option: the same scan through the management command.
    code, django, through_django = probe("scan", "--no-color", str(folder), "--json", env=env)
    assert (code, django) == (scanner.EXIT_FINDINGS, True)
    assert without_times(out) == without_times(through_django)
    assert [line["match"] for line in without_times(out)[:2]] == ["机密★10年", "涉密载体"]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((), "baomi scan: error: the following arguments are required: PATH"),
        (("--jobs", "many", "x"), "baomi scan: error: argument --jobs: invalid int value: 'many'"),
    ],
)
def test_bad_arguments_are_the_same_one_line_error(env, args, error):
    fast = run_process("scan", *args, env=env)
    slow = run_process("scan", "--no-color", *args, env=env)
    assert fast.err == slow.err == f"{error} (see 'baomi scan --help')\n"
    assert fast.code == slow.code == 2
    assert fast.out == slow.out == ""


def test_a_missing_path_is_the_same_scan_error(env, tmp_path):
    fast = run_process("scan", str(tmp_path / "nope"), env=env)
    slow = run_process("scan", "--no-color", str(tmp_path / "nope"), env=env)
    assert fast.err == slow.err == f"error: no such file or directory: {tmp_path / 'nope'}\n"
    assert fast.code == slow.code == scanner.EXIT_ERROR


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (["disk", "--json", "--jobs", "2", "--keywords", "k.txt", "--since-cache"], True),
        (["--jobs=2", "--keywords=k.txt", "disk", "-", "--", "--upload"], True),
        (["disk", "--upload", "--department", "1"], False),
        (["disk", "--up"], False),  # an abbreviation is the command's to resolve
        (["--help"], False),
        (["-h"], False),
        (["disk", "--settings", "baomi.settings"], False),
        (["disk", "-v", "2"], False),
    ],
)
def test_only_the_scanners_own_options_run_without_django(args, own):
    assert scanner.own_arguments(args) is own


def test_help_and_upload_still_reach_the_management_command(env):
    shown = run_process("scan", "--help", env=env)
    assert shown.code == 0
    assert "--upload" in shown.out
    refused = run_process("scan", "disk", "--upload", env=env)
    assert refused.code == 2
    assert refused.err == (
        "CommandError: Cannot file the report: --upload needs --token (or BAOMI_TOKEN): "
        "who runs the scan.\n"
    )
