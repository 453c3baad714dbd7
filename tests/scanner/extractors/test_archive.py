"""Zip archives: nested members as parts, and every kind of hostile archive skipped with its
reason instead of hanging or exhausting the scanner."""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.scanner.extractors.samples import docx_file, nested_zip
from tests.scanner.extractors.support import extract, formats, skipped, texts, zip_of
from tests.zips import lying_sizes, members, recompressed

MiB = 2**20
MEMORY_BOUND = 16 * MiB  # the most the scanner may allocate scanning a bomb below, file included


def test_members_of_nested_zips_are_parts_with_their_paths() -> None:
    found = extract("outer.zip", nested_zip())
    assert formats(found) == {
        "": "zip",
        "!readme.txt": "text",
        "!dir/level1.zip": "zip",
        "!dir/level1.zip!page.html": "html",
        "!dir/level1.zip!level2.zip": "zip",
        "!dir/level1.zip!level2.zip!secret.txt": "text",
    }
    [deep] = [p for p in found if p.path_suffix.endswith("secret.txt")]
    assert [s.data for s in deep.segments] == ["机密★10年".encode("gbk")]
    assert texts(found, "!dir/level1.zip!page.html") == {"line 1": "内部资料"}
    assert skipped(found) == {}


def test_nesting_deeper_than_the_limit_is_skipped() -> None:
    found = extract("outer.zip", nested_zip(), max_depth=2)
    assert skipped(found) == {"!dir/level1.zip!level2.zip": "nested too deep"}
    assert "!dir/level1.zip!page.html" in formats(found)


def test_encrypted_member_is_skipped_and_the_others_read() -> None:
    """The general-purpose flag bit 0 marks an encrypted member (the content need not really
    be encrypted for the scanner to refuse it)."""
    data = bytearray(zip_of({"locked.docx": b"ciphertext", "open.txt": b"plain"}))
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 6] |= 0x01
    data[central + 8] |= 0x01
    found = extract("mixed.zip", bytes(data))
    assert skipped(found) == {"!locked.docx": "encrypted zip"}
    assert [p.format for p in found if p.path_suffix == "!locked.docx"] == ["docx"]
    assert "!open.txt" in formats(found)


@functools.cache
def zeros_zip(method: int, megabytes: int, name: str = "zeros.bin") -> bytes:
    """A zip of one member ``name``: ``megabytes`` MB of zeros packed with ``method``, written a
    MB at a time (deflate packs 200 MB in a few hundred kilobytes, bzip2 300 MB in 378 bytes)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", method) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(bytes(MiB))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of zeros deflated to a few hundred kilobytes."""
    return zeros_zip(zipfile.ZIP_DEFLATED, 200)


def test_zip_bomb_member_is_skipped_by_its_compression_ratio(bomb: bytes) -> None:
    assert len(bomb) < 1 * MiB
    found = extract("bomb.zip", bomb, max_member_bytes=300 * MiB)
    assert skipped(found) == {"!zeros.bin": "zip bomb"}


def test_member_over_the_size_limit_is_skipped(bomb: bytes) -> None:
    assert skipped(extract("bomb.zip", bomb)) == {"!zeros.bin": "too large"}


def test_running_total_over_the_limit_skips_the_archive_as_a_bomb() -> None:
    """Members that each look harmless but together unpack beyond the total: those read
    before the limit are scanned, then the archive is given up."""
    members = {f"part{n}.bin": os.urandom(1000) for n in range(3)}
    found = extract("many.zip", zip_of(members), max_total_bytes=2500)
    assert skipped(found) == {"": "zip bomb"}
    assert {p.path_suffix for p in found if not p.skipped} == {"!part0.bin", "!part1.bin"}


def test_nested_archives_share_one_budget() -> None:
    """What the inner archives unpack counts against the top file's one budget."""
    inner = zip_of({"a.bin": os.urandom(1500)})
    budget = 2 * len(inner) + 1500 + 700  # both inner zips, but only one a.bin
    found = extract(
        "outer.zip", zip_of({"one.zip": inner, "two.zip": inner}), max_total_bytes=budget
    )
    assert "!one.zip!a.bin" in formats(found)
    assert skipped(found) == {"!two.zip": "zip bomb"}


def test_member_that_unpacks_beyond_its_declared_size_is_refused() -> None:
    """The declared size is a lie (the data is larger): the counted read stops there and the
    member is not taken, as a zip bomb."""
    data = bytearray(zip_of({"liar.txt": b"A" * 5000}))
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        struct.pack_into("<I", data, data.index(header) + size_at, 10)
    assert skipped(extract("liar.zip", bytes(data))) == {"!liar.txt": "zip bomb"}


def test_ratio_is_taken_against_the_packed_bytes_really_there() -> None:
    """A member that declares a packed size far beyond the bytes the archive holds (2 MB of
    zeros in 2 KB, declaring 1 MB packed) is refused by its real ratio before it is unpacked."""
    data = bytearray(zip_of({"zeros.bin": bytes(2 * MiB)}))
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 20, MiB)
    assert skipped(extract("liar.zip", bytes(data))) == {"!zeros.bin": "zip bomb"}


@pytest.mark.parametrize(
    "method",
    [zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
    ids=["stored", "bzip2", "lzma"],
)
def test_members_packed_with_any_zip_method_are_read_whole(method: int) -> None:
    """bzip2 and LZMA members (a .docx whose parts are so packed too) are read as before, a
    chunk at a time: a member of several chunks comes out byte for byte."""
    blob = os.urandom(200_000) + bytes(2 * MiB) + os.urandom(200_000)
    docx = docx_file()
    data = recompressed(
        zip_of({"blob.bin": blob, "report.docx": recompressed(docx, method)}), method
    )
    found = extract("packed.zip", data)
    assert skipped(found) == {}
    assert [s.data for p in found if p.path_suffix == "!blob.bin" for s in p.segments] == [blob]
    assert texts(found, "!report.docx") == texts(extract("report.docx", docx))
    assert "paragraph 2" in texts(found, "!report.docx")


def nested(data: bytes, levels: int) -> bytes:
    """``data`` as the member 1.zip!2.zip!…!LEVELS.zip of a zip."""
    for level in range(levels, 0, -1):
        data = zip_of({f"{level}.zip": data})
    return data


def huge_lzma_dictionary(data: bytes) -> bytes:
    """``data``, a zip whose first member is packed with LZMA, with that member's LZMA header
    asking for a 4 GB dictionary."""
    out = bytearray(data)
    name, extra = struct.unpack_from("<HH", out, 26)  # of the first local header
    struct.pack_into("<I", out, 30 + name + extra + 5, 0xFFFF_FFFF)
    return bytes(out)


def zeros_tar_gz(tmp_path: Path, megabytes: int) -> bytes:
    """A .tar.gz of one file of ``megabytes`` MB of zeros (a sparse file: nothing is written)."""
    zeros = tmp_path / "zeros.bin"
    with zeros.open("wb") as f:
        f.truncate(megabytes * MiB)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(zeros, arcname="zeros.bin")
    zeros.unlink()
    return buffer.getvalue()


_MEASURE = """
import json, os, sys, tracemalloc
from baomi.scanner import keywords
from baomi.scanner.engine import Engine
from baomi.scanner.matcher import Matcher
from baomi.scanner.walker import FileEntry

engine = Engine(Matcher(keywords.load().keywords))
def scan(path):
    return engine.scan_file(FileEntry.of(path, os.stat(path)))

scan(sys.argv[1])  # whatever the first scan imports
tracemalloc.start()
result = scan(sys.argv[2])
peak = tracemalloc.get_traced_memory()[1]
skipped = {s.path: s.reason for s in result.skipped}
print(json.dumps({"skipped": skipped, "findings": len(result.findings), "peak": peak}))
"""

_BOMBS: dict[str, tuple[str, Callable[[Path], bytes], dict[str, str]]] = {
    # bzip2 packs 300 MB of zeros in 400 bytes; zipfile unpacked it in one call
    "bzip2 declaring 1 KB": (
        "bomb.zip",
        lambda _: lying_sizes(zeros_zip(zipfile.ZIP_BZIP2, 300)),
        {"!zeros.bin": "zip bomb"},
    ),
    "bzip2 declaring 300 MB": (
        "bomb.zip",
        lambda _: zeros_zip(zipfile.ZIP_BZIP2, 300),
        {"!zeros.bin": "too large"},
    ),
    "lzma declaring 1 KB": (
        "bomb.zip",
        lambda _: lying_sizes(zeros_zip(zipfile.ZIP_LZMA, 300)),
        {"!zeros.bin": "zip bomb"},
    ),
    # 1 MB of zeros, read: the dictionary needs be no larger than that
    "lzma asking for a 4 GB dictionary": (
        "big.zip",
        lambda _: huge_lzma_dictionary(zeros_zip(zipfile.ZIP_LZMA, 1)),
        {},
    ),
    "deflate declaring 1 KB": (
        "bomb.zip",
        lambda _: lying_sizes(zeros_zip(zipfile.ZIP_DEFLATED, 300)),
        {"!zeros.bin": "zip bomb"},
    ),
    # read by the format detection (is it an OpenDocument package?) before any extractor
    "mimetype declaring 10 bytes": (
        "bomb.zip",
        lambda _: lying_sizes(zeros_zip(zipfile.ZIP_DEFLATED, 300, "mimetype"), 10),
        {"!mimetype": "zip bomb"},
    ),
    "zip in zip beyond the depth": (
        "nested.zip",
        lambda _: nested(lying_sizes(zeros_zip(zipfile.ZIP_BZIP2, 300)), 5),
        {"!1.zip!2.zip!3.zip": "nested too deep"},
    ),
    # zipfile keeps an object per entry: 50,000 entries in 4 MB cost about 28 MB to list
    "50,000 members": ("wide.zip", lambda _: members(50_000, size=0), {"": "too many members"}),
    # no tar or gzip reader: the stream is matched as raw bytes, never unpacked
    "tar.gz of 300 MB": ("bomb.tar.gz", lambda tmp: zeros_tar_gz(tmp, 300), {}),
}


@pytest.mark.parametrize("bomb_name", list(_BOMBS))
def test_a_bomb_is_reported_skipped_and_the_memory_stays_bounded(
    bomb_name: str, tmp_path: Path
) -> None:
    """The scanner's engine, in a fresh process, reports each bomb's part as skipped with its
    reason, and the peak of the memory it allocates scanning the file (the file's own bytes
    included) stays under MEMORY_BOUND."""
    name, build, expected = _BOMBS[bomb_name]
    bomb_file = tmp_path / name
    bomb_file.write_bytes(build(tmp_path))
    warm = tmp_path / "warm.txt"
    warm.write_text("nothing here\n")
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(warm), str(bomb_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    reported = {path.removeprefix(str(bomb_file)): why for path, why in measured["skipped"].items()}
    assert (reported, measured["findings"]) == (expected, 0)
    assert measured["peak"] < MEMORY_BOUND, measured["peak"]
