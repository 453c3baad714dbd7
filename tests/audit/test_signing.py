"""The installation's Ed25519 key and signed checkpoint documents (no database)."""

from __future__ import annotations

import json
import stat
import threading
from datetime import UTC, datetime

import pytest

from baomi.audit import chain, signing

AT = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def test_the_key_is_made_on_first_use_readable_only_by_its_owner(signing_key):
    assert not signing_key.parent.exists()
    assert signing.installation_public_key() is None  # asking never creates it
    assert not signing_key.exists()
    key = signing.private_key()
    assert stat.S_IMODE(signing_key.stat().st_mode) == 0o600
    assert stat.S_IMODE(signing_key.parent.stat().st_mode) == 0o700
    assert signing.public_key_hex(signing.private_key()) == signing.public_key_hex(key)
    assert signing.installation_public_key() == signing.public_key_hex(key)
    assert list(signing_key.parent.iterdir()) == [signing_key]  # no temporary file left


def test_a_concurrent_first_use_makes_one_key(signing_key):
    start = threading.Barrier(8)
    keys: list[str] = []

    def first_use() -> None:
        start.wait()
        keys.append(signing.public_key_hex(signing.private_key()))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8
    assert set(keys) == {signing.installation_public_key()}
    assert list(signing_key.parent.iterdir()) == [signing_key]


def test_a_key_file_of_another_kind_is_refused(signing_key):
    signing_key.parent.mkdir(parents=True)
    signing_key.write_text("not a key")
    with pytest.raises(ValueError):
        signing.private_key()


def test_a_signed_checkpoint_verifies_and_parses_back():
    signed = signing.sign(seq=7, digest="ab" * 32, at=AT)
    assert signed["at"] == "2026-03-01T08:30:00.000000+00:00"
    assert signing.signature_valid(signed)
    assert signing.parse(json.dumps(signed, indent=2)) == signed


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 8},
        {"hash": "cd" * 32},
        {"at": "2026-03-02T08:30:00.000000+00:00"},
        {"signature": "00" * 64},
        {"public_key": "11" * 32},
        {"public_key": "zz"},
    ],
)
def test_a_forged_checkpoint_fails_its_signature(change):
    assert not signing.signature_valid({**signing.sign(seq=7, digest="ab" * 32, at=AT), **change})


def test_trusted_points_refuse_forged_foreign_and_disagreeing_checkpoints(settings, tmp_path):
    own = signing.sign(seq=3, digest="ab" * 32, at=AT)
    settings.AUDIT_SIGNING_KEY = tmp_path / "other.pem"
    foreign = signing.sign(seq=5, digest="cd" * 32, at=AT)
    other = signing.sign(seq=3, digest="ef" * 32, at=AT)
    key = own["public_key"]

    assert signing.trusted_points([own, foreign], own_key=key, own=1) == {
        3: "ab" * 32,
        5: "cd" * 32,
    }
    refused = signing.trusted_points([foreign], own_key=key, own=1)
    assert isinstance(refused, chain.Verdict)
    assert (refused.broken_seq, refused.problem) == (5, signing.FOREIGN_KEY)
    forged = signing.trusted_points([{**own, "hash": "ee" * 32}])
    assert (forged.broken_seq, forged.problem) == (3, signing.FORGED)
    disagree = signing.trusted_points([own, other])
    assert (disagree.broken_seq, disagree.problem) == (3, signing.DISAGREE)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"seq": 1}',
        json.dumps(
            {
                "seq": "1",
                "hash": "ab" * 32,
                "at": "x",
                "public_key": "ab" * 32,
                "signature": "ab" * 64,
            }
        ),
        json.dumps(
            {
                "seq": 1,
                "hash": "AB" * 32,
                "at": "x",
                "public_key": "ab" * 32,
                "signature": "ab" * 64,
            }
        ),
        json.dumps(
            {
                "seq": 1,
                "hash": "ab" * 32,
                "at": "x",
                "public_key": "ab" * 32,
                "signature": "ab" * 10,
            }
        ),
    ],
)
def test_parse_refuses_what_is_not_a_checkpoint(text):
    with pytest.raises(ValueError):
        signing.parse(text)
