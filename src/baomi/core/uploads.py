"""Uploaded archives checked before anything parses them. An .xlsx workbook is a zip: a file of
a few hundred kilobytes can unpack to gigabytes (a zip bomb), and a parser that opens it first
spends that memory. ``check_archive`` refuses, as an InvalidInput naming the upload's field,

- an archive of more than ``UPLOAD_MAX_MEMBERS`` members,
- one whose members declare more than ``UPLOAD_MAX_EXPANDED_BYTES`` unpacked in all,
- one with a member packed beyond ``UPLOAD_MAX_RATIO`` (unpacked : packed; members under
  ``RATIO_FLOOR`` unpacked are exempt: a small part of blanks packs that well honestly),

and then unpacks every member in chunks, counting the bytes actually produced and stopping at
the same bounds, because declared sizes can lie (zipfile itself also stops a member at its
declared size and then fails its CRC check; the count does not rest on that). Nothing unpacked
is kept: memory stays at a chunk. Only stored and deflated members are read, what every .xlsx
uses: zipfile unpacks bzip2 and LZMA without bounding one call's output, and 350 bytes of
bzip2 unpack to 300 MB at the first read. An archive that cannot be read so raises what zipfile
raises (``UNREADABLE``), for the caller to answer in its own words. Bounds are settings
(docs/operator.md).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput

MB = 1024 * 1024
RATIO_FLOOR = 1 * MB
CHUNK = 64 * 1024
# What a damaged, truncated, encrypted or lying archive makes zipfile (or this check) raise.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)
READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _too_large(field: str, limit: int) -> InvalidInput:
    return InvalidInput(
        _("The file unpacks to more than %(mb)d MB: it is refused as a possible zip bomb.")
        % {"mb": limit // MB},
        field=field,
    )


def _packed_too_tightly(field: str, ratio: int) -> InvalidInput:
    return InvalidInput(
        _(
            "A part of the file is packed more than %(ratio)d times: it is refused as a "
            "possible zip bomb."
        )
        % {"ratio": ratio},
        field=field,
    )


def _over_ratio(unpacked: int, packed: int, ratio: int) -> bool:
    return unpacked > RATIO_FLOOR and unpacked > ratio * max(packed, 1)


def check_archive(data: bytes, *, field: str = "file") -> None:
    """Refuse (InvalidInput on ``field``) a zip archive beyond the upload bounds, before any
    parser opens it; see the module's description."""
    limit = settings.UPLOAD_MAX_EXPANDED_BYTES
    ratio = settings.UPLOAD_MAX_RATIO
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > settings.UPLOAD_MAX_MEMBERS:
            raise InvalidInput(
                _("The file has more than %(n)d parts.") % {"n": settings.UPLOAD_MAX_MEMBERS},
                field=field,
            )
        # The declared sizes first: refuse without unpacking a byte.
        if sum(info.file_size for info in members) > limit:
            raise _too_large(field, limit)
        if any(_over_ratio(info.file_size, info.compress_size, ratio) for info in members):
            raise _packed_too_tightly(field, ratio)
        for info in members:
            if info.compress_type not in READABLE_METHODS:
                raise NotImplementedError(f"compression {info.compress_type} of {info.filename!r}")
            if info.flag_bits & 0x1:
                raise zipfile.BadZipFile(f"encrypted member {info.filename!r}")
        # Then the bytes themselves, whatever the headers claim.
        unpacked = 0
        for info in members:
            member_bytes = 0
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    member_bytes += len(chunk)
                    unpacked += len(chunk)
                    if unpacked > limit:
                        raise _too_large(field, limit)
                    if _over_ratio(member_bytes, info.compress_size, ratio):
                        raise _packed_too_tightly(field, ratio)
