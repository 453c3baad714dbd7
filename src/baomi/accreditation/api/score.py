"""JSON routes of the accreditation self-score (the security office, OVERSEE): the scoring
standards it may score against, the score of one (the page's data: the result, the veto
items at risk, the key items, every chapter's items with their points, deduction, evidence
and missing evidence), an item's assessment, and the import of the unit's own edition (dry
run first). Points go out as strings, never floats. Another role answers 403; an item or a
standard of another organisation 404 like a missing one; bad input 422 naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from baomi.accreditation import imports
from baomi.accreditation.models import MAX_POINTS
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.operations import profiles
from baomi.accreditation.queries import score as queries
from baomi.accreditation.queries.score import Line, Score
from baomi.core.imports import PassedOver, SheetRead, read_from
from baomi.core.inputs import Id, decimal_number
from baomi.core.inputs import Line as TextLine

router = Router(tags=["accreditation"])

Points = decimal_number(Decimal(0), MAX_POINTS, 1)


class AccreditationStandardOut(Schema):
    id: int
    key: str
    name: str
    edition: str
    version: int
    builtin: bool
    total_points: Decimal
    pass_mark: Decimal | None
    source: str
    confidence: str
    note: str


class AccreditationAnswerOut(Schema):
    key: str
    label: str
    verdict: str | None
    facts: list[dict[str, str]]


class AccreditationRegisterOut(Schema):
    key: str
    title: str
    url: str


class AccreditationItemOut(Schema):
    id: int
    code: str
    text: str
    points: Decimal | None
    scored: bool
    veto: bool
    key: bool
    rule: str
    each: Decimal | None
    method: str
    source: str
    confidence: str
    not_applicable: bool
    own_points: Decimal | None
    override: Decimal | None
    note: str
    deduction: Decimal
    earned: Decimal | None
    unknown: bool
    at_risk: bool
    verdict: str
    evidence: list[AccreditationAnswerOut]
    missing: list[str]
    registers: list[AccreditationRegisterOut]


class AccreditationChapterOut(Schema):
    position: int
    group: str
    title: str
    points: Decimal | None
    earned: Decimal
    source: str
    confidence: str
    items: list[AccreditationItemOut]


class AccreditationScoreOut(Schema):
    standard: AccreditationStandardOut
    score: Decimal
    known_points: Decimal
    unknown: int
    result: str
    veto_at_risk: list[str]
    key_items: list[str]
    chapters: list[AccreditationChapterOut]


class AccreditationAssessmentIn(Schema):
    not_applicable: bool = False
    own_points: Points | None = None
    deduction: Points | None = None
    note: TextLine = Field("", max_length=assessing.NOTE_LENGTH)


class AccreditationAssessmentOut(Schema):
    item_id: int
    not_applicable: bool
    own_points: Decimal | None
    deduction: Decimal | None
    note: str


class AccreditationImportIn(Schema):
    profile: TextLine = Field(..., min_length=1, max_length=60)
    edition: TextLine = Field(..., min_length=1, max_length=100)
    name: TextLine = Field("", max_length=200)
    total_points: Points | None = None
    pass_mark: Points | None = None


class AccreditationImportRowOut(Schema):
    row: int
    sheet: str
    group: str
    chapter: str
    code: str
    text: str
    points: Decimal | None
    veto: bool
    key: bool
    evidence: list[str]

    @staticmethod
    def resolve_row(parsed: Any) -> int:
        return parsed.number


class AccreditationImportOut(Schema):
    standard_id: int | None = None
    version: int
    created: int | None = None
    would_create: int | None = None
    rows: list[AccreditationImportRowOut]
    sheets: list[SheetRead]
    passed_over: list[PassedOver]


def _standard(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "key": s.key,
        "name": s.name,
        "edition": s.edition,
        "version": s.version,
        "builtin": s.builtin,
        "total_points": s.total_points,
        "pass_mark": s.pass_mark,
        "source": s.source,
        "confidence": s.confidence,
        "note": s.note,
    }


def _item(line: Line) -> dict[str, Any]:
    it, m, a = line.item, line.marking, line.assessment
    return {
        "id": it.pk,
        "code": it.code,
        "text": it.text,
        "points": it.points,
        "scored": it.scored,
        "veto": it.veto,
        "key": it.key,
        "rule": it.rule,
        "each": it.each,
        "method": it.method,
        "source": it.source,
        "confidence": it.confidence,
        "not_applicable": m.not_applicable,
        "own_points": m.own_points,
        "override": m.override,
        "note": a.note if a else "",
        "deduction": m.deduction,
        "earned": m.earned,
        "unknown": m.unknown,
        "at_risk": m.at_risk,
        "verdict": line.verdict,
        "evidence": [
            {"key": e.key, "label": e.label, "verdict": e.verdict, "facts": e.facts}
            for e in line.answers
        ],
        "missing": [str(x) for x in line.missing],
        "registers": [{"key": r.key, "title": r.title, "url": r.url} for r in line.registers],
    }


def score_data(score: Score) -> dict[str, Any]:
    """The score as the API answers it (the page shows the same)."""
    return {
        "standard": _standard(score.standard),
        "score": score.total.score,
        "known_points": score.total.known_points,
        "unknown": score.total.unknown,
        "result": score.total.result,
        "veto_at_risk": [line.item.code for line in score.veto_at_risk],
        "key_items": [line.item.code for line in score.key_items],
        "chapters": [
            {
                "position": c.chapter.position,
                "group": c.chapter.group,
                "title": c.chapter.title,
                "points": c.chapter.points,
                "earned": c.earned,
                "source": c.chapter.source,
                "confidence": c.chapter.confidence,
                "items": [_item(line) for line in c.lines],
            }
            for c in score.chapters
        ],
    }


@router.get("/accreditation/profiles", response=list[AccreditationStandardOut])
def list_profiles(request: HttpRequest) -> Any:
    """The scoring standards the security office may score against: the built-in profiles
    (军工保密资质, 机关、单位保密自查自评) and its own imported editions, every version."""
    profiles.office(request.auth)
    profiles.ensure_builtin()
    return [_standard(s) for s in queries.standards(request.auth)]


@router.get("/accreditation/profiles/{standard_id}/score", response=AccreditationScoreOut)
def get_score(request: HttpRequest, standard_id: Id) -> Any:
    """The predicted score against one standard: ``result`` is ``veto`` (a veto item at
    risk: 中止/不通过 whatever the score), ``incomplete`` (``unknown`` items without points,
    or no pass mark), ``pass`` or ``fail``; each item with its evidence and what is missing."""
    profiles.office(request.auth)
    profiles.ensure_builtin()
    return score_data(queries.score(request.auth, standard_id))


@router.put("/accreditation/items/{item_id}/assessment", response=AccreditationAssessmentOut)
def put_assessment(request: HttpRequest, item_id: Id, payload: AccreditationAssessmentIn) -> Any:
    """The unit's assessment of one item: ``not_applicable`` (scores full), ``own_points``
    (only where the standard's are unknown), ``deduction`` set by hand (needs a ``note``)."""
    a = assessing.assess_item(actor=request.auth, item_id=item_id, **payload.dict())
    return {
        "item_id": a.item_id,
        "not_applicable": a.not_applicable,
        "own_points": a.own_points,
        "deduction": a.deduction,
        "note": a.note,
    }


@router.post("/accreditation/import", response=AccreditationImportOut)
def import_edition(
    request: HttpRequest,
    payload: Form[AccreditationImportIn],
    file: File[UploadedFile],
    dry_run: bool = False,
) -> Any:
    """Import the unit's edition of a profile (``profile``: jungong or self_check) from an
    .xlsx or .csv file (multipart ``file``; columns 章节, 项目编号, 项目内容, 分值, 基本项,
    重点项, 评分方法, optionally 章节分值, 每项扣分, 证据). ``dry_run=true`` answers
    ``would_create`` and the rows, changing nothing; otherwise a new version of the edition
    is created with every row, or none when any row is rejected (422, ``detail`` listing each
    rejected ``row`` and ``sheet`` with every reason naming its column)."""
    profiles.office(request.auth)
    profiles.ensure_builtin()
    reading = imports.reading(file, file.name or "")
    fields = payload.dict()
    if dry_run:
        _values, checked, version = profiles.check_edition(
            actor=request.auth, rows=reading.rows, **fields
        )
        if checked.rejected:
            raise imports.ImportRejected(checked.rejected)
        return {
            "would_create": len(checked.rows),
            "version": version,
            "rows": checked.rows,
            **read_from(reading),
        }
    standard = profiles.import_edition(
        actor=request.auth, rows=reading.rows, filename=file.name or "", **fields
    )
    rows = imports.check(standard.key, reading.rows).rows
    return {
        "standard_id": standard.pk,
        "version": standard.version,
        "created": len(rows),
        "rows": rows,
        **read_from(reading),
    }
