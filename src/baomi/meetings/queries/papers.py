"""The meeting's papers (MEET-DOCS): which are still unaccounted for. The meeting's own
operations ask these before it ends (a TOP_SECRET copy is collected at once) and before it
closes (every copy collected or its handling recorded).

The paper register (会议文件登记表) of one meeting, read through ``policies.PAPERS`` (the
organisers and the meeting's organiser see every paper, an attendee their own): each paper's
document named only to a reader who may know it (CLS-MAC; "a document you may not see"
otherwise), its copy number, to whom, when handed out, when it came back or how it was
accounted for. ``printed`` is the register as a form (``core.paper``) and ``export`` as .xlsx
or PDF (``core.exports``), both marked with the meeting's level and recorded in the audit
log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.audit.actions import register_action
from baomi.audit.recorder import record_event
from baomi.carriers.models import Copy, CopyState
from baomi.carriers.policies import DOCUMENTS
from baomi.carriers.queries import copies as copy_queries
from baomi.core import exports, paper
from baomi.core.errors import NotFound
from baomi.core.levels import Level
from baomi.core.paper import moment_text
from baomi.core.registers import export_name
from baomi.meetings.models import Attendee, Meeting, MeetingPaper, PaperHandling
from baomi.meetings.policies import MEETINGS, PAPERS

RULE = "MEET-DOCS"
PRINTED = register_action(
    "meetings.paper_register_printed", gettext_lazy("Meeting paper register printed")
)
EXPORTED = register_action(
    "meetings.paper_register_exported", gettext_lazy("Meeting paper register exported")
)


def unaccounted(meeting: Meeting) -> QuerySet[MeetingPaper]:
    """The papers handed out at ``meeting`` neither collected nor otherwise accounted for."""
    return (
        MeetingPaper.objects.filter(meeting=meeting, handled_at=None)
        .select_related("copy__document", "attendee__person")
        .order_by("handed_at", "pk")
    )


def out_at_once(meeting: Meeting) -> QuerySet[MeetingPaper]:
    """The TOP_SECRET papers still out, which are collected at once (MEET-DOCS)."""
    return unaccounted(meeting).filter(collect_at_once=True)


def meeting(actor: Actor, meeting_id: int) -> Meeting:
    """The meeting ``actor`` may know (``MEETINGS``); "not found" otherwise."""
    found = MEETINGS.known(actor).filter(pk=meeting_id).first()
    if found is None:
        raise NotFound(_("No such meeting."))
    return found


def papers(actor: Actor, meeting: Meeting) -> QuerySet[MeetingPaper]:
    """The papers of ``meeting`` that ``actor`` may know, in the order handed out, each with
    ``document_seen``: whether the actor may know its document (CLS-MAC)."""
    seen = DOCUMENTS.known(actor).filter(pk=OuterRef("copy__document_id"))
    return (
        PAPERS.known(actor)
        .filter(meeting=meeting)
        .select_related("copy__document", "attendee__person", "custody", "handed_by__person")
        .annotate(document_seen=Exists(seen))
        .order_by("handed_at", "pk")
    )


def paper_of(actor: Actor, paper_id: int) -> MeetingPaper:
    """One paper ``actor`` may know; "not found" otherwise."""
    found = PAPERS.known(actor).select_related("meeting").filter(pk=paper_id).first()
    if found is None:
        raise NotFound(_("No such meeting paper."))
    return found


@dataclass(frozen=True)
class Line:
    """One line of the paper register, as the reader may see it."""

    paper: MeetingPaper
    number: str  # 文号, "" when the document is not the reader's to know
    title: str
    level: str
    copy_number: str  # 份号
    to_whom: str
    handed_at: str
    returned: str  # when it came back, or how it was accounted for
    out: bool  # still unaccounted for
    document_seen: bool


def returned_text(item: MeetingPaper) -> str:
    """When the paper came back (collected), or its handling with the note (kept, lost);
    "" while it is out."""
    if not item.handling:
        return ""
    if item.handling == PaperHandling.COLLECTED:
        back = item.custody.returned_at if item.custody else item.handled_at
        return moment_text(back)
    return f"{item.get_handling_display()} {moment_text(item.handled_at)}：{item.handling_note}"


def lines(actor: Actor, meeting: Meeting) -> list[Line]:
    """The paper register of ``meeting`` as ``actor`` may read it."""
    found = []
    for item in papers(actor, meeting):
        doc = item.copy.document
        seen = item.document_seen
        found.append(
            Line(
                paper=item,
                number=doc.number if seen else "",
                title=doc.title if seen else str(_("a document you may not see")),
                level=str(Level(doc.level).label) if seen else "",
                copy_number=str(item.copy.number) if seen else "",
                to_whom=item.attendee.person.name if item.attendee.person else "",
                handed_at=moment_text(item.handed_at),
                returned=returned_text(item),
                out=item.handled_at is None,
                document_seen=seen,
            )
        )
    return found


COLUMNS = (
    ("number", gettext_lazy("Document number")),
    ("title", gettext_lazy("Title")),
    ("level", gettext_lazy("Level")),
    ("copy", gettext_lazy("Copy number")),
    ("to_whom", gettext_lazy("Handed to")),
    ("handed_at", gettext_lazy("Handed out at")),
    ("returned", gettext_lazy("Returned at / handling")),
)


def cells(line: Line) -> list[str]:
    """One line of the register, as its columns (``COLUMNS``) print it."""
    return [
        line.number,
        line.title,
        line.level,
        line.copy_number,
        line.to_whom,
        line.handed_at,
        line.returned,
    ]


def _period(item: Meeting) -> str:
    return moment_text(item.starts_at)


def marked(found: Meeting) -> int:
    """The level the paper register is marked with: the meeting's, or a paper's above it."""
    highest = MeetingPaper.objects.filter(meeting=found).aggregate(
        level=Max("copy__document__level")
    )["level"]
    return max(found.level, highest if highest is not None else found.level)


def register_table(actor: Actor, meeting_id: int) -> exports.Table:
    """The paper register of the meeting as a ``core.exports.Table``, marked with the
    meeting's level, a blank signature column for the attendee."""
    found = meeting(actor, meeting_id)
    rows = [cells(x) for x in lines(actor, found)]
    return exports.Table(
        title=f"{_('Meeting paper register')}：{found.title}",
        organisation=found.organisation.name,
        period=_period(found),
        columns=[(key, str(header)) for key, header in COLUMNS],
        rows=rows,
        signature_columns=[str(_("Signature"))],
        sheet_name=str(_("Meeting paper register")),
        level=marked(found),
    )


def export(actor: Actor, meeting_id: int, file_format: str) -> exports.Export:
    """The paper register as .xlsx or PDF; the export is recorded in the audit log."""
    exports.require_format(file_format)
    table = register_table(actor, meeting_id)
    exported = exports.export_file(
        table, file_format, export_name(str(_("Meeting paper register")), file_format)
    )
    with transaction.atomic():
        record_event(
            actor=actor,
            action=EXPORTED,
            data={
                "rule": RULE,
                "meeting": meeting_id,
                "format": file_format,
                "lines": len(table.rows),
                "level": table.level,
            },
        )
    return exported


def printed(actor: Actor, meeting_id: int) -> paper.Printed:
    """会议文件登记表 of the meeting, printed: the meeting (name, level, time, venue,
    organiser), a line per paper (文号, 标题, 密级, 份号, 领取人, 发放时间, 收回时间/处理情况,
    a blank 签名 cell), signature lines for who handed out and who collected; marked with the
    meeting's level. The print is recorded in the audit log."""
    found = meeting(actor, meeting_id)
    venue = found.venue
    organiser = found.organiser

    def make() -> paper.Form:
        rows = [[str(n), *cells(x), ""] for n, x in enumerate(lines(actor, found), 1)]
        blocks: list[Any] = [
            paper.Fields(
                [
                    ("会议名称", found.title),
                    ("密级", str(Level(found.level).label)),
                    ("时间", f"{moment_text(found.starts_at)} — {moment_text(found.ends_at)}"),
                    ("地点", venue.name),
                    ("主办部门", found.department.name),
                    ("组织人", organiser.name),
                ]
            )
        ]
        if rows:
            blocks.append(
                paper.Rows(
                    [
                        "序号",
                        "文号",
                        "标题",
                        "密级",
                        "份号",
                        "领取人",
                        "发放时间",
                        "收回时间/处理情况",
                        "签名",
                    ],
                    rows,
                    widths=[0.5, 1.3, 2.0, 0.7, 0.6, 1.0, 1.2, 1.6, 1.0],
                )
            )
        else:
            blocks.append(paper.Text("本次会议未发放文件。"))
        blocks.append(paper.Signatures([("发放人", ""), ("收回人", "")]))
        return paper.Form(
            title="会议文件登记表",
            level=marked(found),
            blocks=blocks,
            organisation=found.organisation.name,
        )

    form = paper.print_form(make, str(found.pk))
    with transaction.atomic():
        record_event(
            actor=actor,
            action=PRINTED,
            subject=found,
            organisation_id=found.organisation_id,
            data={"rule": RULE, "form": "meeting_papers", "level": marked(found)},
        )
    return form


# What may be handed out now ---------------------------------------------------------------------

# The most copies offered in the hand-out form.
OFFERED = 200


def copies_to_hand_out(actor: Actor, found: Meeting) -> QuerySet[Copy]:
    """The copies ``actor`` keeps as custodian, with them now: what they may hand out (the
    operation checks the rest: the attendee may know the document, CLS-MAC)."""
    return (
        copy_queries.kept(actor)
        .filter(state=CopyState.WITH_CUSTODIAN)
        .select_related("document")
        .order_by("document__number", "number")[:OFFERED]
    )


def receivers(found: Meeting) -> QuerySet[Attendee]:
    """The attendees who may receive a paper: people on the list, signed in (never a
    visitor, AREA-ACCESS)."""
    return (
        Attendee.objects.filter(meeting=found, person__isnull=False)
        .exclude(signed_in_at=None)
        .select_related("person", "person__department")
        .order_by("person__name", "pk")
    )
