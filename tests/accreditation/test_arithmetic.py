"""The score's arithmetic, held to its invariants over any standard (hypothesis): the score
lies between 0 and the total, marking an item not applicable never lowers it, a veto item at
risk always fails the review, and unknown points are never counted."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from baomi.accreditation.queries.arithmetic import (
    FAIL,
    INCOMPLETE,
    PASS,
    VETO,
    Marking,
    total,
)

points = st.decimals(min_value=0, max_value=200, places=1)
maybe_points = st.none() | points


@st.composite
def markings(draw) -> Marking:
    return Marking(
        chapter=draw(st.integers(1, 4)),
        points=draw(maybe_points),
        scored=draw(st.booleans() | st.just(True)),
        veto=draw(st.booleans()),
        key=draw(st.booleans()),
        per_finding=draw(st.booleans()),
        each=draw(maybe_points),
        chapter_points=None,
        not_applicable=draw(st.booleans()),
        own_points=draw(maybe_points),
        override=draw(maybe_points),
        problem=draw(st.booleans()),
        findings=draw(st.integers(0, 60)),
    )


@st.composite
def standards(draw):
    items = draw(st.lists(markings(), max_size=25))
    chapter_points = {c: draw(maybe_points) for c in range(1, 5)}
    items = [Marking(**{**m.__dict__, "chapter_points": chapter_points[m.chapter]}) for m in items]
    total_points = draw(st.decimals(min_value=1, max_value=1000, places=1))
    pass_mark = draw(st.none() | st.decimals(min_value=0, max_value=total_points, places=1))
    return items, total_points, pass_mark


@given(standards())
def test_the_score_lies_between_0_and_the_total(standard):
    items, total_points, pass_mark = standard
    found = total(items, total_points, pass_mark)
    assert Decimal(0) <= found.score <= total_points
    for m in items:
        assert Decimal(0) <= m.deduction
        if m.cap is not None:
            assert m.deduction <= m.cap


@given(standards(), st.data())
def test_not_applicable_never_lowers_the_score(standard, data):
    items, total_points, pass_mark = standard
    if not items:
        return
    index = data.draw(st.integers(0, len(items) - 1))
    before = total(items, total_points, pass_mark)
    marked = list(items)
    marked[index] = Marking(**{**items[index].__dict__, "not_applicable": True})
    after = total(marked, total_points, pass_mark)
    assert after.score >= before.score
    assert after.veto_at_risk <= before.veto_at_risk
    assert marked[index].earned == marked[index].effective_points  # scores full


@given(standards())
def test_a_veto_item_at_risk_always_fails_the_review(standard):
    items, total_points, pass_mark = standard
    found = total(items, total_points, pass_mark)
    at_risk = [
        m
        for m in items
        if m.veto
        and not m.not_applicable
        and (m.override > 0 if m.override is not None else m.problem)
    ]
    assert (found.result == VETO) == bool(at_risk)
    if found.result == PASS:
        assert pass_mark is not None and found.score >= pass_mark and found.unknown == 0
    if found.result == FAIL:
        assert found.score < pass_mark
    if found.result == INCOMPLETE:
        assert found.unknown or pass_mark is None


@given(standards())
def test_unknown_points_are_counted_never_scored(standard):
    items, total_points, pass_mark = standard
    found = total(items, total_points, pass_mark)
    assert found.unknown == sum(
        1 for m in items if m.scored and m.points is None and m.own_points is None
    )
    known = sum((m.effective_points for m in items if m.effective_points is not None), Decimal(0))
    assert found.known_points == known


def test_a_key_item_loses_beyond_its_points_up_to_its_chapters():
    def key(findings: int, *, is_key: bool = True, chapter_points=Decimal(20)) -> Marking:
        return Marking(
            chapter=1,
            points=Decimal(10),
            key=is_key,
            per_finding=True,
            each=Decimal(5),
            chapter_points=chapter_points,
            problem=True,
            findings=findings,
        )

    assert key(3).deduction == Decimal(15)  # beyond its 10 points
    assert key(5).deduction == Decimal(20)  # capped at the chapter's 20
    assert key(3, is_key=False).deduction == Decimal(10)  # an ordinary item: its own 10
    assert key(3, chapter_points=None).deduction == Decimal(10)  # chapter points unknown
    # The chapter earns at least 0 whatever its key item loses.
    other = Marking(chapter=1, points=Decimal(10), chapter_points=Decimal(20))
    assert total([key(5), other], Decimal(100), Decimal(60)).chapters[1] == Decimal(0)
    assert total([key(1), other], Decimal(100), Decimal(60)).chapters[1] == Decimal(15)
