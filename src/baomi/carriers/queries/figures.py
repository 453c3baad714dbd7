"""The paper trail's figures for the security office's dashboard and the annual report
(``seams.figures``, ANNUAL-REPORT): documents registered, copies made, destroyed, away from
their custodian and overdue, loss reports.

Each figure is one aggregate query (a COUNT with conditional COUNTs for its split), never a
read of the rows, over the organisation of the part and — for a department head's part — the
department a row belongs to, read the way the registers and the deadlines read it:

- a document: the department of the person who registered it (as the recordings register);
- a copy made or destroyed: its custodian's department (as the reproduction and destruction
  registers);
- a copy away or overdue: its holder's department (as the circulation, loan and take-out
  registers, and the deadlines, where the holder answers for it);
- a loss report: its reporter's department (as the deadline of its written report).

These are counts of the records, not of what the viewer may know: the cockpit shows them to
those who see the part (``cockpit.policies``), never a title or a number."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baomi.carriers.models import (
    HELD_STATES,
    Copy,
    CopyEvent,
    CopyState,
    Destruction,
    Document,
    LossReport,
    Stage,
)
from baomi.carriers.queries.copies import due_back
from baomi.core.levels import Level
from baomi.seams.figures import Figure, FigureProvider, Part, Period, counted, measure

DOCUMENTS = pgettext_lazy("unit", "documents")
COPIES = pgettext_lazy("unit", "copies")
REPORTS = pgettext_lazy("unit", "reports")

# The first line of every copy's timeline, by how it came to be (``operations._common.
# new_copies``): received and registered, printed here, recorded, reproduced.
MADE = {
    "registered": _("Received"),
    "printed": _("Printed"),
    "recorded": _("Recorded"),
    "reproduced": _("Reproduced"),
}
# Away from the custodian: every held state but "with the custodian".
AWAY = tuple(s for s in HELD_STATES if s != CopyState.WITH_CUSTODIAN)


def _by_level(path: str) -> dict[str, Q]:
    return {str(level.label): Q(**{path: level.value}) for level in Level}


def _dates(period: Period) -> str:
    return urlencode({"date_from": period.start.isoformat(), "date_to": period.end.isoformat()})


def documents_registered(part: Part, period: Period) -> tuple[int, dict]:
    """Documents of the organisation registered in the period (``registered_at``: received,
    recorded, registered by hand, or drafted here), outgoing drafts not yet signed off left
    out; by level. A head's part: the registering person's department."""
    rows = Document.objects.filter(
        part.departments("registered_by__person__department"),
        period.during("registered_at"),
        organisation_id=part.organisation_id,
    ).exclude(stage=Stage.DRAFT)
    return counted(rows, _by_level("level"))


def copies_made(part: Part, period: Period) -> tuple[int, dict]:
    """Copies that came to be in the period (the first line of their timeline: received and
    registered, printed, recorded or reproduced, at a time in the period); by how. A head's
    part: the copy's custodian's department."""
    rows = CopyEvent.objects.filter(
        part.departments("copy__custodian__department"),
        period.during("at"),
        copy__organisation_id=part.organisation_id,
        action__in=MADE,
    )
    return counted(rows, {str(label): Q(action=action) for action, label in MADE.items()})


def copies_destroyed(part: Part, period: Period) -> tuple[int, dict]:
    """Copies destroyed in the period: the lines of the destruction register (one per copy)
    whose destruction's time lies in the period; by the document's level. A head's part: the
    copy's custodian's department (the register's department filter)."""
    rows = Destruction.copies.through.objects.filter(
        part.departments("copy__custodian__department"),
        period.during("destruction__destroyed_at"),
        destruction__organisation_id=part.organisation_id,
    )
    return counted(rows, _by_level("copy__document__level"))


def copies_away(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: copies away from their custodian (circulating with a reader,
    on loan, taken out, at an outside meeting); by state. A head's part: the holder's
    department."""
    rows = Copy.objects.filter(
        part.departments("holder__department"),
        organisation_id=part.organisation_id,
        state__in=AWAY,
    )
    return counted(rows, {str(CopyState(s).label): Q(state=s) for s in AWAY})


def copies_overdue(part: Part, period: Period) -> tuple[int, dict]:
    """Now, whatever the period: copies still in the organisation's hands past the time they
    were due back (``queries.copies.overdue``'s condition: CIRC-SAMEDAY, CIRC-NO-KEEP,
    LOAN-DUE, CARRY-APPROVE, CIRC-MEETING-RETURN); by state. A head's part: the holder's
    department."""
    rows = due_back(Copy.objects.filter(part.departments("holder__department"))).filter(
        organisation_id=part.organisation_id, due_at__lt=timezone.now()
    )
    return counted(rows, {str(CopyState(s).label): Q(state=s) for s in AWAY})


def loss_reports(part: Part, period: Period) -> tuple[int, dict]:
    """Loss and leak reports (LOSS-REPORT) reported in the period (``reported_at``); split
    into leaks and losses. A head's part: the reporter's department."""
    rows = LossReport.objects.filter(
        part.departments("reported_by__person__department"),
        period.during("reported_at"),
        organisation_id=part.organisation_id,
    )
    return counted(rows, {str(_("Leak")): Q(leak=True), str(_("Loss")): Q(leak=False)})


def figures(part: Part, period: Period) -> list[Figure]:
    """The carriers' section: each figure with the query behind it and its list."""
    desk = reverse("desk")

    figure = measure("carriers", part, period)

    return [
        figure(
            "documents_registered",
            _("Documents registered"),
            documents_registered,
            DOCUMENTS,
            reverse("documents"),
        ),
        figure("copies_made", _("Copies made or received"), copies_made, COPIES),
        figure(
            "copies_destroyed",
            _("Copies destroyed"),
            copies_destroyed,
            COPIES,
            f"{reverse('register', args=['destruction'])}?{_dates(period)}",
        ),
        figure(
            "copies_away", _("Copies away from their custodian"), copies_away, COPIES, desk, True
        ),
        figure("copies_overdue", _("Copies overdue"), copies_overdue, COPIES, desk, True),
        figure(
            "loss_reports", _("Loss and leak reports"), loss_reports, REPORTS, reverse("losses")
        ),
    ]


PROVIDER = FigureProvider("carriers", _("Classified documents and copies"), figures, order=10)
