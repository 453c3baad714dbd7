"""baomi's URLs plus ``/bare/``: a bare Django JSON view answering a constant page shaped like
one of ``GET /api/v1/copies?limit=25`` (the reference of bench/http_copies.py). It goes
through the same middleware as every baomi page, and nothing else."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

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


urlpatterns = [path("bare/", bare), *baomi_urlpatterns]
