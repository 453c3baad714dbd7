"""Scanning one file: findings with their path, format and location; whatever cannot be read
skipped with its reason; large files matched in overlapping windows; worker processes."""

from __future__ import annotations

import os

import pytest

from baomi.scanner import engine, keywords
from baomi.scanner.engine import Engine, FileResult, scan_files
from baomi.scanner.extractors.base import Part
from baomi.scanner.matcher import Matcher
from baomi.scanner.model import SECRET, Finding, Segment, SkipFile, Skipped
from baomi.scanner.walker import FileEntry


@pytest.fixture(scope="module")
def scanner() -> Engine:
    return Engine(Matcher(keywords.load().keywords))


def entry(path) -> FileEntry:
    return FileEntry.of(str(path), os.stat(path))


def test_a_text_file_reports_lines(scanner, tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text("第一行\n第二行有涉密载体\n机密★10年\n", encoding="gb18030")
    result = scanner.scan_file(entry(path))
    assert result.findings == [
        Finding(str(path), "text", "keyword", "涉密载体", None, "line 2", "第二行有涉密载体"),
        Finding(str(path), "text", "marking", "机密★10年", SECRET, "line 3", "机密★10年"),
    ]
    assert (result.skipped, result.scanned, result.bytes) == ([], True, path.stat().st_size)


def test_unknown_binary_reports_byte_offsets(scanner, tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\xff\x01" * 100 + "涉密载体".encode("utf-16le") + b"\x00\xff")
    (finding,) = scanner.scan_file(entry(path)).findings
    assert (finding.format, finding.location, finding.match) == ("bytes", "byte 300", "涉密载体")


def fake_parts(monkeypatch, parts):
    """Stand in for the extractors: ``parts`` is what they yield, or raise, for any file."""

    def fake(name, data, *, limits):
        for part in parts:
            if isinstance(part, Exception):
                raise part
            yield part

    monkeypatch.setattr(engine.extractors, "parts", fake)


def test_parts_and_segments_become_paths_and_locations(scanner, tmp_path, monkeypatch):
    path = tmp_path / "a.zip"
    path.write_bytes(b"PK\x03\x04 whatever")
    fake_parts(
        monkeypatch,
        [
            Part("!内/报告.docx", "docx", [Segment("header 1", text="机密")]),
            Part("!raw.txt", "text", [Segment("", data="x\n涉密\n".encode())]),
            Part("!locked.zip", "zip", (), skipped="encrypted zip"),
            Part("", "zip", [Segment("comment", text="无")]),
        ],
    )
    result = scanner.scan_file(entry(path))
    assert [(f.path, f.format, f.location, f.match) for f in result.findings] == [
        (f"{path}!内/报告.docx", "docx", "header 1", "机密"),
        (f"{path}!raw.txt", "text", "line 2", "涉密"),
    ]
    assert result.skipped == [Skipped(f"{path}!locked.zip", "encrypted zip")]
    assert result.scanned and not result.clean


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (SkipFile("encrypted pdf"), "encrypted pdf"),
        (ValueError("bug"), "cannot be read (ValueError)"),
    ],
)
def test_an_extractor_failure_skips_the_file_keeping_what_was_found(
    scanner, tmp_path, monkeypatch, error, reason
):
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF-1.7")
    fake_parts(monkeypatch, [Part("", "pdf", [Segment("page 1", text="涉密")]), error])
    result = scanner.scan_file(entry(path))
    assert [f.location for f in result.findings] == ["page 1"]
    assert result.skipped == [Skipped(str(path), reason)]


def test_an_unreadable_file_is_skipped(scanner, tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("涉密")
    found = entry(path)
    if os.geteuid() == 0:  # root reads anything: refuse the way the OS would
        real = os.open

        def refuse(name, *args, **kwargs):
            if name == str(path):
                raise PermissionError(13, "Permission denied", name)
            return real(name, *args, **kwargs)

        monkeypatch.setattr(engine.os, "open", refuse)
    else:
        path.chmod(0)
    result = scanner.scan_file(found)
    assert result == FileResult(skipped=[Skipped(str(path), "permission denied")])


def test_a_file_gone_since_the_walk_is_skipped(scanner, tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text("x")
    found = entry(path)
    path.unlink()
    assert scanner.scan_file(found).skipped == [Skipped(str(path), "no such file or directory")]


def test_a_file_turned_fifo_since_the_walk_does_not_hang(scanner, tmp_path):
    path = tmp_path / "pipe"
    path.write_text("x")
    found = entry(path)
    path.unlink()
    os.mkfifo(path)
    assert scanner.scan_file(found).skipped == [Skipped(str(path), "special file")]


def test_a_large_container_is_skipped_as_too_large(scanner, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MAX_CONTAINER_BYTES", 100)
    path = tmp_path / "big.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = scanner.scan_file(entry(path))
    assert result.skipped == [Skipped(str(path), "too large")]
    assert not result.scanned


def filler(encoding: str, size: int) -> str:
    """Text of exactly ``size`` bytes in ``encoding``: lines, then x's up to the size."""
    line = "普通的一行文字 plain words\n"
    text = line * max(0, size // len(line.encode(encoding)) - 1)
    return text + "x" * ((size - len(text.encode(encoding))) // len("x".encode(encoding)))


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16le"])
def test_a_large_file_is_matched_in_windows_across_their_borders(
    scanner, tmp_path, monkeypatch, encoding
):
    """Above RAW_THRESHOLD a text is read a window at a time; a keyword and a marking cut by a
    window's border are found once, on the right line."""
    monkeypatch.setattr(engine, "RAW_THRESHOLD", 1000)
    monkeypatch.setattr(engine, "WINDOW_BYTES", 20_000)
    monkeypatch.setattr(engine.extractors, "parts", None)  # not used for a large text
    size = len("涉密".encode(encoding))  # the borders cut 涉密|载体 and 机密|★10年
    text = filler(encoding, 20_000 - size) + "涉密载体\n"
    lines = [text.count("\n")]
    text += filler(encoding, 40_000 - size - len(text.encode(encoding))) + "机密★10年\n"
    lines.append(text.count("\n"))
    text += filler(encoding, 50_000)
    data = text.encode(encoding)
    assert data.find("载体".encode(encoding)) == 20_000
    assert data.find("★".encode(encoding)) == 40_000
    path = tmp_path / "big.log"
    path.write_bytes(data)
    result = scanner.scan_file(entry(path))
    assert [(f.match, f.location, f.format) for f in result.findings] == [
        ("涉密载体", f"line {lines[0]}", "text"),
        ("机密★10年", f"line {lines[1]}", "text"),
    ]
    assert result.bytes == len(data)


def test_a_file_full_of_findings_lists_only_the_first(scanner, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "MAX_FINDINGS_PER_FILE", 5)
    path = tmp_path / "many.txt"
    path.write_text("涉密\n" * 20)
    result = scanner.scan_file(entry(path))
    assert [f.location for f in result.findings] == [f"line {n}" for n in range(1, 6)]
    assert result.skipped == [Skipped(str(path), "more than 5 findings, the rest not listed")]


def test_office_files_through_the_real_extractors(scanner, tmp_path):
    """A .docx: the header's mark and the body's keyword, where the extractors say they are."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "机密★5年"
    document.add_paragraph("第一段。")
    document.add_paragraph("第二段提到涉密载体。")
    path = tmp_path / "报告.docx"
    document.save(path)
    result = scanner.scan_file(entry(path))
    assert sorted((f.location, f.format, f.kind, f.match, f.level) for f in result.findings) == [
        ("header 1", "docx", "marking", "机密★5年", SECRET),
        ("paragraph 2", "docx", "keyword", "涉密载体", None),
    ]
    assert all(f.path == str(path) for f in result.findings)
    assert result.skipped == []


def test_workers_find_what_one_process_finds(scanner, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_FILES", 3)  # batches for both workers
    for n in range(40):
        (tmp_path / f"{n:02}.txt").write_text(f"文件{n}\n" + ("涉密\n" if n % 3 else "无\n"))
    entries = [entry(p) for p in sorted(tmp_path.iterdir())]
    alone = sorted(scan_files(scanner, entries, jobs=1))
    together = sorted(scan_files(scanner, entries, jobs=2), key=lambda r: r[0])
    assert [i for i, _r in together] == list(range(40))
    assert together == alone
    assert sum(len(r.findings) for _i, r in alone) == 26


def test_workers_take_the_largest_files_first_each_once(tmp_path, monkeypatch):
    """The batches hold every file once, the largest first, so that the last batches (one
    worker may still be busy with them while the other is done) are the smallest files."""
    monkeypatch.setattr(engine, "BATCH_FILES", 4)
    sizes = [5, 900, 40, 40, 7000, 1, 300, 2, 60, 3]
    entries = []
    for n, size in enumerate(sizes):
        (tmp_path / f"{n}.txt").write_bytes(b"x" * size)
        entries.append(entry(tmp_path / f"{n}.txt"))
    batches = list(engine._batches(entries))
    order = [index for batch in batches for index, _entry in batch]
    assert sorted(order) == list(range(len(sizes)))
    assert [sizes[i] for i in order] == sorted(sizes, reverse=True)
    assert [len(b) for b in batches] == [4, 4, 2]
