"""``python -m baomi.scanner``: exit codes, the JSON-lines report, the tables, --jobs,
--since-cache, the report hook of ``baomi scan --upload``, and no Django anywhere."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from baomi.scanner import cli
from baomi.scanner.model import Finding, Skipped, Summary
from baomi.scanner.report import json_lines


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOMI_SCAN_CACHE", str(tmp_path / "cache" / "scan-cache.json"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*paths, stderr=None, on_report=None, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr or io.StringIO()
    code = cli.run(
        {"paths": [str(p) for p in paths], **options},
        stdout=out,
        stderr=err,
        on_report=on_report,
    )
    return code, out.getvalue(), err.getvalue()


def report(*paths, **options) -> list[dict]:
    code, out, _err = run(*paths, json=True, **options)
    assert code in (cli.EXIT_CLEAN, cli.EXIT_FINDINGS)
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "disk"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "通知.txt").write_text("关于会议的通知\n秘密★1年\n", encoding="gb18030")
    (root / "docs" / "notes.md").write_text("周末去秘密花园\n", encoding="utf-8")
    (root / "clean.txt").write_text("nothing here\n")
    (root / "list.csv").write_bytes(b"\xff\xfe" + "名称,涉密载体\r\n".encode("utf-16le"))
    return root


def test_nothing_found_exits_0(tree):
    code, out, err = run(tree / "clean.txt", tree / "docs" / "notes.md")
    assert code == cli.EXIT_CLEAN
    assert "未发现密级标志或关键词。" in out
    assert err == ""


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ["发现", "机密", "扫描文件数"]), ("en", ["Findings", "Secret", "Files scanned"])],
)
def test_the_report_speaks_chinese_unless_english_is_asked_for(
    tmp_path, monkeypatch, language, words
):
    monkeypatch.setenv("BAOMI_LANGUAGE", language)
    (tmp_path / "memo.txt").write_text("机密★10年\n")
    code, out, _err = run(tmp_path / "memo.txt")
    assert code == cli.EXIT_FINDINGS
    assert all(word in out for word in words)


def test_findings_exit_1_with_tables_of_masked_snippets(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("很长的一行开头不该出现在报告里，然后涉密载体，结尾也不该出现在报告里。\n")
    code, out, _err = run(path)
    assert code == cli.EXIT_FINDINGS
    assert "发现" in out and "汇总" in out
    assert "…里，然后涉密载体，结尾也…" in out
    assert "开头" not in out and "报告里" not in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"paths": ["/no/such/path"]}, "error: no such file or directory: /no/such/path"),
        ({"jobs": 0}, "error: --jobs must be 1 or more"),
        ({"keywords": "/no/such/list.txt"}, "error: cannot read the keyword list"),
    ],
)
def test_scan_errors_exit_2_with_one_line(tree, options, message):
    out, err = io.StringIO(), io.StringIO()
    code = cli.run({"paths": [str(tree)], **options}, stdout=out, stderr=err)
    out, err = out.getvalue(), err.getvalue()
    assert code == cli.EXIT_ERROR
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert out == ""


def test_a_bad_keyword_list_exits_2_naming_the_line(tree, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("好词\tSECRET\n坏词\tHUSH\n", encoding="utf-8")
    code, _out, err = run(tree, keywords=str(words))
    assert code == cli.EXIT_ERROR
    assert (
        err == f"error: {words}:2: unknown level 'HUSH' (one of TOP_SECRET, SECRET, "
        "CONFIDENTIAL, INTERNAL, 绝密, 机密, 秘密, 内部)\n"
    )


def test_json_lines_end_with_the_summary(tree):
    lines = report(tree)
    assert [line["type"] for line in lines] == ["finding", "finding", "summary"]
    findings = [Finding(**{k: v for k, v in line.items() if k != "type"}) for line in lines[:-1]]
    assert [(f.path, f.kind, f.match, f.level, f.location) for f in findings] == [
        (str(tree / "docs" / "通知.txt"), "marking", "秘密★1年", "CONFIDENTIAL", "line 2"),
        (str(tree / "list.csv"), "keyword", "涉密载体", None, "line 1"),
    ]
    summary = Summary(**{k: v for k, v in lines[-1].items() if k != "type"})
    assert summary.paths == [str(tree)]
    assert summary.keyword_list == "default"
    assert (summary.files_scanned, summary.files_cached, summary.findings) == (4, 0, 2)
    assert summary.bytes_scanned == sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
    assert summary.by_level == {"CONFIDENTIAL": 1}
    assert summary.finished_at >= summary.started_at and "+" in summary.started_at


def test_skipped_files_are_reported_and_no_error(tree):
    os.mkfifo(tree / "pipe")
    os.symlink(".", tree / "docs" / "again")
    os.symlink("docs", tree / "loop")
    lines = report(tree)
    skipped = [(line["path"], line["reason"]) for line in lines if line["type"] == "skipped"]
    assert skipped == [
        (str(tree / "docs" / "again"), "symlink loop"),
        (str(tree / "pipe"), "special file"),
    ]
    assert lines[-1]["skipped"] == 2
    assert lines[-1]["type"] == "summary"


def test_two_jobs_find_what_one_finds(tree):
    for n in range(30):
        (tree / f"f{n:02}.txt").write_text("正文\n" + ("绝密★\n" if n % 4 == 0 else "无\n"))
    one = report(tree, jobs=1)
    two = report(tree, jobs=2)
    assert [line for line in two if line["type"] != "summary"] == [
        line for line in one if line["type"] != "summary"
    ]
    assert len(one) == 2 + 8 + 1


def test_since_cache_passes_over_unchanged_clean_files(tree, tmp_path):
    first = report(tree, since_cache=True)[-1]
    assert (first["files_scanned"], first["files_cached"]) == (4, 0)
    # Clean files are passed over; those with findings are read again.
    second = report(tree, since_cache=True)
    assert (second[-1]["files_scanned"], second[-1]["files_cached"]) == (2, 2)
    assert [line["type"] for line in second] == ["finding", "finding", "summary"]
    # A changed file is read again, and found.
    (tree / "clean.txt").write_text("nothing here\n涉密\n")
    third = report(tree, since_cache=True)[-1]
    assert (third["files_scanned"], third["files_cached"], third["findings"]) == (3, 1, 3)
    # Another keyword list looks at everything again.
    words = tmp_path / "words.txt"
    words.write_text("花园\n")
    fourth = report(tree, since_cache=True, keywords=str(words))[-1]
    assert (fourth["files_scanned"], fourth["files_cached"]) == (4, 0)
    # Without --since-cache every file is read.
    assert report(tree)[-1]["files_cached"] == 0


def test_a_damaged_cache_is_an_empty_one(tree, tmp_path):
    cache = tmp_path / "cache" / "scan-cache.json"
    cache.parent.mkdir()
    cache.write_text("{not json")
    assert report(tree, since_cache=True)[-1]["files_cached"] == 0
    assert report(tree, since_cache=True)[-1]["files_cached"] == 2


def test_an_unwritable_cache_is_a_warning(tree, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BAOMI_SCAN_CACHE", str(blocker / "scan-cache.json"))
    code, _out, err = run(tree, since_cache=True)
    assert code == cli.EXIT_FINDINGS
    assert err.startswith("warning: cannot write the scan cache")


def test_the_report_hook_gets_the_report_that_is_printed(tree):
    """``baomi scan --upload`` files what the hook gets: the same report as --json prints."""
    os.mkfifo(tree / "pipe")
    got = []
    code, out, _err = run(tree, json=True, on_report=lambda *report: got.append(report))
    ((findings, skipped, summary),) = got
    assert code == cli.EXIT_FINDINGS
    assert all(isinstance(f, Finding) for f in findings)
    assert skipped == [Skipped(str(tree / "pipe"), "special file")]
    assert isinstance(summary, Summary)
    assert [json.loads(line) for line in out.splitlines()] == json_lines(findings, skipped, summary)


def test_progress_only_on_a_terminal(tree):
    terminal = Terminal()
    run(tree, stderr=terminal)
    assert "\r[" in terminal.getvalue() and "4/4 files" in terminal.getvalue()
    _code, _out, err = run(tree)
    assert err == ""


def test_a_name_that_is_not_utf8_is_reported_printably(tmp_path):
    name = os.fsdecode(b"\xd6\xd0\xce\xc4.txt")  # 中文.txt in GB18030 bytes
    (tmp_path / name).write_text("涉密\n")
    (line, _summary) = report(tmp_path)
    assert line["path"] == str(tmp_path / "\ufffd\ufffd\ufffd\ufffd.txt")


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, env=env
    )


def test_the_module_runs_as_a_command(tree):
    done = python("-m", "baomi.scanner", str(tree), "--json", "--jobs", "2")
    assert done.returncode == cli.EXIT_FINDINGS
    assert json.loads(done.stdout.splitlines()[-1])["type"] == "summary"
    bad = python("-m", "baomi.scanner", str(tree), "--jobs", "many")
    assert bad.returncode == cli.EXIT_ERROR
    assert (
        bad.stderr == "python -m baomi.scanner: error: argument --jobs: invalid int value: 'many'\n"
    )
    missing = python("-m", "baomi.scanner", "/no/such/path")
    assert (missing.returncode, missing.stderr) == (
        cli.EXIT_ERROR,
        "error: no such file or directory: /no/such/path\n",
    )


def test_the_scanner_imports_no_django():
    modules = (
        "__main__ cache cli engine extractors keywords markings matcher model report snippet walker"
    )
    imports = "; ".join(f"import baomi.scanner.{m}" for m in modules.split())
    done = python("-c", f"import sys; {imports}; assert 'django' not in sys.modules, 'django'")
    assert done.returncode == 0, done.stderr


# What only files of other formats need: their extractors and the libraries those use.
EXTRACTORS = ("archive", "biff", "mail", "odf", "ole", "ooxml", "pdf", "rtf", "xmltext")
READERS = [
    *(f"baomi.scanner.extractors.{name}" for name in EXTRACTORS),
    *("pypdf", "olefile", "openpyxl", "docx", "pptx", "zipfile", "email", "xml.etree.ElementTree"),
]


def test_a_scan_of_plain_text_loads_no_reader_of_other_formats(tree, tmp_path):
    """Start-up: the extractors (and pypdf, olefile, zipfile, email …) are imported when a file
    of their kind is met, not by a scan of text; a .docx met later still loads its own."""
    probe = (
        "import sys, runpy; sys.argv = ['baomi.scanner', *sys.argv[1:]]\n"
        "try: runpy.run_module('baomi.scanner', run_name='__main__')\n"
        "except SystemExit as end: code = end.code\n"
        f"print(code, *sorted(set({READERS!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    done = python("-c", probe, str(tree), "--json", "--jobs", "1")
    assert done.stderr.split() == [str(cli.EXIT_FINDINGS)]
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("涉密载体")
    document.save(tmp_path / "a.docx")
    done = python("-c", probe, str(tmp_path / "a.docx"), "--json")
    code, *loaded = done.stderr.split()
    assert code == str(cli.EXIT_FINDINGS)
    assert {"baomi.scanner.extractors.ooxml", "zipfile"} <= set(loaded)
    assert not {"pypdf", "olefile", "baomi.scanner.extractors.pdf"} & set(loaded)


def test_skip_reasons_are_shown_in_chinese_but_kept_in_english_in_json(tmp_path):
    """The person reads 符号链接循环; the report's data (and baomi's records) keep the phrase."""
    (tmp_path / "loop").symlink_to(tmp_path)
    code, out, _err = run(tmp_path)
    assert code == cli.EXIT_CLEAN
    assert "符号链接循环" in out
    code, out, _err = run(tmp_path, json=True)
    assert '"reason": "symlink loop"' in out
