"""JSON routes of the responsibility letters (RESP-ANNUAL, RESP-RESIGN): the letter's text
(its versions, a new one saved by the security office), the letters (the office: its
organisation's; a signer: their own), preparing a year's, signing (one's own part, or the
office recording a paper signature with its date) and the register as .xlsx/PDF."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from baomi.core.inputs import Id, Line, Text
from baomi.kit.pages import attachment
from baomi.people.operations import letters as operations
from baomi.people.queries import letters as queries

router = Router(tags=["people"])


class TemplateIn(Schema):
    kind: Literal["department", "person"]
    title: Line = Field(max_length=operations.TITLE_LENGTH)
    text: Text = Field(max_length=operations.TEXT_LENGTH)


class TemplateOut(Schema):
    id: int
    kind: str
    version: int
    title: str
    text: str
    saved_by_id: int | None
    saved_at: datetime


class LetterOut(Schema):
    """One letter: its year, department, the two signers and the days they signed;
    ``current`` whether it still names the current signers (RESP-RESIGN), ``in_effect``
    whether both have signed and it is current."""

    id: int
    kind: str
    year: int
    department_id: int
    department: str
    first_id: int
    first: str
    first_signed_on: date | None
    second_id: int
    second: str
    second_signed_on: date | None
    template_version: int
    current: bool
    in_effect: bool


def _out(letter: Any) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "kind": letter.kind,
        "year": letter.year,
        "department_id": letter.department_id,
        "department": letter.department.name,
        "first_id": letter.first_id,
        "first": letter.first.name,
        "first_signed_on": letter.first_signed_on,
        "second_id": letter.second_id,
        "second": letter.second.name,
        "second_signed_on": letter.second_signed_on,
        "template_version": letter.template.version,
        "current": bool(letter.current),
        "in_effect": queries.in_effect(letter),
    }


class PrepareIn(Schema):
    year: int = Field(ge=1900, le=9998)


class PreparedOut(Schema):
    year: int
    created: list[LetterOut]
    skipped: list[dict[str, str]]


class SignIn(Schema):
    """Empty: the caller signs their own part today. ``part`` and ``signed_on``: the security
    office records the signature that signer gave on paper that day."""

    part: Literal["first", "second"] | None = None
    signed_on: date | None = None


@router.get("/letter-templates", response=list[TemplateOut])
def templates(request: HttpRequest) -> Any:
    """Every saved version of the letter's text, newest first (the security office)."""
    return queries.templates(request.auth)


@router.post("/letter-templates", response={201: TemplateOut})
def save_template(request: HttpRequest, payload: TemplateIn) -> Any:
    """Save a new version of the letter's text of ``kind`` (the security office)."""
    return Status(201, operations.save_template(actor=request.auth, **payload.dict()))


class LettersQuery(Schema):
    year: int | None = Field(None, ge=1900, le=9998)


@router.get("/letters", response=list[LetterOut])
def letters(request: HttpRequest, query: Query[LettersQuery]) -> Any:
    """The letters the caller may know, of ``year`` when given: the office's organisation's,
    anyone else the ones they sign."""
    return [_out(x) for x in queries.letters(request.auth, query.year)[:1000]]


@router.post("/letters/prepare", response={201: PreparedOut})
def prepare(request: HttpRequest, payload: PrepareIn) -> Any:
    """Prepare the letters of ``year`` (last year to next year): one per department without
    one for its current pair; ``skipped`` names each department left out and why."""
    done = operations.prepare_letters(actor=request.auth, year=payload.year)
    created = queries.letters(request.auth).filter(pk__in=[x.pk for x in done.created])
    return Status(
        201,
        {
            "year": done.year,
            "created": [_out(x) for x in created],
            "skipped": [{"name": name, "reason": str(why)} for name, why in done.skipped],
        },
    )


class RegisterQuery(Schema):
    year: int = Field(ge=1900, le=9998)
    format: Literal["xlsx", "pdf"] = "xlsx"


@router.get("/letters/register")
def register(request: HttpRequest, query: Query[RegisterQuery]) -> Any:
    """责任书签订情况 of ``year`` as an .xlsx workbook or a PDF (``format``), the security
    office's; the export is recorded in the audit log."""
    exported = queries.export(request.auth, queries.check_year(query.year), query.format)
    return attachment(exported.content, exported.filename, exported.content_type)


@router.get("/letters/{letter_id}", response=LetterOut)
def letter(request: HttpRequest, letter_id: Id) -> Any:
    """One letter the caller may know (404 otherwise)."""
    return _out(queries.letter(request.auth, letter_id))


@router.post("/letters/{letter_id}/sign", response=LetterOut)
def sign(request: HttpRequest, letter_id: Id, payload: SignIn) -> Any:
    """Sign one's own part (empty body), or — the security office — record a paper signature
    (``part`` and ``signed_on``, never one's own). 403 with ``rule`` RESP-ANNUAL for another's
    part, RESP-RESIGN when a signer has changed; 409 when the part is signed already."""
    if payload.part is None and payload.signed_on is None:
        operations.sign_letter(actor=request.auth, letter_id=letter_id)
    else:
        operations.record_paper_signature(
            actor=request.auth,
            letter_id=letter_id,
            part=payload.part or "",
            signed_on=payload.signed_on,  # type: ignore[arg-type]
        )
    return _out(queries.letter(request.auth, letter_id))
