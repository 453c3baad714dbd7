"""Hostile .xlsx uploads built in the test (no binary is committed): a zip bomb that is a real
workbook, and the same archive with its declared sizes or flags tampered with."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from tests.factories import xlsx_bytes

MB = 1024 * 1024
SHARED_STRINGS = "xl/sharedStrings.xml"
_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_CENTRAL_HEADER = b"PK\x01\x02"


def xlsx_bomb(expanded: int, header: list[str] | None = None) -> bytes:
    """A readable .xlsx workbook (``header`` and one row) whose shared-string table, which
    openpyxl reads whole into memory, unpacks to about ``expanded`` bytes of long strings of
    zeros: deflate packs it about 1000 : 1 (500 MB in about 500 KB)."""
    template = xlsx_bytes([header or ["标题"], ["x"] * len(header or ["标题"])])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _STRINGS_TYPE + b"</Types>")
            bomb.writestr(info.filename, data)
        block = (b"<si><t>" + b"0" * 100_000 + b"</t></si>") * 10
        with bomb.open(SHARED_STRINGS, "w") as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(max(expanded // len(block), 1)):
                part.write(block)
            part.write(b"</sst>")
    return out.getvalue()


def _patch_central_directory(data: bytes, patch: Callable[[bytearray, int], None]) -> bytes:
    """``data`` with ``patch(buffer, offset)`` applied to each member's central directory
    header (the sizes and flags zipfile believes)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        at = archive.start_dir
        for _info in archive.infolist():
            assert out[at : at + 4] == _CENTRAL_HEADER
            patch(out, at)
            name, extra, comment = struct.unpack_from("<HHH", out, at + 28)
            at += 46 + name + extra + comment
    return bytes(out)


def lying_sizes(data: bytes, declared: int = 1024) -> bytes:
    """``data`` whose central directory declares every member at most ``declared`` bytes
    unpacked: the bytes themselves still unpack to what they always did."""

    def patch(out: bytearray, at: int) -> None:
        (size,) = struct.unpack_from("<I", out, at + 24)
        struct.pack_into("<I", out, at + 24, min(size, declared))

    return _patch_central_directory(data, patch)


def flagged_encrypted(data: bytes) -> bytes:
    """``data`` whose central directory says every member is encrypted."""

    def patch(out: bytearray, at: int) -> None:
        (flags,) = struct.unpack_from("<H", out, at + 8)
        struct.pack_into("<H", out, at + 8, flags | 0x1)

    return _patch_central_directory(data, patch)


def members(count: int, *, size: int = 10) -> bytes:
    """A zip of ``count`` deflated members of ``size`` zero bytes each."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"part{n}.xml", bytes(size))
    return out.getvalue()


def recompressed(data: bytes, compression: int) -> bytes:
    """The archive ``data`` with every member packed again with ``compression``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return out.getvalue()
