"""``baomi restore`` refuses, with one line and a non-zero exit and without changing anything,
an archive with a corrupted byte, a truncated one, a wrong passphrase, a database in use
without ``--replace``, another vendor's archive, a newer format and a newer schema — whether
the target is a live installation (``--replace`` given) or a lost one."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from baomi.backups import archive, archiving
from tests.backups.drill import Installation

PASSPHRASE = "拒绝 refusal passphrase"


@pytest.fixture(scope="module")
def made(populated: Installation, tmp_path_factory: pytest.TempPathFactory):
    """An installation, an SM4-encrypted and a plain archive of it (moved off its disk),
    then one more operation, so that the live database differs from the archives."""
    base = tmp_path_factory.mktemp("refusals")
    target = Installation.create(base, template=populated)
    secret = base / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    archives = {}
    for name, args in (
        ("sm4", ("--passphrase-file", str(secret), "--cipher", "sm4")),
        ("plain", ()),
    ):
        target.baomi("backup", *args)
        (path,) = target.backups.glob("baomi-*.bmbak")
        archives[name] = Path(shutil.move(path, base / f"{name}.bmbak"))
    target.baomi("audit", "checkpoint")
    try:
        yield target, archives, secret, base
    finally:
        target.drop()


def _state(target: Installation) -> dict:
    """Everything a restore could change: the tables, the key, the checkpoint files, the
    files of the data directory (a kept database, a staging directory)."""
    return {
        "tables": target.tables(),
        "key": target.key.read_bytes() if target.key.exists() else None,
        "checkpoints": sorted(p.name for p in target.checkpoints.glob("*"))
        if target.checkpoints.exists()
        else [],
        "files": sorted(
            str(p.relative_to(target.data_dir))
            for p in target.data_dir.rglob("*")
            if not {"static", "backups"} & set(p.parts) and not p.name.endswith(("-wal", "-shm"))
        ),
    }


def _refused(target: Installation, *args: str) -> str:
    before = _state(target)
    done = target.baomi("restore", *args, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert _state(target) == before
    return lines[0]


def _changed(source: Path, out: Path, change: Callable[[bytearray], bytes]) -> Path:
    out.write_bytes(change(bytearray(source.read_bytes())))
    return out


def _flip(data: bytearray) -> bytes:
    data[len(data) // 2] ^= 0x01
    return bytes(data)


@pytest.mark.parametrize("kind", ["sm4", "plain"])
def test_a_corrupted_byte_is_refused(made, kind: str):
    target, archives, secret, base = made
    corrupted = _changed(archives[kind], base / f"corrupted-{kind}.bmbak", _flip)
    line = _refused(target, str(corrupted), "--replace", "--passphrase-file", str(secret))
    assert "damaged" in line


@pytest.mark.parametrize("kind", ["sm4", "plain"])
def test_a_truncated_archive_is_refused(made, kind: str):
    target, archives, secret, base = made
    for fraction in (0.5, 0.999):
        cut = _changed(
            archives[kind],
            base / f"cut-{kind}.bmbak",
            lambda data, f=fraction: bytes(data[: int(len(data) * f)]),
        )
        line = _refused(target, str(cut), "--replace", "--passphrase-file", str(secret))
        assert "damaged" in line and "cut short" in line


def test_a_wrong_passphrase_is_refused(made):
    target, archives, _, base = made
    wrong = base / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    line = _refused(target, str(archives["sm4"]), "--replace", "--passphrase-file", str(wrong))
    assert "Wrong passphrase" in line
    line = _refused(target, str(archives["sm4"]), "--replace")
    assert "encrypted" in line


def test_a_live_database_is_not_overwritten_without_the_flag(made):
    target, archives, secret, _ = made
    line = _refused(target, str(archives["sm4"]), "--passphrase-file", str(secret))
    assert "--replace" in line and "in use" in line


def _rewritten(source: Path, out: Path, edit: Callable[[dict], None]) -> Path:
    """The plain archive ``source`` with its manifest edited and its checksums made again:
    an archive that passes every check but says something else."""
    with source.open("rb") as file:
        reader = archive.Reader(file)
        members = []
        with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                members.append((member.name, tar.extractfile(member).read()))
    manifest = json.loads(members[0][1])
    edit(manifest)
    members[0] = (archiving.MANIFEST, json.dumps(manifest).encode())
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n"
        for name, data in members
        if name != archiving.SUMS
    )
    members[-1] = (archiving.SUMS, sums.encode())
    with out.open("wb") as file:
        writer = archive.Writer(file)
        with tarfile.open(fileobj=writer, mode="w|") as tar:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        writer.close()
    return out


def test_an_archive_of_another_vendor_is_refused(made):
    target, archives, _, base = made
    other = "postgresql" if not target.database else "sqlite"
    changed = _rewritten(archives["plain"], base / "vendor.bmbak", lambda m: m.update(vendor=other))
    assert other in _refused(target, str(changed), "--replace")


def test_a_newer_format_or_schema_is_refused(made):
    target, archives, _, base = made
    newer = _rewritten(archives["plain"], base / "format.bmbak", lambda m: m.update(format=99))
    assert "newer baomi" in _refused(target, str(newer), "--replace")
    newer = _rewritten(
        archives["plain"],
        base / "schema.bmbak",
        lambda m: m["migrations"].update(audit="9999_from_the_future"),
    )
    assert "newer baomi" in _refused(target, str(newer), "--replace")


def test_a_lost_installation_is_left_empty_by_a_refused_restore(made, populated, tmp_path):
    """On an empty target too: no database, no key, no checkpoint file appears."""
    _, archives, secret, base = made
    lost = Installation.create(tmp_path, template=populated)
    try:
        lost.destroy()
        corrupted = _changed(archives["sm4"], base / "corrupted-lost.bmbak", _flip)
        assert "damaged" in _refused(lost, str(corrupted), "--passphrase-file", str(secret))
        assert not lost.key.exists() and not lost.checkpoints.exists()
        assert lost.tables() == {} if lost.database else not lost.sqlite.exists()
    finally:
        lost.drop()
