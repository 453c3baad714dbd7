"""The self-score as a register to print (the evidence pack's summary sheet): one line per
item — its chapter, number, text and flags, points, deduction, points earned, the evidence's
verdict, the missing evidence and the unit's note — headed by the predicted score."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from baomi.accreditation.queries.arithmetic import FAIL, INCOMPLETE, PASS, VETO
from baomi.accreditation.queries.score import ChapterScore, Line, Score
from baomi.core.exports import Table
from baomi.core.paper import moment_text


def points_text(value: Decimal | None) -> str:
    """Points as printed: without a trailing .0, "" for unknown."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def result_label(result: str) -> str:
    return {
        VETO: _("Suspended / fails: a veto item is at risk"),
        INCOMPLETE: _("Incomplete"),
        PASS: _("Passes"),
        FAIL: _("Fails"),
    }[result]


def _flags(line: Line) -> str:
    flags = []
    if line.item.veto:
        flags.append(_("veto item"))
    if line.item.key:
        flags.append(_("key item"))
    if not line.item.scored:
        flags.append(_("condition"))
    return "、".join(flags)


def _verdict(line: Line) -> str:
    return {"problem": _("problem"), "ok": _("no problem"), "none": _("no evidence")}[line.verdict]


# Findings a summary line lists (the rest counted), and its most characters: a printed row
# stays within a page.
FINDINGS_LISTED = 5
FINDINGS_LENGTH = 400


def _findings(line: Line) -> str:
    facts = line.findings
    text = "；".join(str(f["text"]) for f in facts[:FINDINGS_LISTED])
    if len(facts) > FINDINGS_LISTED:
        text += "；" + _("… and %(n)s more") % {"n": len(facts) - FINDINGS_LISTED}
    return text if len(text) <= FINDINGS_LENGTH else text[: FINDINGS_LENGTH - 1] + "…"


def _row(chapter: ChapterScore, line: Line) -> list[str]:
    m = line.marking
    return [
        str(chapter.chapter),
        line.item.code,
        line.item.text,
        _flags(line),
        points_text(m.effective_points) if m.scored else "—",
        _("not applicable") if m.not_applicable else points_text(m.deduction),
        points_text(m.earned),
        _verdict(line),
        _findings(line),
        "；".join(str(x) for x in line.missing),
        line.assessment.note if line.assessment else "",
    ]


def table(score: Score, organisation: str, chapter: ChapterScore | None = None) -> Table:
    """The score (or one chapter of it) as a printable register."""
    total = score.total
    title = _(
        "Self-score: %(name)s %(edition)s v%(version)s — %(score)s of %(total)s, %(result)s"
    ) % {
        "name": score.standard.name,
        "edition": score.standard.edition,
        "version": score.standard.version,
        "score": points_text(total.score),
        "total": points_text(score.standard.total_points),
        "result": result_label(total.result),
    }
    chapters = [chapter] if chapter else score.chapters
    return Table(
        title=title,
        organisation=organisation,
        period=moment_text(score.moment),
        columns=[
            ("chapter", _("Chapter")),
            ("code", _("Item number")),
            ("text", _("Item")),
            ("flags", _("Flags")),
            ("points", _("Points")),
            ("deduction", _("Deduction")),
            ("earned", _("Earned")),
            ("verdict", _("Evidence")),
            ("findings", _("Findings")),
            ("missing", _("Missing evidence")),
            ("note", _("Note")),
        ],
        rows=[_row(c, line) for c in chapters for line in c.lines],
        sheet_name=_("Self-score"),
    )
