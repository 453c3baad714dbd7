"""Uploaded archives are checked before any parser opens them (baomi.core.uploads): a zip bomb,
an archive whose declared sizes lie, one with too many members, an encrypted member or a
compression without an output bound is refused as bad input on the field "file", and the
memory it costs stays bounded. A workbook within the bounds reads as before."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from baomi.core import imports, uploads
from baomi.core.errors import InvalidInput
from tests.factories import xlsx_bytes
from tests.zips import MB, flagged_encrypted, lying_sizes, members, recompressed, xlsx_bomb

COLUMNS = imports.ImportSpec((imports.Field("title", ("标题", "title"), required=True),), "")
# The growth of a process's peak memory that reading a refused bomb may cost.
MEMORY_BOUND = 64 * MB


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real workbook whose shared strings unpack to 500 MB (about 0.5 MB packed)."""
    return xlsx_bomb(500 * MB)


def refusal(data: bytes) -> InvalidInput:
    """The refusal (in English) of reading ``data`` as an uploaded .xlsx."""
    with pytest.raises(InvalidInput) as refused, translation.override("en"):
        COLUMNS.read_rows(data, "upload.xlsx")
    assert refused.value.field == "file"
    return refused.value


def test_the_default_bounds():
    assert django_settings.UPLOAD_MAX_EXPANDED_BYTES == 50 * MB
    assert django_settings.UPLOAD_MAX_RATIO == 100
    assert django_settings.UPLOAD_MAX_MEMBERS == 10_000


def test_a_workbook_within_the_bounds_reads_as_before():
    uploads.check_archive(xlsx_bytes([["标题"], ["关于保密工作的通知"]]))
    [row] = COLUMNS.read_rows(xlsx_bytes([["标题"], ["通知"]]), "a.xlsx")
    assert (row.number, row.title) == (2, "通知")
    # A small part packed very tightly (a page of blanks) is ordinary, not a bomb.
    uploads.check_archive(members(1, size=uploads.RATIO_FLOOR))


def test_a_bomb_is_refused_by_its_declared_size_before_openpyxl_opens_it(bomb, monkeypatch):
    monkeypatch.setattr(imports, "load_workbook", pytest.fail)
    assert "50 MB" in refusal(bomb).message


def test_the_expanded_bound_is_a_setting(settings):
    settings.UPLOAD_MAX_EXPANDED_BYTES = 1 * MB
    assert "1 MB" in refusal(xlsx_bomb(2 * MB)).message


def test_a_member_packed_beyond_the_ratio_is_refused():
    """2 MB of zeros pack about 1000 : 1, well under the expanded bound."""
    assert "100" in refusal(members(1, size=2 * MB)).message


def test_too_many_members_are_refused(settings):
    settings.UPLOAD_MAX_MEMBERS = 20
    uploads.check_archive(members(20))
    assert "20" in refusal(members(21)).message


def test_declared_sizes_that_lie_do_not_get_past_the_reading(bomb, monkeypatch):
    """The central directory says 1 KB a member; the bytes unpack to 500 MB: reading stops at
    what was declared and the archive is refused as unreadable."""
    lying = lying_sizes(bomb)
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(lying)).infolist()) < MB
    monkeypatch.setattr(imports, "load_workbook", pytest.fail)
    assert refusal(lying).message == "The file is not a readable .xlsx workbook."


def test_an_encrypted_member_is_refused_as_unreadable():
    refusal(flagged_encrypted(xlsx_bytes([["标题"], ["通知"]])))


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_compression_without_an_output_bound_is_refused_as_unreadable(method):
    """zipfile unpacks bzip2 and LZMA without a bound on one call's output (350 bytes of
    bzip2 make 300 MB at the first read): only stored and deflated members, what every .xlsx
    uses, are read, so a workbook packed otherwise is refused."""
    workbook = recompressed(xlsx_bytes([["标题"], ["通知"]]), method)
    with pytest.raises(NotImplementedError):
        uploads.check_archive(workbook)
    refusal(workbook)


_MEASURE = """
import json, os, resource, sys
import django
django.setup()
from baomi.core import imports
from baomi.core.errors import InvalidInput
columns = imports.ImportSpec((imports.Field("title", ("标题",), required=True),), "")
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    columns.read_rows(data, "bomb.xlsx")
    field = None
except InvalidInput as refused:
    field = refused.field
growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps({"field": field, "growth": growth}))
"""


@pytest.mark.parametrize("lie", [False, True], ids=["declared", "lying"])
def test_reading_a_bomb_keeps_the_memory_of_the_process_bounded(bomb, tmp_path: Path, lie):
    """In a fresh process (ru_maxrss is the process's peak): refusing the 500 MB bomb, or the
    same bomb declaring 1 KB members, grows the peak by less than MEMORY_BOUND (it grew by
    about 500 MB when openpyxl read it)."""
    upload = tmp_path / "bomb.xlsx"
    upload.write_bytes(lying_sizes(bomb) if lie else bomb)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baomi.settings"}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(upload)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["field"] == "file"
    assert measured["growth"] < MEMORY_BOUND, measured
