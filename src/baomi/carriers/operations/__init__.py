"""Every change to documents and their copies, one module per part of RULES.md §1–6:

- ``documents``: registering a document, its scope (CLS-MARK, CLS-SCOPE-RANK, CLS-NO-WIDEN)
- ``classification``: catalogue, derived items, review, downgrade, declassify, notices
- ``outgoing``: draft, review chain, sign-off, print approval and run, seal, dispatch
- ``incoming``: incoming register, routing slip, director's instruction, import
- ``circulation``: hand to a reader, sign, return (CIRC-*)
- ``use``: reproduce, loan, take out, meetings, fax, cipher telegrams
- ``lifecycle``: recall, archive, archive access, destroy, hand over, loss, inventory

``_common`` holds the shared steps (locking a copy, moving it, its timeline); an operation
never calls another operation.
"""

from baomi.carriers.operations.documents import (
    register_document,
    request_scope_widening,
    widen_scope,
)

__all__ = ["register_document", "request_scope_widening", "widen_scope"]
