"""The NinjaAPI instance under /api/v1: its authentication, the routers of the apps, and the
one place where every refusal becomes its JSON answer.

Every error body carries ``message``; refusals by role or rule carry ``rule`` (the rule ID, or
null), invalid input carries ``field`` (or ``detail``, ninja's list of validation errors).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Response

from baomi.api import validation
from baomi.api.auth import BearerToken, SessionAuth
from baomi.audit.operation import record_refusal
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.seams.discovery import domain_modules

logger = logging.getLogger(__name__)


class Error(Schema):
    """The body of every error answer."""

    message: str
    rule: str | None = None
    field: str | None = None
    detail: list[Any] | None = None


ERROR_CODES = {
    401: "Not authenticated, or the token is unknown or revoked",
    403: "Refused by the role (rule null) or by a rule of the rulebook (rule = its ID)",
    404: "Missing, or not known to the caller (the same answer for both)",
    409: "Conflicts with the current state",
    422: "Invalid input",
}
# Answers of the routes that read a body: a body Django refuses to read.
BODY_ERROR_CODES = {
    400: "A malformed request body (e.g. too many form fields)",
    413: "The request body is larger than the server reads (DATA_UPLOAD_MAX_MEMORY_SIZE)",
}


class BaomiAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """ninja's schema, with the error answers that every route may give documented."""
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["Error"] = Error.model_json_schema()
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for methods in schema["paths"].values():
            for operation in methods.values():
                codes = {**ERROR_CODES, **(BODY_ERROR_CODES if "requestBody" in operation else {})}
                for code, description in codes.items():
                    operation["responses"].setdefault(
                        code, {"description": description, "content": ref}
                    )
        return schema


api = BaomiAPI(
    title="baomi",
    version="1",
    description="The JSON API of baomi: the same operations and checks as the web pages.",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    # The schema is served at /api/openapi.json; ninja's docs page would load Swagger from a
    # CDN unless ninja is an installed app, which an air-gapped network forbids (DEV-AIRGAP).
    openapi_url=None,
    docs_url=None,
)
# Every app's routes (``<app>.api.ROUTERS``: (prefix, router) pairs), in INSTALLED_APPS order.
for module in domain_modules("api"):
    for prefix, router in getattr(module, "ROUTERS", ()):
        api.add_router(prefix, router)
api.add_router("/search", "baomi.api.search.router")  # the global search over seams.search


def _answer(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _recorded(request: HttpRequest, exc: Exception) -> None:
    """Record a refusal that no operation recorded (a read refused): one audit event per
    refusal, as on the pages."""
    match = request.resolver_match
    record_refusal(
        actor=getattr(request, "auth", None),
        name=f"api.{match.url_name if match else request.path}",
        arguments=dict(match.kwargs) if match else {},
        exc=exc,
    )


@api.exception_handler(RuleViolation)
def rule_violation(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
    _recorded(request, exc)
    return _answer(request, 409 if exc.conflict else 403, rule=exc.rule_id, message=exc.message)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return _answer(request, 409, rule=None, message=exc.message)


@api.exception_handler(AccessDenied)
def access_denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
    _recorded(request, exc)
    return _answer(request, 403, rule=None, message=exc.message)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    """Missing and not knowable answer alike (CLS-MAC non-disclosure)."""
    _recorded(request, exc)
    return _answer(request, 404, message=exc.message)


@api.exception_handler(Http404)
def no_route_object(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _answer(request, 404, message=_("Not found."))


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return _answer(request, 422, message=exc.message, field=exc.field, detail=exc.detail)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    message, detail = validation.explained(list(exc.errors))
    return _answer(request, 422, message=message, detail=detail)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _answer(
        request,
        413,
        message=_("The request is larger than %(n)d KB.")
        % {"n": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024},
    )


@api.exception_handler(SuspiciousOperation)
def malformed_body(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Django refuses to read the body (too many fields or files): the client's fault."""
    return _answer(request, 400, message=_("The request is malformed."))


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _answer(request, 401, message=_("Log in, or send a valid API token."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _answer(request, exc.status_code, message=str(exc))


@api.exception_handler(Exception)
def internal_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Never a traceback in the answer, whatever DEBUG says; the log has it."""
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _answer(request, 500, message=_("Internal error: the server log has the details."))


@require_GET
def openapi_json(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3 schema of /api/v1 (served at /api/openapi.json, without authentication:
    it describes the routes, never data)."""
    return Response(api.get_openapi_schema())
