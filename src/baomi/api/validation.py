"""A malformed request's problems in the client's language: each schema error (pydantic's, in
English) said again by its type, and a message that names each field and its problem."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The schema errors a client meets, by pydantic's type; ``ctx`` fills the placeholders.
PROBLEMS = {
    "missing": gettext_lazy("required"),
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_type": gettext_lazy("must be a whole number"),
    "int_from_float": gettext_lazy("must be a whole number"),
    "float_parsing": gettext_lazy("must be a number"),
    "bool_parsing": gettext_lazy("must be true or false"),
    "bool_type": gettext_lazy("must be true or false"),
    "string_type": gettext_lazy("must be text"),
    "string_too_short": gettext_lazy("must have at least %(min_length)s characters"),
    "string_too_long": gettext_lazy("must have at most %(max_length)s characters"),
    "greater_than": gettext_lazy("must be greater than %(gt)s"),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s"),
    "less_than": gettext_lazy("must be less than %(lt)s"),
    "less_than_equal": gettext_lazy("must be at most %(le)s"),
    "date_parsing": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "date_type": gettext_lazy("must be a date (YYYY-MM-DD)"),
    "datetime_parsing": gettext_lazy("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "datetime_from_date_parsing": gettext_lazy("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "datetime_type": gettext_lazy("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "literal_error": gettext_lazy("must be one of %(expected)s"),
    "enum": gettext_lazy("must be one of %(expected)s"),
    "list_type": gettext_lazy("must be a list"),
    "too_long": gettext_lazy("must list at most %(max_length)s items"),
    "dict_type": gettext_lazy("must be an object"),
    "model_type": gettext_lazy("must be an object"),
    "model_attributes_type": gettext_lazy("must be an object"),
    "json_invalid": gettext_lazy("is not valid JSON"),
    "extra_forbidden": gettext_lazy("is not a field of this request"),
}
# Where a field is in the request, which the message leaves out.
PLACES = {"body", "query", "path", "form", "file", "payload", "filters"}


def problem(error: dict[str, Any]) -> str:
    """One schema error in the client's language (a validator's own message, translated when
    it was raised, without pydantic's "Value error, ")."""
    said = PROBLEMS.get(error.get("type", ""))
    if said is None:
        return str(error.get("msg", "")).removeprefix("Value error, ")
    try:
        return str(said) % {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return str(said).split(" %(", 1)[0]


def field_name(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()) if part not in PLACES)


def explained(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The message naming each field and its problem, and the errors with ``msg`` in the
    client's language (``type``, ``loc`` and ``ctx`` as pydantic gives them)."""
    detail = [{**error, "msg": problem(error)} for error in errors]
    said = [(field_name(error), error["msg"].rstrip(".。")) for error in detail]
    problems = _("; ").join(f"{field} {msg}" if field else msg for field, msg in said)
    return _("The request is not valid: %(problems)s.") % {"problems": problems}, detail
