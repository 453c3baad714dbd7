"""Every change to documents and their copies, one module per part of RULES.md §1–6:

- ``documents``: registering a document, its scope (CLS-MARK, CLS-SCOPE-RANK, CLS-NO-WIDEN)
- ``classification``: catalogue, derived items, review, downgrade, declassify, notices
- ``outgoing``: draft, review chain, sign-off, print approval and run
- ``dispatch``: seal and file copy, dispatch in envelopes, the recipient's signature
- ``incoming``: incoming register, routing slip, director's instruction, import
- ``circulation``: hand to a reader, sign, return (CIRC-*)
- ``use``: reproduce, loan, take out, meetings, fax, cipher telegrams
- ``archives``: recall, archive volumes, filing, archive access and excerpts
- ``destruction``: destruction approval and the destruction register
- ``handover``: hand-over list, approval and both signatures
- ``loss``: loss and leak reports, their handling, a copy found again
- ``inventory``: inventories, copies checked, reconciliation

``_common`` holds the shared steps (locking a copy, moving it, its timeline); an operation
never calls another operation.
"""

from baomi.carriers.operations.documents import (
    register_document,
    request_scope_widening,
    widen_scope,
)

__all__ = ["register_document", "request_scope_widening", "widen_scope"]
