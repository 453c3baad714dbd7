"""Helpers of the extractor tests: run the extractors, look at what came out."""

from __future__ import annotations

import io
import zipfile

from baomi.scanner.extractors import Limits, Part, parts


def extract(name: str, data: bytes, **limits: int) -> list[Part]:
    return list(parts(name, data, limits=Limits(**limits)))


def texts(found: list[Part], suffix: str = "") -> dict[str, str]:
    """Location → text of the text segments of the unskipped part ``suffix`` (texts of one
    location joined by newlines)."""
    out: dict[str, str] = {}
    for part in found:
        if part.path_suffix == suffix and part.skipped is None:
            for segment in part.segments:
                if segment.text is not None:
                    previous = out.get(segment.location)
                    joined = segment.text if previous is None else f"{previous}\n{segment.text}"
                    out[segment.location] = joined
    return out


def skipped(found: list[Part]) -> dict[str, str]:
    """Path suffix → skip reason of every skipped part."""
    return {part.path_suffix: part.skipped for part in found if part.skipped}


def formats(found: list[Part]) -> dict[str, str]:
    return {part.path_suffix: part.format for part in found if part.skipped is None}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
