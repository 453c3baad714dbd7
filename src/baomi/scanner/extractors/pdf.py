"""PDF: the text layer of each page ("page N"), read with pypdf. Scanned images carry no text
layer and yield nothing."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from baomi.scanner.extractors.base import Context
from baomi.scanner.i18n import gettext_noop
from baomi.scanner.model import Segment, SkipFile

if TYPE_CHECKING:
    from pypdf import PdfReader


def extract(data: bytes, ctx: Context) -> Iterator[Segment]:
    """Each page's text. A PDF that needs a password to open is skipped ("encrypted pdf"); one
    encrypted only against editing (empty user password) is read. Pages that fail are reported
    after the readable ones ("corrupt pdf (page 3 unreadable)")."""
    # Imported here: pypdf costs every scan 60 ms of start-up, most scans meet no PDF.
    from pypdf import PdfReader

    # The scanner reports an unreadable PDF itself; pypdf's messages about each malformed
    # object would flood the terminal.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not _opens_without_password(reader):
        raise SkipFile(gettext_noop("encrypted pdf"))
    unreadable = []
    for number, page in enumerate(reader.pages, 1):
        try:
            text = page.extract_text()
        except Exception:  # pypdf raises many kinds on malformed content streams
            unreadable.append(number)
            continue
        yield Segment(location=f"page {number}", text=text)
    if unreadable:
        pages = ", ".join(map(str, unreadable[:5])) + (" …" if len(unreadable) > 5 else "")
        raise SkipFile(f"corrupt pdf (page {pages} unreadable)")


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an encryption pypdf cannot handle
        return False
