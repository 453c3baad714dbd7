"""Damaged files of every format: whatever the bytes, extraction ends with parts (read or
skipped with a reason) and never raises."""

from __future__ import annotations

import random

import pytest

from tests.scanner.extractors.cfb import compound_file
from tests.scanner.extractors.samples import (
    docx_file,
    eml_file,
    nested_zip,
    pdf_file,
    word_streams,
    workbook_stream,
)
from tests.scanner.extractors.support import extract

SAMPLES = {
    "a.docx": docx_file,
    "a.pdf": lambda: pdf_file("第一页 机密★", "第二页"),
    "a.doc": lambda: compound_file(word_streams("第一段\r机密\r", "abc\r", "页眉\r")),
    "a.xls": lambda: compound_file({"Workbook": workbook_stream()}),
    "a.eml": eml_file,
    "a.zip": nested_zip,
    "a.rtf": lambda: (
        rb"{\rtf1\ansicpg936{\fonttbl{\f0\fcharset134 x;}}{\header h\par}\u26426? b\par}"
    ),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_truncated_or_scrambled_files_never_raise(name: str) -> None:
    original = SAMPLES[name]()
    rng = random.Random(name)
    for _ in range(40):
        data = bytearray(original[: rng.randrange(1, len(original) + 1)])
        for _ in range(rng.randrange(0, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        for part in extract(name, bytes(data)):
            assert part.skipped is None or not tuple(part.segments)
