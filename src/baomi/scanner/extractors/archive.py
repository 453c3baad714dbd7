"""Zip archives, and the bounded reading of zip members that the office formats share.

Nothing is extracted to disk, and no size an archive declares is taken on trust (issue 10 item
9; the same bounds as the server's ``core.uploads``, kept here because the scanner runs without
Django). Before zipfile lists an archive, its central-directory signatures are counted against
``max_members``. A member is refused before a byte is unpacked when it is encrypted, declares
more than ``max_member_bytes``, or declares more than ``max_ratio`` times the packed bytes really
there; its declared size is charged to the top file's budget. Then it is unpacked here, not by
zipfile, a chunk at a time whatever the method (stored, deflate, bzip2, LZMA), counting the
bytes produced: a member that unpacks beyond its declared size is refused as a zip bomb, one that
fails its CRC as corrupt. zipfile itself bounds no single call for bzip2 and LZMA, nor for a
member read whole: 378 bytes of bzip2 declaring 1 KB made 300 MB in one call (a 600 MB peak).
"""

from __future__ import annotations

import bz2
import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Protocol

from baomi.scanner.extractors.base import Context, Limits, Member, MiB
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import SkipFile

_CHUNK = 64 * 1024
# Below this unpacked size a high compression ratio is ordinary (a page of blanks), not a bomb.
_RATIO_FLOOR = 1 * MiB
_CORRUPT = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    EOFError,
    OSError,
    NotImplementedError,
)
_CENTRAL_HEADER = b"PK\x01\x02"
# A local file header: its signature, 22 bytes, then the lengths of the name and the extra field
# that stand between it and the packed bytes.
_LOCAL_HEADER = struct.Struct("<4s22xHH")
# LZMA as zip packs it (APPNOTE 5.8.8): a version and the properties' length (2 bytes each),
# then the properties (lc/lp/pb in one byte, the dictionary size), then raw LZMA1.
_LZMA_HEADER = struct.Struct("<2xHBI")


def open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """The archive ``data``, refused ("too many members") before zipfile lists it when it may
    hold more than ``limits.max_members`` entries: zipfile keeps an object per entry (a 26 MB
    zip of 300,000 empty members cost 167 MB), and each entry begins with the central header's
    signature, so the signatures in ``data`` are at least as many as the entries."""
    if data.count(_CENTRAL_HEADER) > limits.max_members:
        raise SkipFile(gettext_noop("too many members"))
    return zipfile.ZipFile(io.BytesIO(data))


def extract(data: bytes, ctx: Context) -> Iterator[Member]:
    """Every file in the archive as a member; an encrypted, oversized, bomb-like or unreadable
    member as a skipped one. When the unpacking budget of the top file is spent, the whole
    archive is skipped as a zip bomb."""
    archive = open_zip(data, ctx.limits)
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = member_name(info)
        try:
            yield Member(name, read_member(archive, info, ctx))
        except SkipFile as skip:
            if ctx.budget.remaining == 0:
                raise
            yield Member(name, skipped=skip.reason)
        except _CORRUPT:
            yield Member(name, skipped=gettext_noop("corrupt zip"))


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name. Without the UTF-8 flag zipfile reads names as CP437; Chinese Windows
    writes them in GBK (or UTF-8 without saying so), so read those bytes again."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: Context) -> bytes:
    """The member's bytes, charged to the top file's budget. Refuses (SkipFile) an encrypted
    member, one declaring more than a member may be, one declaring more than ``max_ratio``
    times the packed bytes really there, and one that unpacks to more than it declared."""
    limits = ctx.limits
    if info.flag_bits & 0x1:
        raise SkipFile(gettext_noop("encrypted zip"))
    if info.file_size > limits.max_member_bytes:
        raise SkipFile(gettext_noop("too large"))
    fp = archive.fp
    start, packed = _packed(fp, info)
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(packed, 1):
        raise SkipFile(gettext_noop("zip bomb"))
    ctx.budget.take(info.file_size)
    buffer = bytearray()
    crc = 0
    for chunk in _unpacked(fp, info, start, packed):
        buffer += chunk
        if len(buffer) > info.file_size:
            raise SkipFile(gettext_noop("zip bomb"))
        crc = zlib.crc32(chunk, crc)
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 for {info.filename!r}")
    return bytes(buffer)


def _packed(fp: IO[bytes], info: zipfile.ZipInfo) -> tuple[int, int]:
    """Where the member's packed bytes begin in the archive, and how many there are: the
    declared packed size, cut at the archive's end."""
    fp.seek(info.header_offset)
    signature, name, extra = _LOCAL_HEADER.unpack(fp.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename!r}")
    start = info.header_offset + _LOCAL_HEADER.size + name + extra
    end = fp.seek(0, io.SEEK_END)
    return start, max(0, min(info.compress_size, end - start))


def _unpacked(fp: IO[bytes], info: zipfile.ZipInfo, start: int, packed: int) -> Iterator[bytes]:
    """The bytes that member ``info``'s ``packed`` bytes at ``start`` of ``fp`` unpack to, in
    chunks of at most _CHUNK: no call is asked for more, whatever the input."""
    raw = _read(fp, start, packed)
    if info.compress_type == zipfile.ZIP_STORED:
        yield from raw
        return
    decompressor = _decompressor(info)
    for data in raw:
        while True:
            chunk = decompressor.decompress(data, _CHUNK)
            yield chunk
            if decompressor.eof:
                return
            if decompressor.needs_input or not chunk:
                break
            data = b""


def _read(fp: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    """``length`` bytes of ``fp`` from ``start``, a chunk at a time."""
    for at in range(start, start + length, _CHUNK):
        fp.seek(at)
        yield fp.read(min(_CHUNK, start + length - at))


class _Decompressor(Protocol):
    """What bz2's and lzma's decompressors offer, and the two below."""

    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int) -> bytes: ...


def _decompressor(info: zipfile.ZipInfo) -> _Decompressor:
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return _Inflate()
    if info.compress_type == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor()
    if info.compress_type == zipfile.ZIP_LZMA:
        # No match reaches back further than what was unpacked, and reading stops a chunk
        # beyond the declared size: a larger dictionary (4 GB, if the header says so) is
        # never needed.
        return _ZipLzma(max_dictionary=info.file_size + _CHUNK)
    raise NotImplementedError(f"compression method {info.compress_type}")


class _Inflate:
    """Raw deflate with the interface of bz2's and lzma's decompressors."""

    def __init__(self) -> None:
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)

    @property
    def eof(self) -> bool:
        return self._zlib.eof

    @property
    def needs_input(self) -> bool:
        return not self._zlib.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self._zlib.decompress(self._zlib.unconsumed_tail + data, max_length)


class _ZipLzma:
    """LZMA as zip packs it (_LZMA_HEADER), with the interface of lzma's decompressor; its
    dictionary no larger than ``max_dictionary``."""

    def __init__(self, max_dictionary: int) -> None:
        self._max_dictionary = max_dictionary
        self._head = b""
        self._lzma: lzma.LZMADecompressor | None = None

    @property
    def eof(self) -> bool:
        return self._lzma is not None and self._lzma.eof

    @property
    def needs_input(self) -> bool:
        return self._lzma is None or self._lzma.needs_input

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._lzma is None:
            self._head += data
            if len(self._head) < _LZMA_HEADER.size:
                return b""
            size, coded, dictionary = _LZMA_HEADER.unpack_from(self._head)
            if size != 5 or coded >= 9 * 5 * 5:
                raise zipfile.BadZipFile("bad LZMA properties")
            lc, lp, pb = coded % 9, coded // 9 % 5, coded // 45
            dictionary = max(min(dictionary, self._max_dictionary), 4096)  # liblzma's least
            lzma1 = {"id": lzma.FILTER_LZMA1, "dict_size": dictionary}
            self._lzma = lzma.LZMADecompressor(
                lzma.FORMAT_RAW, filters=[{**lzma1, "lc": lc, "lp": lp, "pb": pb}]
            )
            data, self._head = self._head[_LZMA_HEADER.size :], b""
        return self._lzma.decompress(data, max_length)
