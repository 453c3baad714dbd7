"""Who may know documents and their copies (CLS-MAC): the carriers' policies, each a pair
(``baomi.access.policy``). The queries of documents and copies read through them.

- ``DOCUMENTS``: CLS-MAC itself (``access.mac``): the account's person, in a knowing role,
  active, in the document's organisation, cleared for its level and inside its scope.
- ``COPIES``: a copy carries no knowledge of its own: it is known exactly when its document
  is, within the organisation that keeps it — whoever holds or keeps it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from baomi.access.actor import Actor
from baomi.access.mac import Knowing, can_know, knower
from baomi.access.policy import MacPolicy
from baomi.carriers.models import Copy, Document

DOCUMENTS: MacPolicy[Document] = MacPolicy(Document)


class CopyPolicy:
    """A copy is known exactly when its document is (CLS-MAC), in its own organisation."""

    def may_know(self, actor: Actor | None, item: Copy) -> bool:
        person = knower(actor)
        if person is None or item.organisation_id != person.organisation_id:
            return False
        return can_know(person, item.document)

    def known(self, actor: Actor | None) -> QuerySet[Copy]:
        person = knower(actor)
        if person is None:
            return Copy.objects.none()
        return self.known_to(Knowing.of(person))

    def known_to(self, knowing: Knowing) -> QuerySet[Copy]:
        """The copies known to a person as ``knowing`` says them (``known`` of their
        account): the query a list compiles once (``core.prepared``)."""
        documents = DOCUMENTS.known_to(knowing)
        return Copy.objects.filter(organisation_id=knowing.organisation_id).filter(
            Exists(documents.filter(pk=OuterRef("document_id")))
        )


COPIES = CopyPolicy()
