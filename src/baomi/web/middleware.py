"""RefusalMiddleware: the one place where a refused operation becomes a page.

- NotFound → the 404 page, identical for a missing item and one the actor may not know.
- AccessDenied → the 403 page.
- RuleViolation, InvalidInput, Conflict → the message and, for a rule, the clause that refused
  (rule id, title and text in the current language): after a POST as a message on the page the
  form came from (an action's form open again there with what was typed, ``kit.actions``);
  for an htmx request as a fragment swapped into ``#refusals`` (the form keeps its input);
  for a GET as a page of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from baomi.audit.operation import REFUSALS, record_refusal
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.kit.actions import keep_refused
from baomi.kit.pages import is_htmx, same_host

RULE_TAG = "rule:"


def status_of(exc: Exception) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InvalidInput):
        return 400
    if isinstance(exc, Conflict) or getattr(exc, "conflict", False):
        return 409
    return 403


class ChineseByDefaultMiddleware:
    """Speak Simplified Chinese unless the person chose English with the switch (the language
    cookie). Office browsers often ask for English without anyone having chosen it, so the
    browser's Accept-Language is not consulted for the pages; a client of the API (/api/) is
    answered in the language it asks for (Chinese when it asks for none). Runs before
    LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every answer to a signed-in person and on every JSON
    answer and export of the API: a page, a register or a ledger must not stay in a browser's
    or a proxy's cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The path first: an API call need not load a session's user.
        if request.path.startswith("/api/") or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class RefusalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, NotFound | AccessDenied | RuleViolation | InvalidInput | Conflict):
            return None
        if isinstance(exc, REFUSALS):
            # Refused by the page itself (its role guard, a read) before any operation ran: the
            # same one audit event as through the API.
            match = request.resolver_match
            record_refusal(
                actor=request.user if request.user.is_authenticated else None,
                name=f"web.{match.url_name if match else request.path}",
                arguments=dict(match.kwargs) if match else {},
                exc=exc,
            )
        status = status_of(exc)
        if isinstance(exc, NotFound | AccessDenied):
            # Never the exception's own words for these: "missing" and "not knowable" must
            # read the same (CLS-MAC non-disclosure).
            refusal = {"status": status, "message": "", "rule_id": ""}
        else:
            refusal = {
                "status": status,
                "message": exc.message,
                "rule_id": getattr(exc, "rule_id", ""),
            }
        if is_htmx(request):
            response = render(request, "web/partials/refusal.html", refusal, status=status)
            response["HX-Retarget"] = "#refusals"
            response["HX-Reswap"] = "innerHTML"
            return response
        if status in (403, 404) and not refusal["message"]:
            return render(request, f"{status}.html", status=status)
        if request.method == "POST":
            tag = f"{RULE_TAG}{refusal['rule_id']}" if refusal["rule_id"] else ""
            messages.error(request, refusal["message"], extra_tags=tag)
            keep_refused(request, exc)  # an action's form comes back with what was typed
            return redirect(_back(request))
        return render(request, "web/refused.html", refusal, status=status)


def _back(request: HttpRequest) -> str:
    """The page a refused form came from (same host only), else the home page."""
    return same_host(request, request.headers.get("Referer", ""), reverse("home"))
