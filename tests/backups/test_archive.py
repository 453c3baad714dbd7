"""The archive's container (``baomi.backups.archive``): what is written reads back, and every
change of its bytes is refused — a changed byte, records cut off, swapped or replayed, a
changed header, a wrong passphrase — in plain, AES-256-GCM and SM4-GCM archives."""

from __future__ import annotations

import io
import os
import struct

import pytest

from baomi.backups import archive

CHUNK = 4096
CONTENT = os.urandom(3 * CHUNK + 123) + b"baomi " * 5000  # random and compressible parts


@pytest.fixture(autouse=True)
def _quick_scrypt(monkeypatch, request):
    """A cheap key derivation (2^10, not 2^16) except where a test asks for the real one:
    the tests open hundreds of archives."""
    if not getattr(request.function, "real_scrypt", False):
        monkeypatch.setattr(archive, "SCRYPT_N", 2**10)


def real_scrypt(test):
    test.real_scrypt = True
    return test


def _write(cipher: str = archive.NONE, passphrase: bytes | None = None, **kw) -> bytes:
    out = io.BytesIO()
    writer = archive.Writer(out, cipher=cipher, passphrase=passphrase, chunk=CHUNK, **kw)
    for start in range(0, len(CONTENT), 1000):
        writer.write(CONTENT[start : start + 1000])
    writer.close()
    assert writer.written == len(out.getvalue())
    return out.getvalue()


def _read(data: bytes, passphrase: bytes | None = None) -> bytes:
    reader = archive.Reader(io.BytesIO(data), passphrase=passphrase)
    found = b"".join(reader.chunks())
    assert reader.done
    return found


KINDS = [
    pytest.param(archive.NONE, None, id="plain"),
    pytest.param(archive.AES, "口令 passphrase".encode(), id="aes-256-gcm"),
    pytest.param(archive.SM4, "口令 passphrase".encode(), id="sm4-gcm"),
]


def _records(data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """The offset where the records begin and each record's (start, end)."""
    (length,) = struct.unpack(">I", data[len(archive.MAGIC) : len(archive.MAGIC) + 4])
    offset = start = len(archive.MAGIC) + 4 + length
    spans = []
    while offset < len(data):
        flag, size = struct.unpack(">BI", data[offset : offset + 5])
        end = offset + 5 + size + (32 if flag and len(data) - offset - 5 - size == 32 else 0)
        spans.append((offset, end))
        offset = end
    return start, spans


@pytest.mark.parametrize(("cipher", "passphrase"), KINDS)
def test_what_is_written_reads_back(cipher, passphrase):
    data = _write(cipher, passphrase)
    assert _read(data, passphrase) == CONTENT
    if cipher != archive.NONE:
        assert b"baomi baomi" not in data  # encrypted (and compressed before)


@pytest.mark.parametrize(("cipher", "passphrase"), KINDS)
def test_every_changed_byte_is_refused(cipher, passphrase):
    """A byte flipped anywhere after the magic: the header, a record's length, its nonce,
    its data or its tag, the plain archive's final checksum."""
    data = _write(cipher, passphrase, compress=False)
    for position in range(len(archive.MAGIC), len(data), 211):
        changed = bytearray(data)
        changed[position] ^= 0x20
        with pytest.raises(archive.ArchiveError):
            _read(bytes(changed), passphrase)


@pytest.mark.parametrize(("cipher", "passphrase"), KINDS)
def test_a_cut_archive_is_refused(cipher, passphrase):
    data = _write(cipher, passphrase)
    _, spans = _records(data)
    for cut in [len(data) - 1, len(data) - 40, spans[-1][0], spans[1][0], 30]:
        with pytest.raises(archive.Damaged):
            _read(data[:cut], passphrase)


@pytest.mark.parametrize(("cipher", "passphrase"), KINDS)
def test_records_swapped_dropped_or_repeated_are_refused(cipher, passphrase):
    data = _write(cipher, passphrase, compress=False)
    start, spans = _records(data)
    parts = [data[a:b] for a, b in spans]
    assert len(parts) >= 4
    head = data[:start]
    for changed in (
        [parts[1], parts[0], *parts[2:]],  # swapped
        [parts[0], *parts[2:]],  # one dropped
        [parts[0], parts[0], *parts[1:]],  # one replayed
        [*parts, parts[-1]],  # after the last record
    ):
        with pytest.raises(archive.Damaged):
            _read(head + b"".join(changed), passphrase)


@pytest.mark.parametrize("cipher", [archive.AES, archive.SM4])
def test_a_wrong_or_missing_passphrase_is_told_apart(cipher):
    data = _write(cipher, b"right")
    with pytest.raises(archive.WrongPassphrase, match="wrong passphrase"):
        _read(data, b"wrong")
    with pytest.raises(archive.WrongPassphrase, match="give its passphrase"):
        _read(data, None)


def test_a_newer_format_and_a_foreign_file_are_refused():
    data = _write()
    newer = data.replace(b'"format":1', b'"format":9', 1)
    with pytest.raises(archive.NewerFormat):
        _read(newer)
    with pytest.raises(archive.NotAnArchive):
        _read(b"SQLite format 3\x00" + data)


@real_scrypt
def test_a_header_asking_for_huge_key_derivation_is_refused():
    """A crafted archive must not make the reader allocate gigabytes (scrypt's n, r, p)."""
    data = _write(archive.AES, b"pass")
    crafted = data.replace(b'"n":65536', b'"n":99999', 1)  # same length, not a power of 2
    with pytest.raises(archive.Damaged, match="out of bounds"):
        _read(crafted, b"pass")


@real_scrypt
def test_the_key_is_derived_with_a_random_salt_for_each_archive():
    one, two = _write(archive.AES, b"pass"), _write(archive.AES, b"pass")
    assert one[:200] != two[:200]
    assert _read(one, b"pass") == _read(two, b"pass") == CONTENT
