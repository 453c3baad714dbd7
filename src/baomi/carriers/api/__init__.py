"""The JSON routes of documents and their copies (RULES.md §1–6), one module per sub-domain,
cut and named like the operations: ``documents``, ``copies``, ``registers``, ``incoming``,
``outgoing``, ``use``, ``lifecycle``, ``classification``; ``schemas`` holds what they share.
Routes of several resources each (/incoming, /copies/{id}/…, /documents/{id}/…, /me/…) are
mounted at the root, their paths written out in full."""

from __future__ import annotations

from baomi.carriers.api import (
    classification,
    copies,
    documents,
    incoming,
    lifecycle,
    outgoing,
    recordings,
    registers,
    use,
)

ROUTERS = [
    ("/documents", documents.router),
    ("/copies", copies.router),
    ("/registers", registers.router),
    ("", incoming.router),
    ("", outgoing.router),
    ("", use.router),
    ("", lifecycle.router),
    ("", classification.router),
    # --- recordings (AV-RECORD) ---
    ("/recordings", recordings.router),
]
