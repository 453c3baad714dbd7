"""Zip archives, and the bounded reading of zip members that the office formats share.

Nothing is extracted to disk. Declared sizes are used only to refuse early; the bytes are read
in a loop that stops at the limit whatever the header claims.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from baomi.scanner.extractors.base import Context, Member, MiB
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import SkipFile

_CHUNK = 64 * 1024
# Below this unpacked size a high compression ratio is ordinary (a page of blanks), not a bomb.
_RATIO_FLOOR = 1 * MiB
_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)


def extract(data: bytes, ctx: Context) -> Iterator[Member]:
    """Every file in the archive as a member; an encrypted, oversized, bomb-like or unreadable
    member as a skipped one. When the unpacking budget of the top file is spent, the whole
    archive is skipped as a zip bomb."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > ctx.limits.max_members:
        raise SkipFile(gettext_noop("too many members"))
    for info in entries:
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
    member, one larger than a member may be, one packed beyond the allowed ratio, and one that
    unpacks to more than it declared."""
    limits = ctx.limits
    if info.flag_bits & 0x1:
        raise SkipFile(gettext_noop("encrypted zip"))
    if info.file_size > limits.max_member_bytes:
        raise SkipFile(gettext_noop("too large"))
    if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        raise SkipFile(gettext_noop("zip bomb"))
    ctx.budget.take(info.file_size)
    buffer = bytearray()
    with archive.open(info) as member:
        while chunk := member.read(min(_CHUNK, info.file_size + 1 - len(buffer))):
            buffer += chunk
            if len(buffer) > info.file_size:
                raise SkipFile(gettext_noop("zip bomb"))
    return bytes(buffer)
