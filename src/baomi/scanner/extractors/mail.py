"""Mail: .eml (MIME, read by the standard library) and Outlook .msg (an OLE compound file).

The subject and the body are the message's own segments ("subject", "body"); attachments are
members, extracted as nested parts ("!report.docx"). Of a plain and an HTML rendering of the same
body only the plain one is read, so a marking is reported once.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import Message

import olefile

from baomi.scanner.extractors.base import Context, Member
from baomi.scanner.extractors.text import codec, decode_text, strip_markup
from baomi.scanner.model import Segment


def extract_eml(data: bytes, ctx: Context) -> Iterator[Segment | Member]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    yield Segment(location="subject", text=str(message.get("Subject", "")))
    for number, part in enumerate(_leaves(message), 1):
        yield _mime_leaf(part, number)


def _leaves(part: Message) -> Iterator[Message]:
    """The parts that hold content, a forwarded message counting as one (an attachment)."""
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    subparts = part.get_payload()
    if part.get_content_type() == "multipart/alternative":
        plain = [sub for sub in subparts if sub.get_content_type() == "text/plain"]
        subparts = plain or subparts
    for sub in subparts:
        yield from _leaves(sub)


def _mime_leaf(part: Message, number: int) -> Segment | Member:
    kind = part.get_content_type()
    filename = part.get_filename()
    if kind == "message/rfc822":
        return Member(filename or f"message-{number}.eml", part.get_payload(0).as_bytes())
    payload = part.get_payload(decode=True) or b""
    body = kind in ("text/plain", "text/html") and part.get_content_disposition() != "attachment"
    if filename or not body:
        return Member(filename or f"attachment-{number}", payload)
    charset = codec(part.get_content_charset())
    if kind == "text/html":
        return Segment(location="body", text=strip_markup(decode_text(payload, charset)))
    if charset is None:  # undeclared: let the matcher try every encoding
        return Segment(location="body", data=payload)
    return Segment(location="body", text=payload.decode(charset, "replace"))


# MAPI properties of a .msg, by the stream names that hold them ("__substg1.0_" + tag + type):
# type 001F is UTF-16LE text, 001E 8-bit text in an unknown code page, 0102 binary.
_SUBJECT, _BODY, _HTML = "0037", "1000", "1013"
_ATTACHMENT_DATA = "37010102"
_ATTACHED_MESSAGE = "3701000D"
_ATTACHMENT_NAMES = ("3707", "3704")  # long file name, then the 8.3 one


def extract_msg(data: bytes, ctx: Context) -> Iterator[Segment | Member]:
    with olefile.OleFileIO(data) as ole:
        yield from _message(ole, [], "")


def _message(ole: olefile.OleFileIO, storage: list[str], label: str) -> Iterator[Segment | Member]:
    """One message in ``storage`` (the root, or an attached message's storage); the segments of
    an attached message carry its name in their location."""
    for tag, location in ((_SUBJECT, "subject"), (_BODY, "body")):
        value = _string(ole, storage, tag)
        if isinstance(value, str):
            yield Segment(location=f"{label}{location}", text=value)
        elif value is not None:
            yield Segment(location=f"{label}{location}", data=value)
        elif tag == _BODY:
            html = _stream(ole, [*storage, f"__substg1.0_{_HTML}0102"])
            if html is not None:  # 8-bit in the message's code page, perhaps NUL-terminated
                html = strip_markup(decode_text(html.rstrip(b"\x00")))
                yield Segment(location=f"{label}body", text=html)
    attachments = sorted(
        entry[-1]
        for entry in ole.listdir(streams=False, storages=True)
        if entry[:-1] == storage and entry[-1].startswith("__attach_version1.0_")
    )
    for number, attachment in enumerate(attachments, 1):
        where = [*storage, attachment]
        name = next(
            (_decoded(value) for tag in _ATTACHMENT_NAMES if (value := _string(ole, where, tag))),
            f"attachment-{number}",
        )
        payload = _stream(ole, [*where, f"__substg1.0_{_ATTACHMENT_DATA}"])
        if payload is not None:
            yield Member(name, payload)
        elif ole.exists("/".join([*where, f"__substg1.0_{_ATTACHED_MESSAGE}"])):
            inner = [*where, f"__substg1.0_{_ATTACHED_MESSAGE}"]
            yield from _message(ole, inner, f"{label}attachment {name}: ")


def _decoded(value: str | bytes) -> str:
    """A name for the report; an 8-bit one is most likely in the Chinese code page."""
    return value if isinstance(value, str) else value.decode("gb18030", "replace").rstrip("\x00")


def _stream(ole: olefile.OleFileIO, path: list[str]) -> bytes | None:
    return ole.openstream(path).read() if ole.exists("/".join(path)) else None


def _string(ole: olefile.OleFileIO, storage: list[str], tag: str) -> str | bytes | None:
    """A string property: decoded if stored as UTF-16LE, raw bytes if in an 8-bit code page."""
    wide = _stream(ole, [*storage, f"__substg1.0_{tag}001F"])
    if wide is not None:
        return wide.decode("utf-16-le", "replace").rstrip("\x00")
    return _stream(ole, [*storage, f"__substg1.0_{tag}001E"])
