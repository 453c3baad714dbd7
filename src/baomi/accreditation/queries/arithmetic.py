"""The self-score's arithmetic, on plain values (no database): what an item earns, what a
chapter and the whole standard score, and the result. The queries feed it the items, the
unit's assessments and the evidence verdicts; the hypothesis tests feed it anything.

- An item's points are the standard's, else the unit's own (None: unknown, left out of the
  score and counted as incomplete); an unscored item (an entry condition) has none and is
  never "unknown".
- Not applicable (the N/A rule): no deduction, the item earns its full points, a veto item is
  not at risk.
- The deduction is the unit's override where it set one (with a note), else the predicted
  one: nothing while the evidence finds no problem; on a problem, the whole item's points
  (rule ``whole``) or ``each`` per finding (rule ``per_finding``; the whole item when the
  amount per finding is not published), capped at the item's points — a key item's
  (重点项) at its chapter's points when they are known.
- A chapter earns the sum of its items' points less their deductions, at least 0 and at most
  its points where known; the score is the chapters' sum, at most the total.
- A veto item (基本项) is at risk when it is applicable and the unit's override deducts (an
  override of 0 clears it) or, without an override, its evidence finds a problem: the
  review fails (中止/不通过) whatever the score.
- The result: ``veto`` then; ``incomplete`` while points are unknown or the pass mark is;
  ``pass`` at the pass mark or above; ``fail`` below."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

VETO = "veto"
INCOMPLETE = "incomplete"
PASS = "pass"
FAIL = "fail"


@dataclass(frozen=True)
class Marking:
    """What the arithmetic needs of one item."""

    chapter: int  # the chapter's position (any key)
    points: Decimal | None  # the standard's
    scored: bool = True
    veto: bool = False
    key: bool = False
    per_finding: bool = False
    each: Decimal | None = None
    chapter_points: Decimal | None = None
    # The unit's assessment.
    not_applicable: bool = False
    own_points: Decimal | None = None
    override: Decimal | None = None
    # The evidence: whether any answer found a problem, and how many findings it listed.
    problem: bool = False
    findings: int = 0

    @property
    def effective_points(self) -> Decimal | None:
        if not self.scored:
            return None
        return self.points if self.points is not None else self.own_points

    @property
    def unknown(self) -> bool:
        return self.scored and self.effective_points is None

    @property
    def cap(self) -> Decimal | None:
        """The most this item may lose: its points, a key item's its chapter's."""
        points = self.effective_points
        if points is None:
            return None
        if self.key and self.chapter_points is not None:
            return max(points, self.chapter_points)
        return points

    @property
    def predicted(self) -> Decimal:
        """The deduction the evidence predicts."""
        cap = self.cap
        if not self.problem or cap is None:
            return ZERO
        if self.per_finding and self.each is not None:
            return min(cap, self.each * max(self.findings, 1))
        return self.effective_points or ZERO

    @property
    def deduction(self) -> Decimal:
        if self.not_applicable:
            return ZERO
        cap = self.cap
        if self.override is not None:
            return max(ZERO, min(self.override, cap)) if cap is not None else ZERO
        return self.predicted

    @property
    def earned(self) -> Decimal | None:
        points = self.effective_points
        return None if points is None else points - self.deduction

    @property
    def at_risk(self) -> bool:
        """A veto item failing: applicable, and the override deducts or, without one, the
        evidence found a problem."""
        if not self.veto or self.not_applicable:
            return False
        if self.override is not None:
            return self.override > 0
        return self.problem


@dataclass(frozen=True)
class Total:
    score: Decimal
    known_points: Decimal  # the points of the items with known points
    unknown: int  # scored items whose points are unknown
    veto_at_risk: int
    result: str
    chapters: dict[int, Decimal]  # each chapter's earned points


def chapter_earned(items: Iterable[Marking], points: Decimal | None) -> Decimal:
    earned = sum((m.earned for m in items if m.earned is not None), ZERO)
    earned = max(ZERO, earned)
    return min(earned, points) if points is not None else earned


def total(markings: list[Marking], total_points: Decimal, pass_mark: Decimal | None) -> Total:
    """The score of ``markings`` against a standard of ``total_points`` and ``pass_mark``."""
    by_chapter: dict[int, list[Marking]] = {}
    for m in markings:
        by_chapter.setdefault(m.chapter, []).append(m)
    chapters = {
        c: chapter_earned(items, items[0].chapter_points) for c, items in by_chapter.items()
    }
    score = min(total_points, sum(chapters.values(), ZERO))
    unknown = sum(1 for m in markings if m.unknown)
    at_risk = sum(1 for m in markings if m.at_risk)
    if at_risk:
        result = VETO
    elif unknown or pass_mark is None:
        result = INCOMPLETE
    else:
        result = PASS if score >= pass_mark else FAIL
    known = sum((m.effective_points for m in markings if m.effective_points is not None), ZERO)
    return Total(score, known, unknown, at_risk, result, chapters)
