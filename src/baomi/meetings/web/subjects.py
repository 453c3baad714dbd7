"""How the meetings' deadlines name their subjects (``seams.approvals.SUBJECT_KINDS``), only
to someone who may know them: a meeting (MEET-ATTEND, MEET-SWEEP) by its title and level to
whoever may know the meeting (``policies.MEETINGS``); a meeting paper (MEET-DOCS) — a numbered
copy — to whoever may know the paper (``policies.PAPERS``), by its document's number and its
copy number only to a reader who may know the document (CLS-MAC), else as a paper of the
meeting."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.carriers.policies import DOCUMENTS
from baomi.meetings.policies import MEETINGS, PAPERS
from baomi.seams.approvals import Subject


def meeting(actor: Any, meeting_id: int) -> Subject | None:
    found = MEETINGS.known(actor).filter(pk=meeting_id).first()
    if found is None:
        return None
    return Subject(found.title, found.level, reverse("meeting", args=[found.pk]))


def paper(actor: Any, paper_id: int) -> Subject | None:
    seen = DOCUMENTS.known(actor).filter(pk=OuterRef("copy__document_id"))
    found = (
        PAPERS.known(actor)
        .filter(pk=paper_id)
        .select_related("meeting", "copy__document")
        .annotate(document_seen=Exists(seen))
        .first()
    )
    if found is None:
        return None
    url = reverse("meeting", args=[found.meeting_id])
    if not found.document_seen:
        label = _("A paper of the meeting %(meeting)s") % {"meeting": found.meeting.title}
        return Subject(label, found.meeting.level, url)
    doc = found.copy.document
    label = _("%(number)s copy %(copy)s (meeting paper)") % {
        "number": doc.number,
        "copy": found.copy.number,
    }
    return Subject(label, doc.level, url)
