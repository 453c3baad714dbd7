"""The evidence of a signed paper (PPL-VET, PPL-EXIT), checked once for every operation that
records one: the 保密协议 and the 涉密人员保密责任书 (``operations.papers``) and the
保密承诺书 on leaving (the exit case).

A paper is proved by its scan (a PDF, JPEG or PNG, recognised by its first bytes, never by the
name or the type the browser claims), or by where the signed paper is kept (``kept_in``), or
both; one of the two is required. ``paper_fields`` answers the values of a ``SignedDocument``'s
fields (without the organisation, person, kind and recorder, which the caller sets) or raises
``InvalidInput`` naming the field at fault: ``scan``, ``kept_in``, ``version`` or
``signed_on``. The size bound is the setting ``PEOPLE_SCAN_MAX_BYTES`` (10 MB by default).

This module writes nothing: it is a check the operations call before they save."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput
from baomi.core.text import bounded_text

MB = 1024 * 1024
DEFAULT_SCAN_MAX_BYTES = 10 * MB
MAX_NAME = 200
MAX_KEPT_IN = 200
MAX_VERSION = 60

# The types a scan may be, by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
SCAN_TYPES = tuple(content_type for _magic, content_type in _MAGIC)


def scan_max_bytes() -> int:
    """The largest scan accepted, in bytes (setting ``PEOPLE_SCAN_MAX_BYTES``)."""
    return int(getattr(settings, "PEOPLE_SCAN_MAX_BYTES", DEFAULT_SCAN_MAX_BYTES))


def scan_type(data: bytes) -> str | None:
    """The content type of ``data`` by its first bytes, or None when it is none of the
    accepted ones."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    return None


def check_scan(scan: bytes | None, scan_name: str | None) -> dict[str, Any]:
    """The scan's fields (``scan``, ``scan_name``, ``scan_type``), empty when there is no
    scan; ``InvalidInput`` on field ``scan`` for an empty, oversized or unrecognised file or
    a bad name."""
    if scan is None:
        return {}
    if not isinstance(scan, bytes | bytearray | memoryview):
        raise InvalidInput(_("The scan is not a file."), field="scan")
    data = bytes(scan)
    if not data:
        raise InvalidInput(_("The scanned file is empty."), field="scan")
    limit = scan_max_bytes()
    if len(data) > limit:
        raise InvalidInput(
            _("The scanned file is larger than %(mb)s MB.") % {"mb": f"{limit / MB:g}"},
            field="scan",
        )
    content_type = scan_type(data)
    if content_type is None:
        raise InvalidInput(_("The scan must be a PDF, JPEG or PNG file."), field="scan")
    name = bounded_text(scan_name, "scan", MAX_NAME) or "scan"
    return {"scan": data, "scan_name": name, "scan_type": content_type}


def paper_fields(
    *,
    signed_on: Any,
    version: Any,
    scan: bytes | None = None,
    scan_name: str | None = None,
    kept_in: Any = "",
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """The checked values of a signed paper's fields: ``signed_on`` (a date, not after
    today), ``version`` (required, ≤ 60 characters), ``kept_in`` (≤ 200 characters) and the
    scan's ``scan``, ``scan_name``, ``scan_type``; a scan or ``kept_in`` is required."""
    if not isinstance(signed_on, datetime.date) or isinstance(signed_on, datetime.datetime):
        raise InvalidInput(_("Give a date such as 2026-10-01."), field="signed_on")
    if signed_on > (today or timezone.localdate()):
        raise InvalidInput(_("The day of signing cannot be in the future."), field="signed_on")
    fields: dict[str, Any] = {
        "signed_on": signed_on,
        "version": bounded_text(version, "version", MAX_VERSION, required=True),
        "kept_in": bounded_text(kept_in, "kept_in", MAX_KEPT_IN),
        "scan": None,
        "scan_name": "",
        "scan_type": "",
    }
    fields.update(check_scan(scan, scan_name))
    if fields["scan"] is None and not fields["kept_in"]:
        raise InvalidInput(
            _("Attach the scanned paper or say where the signed paper is kept."),
            field="kept_in",
        )
    return fields
