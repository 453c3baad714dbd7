"""baomi's URLs plus ``/bare/``: a bare Django JSON view answering a constant page shaped like
one of ``GET /api/v1/copies?limit=25`` (the reference of bench/http_copies.py). It goes
through the same middleware as every baomi page, and nothing else.

And ``/floor/``: the same constant page answered by a django-ninja route with baomi's token
authentication and a row schema of the copies' shape: what an API list costs before it reads
anything (bench/api_inprocess.py)."""

from datetime import datetime

from django.http import HttpRequest, JsonResponse
from django.urls import path
from ninja import NinjaAPI, Schema

from baomi.api.auth import BearerToken
from baomi.core.outputs import Row
from baomi.urls import urlpatterns as baomi_urlpatterns

PAGE = {
    "next_offset": 25,
    "items": [
        {
            "id": 100_000 + n,
            "document_id": 40_000 + n // 3,
            "document_number": f"压测发〔2026〕{40_000 + n // 3}号",
            "number": n % 3 + 1,
            "label": f"{n % 3 + 1}/3",
            "state": "with_custodian",
            "holder_id": 3,
            "custodian_id": 3,
            "due_at": None,
        }
        for n in range(25)
    ],
}


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse(PAGE)  # ASCII-escaped, as django-ninja answers


class FloorRow(Row):
    id: int
    document_id: int
    document_number: str
    number: int
    label: str
    state: str
    holder_id: int | None
    custodian_id: int
    due_at: datetime | None


class FloorPage(Schema):
    next_offset: int | None
    items: list[FloorRow]


floor_api = NinjaAPI(auth=[BearerToken()], urls_namespace="bench-floor", docs_url=None)


@floor_api.get("", response=FloorPage)
def floor(request: HttpRequest) -> dict:
    return PAGE


urlpatterns = [path("bare/", bare), path("floor/", floor_api.urls), *baomi_urlpatterns]
