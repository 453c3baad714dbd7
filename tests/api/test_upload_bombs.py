"""A zip bomb posted to every import route: a 500 MB expansion in about 0.5 MB, a real .xlsx
workbook that openpyxl read whole into memory (about 500 MB each time, never given back). Each
route answers 422 on the field "file", imports nothing, and the request's Python memory stays
under a bound (tests/core/test_uploads.py measures the whole process's peak)."""

from __future__ import annotations

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from baomi.access.roles import Role
from baomi.carriers.models import IncomingEntry
from baomi.devices.models import Asset
from baomi.org.models import Person
from tests.api.carriers import invalid
from tests.carriers import conftest as carriers
from tests.zips import MB, lying_sizes, xlsx_bomb

# The office of tests/carriers/conftest.py, as a fixture of this module.
office = carriers.office
# The peak of Python memory allocated while the request is answered.
MEMORY_BOUND = 64 * MB
HEADER = ["收文编号", "收文日期", "文号", "标题", "密级"]


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return xlsx_bomb(500 * MB, HEADER)


def post(client, url: str, data: bytes) -> tuple[HttpResponse, int]:
    """POST ``data`` as the file of ``url``: the answer, and the peak of Python memory
    allocated meanwhile."""
    upload = SimpleUploadedFile("register.xlsx", data)
    tracemalloc.start()
    try:
        response = client.client.post(url, {"file": upload}, headers=client.headers)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.mark.parametrize(
    "route, role",
    [
        ("/api/v1/incoming/import", "clerk"),
        ("/api/v1/assets/import", "officer"),
        ("/api/v1/org/people/import", "sysadmin"),
    ],
    ids=["incoming", "assets", "people"],
)
@pytest.mark.parametrize("dry_run", ["?dry_run=true", ""], ids=["dry_run", "import"])
def test_a_zip_bomb_is_refused_with_bounded_memory(office, api, bomb, route, role, dry_run):
    account = office.world.account(Role.SYSADMIN) if role == "sysadmin" else getattr(office, role)
    people = Person.objects.count()
    response, peak = post(api(account), route + dry_run, bomb)
    assert invalid(response)["field"] == "file"
    assert peak < MEMORY_BOUND, f"{peak / MB:.1f} MB"
    assert not IncomingEntry.objects.exists() and not Asset.objects.exists()
    assert Person.objects.count() == people


def test_a_bomb_whose_declared_sizes_lie_is_refused_with_bounded_memory(office, api, bomb):
    response, peak = post(
        api(office.clerk), "/api/v1/incoming/import?dry_run=true", lying_sizes(bomb)
    )
    assert invalid(response)["field"] == "file"
    assert peak < MEMORY_BOUND, f"{peak / MB:.1f} MB"
