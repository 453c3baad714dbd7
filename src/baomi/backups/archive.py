"""The backup archive's container: a stream of records, checksummed or encrypted, read and
written a chunk at a time (a database of a million documents is gigabytes; nothing here holds
more than one chunk in memory).

Pure: no Django. The layout::

    MAGIC                       b"BAOMI-BACKUP\\n"
    header length (4 bytes)     big-endian
    header                      canonical JSON: format, cipher, compression, chunk size and,
                                encrypted, the scrypt parameters, salt and key check
    records                     flag (1 byte: 1 on the last record, else 0), length (4 bytes),
                                payload; the last record ends the file

- **Plain** (``cipher`` "none"): a payload is the chunk itself; the last record's payload ends
  with the SHA-256 of everything before it (magic, header, every record's flag, number, length
  and data), so a changed byte, a cut or records in another order fail the check at the end.
- **Encrypted** (``aes-256-gcm``, or ``sm4-gcm`` where the organisation requires 国密): a
  payload is a random 12-byte nonce and the chunk sealed by the cipher, its additional data the
  SHA-256 of magic and header, the record's number (8 bytes) and its flag. A changed byte fails
  its record; records swapped fail their numbers; a cut archive has no last record; a header
  changed (cipher, salt) fails every record. The key comes from the passphrase through scrypt
  with the header's random salt; the header keeps a check value of the key (SHA-256 of the key
  and a label), so a wrong passphrase is told apart from a damaged archive.

Whatever the cipher, nothing read may be trusted before ``Reader`` reached the last record:
a restore unpacks everything into a staging area first and applies nothing until then.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"BAOMI-BACKUP\n"
FORMAT = 1  # the container's version; a reader refuses a newer one
CHUNK = 1024 * 1024
NONE, AES, SM4 = "none", "aes-256-gcm", "sm4-gcm"
CIPHERS = {"aes": AES, "sm4": SM4}
KEY_BYTES = {AES: 32, SM4: 16}
NONCE = 12
TAG = 16
# scrypt: 64 MiB and about a quarter of a second per derivation. A header may not ask for more
# than MAX_* (a crafted archive must not make the reader allocate gigabytes).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**16, 8, 1
MAX_N, MAX_R, MAX_P = 2**20, 16, 4
MAX_HEADER = 64 * 1024
MAX_PASSPHRASE = 1024
_RECORD = struct.Struct(">BI")
_CHECK_LABEL = b"baomi-backup key check"


class ArchiveError(Exception):
    """The archive cannot be trusted or read (the message says why, in English; the commands
    translate the kinds below)."""


class Damaged(ArchiveError):
    """A checksum or an authentication failed, or the archive was cut short."""


class WrongPassphrase(ArchiveError):
    """The passphrase does not open this archive (or none was given for an encrypted one)."""


class NewerFormat(ArchiveError):
    """The archive was written by a newer baomi."""


class NotAnArchive(ArchiveError):
    """The file is not a baomi backup archive."""


def derive_key(passphrase: bytes, salt: bytes, cipher: str, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES[cipher], n=n, r=r, p=p).derive(passphrase)


def key_check(key: bytes) -> str:
    return hashlib.sha256(key + _CHECK_LABEL).hexdigest()


def _record_aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + struct.pack(">QB", index, int(final))


class _Sealer:
    """One chunk's authenticated encryption with the header's cipher."""

    def __init__(self, cipher: str, key: bytes) -> None:
        self.cipher = cipher
        self.key = key
        self._aes = AESGCM(key) if cipher == AES else None

    def seal(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        if self._aes is not None:
            return self._aes.encrypt(nonce, data, aad)
        encryptor = Cipher(algorithms.SM4(self.key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        return encryptor.update(data) + encryptor.finalize() + encryptor.tag

    def open(self, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        if len(sealed) < TAG:
            raise InvalidTag
        if self._aes is not None:
            return self._aes.decrypt(nonce, sealed, aad)
        decryptor = Cipher(algorithms.SM4(self.key), modes.GCM(nonce, sealed[-TAG:])).decryptor()
        decryptor.authenticate_additional_data(aad)
        return decryptor.update(sealed[:-TAG]) + decryptor.finalize()


class Writer:
    """A file-like sink: what is written is compressed (optionally), cut into chunks and
    written as records to ``out``; ``close()`` writes the last record (call it, or the
    archive is unreadable: that is the point)."""

    def __init__(
        self,
        out: BinaryIO,
        *,
        cipher: str = NONE,
        passphrase: bytes | None = None,
        compress: bool = True,
        chunk: int = CHUNK,
    ) -> None:
        if cipher != NONE and not passphrase:
            raise ValueError("an encrypted archive needs a passphrase")
        self.out = out
        self.chunk = chunk
        self.written = 0  # bytes of the archive file
        header: dict[str, Any] = {
            "format": FORMAT,
            "cipher": cipher,
            "compression": "zlib" if compress else "none",
            "chunk": chunk,
        }
        self._sealer: _Sealer | None = None
        if cipher != NONE:
            assert passphrase is not None
            salt = os.urandom(16)
            key = derive_key(passphrase, salt, cipher, SCRYPT_N, SCRYPT_R, SCRYPT_P)
            header["kdf"] = {
                "name": "scrypt",
                "n": SCRYPT_N,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": salt.hex(),
                "check": key_check(key),
            }
            self._sealer = _Sealer(cipher, key)
        encoded = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        prefix = MAGIC + struct.pack(">I", len(encoded)) + encoded
        self._header_digest = hashlib.sha256(prefix).digest()
        self._running = hashlib.sha256(prefix)
        self._emit(prefix)
        self._compressor = zlib.compressobj(1) if compress else None
        self._buffer = bytearray()
        self._index = 0
        self.closed = False

    def _emit(self, data: bytes) -> None:
        self.out.write(data)
        self.written += len(data)

    def _record(self, data: bytes, final: bool) -> None:
        if self._sealer is not None:
            nonce = os.urandom(NONCE)
            aad = _record_aad(self._header_digest, self._index, final)
            payload = nonce + self._sealer.seal(nonce, data, aad)
            self._emit(_RECORD.pack(int(final), len(payload)) + payload)
        else:
            head = _RECORD.pack(int(final), len(data) + (32 if final else 0))
            self._running.update(struct.pack(">Q", self._index) + head + data)
            self._emit(head + data)
            if final:
                self._emit(self._running.digest())
        self._index += 1

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("write to a closed archive")
        self._buffer += self._compressor.compress(data) if self._compressor else data
        while len(self._buffer) >= self.chunk:
            self._record(bytes(self._buffer[: self.chunk]), final=False)
            del self._buffer[: self.chunk]
        return len(data)

    def close(self) -> None:
        if self.closed:
            return
        if self._compressor is not None:
            self._buffer += self._compressor.flush()
        while len(self._buffer) > self.chunk:
            self._record(bytes(self._buffer[: self.chunk]), final=False)
            del self._buffer[: self.chunk]
        self._record(bytes(self._buffer), final=True)
        self._buffer.clear()
        self.closed = True


@dataclass(frozen=True)
class Header:
    format: int
    cipher: str
    compression: str
    chunk: int
    kdf: dict[str, Any] | None


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise Damaged("the archive is cut short")
    return data


def read_header(source: BinaryIO) -> tuple[Header, bytes]:
    """The archive's header and the bytes it was read from (magic included)."""
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise NotAnArchive("not a baomi backup archive")
    (length,) = struct.unpack(">I", _read_exactly(source, 4))
    if length > MAX_HEADER:
        raise Damaged("the archive's header is too long")
    encoded = _read_exactly(source, length)
    try:
        data = json.loads(encoded)
        header = Header(
            int(data["format"]),
            str(data["cipher"]),
            str(data["compression"]),
            int(data["chunk"]),
            data.get("kdf"),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise Damaged("the archive's header is damaged") from exc
    if header.format > FORMAT:
        raise NewerFormat(f"archive format {header.format}, this baomi reads up to {FORMAT}")
    if (
        header.cipher not in (NONE, AES, SM4)
        or header.compression not in ("none", "zlib")
        or not 0 < header.chunk <= 64 * CHUNK
        or (header.cipher != NONE) != isinstance(header.kdf, dict)
    ):
        raise Damaged("the archive's header is damaged")
    return header, magic + struct.pack(">I", length) + encoded


def _key(header: Header, passphrase: bytes | None) -> bytes:
    kdf = header.kdf or {}
    if not passphrase:
        raise WrongPassphrase("the archive is encrypted: give its passphrase")
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = bytes.fromhex(kdf["salt"])
        check = str(kdf["check"])
    except (KeyError, TypeError, ValueError) as exc:
        raise Damaged("the archive's header is damaged") from exc
    if kdf.get("name") != "scrypt" or not (
        1 < n <= MAX_N and n & (n - 1) == 0 and 0 < r <= MAX_R and 0 < p <= MAX_P
    ):
        raise Damaged("the archive's key derivation is out of bounds")
    key = derive_key(passphrase, salt, header.cipher, n, r, p)
    if not hmac.compare_digest(key_check(key), check):
        raise WrongPassphrase("wrong passphrase")
    return key


class Reader:
    """The archive's content (decrypted, decompressed) as a file-like source, read a chunk at
    a time. Raises ``Damaged`` when a record fails, when the archive is cut short or goes on
    after its last record; ``done`` is true once the last record was checked."""

    def __init__(self, source: BinaryIO, *, passphrase: bytes | None = None) -> None:
        self.source = source
        self.header, prefix = read_header(source)
        self._header_digest = hashlib.sha256(prefix).digest()
        self._running = hashlib.sha256(prefix)
        self._sealer = (
            _Sealer(self.header.cipher, _key(self.header, passphrase))
            if self.header.cipher != NONE
            else None
        )
        self._decompressor = zlib.decompressobj() if self.header.compression == "zlib" else None
        self._index = 0
        self._pending = bytearray()
        self.done = False
        self._limit = self.header.chunk + NONCE + TAG + 32

    def _next_record(self) -> bytes:
        flag, length = _RECORD.unpack(_read_exactly(self.source, _RECORD.size))
        if flag not in (0, 1) or length > self._limit:
            raise Damaged("the archive is damaged (a record's length)")
        payload = _read_exactly(self.source, length)
        final = flag == 1
        if self._sealer is not None:
            aad = _record_aad(self._header_digest, self._index, final)
            try:
                data = self._sealer.open(payload[:NONCE], payload[NONCE:], aad)
            except InvalidTag:
                raise Damaged(
                    f"the archive fails its authentication at record {self._index}"
                ) from None
        else:
            data = payload[:-32] if final else payload
            if final and length < 32:
                raise Damaged("the archive is damaged (its last record)")
            self._running.update(struct.pack(">Q", self._index) + _RECORD.pack(flag, length) + data)
            if final and not hmac.compare_digest(self._running.digest(), payload[-32:]):
                raise Damaged("the archive fails its checksum")
        self._index += 1
        if final:
            if self.source.read(1):
                raise Damaged("the archive goes on after its last record")
            self.done = True
        return data

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._pending) < size) and not self.done:
            data = self._next_record()
            if self._decompressor is not None:
                try:
                    data = self._decompressor.decompress(data)
                    if self.done:
                        data += self._decompressor.flush()
                except zlib.error as exc:
                    raise Damaged("the archive's content is damaged") from exc
            self._pending += data
        if size < 0:
            size = len(self._pending)
        out = bytes(self._pending[:size])
        del self._pending[:size]
        return out

    def chunks(self) -> Iterator[bytes]:
        while True:
            data = self.read(CHUNK)
            if not data:
                return
            yield data
