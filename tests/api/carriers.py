"""Assertions shared by the API tests of documents' copies (test_incoming, test_outgoing,
test_use, test_lifecycle, test_classification)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from baomi.carriers.models import Copy, CopyEvent, Custody


def refused(response: HttpResponse, rule: str | None, status: int = 403) -> dict[str, Any]:
    """The answer is a refusal with ``status`` naming ``rule`` (null: refused by the role)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["rule"] == rule and body["message"], body
    return body


def invalid(response: HttpResponse) -> dict[str, Any]:
    """The answer is 422 with a message (never a 500)."""
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["message"] and (body.get("detail") or body.get("field")), body
    return body


def hidden_like_missing(client: Any, method: str, unknowable: str, missing: str, **kw) -> None:
    """CLS-MAC non-disclosure: an item the caller may not know answers exactly like a missing
    one: 404 with the same body."""
    a = client.call(method, unknowable, kw.get("body"))
    b = client.call(method, missing, kw.get("body"))
    assert a.status_code == b.status_code == 404, (a.content, b.content)
    assert a.content == b.content


def snapshot(*copy_ids: int) -> tuple[Any, ...]:
    """Everything an operation on these copies writes: what a refusal must leave alone."""
    rows = Copy.objects.filter(pk__in=copy_ids).order_by("pk")
    return (
        list(rows.values_list("pk", "state", "holder_id", "custodian_id", "due_at", "location")),
        CopyEvent.objects.filter(copy__in=rows).count(),
        Custody.objects.filter(copy__in=rows).count(),
    )
