"""The pure chain: hashing, verification and export files, with no database."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baomi.audit import chain
from tests.audit.tamper import export_lines, synthetic_rows


def test_an_intact_chain_verifies_with_its_count_and_head():
    rows = synthetic_rows(5)
    verdict = chain.verify(rows)
    assert verdict.ok
    assert (verdict.count, verdict.head_seq, verdict.head_hash) == (5, 5, rows[-1][2])
    assert verdict.as_dict()["broken_seq"] is None


def test_an_empty_chain_verifies_at_genesis():
    assert chain.verify([]) == chain.Verdict(True, 0, 0, chain.GENESIS)


def test_a_changed_byte_is_named_by_its_event():
    rows = synthetic_rows(5)
    seq, body, digest = rows[2]
    rows[2] = (seq, body.replace(b'"n":21', b'"n":22'), digest)
    verdict = chain.verify(rows)
    assert (verdict.ok, verdict.broken_seq, verdict.count) == (False, 3, 2)
    assert verdict.problem == chain.ALTERED
    assert verdict.head_hash == rows[1][2]


def test_a_deleted_row_is_named_by_the_missing_event():
    rows = synthetic_rows(5)
    del rows[3]
    verdict = chain.verify(rows)
    assert (verdict.broken_seq, verdict.reason) == (4, "expected event 4, found event 5")


def test_a_reordered_pair_is_named_by_the_first_of_the_pair():
    rows = synthetic_rows(5)
    rows[1], rows[2] = rows[2], rows[1]
    assert chain.verify(rows).broken_seq == 2


def test_a_tail_rehashed_after_a_change_is_caught_by_a_signed_checkpoint():
    """Rewriting an event and recomputing every later hash fits the hashes, not a checkpoint."""
    rows = synthetic_rows(5)
    checkpoint = (4, rows[3][2])
    forged, prev = rows[:1], rows[0][2]
    for seq, _body, _digest in rows[1:]:
        body = chain.canonical({"seq": seq, "action": "forged"})
        prev = chain.link(prev, body)
        forged.append((seq, body, prev))
    assert chain.verify(forged).ok
    verdict = chain.verify(forged, checkpoints=[checkpoint])
    assert (verdict.broken_seq, verdict.problem) == (4, chain.OFF_CHECKPOINT)


def test_a_truncated_tail_after_a_checkpoint_is_detected():
    rows = synthetic_rows(6)
    verdict = chain.verify(rows[:3], checkpoints=[(5, rows[4][2])])
    assert not verdict.ok
    assert verdict.broken_seq == 4
    assert verdict.reason == "the chain ends at event 3 but a signed checkpoint covers event 5"


def test_the_chain_must_end_at_its_head():
    rows = synthetic_rows(4)
    assert chain.verify(rows, head=(4, rows[3][2])).ok
    short = chain.verify(rows[:2], head=(4, rows[3][2]))
    assert (short.broken_seq, short.problem) == (3, chain.TRUNCATED)
    beyond = chain.verify(rows, head=(3, rows[2][2]))
    assert (beyond.broken_seq, beyond.problem) == (4, chain.BEYOND_HEAD)
    other = chain.verify(rows, head=(4, "f" * 64))
    assert (other.broken_seq, other.problem) == (4, chain.OFF_HEAD)


def test_explain_translates_the_problem_and_fills_it():
    verdict = chain.verify(synthetic_rows(3)[1:])
    catalogue = {chain.MISORDERED: "应为事件 %(expected)s，实为事件 %(found)s"}
    assert verdict.explain(catalogue.get) == "应为事件 1，实为事件 2"


@given(
    events=st.lists(
        st.dictionaries(st.text(min_size=1, max_size=5), st.integers() | st.text(), max_size=3),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_any_single_changed_event_is_the_one_named(events, data):
    """Whatever the events, changing the content of any one of them names exactly it."""
    rows, prev = [], chain.GENESIS
    for seq, event in enumerate(events, 1):
        body = chain.canonical({**event, "seq": seq})
        prev = chain.link(prev, body)
        rows.append((seq, body, prev))
    assert chain.verify(rows).ok
    index = data.draw(st.integers(0, len(rows) - 1))
    seq, body, digest = rows[index]
    rows[index] = (seq, body + b" ", digest)
    assert chain.verify(rows).broken_seq == seq


class TestExportFile:
    def test_an_export_round_trips_and_verifies(self):
        rows = synthetic_rows(4)
        lines = export_lines(rows)
        assert list(chain.read_export(lines)) == rows
        assert json.loads(lines[0])["event"]["seq"] == 1
        assert chain.verify_export(lines).as_dict()["events"] == 4

    def test_a_reformatted_export_still_verifies(self):
        """Records rewritten by another JSON tool are read by their content."""
        lines = [
            json.dumps(json.loads(line), indent=1).replace("\n", "") + "\n"
            for line in export_lines(synthetic_rows(3))
        ]
        assert chain.verify_export(lines).ok

    def test_a_record_whose_event_is_no_longer_json_is_named_by_its_event(self):
        lines = export_lines(synthetic_rows(3))
        lines[1] = lines[1].replace('"data":{', '"data":{{')
        assert chain.verify_export(lines).broken_seq == 2

    def test_a_changed_byte_in_the_file_is_detected(self):
        lines = export_lines(synthetic_rows(4))
        lines[1] = lines[1].replace('"n":14', '"n":15')
        assert chain.verify_export(lines).broken_seq == 2

    def test_a_deleted_line_is_detected(self):
        lines = export_lines(synthetic_rows(4))
        del lines[2]
        assert chain.verify_export(lines).broken_seq == 3

    def test_a_reordered_pair_of_lines_is_detected(self):
        lines = export_lines(synthetic_rows(4))
        lines[2], lines[3] = lines[3], lines[2]
        assert chain.verify_export(lines).broken_seq == 3

    def test_a_truncated_tail_after_a_checkpoint_is_detected(self):
        rows = synthetic_rows(6)
        verdict = chain.verify_export(export_lines(rows[:4]), checkpoints=[(6, rows[5][2])])
        assert (verdict.ok, verdict.broken_seq) == (False, 5)

    def test_a_partial_export_is_anchored_on_a_checkpoint_of_the_event_before(self):
        rows = synthetic_rows(6)
        part = export_lines(rows[3:])
        anchored = chain.verify_export(part, checkpoints=[(3, rows[2][2])])
        assert (anchored.ok, anchored.count, anchored.head_seq) == (True, 3, 6)
        wrong = chain.verify_export(part, checkpoints=[(3, rows[1][2])])
        assert (wrong.ok, wrong.broken_seq) == (False, 4)
        unanchored = chain.verify_export(part)
        assert (unanchored.ok, unanchored.broken_seq, unanchored.problem) == (
            False,
            4,
            chain.UNANCHORED,
        )

    def test_blank_lines_are_skipped_and_an_empty_file_holds_no_events(self):
        assert chain.verify_export(["\n", "  \n"]).as_dict()["events"] == 0

    @pytest.mark.parametrize(
        "line",
        [
            "not json",
            "[1, 2]",
            '{"seq": 1}',
            '{"seq": "1", "hash": "x", "event": {}}',
            '{"seq": 1, "hash": 5, "event": {}}',
            '{"seq": 1, "hash": "x", "event": []}',
            '{"seq": true, "hash": "x", "event": {}}',
        ],
    )
    def test_a_malformed_line_is_refused_with_its_number(self, line):
        lines = [*export_lines(synthetic_rows(1)), line]
        with pytest.raises(ValueError, match="line 2 is not an audit export record"):
            chain.verify_export(lines)
