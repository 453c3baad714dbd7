"""The self-score against the stored standards: the N/A rule, unknown points left out and
counted, a key item's deduction beyond its points up to its chapter's, an override needing a
note, the evidence asked once per key, and the missing evidence named."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from baomi.accreditation.models import Item
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.operations import profiles
from baomi.accreditation.queries import score as queries
from baomi.accreditation.queries.arithmetic import INCOMPLETE
from baomi.core.errors import InvalidInput
from baomi.seams import evidence as seam
from tests.accreditation.conftest import builtin, item, plant
from tests.factories import audit_events, xlsx_bytes


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def line_of(score, code):
    return next(line for line in score.lines if line.item.code == code)


def test_the_builtin_profiles_say_where_each_figure_comes_from(officer):
    jungong, self_check = builtin("jungong"), builtin("self_check")
    assert (jungong.total_points, jungong.pass_mark) == (Decimal(500), Decimal(450))
    assert (self_check.total_points, self_check.pass_mark) == (Decimal(100), None)
    chapters = {c.title: c.points for c in jungong.chapters.all()}
    assert chapters["保密责任"] == 40 and chapters["保密工作机构"] == 20
    assert chapters["涉密人员"] == 50 and chapters["保密制度"] is None
    assert {i.points for i in jungong.standard_items.filter(chapter__title="保密责任")} == {
        10,
        None,
    }
    for standard in (jungong, self_check):
        assert standard.source and standard.confidence
        for it in standard.standard_items.all():
            assert it.source and it.confidence, it.code
    published = {i.code for i in jungong.standard_items.filter(veto=True, confidence="published")}
    likely = {i.code for i in jungong.standard_items.filter(veto=True, confidence="likely")}
    assert {"2.1", "4.5"} <= published and likely == {"4.6", "4.7", "4.13"}
    assert "devices.airgap" in item(jungong, "4.5").evidence
    assert item(jungong, "2.1").evidence == ["people.security_office"]
    # The 自查自评 profile ships no points: none is public.
    assert not self_check.standard_items.exclude(points=None).exists()
    # Loading again changes nothing (idempotent).
    before = Item.objects.count()
    profiles.ensure_builtin()
    assert Item.objects.count() == before


def test_not_applicable_scores_full_points(world, officer):
    standard = builtin("self_check")
    airgap = item(standard, "5.1")
    assessing.assess_item(actor=officer, item_id=airgap.pk, own_points=Decimal(10))
    plant(world, officer)
    line = line_of(queries.score(officer, standard.pk), "5.1")
    assert line.verdict == "problem" and line.marking.deduction == 10 and line.marking.earned == 0
    assessing.assess_item(
        actor=officer, item_id=airgap.pk, own_points=Decimal(10), not_applicable=True
    )
    line = line_of(queries.score(officer, standard.pk), "5.1")
    assert line.marking.deduction == 0 and line.marking.earned == 10


def test_a_veto_item_not_applicable_is_not_at_risk(world, officer):
    standard = builtin("jungong")
    plant(world, officer)
    assert line_of(queries.score(officer, standard.pk), "4.5").marking.at_risk
    assessing.assess_item(actor=officer, item_id=item(standard, "4.5").pk, not_applicable=True)
    assert not line_of(queries.score(officer, standard.pk), "4.5").marking.at_risk


def test_unknown_points_are_left_out_and_counted_as_incomplete(officer):
    standard = builtin("self_check")
    score = queries.score(officer, standard.pk)
    assert score.total.unknown == Item.objects.filter(standard=standard).count() == 12
    assert score.total.score == 0 and score.total.result == INCOMPLETE
    assessing.assess_item(actor=officer, item_id=item(standard, "2").pk, own_points=Decimal(8))
    score = queries.score(officer, standard.pk)
    assert score.total.unknown == 11 and score.total.known_points == 8
    jungong = queries.score(officer, builtin("jungong").pk)
    scored_unknown = Item.objects.filter(standard=jungong.standard, points=None, scored=True)
    assert jungong.total.unknown == scored_unknown.count()
    assert jungong.total.known_points == 20  # 法定代表人 10 + 涉密部门负责人 10


def _edition(officer, rows, **kw):
    from baomi.accreditation import imports

    reading = imports.reading(__import__("io").BytesIO(xlsx_bytes(rows)), "edition.xlsx")
    return profiles.import_edition(
        actor=officer,
        profile=kw.pop("profile", "jungong"),
        edition=kw.pop("edition", "2026"),
        rows=reading.rows,
        filename="edition.xlsx",
        **kw,
    )


HEADER = [
    "章节",
    "项目编号",
    "项目内容",
    "分值",
    "基本项",
    "重点项",
    "评分方法",
    "章节分值",
    "每项扣分",
    "证据",
]


def test_a_key_items_deduction_goes_beyond_its_points_up_to_its_chapters(world, officer):
    standard = _edition(
        officer,
        [
            HEADER,
            [
                "计算机和信息系统",
                "K1",
                "重点项",
                "10",
                "否",
                "是",
                "现场检查",
                "20",
                "5",
                "devices.airgap",
            ],
            [
                "计算机和信息系统",
                "K2",
                "普通项",
                "10",
                "否",
                "否",
                "现场检查",
                "",
                "5",
                "devices.airgap",
            ],
            ["保密制度", "K3", "无章节分值的重点项", "10", "", "★", "", "", "5", "devices.airgap"],
        ],
        total_points="100",
        pass_mark="60",
    )
    plant(world, officer, 3)
    score = queries.score(officer, standard.pk)
    assert line_of(score, "K1").marking.deduction == 15  # 3 × 5, beyond its 10, within 20
    assert line_of(score, "K2").marking.deduction == 10  # an ordinary item: its own 10
    assert line_of(score, "K3").marking.deduction == 10  # its chapter's points unknown
    assert [line.item.code for line in score.key_items] == ["K1", "K3"]
    plant(world, officer, 2, prefix="JX")
    score = queries.score(officer, standard.pk)
    assert line_of(score, "K1").marking.deduction == 20  # 5 × 5 capped at the chapter's 20
    assert score.chapters[0].earned == 0


def test_an_override_needs_a_note_and_stays_within_the_items_points(world, officer):
    standard = builtin("jungong")
    letters = item(standard, "1.1")
    with pytest.raises(InvalidInput) as refused:
        assessing.assess_item(actor=officer, item_id=letters.pk, deduction=Decimal(2))
    assert refused.value.field == "note"
    with pytest.raises(InvalidInput) as refused:
        assessing.assess_item(actor=officer, item_id=letters.pk, deduction=Decimal(11), note="多")
    assert refused.value.field == "deduction"
    with pytest.raises(InvalidInput) as refused:
        assessing.assess_item(actor=officer, item_id=letters.pk, own_points=Decimal(5))
    assert refused.value.field == "own_points"  # the standard gives its points
    with pytest.raises(InvalidInput) as refused:
        assessing.assess_item(actor=officer, item_id=letters.pk, deduction="1.25", note="x")
    assert refused.value.field == "deduction"  # one decimal at the most
    assessing.assess_item(
        actor=officer, item_id=letters.pk, deduction=Decimal("2.5"), note="两份责任书未签"
    )
    line = line_of(queries.score(officer, standard.pk), "1.1")
    assert line.marking.deduction == Decimal("2.5") and line.marking.earned == Decimal("7.5")
    [event] = audit_events("accreditation.item_assessed")
    assert event["data"]["deduction"] == "2.5" and event["data"]["note"] is True
    assert "两份" not in str(event)


def test_each_evidence_key_is_asked_once_and_the_reads_do_not_grow_with_the_items(
    officer, monkeypatch
):
    asked = []
    real = seam.EVIDENCE_PROVIDERS.get

    def counting(key):
        provider = real(key)
        if provider is None:
            return None
        return seam.EvidenceProvider(
            provider.key,
            provider.label,
            lambda *a, provider=provider: asked.append(provider.key) or provider.provide(*a),
        )

    monkeypatch.setattr(seam.EVIDENCE_PROVIDERS, "get", counting)
    standard = builtin("jungong")
    queries.score(officer, standard.pk)
    assert len(asked) == len(set(asked))
    stubbed = {k: seam.Evidence(seam.Finding.OK) for k in asked}
    monkeypatch.setattr(queries, "evidence", lambda *a: {**dict.fromkeys(a[1]), **stubbed})
    with CaptureQueriesContext(connection) as reads:
        queries.score(officer, standard.pk)
    # The standard, its chapters, its items, the assessments: not a read per item.
    assert len(reads) <= 6, [q["sql"] for q in reads]


def test_missing_evidence_is_named(officer):
    score = queries.score(officer, builtin("jungong").pk)
    by_hand = line_of(score, "3.1")
    assert by_hand.missing == ["no records: check it by hand"]
    for line in score.lines:
        for answer in line.answers:
            if answer.verdict is None:
                assert f"no evidence provider for {answer.key}" in line.missing
