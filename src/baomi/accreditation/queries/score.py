"""The self-score of one standard for the security office: the standards it may choose, and
for one of them every item with its points, the unit's assessment, the evidence the records
give and what it predicts, the veto items at risk first, then the key items, then each chapter.

Reads: the standard and its chapters, its items, the organisation's assessments of them (one
query each), and each evidence provider the items name once (``seams.evidence``: one query
over the whole organisation), never one query per item. An evidence key nobody registered
is shown as "no evidence provider"; an item naming no evidence key as "no records: check it
by hand"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.access.actor import Actor
from baomi.accreditation.models import Assessment, Chapter, Item, Rule, Standard
from baomi.accreditation.policies import ASSESSMENTS, ITEMS, STANDARDS, office_organisation
from baomi.accreditation.queries.arithmetic import Marking, Total, total
from baomi.core.errors import AccessDenied, NotFound
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Evidence, Finding, Scope
from baomi.seams.registers import REGISTER_ENTRIES


def standards(actor: Actor) -> QuerySet[Standard]:
    """The standards the office may score against: the built-in ones and its own editions,
    every version (newest first within an edition)."""
    return STANDARDS.known(actor).order_by("organisation_id", "key", "edition", "-version")


def standard(actor: Actor, standard_id: Any) -> Standard:
    _office(actor)
    found = STANDARDS.known(actor).filter(pk=standard_id).first()
    if found is None:
        raise NotFound(_("No such scoring standard."))
    return found


def default_standard(actor: Actor) -> Standard | None:
    """The newest version of the first built-in profile (军工保密资质)."""
    return STANDARDS.known(actor).filter(organisation=None).order_by("key", "-version").first()


def item(actor: Actor, item_id: Any) -> Item:
    _office(actor)
    found = ITEMS.known(actor).select_related("standard", "chapter").filter(pk=item_id).first()
    if found is None:
        raise NotFound(_("No such item."))
    return found


def _office(actor: Actor) -> int:
    organisation_id = office_organisation(actor)
    if organisation_id is None:
        raise AccessDenied(_("Only the security office keeps the self-score."))
    return organisation_id


@dataclass(frozen=True)
class Answer:
    """One evidence key's answer for an item: its label, the verdict (None: no provider) and
    the facts with their links."""

    key: str
    label: str
    verdict: str | None
    facts: list[dict[str, str]]

    @property
    def problem(self) -> bool:
        return self.verdict == Finding.PROBLEM


@dataclass(frozen=True)
class Register:
    key: str
    title: str
    url: str


@dataclass
class Line:
    """One item as the page and the API show it."""

    item: Item
    marking: Marking
    assessment: Assessment | None
    answers: list[Answer]
    registers: list[Register]
    missing: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """ok, problem, or none (no evidence answered)."""
        if any(a.problem for a in self.answers):
            return "problem"
        return "ok" if any(a.verdict for a in self.answers) else "none"

    @property
    def findings(self) -> list[dict[str, str]]:
        return [fact for a in self.answers if a.problem for fact in a.facts]


@dataclass
class ChapterScore:
    chapter: Chapter
    earned: Decimal
    lines: list[Line]


@dataclass
class Score:
    standard: Standard
    total: Total
    chapters: list[ChapterScore]
    moment: datetime.datetime

    @property
    def lines(self) -> list[Line]:
        return [line for c in self.chapters for line in c.lines]

    @property
    def veto_at_risk(self) -> list[Line]:
        return [line for line in self.lines if line.marking.at_risk]

    @property
    def key_items(self) -> list[Line]:
        return [line for line in self.lines if line.item.key]


def evidence(
    organisation_id: int, keys: set[str], moment: datetime.datetime
) -> dict[str, Evidence | None]:
    """Each key's answer over the whole organisation, each provider asked once (None: no
    provider is registered under the key)."""
    answers: dict[str, Evidence | None] = {}
    for key in sorted(keys):
        provider = EVIDENCE_PROVIDERS.get(key)
        answers[key] = (
            None if provider is None else provider.provide(organisation_id, Scope(), moment)
        )
    return answers


def _registers(actor: Actor, keys: list[str]) -> tuple[list[Register], list[str]]:
    found, unknown = [], []
    for key in keys:
        entry = REGISTER_ENTRIES.get(key)
        if entry is None:
            unknown.append(key)
        elif entry.shown(actor):
            found.append(Register(key, str(entry.title), entry.url()))
    return found, unknown


def marking(
    item: Item, assessment: Assessment | None, answers: list[Answer], findings: int
) -> Marking:
    chapter = item.chapter
    return Marking(
        chapter=chapter.position,
        points=item.points,
        scored=item.scored,
        veto=item.veto,
        key=item.key,
        per_finding=item.rule == Rule.PER_FINDING,
        each=item.each,
        chapter_points=chapter.points,
        not_applicable=bool(assessment and assessment.not_applicable),
        own_points=assessment.own_points if assessment else None,
        override=assessment.deduction if assessment else None,
        problem=any(a.problem for a in answers),
        findings=findings,
    )


def score(actor: Actor, standard_id: Any, moment: datetime.datetime | None = None) -> Score:
    """The self-score of the office's organisation against standard ``standard_id``."""
    found = standard(actor, standard_id)
    organisation_id = _office(actor)
    moment = moment or timezone.now()
    chapters = list(found.chapters.all())
    by_id = {c.pk: c for c in chapters}
    items = list(Item.objects.filter(standard=found).order_by("position"))
    for it in items:
        it.chapter = by_id[it.chapter_id]
        it.standard = found
    assessed = {
        a.item_id: a
        for a in ASSESSMENTS.known(actor).filter(item__standard=found).select_related("assessed_by")
    }
    keys = {key for it in items for key in it.evidence}
    answers = evidence(organisation_id, keys, moment)
    lines_of: dict[int, list[Line]] = {c.pk: [] for c in chapters}
    for it in items:
        item_answers = []
        missing = []
        for key in it.evidence:
            got = answers.get(key)
            provider = EVIDENCE_PROVIDERS.get(key)
            if got is None or provider is None:
                missing.append(_("no evidence provider for %(key)s") % {"key": key})
                item_answers.append(Answer(key, key, None, []))
            else:
                item_answers.append(Answer(key, str(provider.label), got.verdict, got.as_json()))
        if not it.evidence:
            missing.append(_("no records: check it by hand"))
        registers, unknown = _registers(actor, it.registers)
        missing += [_("no register %(key)s is kept") % {"key": key} for key in unknown]
        findings = sum(len(a.facts) for a in item_answers if a.problem)
        line = Line(
            it,
            marking(it, assessed.get(it.pk), item_answers, findings),
            assessed.get(it.pk),
            item_answers,
            registers,
            missing,
        )
        lines_of[it.chapter_id].append(line)
    result = total(
        [line.marking for c in chapters for line in lines_of[c.pk]],
        found.total_points,
        found.pass_mark,
    )
    return Score(
        found,
        result,
        [
            ChapterScore(c, result.chapters.get(c.position, Decimal(0)), lines_of[c.pk])
            for c in chapters
        ],
        moment,
    )
