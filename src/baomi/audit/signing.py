"""The installation's Ed25519 key and the signed checkpoints of the audit chain.

Pure of ORM: a checkpoint is a plain document ``{seq, hash, at, public_key, signature}``; the
signature covers the canonical JSON of the first four. The key lives at
``settings.AUDIT_SIGNING_KEY`` (PEM, PKCS#8), created with mode 0600 on first use. Each
checkpoint is also kept as a file outside the database (``write_file``, in
``settings.AUDIT_CHECKPOINT_DIR``), named so that the newest sorts last (``newest_file``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from baomi.audit.chain import GENESIS, Verdict, broken, canonical, gettext_noop

FIELDS = ("seq", "hash", "at", "public_key", "signature")
_HEX = {"hash": 64, "public_key": 64, "signature": 128}
FORGED = gettext_noop("the signed checkpoint of event %(checkpoint)s has an invalid signature")
FOREIGN_KEY = gettext_noop(
    "the signed checkpoint of event %(checkpoint)s was not signed with this installation's key"
)
DISAGREE = gettext_noop("two signed checkpoints of event %(checkpoint)s disagree")


def key_path() -> Path:
    from django.conf import settings

    return Path(settings.AUDIT_SIGNING_KEY)


def private_key() -> Ed25519PrivateKey:
    """The installation's key, generated on first use (directory 0700, file 0600)."""
    path = key_path()
    if not path.exists():
        _generate(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def _generate(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Write aside (a unique name, mode 0600), then link into place: a concurrent first use
    # never reads half a key, and the first link wins.
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def public_key_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def installation_public_key() -> str | None:
    """The public half of the installation's key, or None when there is none yet (never
    creates one: verifying must not change anything)."""
    return public_key_hex(private_key()) if key_path().exists() else None


def at_text(at: datetime) -> str:
    """The one text form of a checkpoint's time that its signature covers."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _payload(checkpoint: dict[str, Any]) -> bytes:
    return canonical({name: checkpoint[name] for name in FIELDS[:4]})


def sign(*, seq: int, digest: str, at: datetime) -> dict[str, Any]:
    """A checkpoint document of the head ``(seq, digest)``, signed with the installation's key."""
    key = private_key()
    signed: dict[str, Any] = {
        "seq": seq,
        "hash": digest,
        "at": at_text(at),
        "public_key": public_key_hex(key),
    }
    signed["signature"] = key.sign(_payload(signed)).hex()
    return signed


def document(checkpoint: Any) -> dict[str, Any]:
    """The document of a stored checkpoint (any object with the five attributes)."""
    return {
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "at": at_text(checkpoint.at),
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
    }


_FILE_NAME = re.compile(r"checkpoint-[0-9]{12}-[0-9]{8}T[0-9]{12}Z\.json")


def file_name(checkpoint: dict[str, Any]) -> str:
    """``checkpoint-<seq, 12 digits>-<UTC time>.json``: names sort as the checkpoints do."""
    at = datetime.fromisoformat(checkpoint["at"]).astimezone(UTC)
    return f"checkpoint-{checkpoint['seq']:012d}-{at:%Y%m%dT%H%M%S%f}Z.json"


def write_file(directory: Path, checkpoint: dict[str, Any]) -> Path:
    """Keep ``checkpoint`` as a file in ``directory`` (created if missing): written aside, synced,
    then linked into place, so the directory never holds half a checkpoint and no file is
    overwritten."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(checkpoint)
    descriptor, name = tempfile.mkstemp(dir=directory, prefix=".checkpoint-")
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(json.dumps(checkpoint, indent=2) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    folder = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return path


def newest_file(directory: Path) -> tuple[Path, dict[str, Any]] | None:
    """The newest checkpoint file in ``directory`` and its checkpoint; None when there is none.
    Raises ValueError when that file is not a checkpoint or its name is not its content's
    (the signature is checked separately)."""
    try:
        names = [name for name in os.listdir(directory) if _FILE_NAME.fullmatch(name)]
    except FileNotFoundError:
        return None
    if not names:
        return None
    path = directory / max(names)
    try:
        checkpoint = parse(path.read_text(encoding="utf-8"))
        named = file_name(checkpoint)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise ValueError(f"{path}: {exc}") from exc
    if named != path.name:
        raise ValueError(f"{path}: it holds the checkpoint {named}")
    return path, checkpoint


def signature_valid(checkpoint: dict[str, Any]) -> bool:
    """Whether the signature is the one its public key made over this checkpoint document."""
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint["public_key"]))
        public.verify(bytes.fromhex(checkpoint["signature"]), _payload(checkpoint))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


def parse(text: str) -> dict[str, Any]:
    """A checkpoint document from its JSON (as ``baomi audit checkpoint`` prints it). Raises
    ValueError when it is not one; the signature is checked separately."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError("not a JSON checkpoint") from exc
    if not isinstance(data, dict) or any(name not in data for name in FIELDS):
        raise ValueError(f"a checkpoint needs the fields {', '.join(FIELDS)}")
    if type(data["seq"]) is not int or data["seq"] < 0 or not isinstance(data["at"], str):
        raise ValueError("a checkpoint's seq must be a number and its time a text")
    for name, length in _HEX.items():
        value = data[name]
        if not isinstance(value, str) or not re.fullmatch(f"[0-9a-f]{{{length}}}", value):
            raise ValueError(f"a checkpoint's {name} must be {length} hexadecimal digits")
    return {name: data[name] for name in FIELDS}


def trusted_points(
    checkpoints: list[dict[str, Any]], *, own_key: str | None = None, own: int = 0
) -> dict[int, str] | Verdict:
    """The ``{seq: hash}`` points the chain must pass through, or the failed verdict of the
    first checkpoint that cannot be trusted: a bad signature, two that disagree, or (for the
    first ``own`` ones, the installation's stored checkpoints) a key other than ``own_key``."""
    trusted: dict[int, str] = {}
    for index, checkpoint in enumerate(checkpoints):
        seq = checkpoint["seq"]
        problem = None
        if not signature_valid(checkpoint):
            problem = FORGED
        elif index < own and checkpoint["public_key"] != own_key:
            problem = FOREIGN_KEY
        elif trusted.get(seq, checkpoint["hash"]) != checkpoint["hash"]:
            problem = DISAGREE
        if problem:
            return broken(seq, (0, GENESIS), problem, checkpoint=seq)
        trusted[seq] = checkpoint["hash"]
    return trusted
