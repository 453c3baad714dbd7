"""Zip archives: nested members as parts, and every kind of hostile archive skipped with its
reason instead of hanging or exhausting the scanner."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from tests.scanner.extractors.samples import nested_zip
from tests.scanner.extractors.support import extract, formats, skipped, texts, zip_of

MiB = 2**20


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


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MB of zeros deflated to a few hundred kilobytes, written in chunks."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        chunk = b"\x00" * MiB
        for _ in range(200):
            member.write(chunk)
    return buffer.getvalue()


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
    """The declared size is a lie (the data is larger): the bounded read stops there and the
    member is not taken."""
    data = bytearray(zip_of({"liar.txt": b"A" * 5000}))
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        struct.pack_into("<I", data, data.index(header) + size_at, 10)
    assert skipped(extract("liar.zip", bytes(data))) == {"!liar.txt": "corrupt zip"}


def test_too_many_members() -> None:
    found = extract("wide.zip", zip_of({f"{n}.txt": b"x" for n in range(3)}), max_members=2)
    assert [(p.path_suffix, p.skipped) for p in found] == [("", "too many members")]


def test_corrupt_zip_and_corrupt_member() -> None:
    assert skipped(extract("x.zip", b"PK\x03\x04" + b"\x00" * 40)) == {"": "corrupt zip"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.txt", b"original content")
    data = buffer.getvalue().replace(b"original", b"tampered")
    assert skipped(extract("x.zip", data)) == {"!a.txt": "corrupt zip"}


def test_gbk_member_names_from_chinese_windows_are_read() -> None:
    """Without the UTF-8 flag the name bytes are GBK; the part's path shows them right."""
    data = zip_of({"abcd.txt": b"x"}).replace(b"abcd.txt", "报告.txt".encode("gbk"))
    assert "!报告.txt" in formats(extract("cn.zip", data))
