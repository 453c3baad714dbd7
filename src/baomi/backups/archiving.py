"""Making an archive of the installation and restoring one (no model state here: the
records of the runs are written by ``operations``).

An archive (``archive`` is its container) holds a tar stream of:

- ``manifest.json`` first: the archive's format, baomi's version, the database vendor, when,
  the latest migration of each app and the audit chain's head in the copy, and every member
  with its size (what a restore checks before it unpacks gigabytes);
- ``database.sqlite3`` (SQLite's online backup) or ``database.pgdump`` (``pg_dump -Fc``);
- ``keys/audit-ed25519.pem``, the installation's key that signs the audit checkpoints
  (``BAOMI_AUDIT_KEY``), when there is one;
- ``checkpoints/checkpoint-….json``, every signed checkpoint of ``BAOMI_CHECKPOINT_DIR``;
- ``SHA256SUMS`` last: the SHA-256 of every member before it.

A restore reads the manifest, refuses what it cannot restore (another vendor, a newer format
or schema, a database in use without ``replace``), unpacks every member into a staging area
checking its size and checksum and the container's checksum or authentication to the last
byte, and only then puts anything in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

import baomi
from baomi.backups import archive, snapshot

MANIFEST_FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
KEY = "keys/audit-ed25519.pem"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SUFFIX = ".bmbak"
NAME = re.compile(r"baomi-[0-9]{8}T[0-9]{6}Z-(sqlite|postgresql)(-[0-9]+)?\.bmbak")
# The names baomi.audit.signing gives the checkpoint files it writes.
CHECKPOINT_NAME = re.compile(r"checkpoint-[0-9]{12}-[0-9]{8}T[0-9]{12}Z\.json")
MAX_SMALL = 1024 * 1024  # a manifest, a key, a checkpoint, the sums
MAX_CHECKPOINTS = 1_000_000
_READ = 1024 * 1024


class RestoreRefused(Exception):
    """A restore that must not go on; ``kind`` names why (the command words it)."""

    def __init__(self, kind: str, detail: str = "", **params: Any) -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail
        self.params = params


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]


def archive_name(vendor: str, at: datetime, directory: Path) -> Path:
    stamp = at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"baomi-{stamp}-{vendor}{SUFFIX}"
    n = 1
    while path.exists():
        n += 1
        path = directory / f"baomi-{stamp}-{vendor}-{n}{SUFFIX}"
    return path


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_READ):
            digest.update(chunk)
    return digest.hexdigest()


class Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


def _checkpoint_files() -> list[Path]:
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    if not directory.is_dir():
        return []
    return sorted(
        directory / name for name in os.listdir(directory) if CHECKPOINT_NAME.fullmatch(name)
    )


def make(
    directory: Path,
    *,
    passphrase: bytes | None = None,
    cipher: str = archive.NONE,
    output: Path | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Made:
    """Write an archive of the installation into ``directory`` (or to ``output``): the
    database copied first (a consistent snapshot), then the key and the checkpoint files. The
    archive is written under a temporary name, synced, then renamed into place."""
    vendor = snapshot.vendor()
    started = now()
    target = output or archive_name(vendor, started, directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".baomi-backup-", dir=target.parent))
    partial = target.with_name(f".{target.name}.partial")
    try:
        database = staging / DATABASE[vendor]
        facts = snapshot.copy(database)
        key_path = Path(settings.AUDIT_SIGNING_KEY)
        members: list[tuple[str, Path]] = [(DATABASE[vendor], database)]
        if key_path.is_file():
            members.append((KEY, key_path))
        members += [(f"checkpoints/{p.name}", p) for p in _checkpoint_files()]
        manifest: dict[str, Any] = {
            "format": MANIFEST_FORMAT,
            "baomi_version": baomi.__version__,
            "vendor": vendor,
            "created_at": started.isoformat(),
            **facts.as_dict(),
            "members": [{"name": name, "size": path.stat().st_size} for name, path in members],
        }
        if vendor == "postgresql":
            manifest["pg_dump"] = snapshot.pg_dump_version()
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            container = archive.Writer(
                out,
                cipher=cipher,
                passphrase=passphrase,
                compress=vendor == "sqlite",  # a pg_dump custom archive is compressed already
            )
            sums: list[str] = []
            with tarfile.open(fileobj=container, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                encoded = json.dumps(manifest, indent=2, sort_keys=True).encode()
                sums.append(f"{hashlib.sha256(encoded).hexdigest()}  {MANIFEST}")
                _add_bytes(tar, MANIFEST, encoded)
                for (name, path), listed in zip(members, manifest["members"], strict=True):
                    with path.open("rb") as source:
                        hashing = Hashing(source)
                        info = _info(name, listed["size"])
                        tar.addfile(info, hashing)  # type: ignore[arg-type]
                    sums.append(f"{hashing.digest.hexdigest()}  {name}")
                _add_bytes(tar, SUMS, ("\n".join(sums) + "\n").encode())
            container.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
        snapshot.sync_directory(target.parent)
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
    return Made(target, target.stat().st_size, _hash_file(target), manifest)


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = 0
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_info(name, len(data)), io.BytesIO(data))


def prune(directory: Path, keep: int) -> list[Path]:
    """Remove the archives of ``directory`` beyond the ``keep`` newest (by their names, which
    sort by time); answers those removed."""
    found = sorted(
        (p for p in directory.glob(f"baomi-*{SUFFIX}") if NAME.fullmatch(p.name)),
        key=lambda p: p.name,
    )
    removed = found[: max(len(found) - keep, 0)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


# Restore ---------------------------------------------------------------------------------


def code_migrations() -> dict[str, set[str]]:
    """Every migration this code has, by app."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found: dict[str, set[str]] = {}
    for app, name in loader.disk_migrations:
        found.setdefault(app, set()).add(name)
    return found


def code_leaves() -> dict[str, str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {app: name for app, name in loader.graph.leaf_nodes()}


def schema_state(migrations: dict[str, str]) -> str:
    """``newer`` when the archive names a migration this code does not have, ``older`` when
    an app is behind this code's latest, else ``same``."""
    known = code_migrations()
    for app, name in migrations.items():
        if name not in known.get(app, set()):
            return "newer"
    leaves = code_leaves()
    if any(migrations.get(app) != name for app, name in leaves.items()):
        return "older"
    return "same"


@dataclass
class Unpacked:
    """An archive checked to its last byte and unpacked into ``staging``."""

    manifest: dict[str, Any]
    staging: Path
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def database(self) -> Path:
        return self.files[DATABASE[self.manifest["vendor"]]]


def _member_name(name: str, vendor: str) -> bool:
    if name in (MANIFEST, SUMS, KEY, DATABASE[vendor]):
        return True
    prefix, _, rest = name.partition("/")
    return prefix == "checkpoints" and bool(CHECKPOINT_NAME.fullmatch(rest))


def read_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data)
        assert isinstance(manifest, dict)
        int(manifest["format"])
        str(manifest["vendor"])
        dict(manifest["migrations"])
        list(manifest["members"])
        int(manifest["audit"]["seq"])
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        raise archive.Damaged("the archive's manifest is damaged") from exc
    return manifest


def unpack(
    source: BinaryIO,
    staging: Path,
    *,
    passphrase: bytes | None,
    check: Callable[[dict[str, Any]], None],
) -> Unpacked:
    """Read the whole archive from ``source`` into ``staging`` (a directory of the caller's),
    checking it; ``check(manifest)`` may refuse before the members are unpacked. Raises
    ``archive.ArchiveError`` or ``RestoreRefused``; on return every byte was checked."""
    reader = archive.Reader(source, passphrase=passphrase)
    unpacked: Unpacked | None = None
    sums: dict[str, str] = {}
    seen: list[str] = []
    try:
        with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                if not member.isfile():
                    raise archive.Damaged(f"the archive holds an unexpected entry {member.name!r}")
                if unpacked is None:
                    if member.name != MANIFEST or member.size > MAX_SMALL:
                        raise archive.Damaged("the archive does not begin with its manifest")
                    data = _read_member(tar, member)
                    sums[MANIFEST] = hashlib.sha256(data).hexdigest()
                    manifest = read_manifest(data)
                    check(manifest)
                    unpacked = Unpacked(manifest, staging)
                    listed = {m["name"]: int(m["size"]) for m in manifest["members"]}
                    seen.append(MANIFEST)
                    continue
                name = member.name
                if not _member_name(name, unpacked.manifest["vendor"]) or name in seen:
                    raise archive.Damaged(f"the archive holds an unexpected member {name!r}")
                seen.append(name)
                if name == SUMS:
                    expected = _parse_sums(_read_member(tar, member))
                    continue
                if listed.get(name) != member.size:
                    raise archive.Damaged(f"the member {name!r} is not the size its manifest says")
                if name != DATABASE[unpacked.manifest["vendor"]] and member.size > MAX_SMALL:
                    raise archive.Damaged(f"the member {name!r} is too large")
                if len(seen) > MAX_CHECKPOINTS:
                    raise archive.Damaged("the archive holds too many members")
                path = staging / name.replace("/", "__")
                sums[name] = _extract(tar, member, path)
                unpacked.files[name] = path
        # The tar stream ends before the container does: read it to its last record.
        while reader.read(_READ):
            pass
    except tarfile.TarError as exc:
        raise archive.Damaged(f"the archive's content is damaged ({exc})") from exc
    if not reader.done or unpacked is None:
        raise archive.Damaged("the archive is cut short")
    if SUMS not in seen:
        raise archive.Damaged("the archive has no checksums")
    if set(listed) | {MANIFEST} != set(expected) or set(sums) != set(expected):
        raise archive.Damaged("the archive's members are not those its manifest lists")
    for name, digest in expected.items():
        if sums[name] != digest:
            raise archive.Damaged(f"the checksum of {name!r} fails")
    return unpacked


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    assert handle is not None
    return handle.read()


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> str:
    handle = tar.extractfile(member)
    assert handle is not None
    hashing = Hashing(handle)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(hashing, out, _READ)
        out.flush()
        os.fsync(out.fileno())
    return hashing.digest.hexdigest()


def _parse_sums(data: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        for line in data.decode().splitlines():
            digest, name = line.split("  ", 1)
            if not re.fullmatch("[0-9a-f]{64}", digest) or name in found:
                raise ValueError(line)
            found[name] = digest
    except ValueError as exc:
        raise archive.Damaged("the archive's checksums are damaged") from exc
    return found


@contextlib.contextmanager
def staging_directory(near: Path) -> Iterator[Path]:
    """A private directory beside ``near`` (the same file system: a rename is atomic),
    removed afterwards whatever happens."""
    near.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".baomi-restore-", dir=near))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
