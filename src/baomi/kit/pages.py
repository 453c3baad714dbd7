"""What every page shares: the page guard, form cleaning and the answer after a change."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.exports import CONTENT_TYPES, EXPORTERS, XLSX
from baomi.seams.navigation import NAVIGATION
from baomi.seams.panels import panels_for

View = Callable[..., HttpResponse]


def page(key: str, *extra: Any) -> Callable[[View], View]:
    """Guard a view with the permissions of navigation entry ``key`` (and, when given, the
    ``extra`` permission check, a callable of the actor): anonymous visitors go to the login
    page, a role without the entry gets AccessDenied (403 via RefusalMiddleware)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            item = NAVIGATION[key]
            if not item.allows(request.user) or not all(check(request.user) for check in extra):
                raise AccessDenied(_("Your role does not permit this page."))
            # The menu marks this entry as the current one, whatever the page's URL (a tab
            # of a domain's pages lives under its own path).
            request.nav_key = key  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def same_host(request: HttpRequest, url: str, default: str) -> str:
    """``url`` if it leads to a page of this host (a form's ``next``, a Referer), else
    ``default``."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def next_page(request: HttpRequest, default: str) -> str:
    """Where to go after a button: the page a form asked to return to (its ``next``, same
    host only), else ``default``."""
    return same_host(request, request.POST.get("next", ""), default)


def filter_query(request: HttpRequest, **values: str) -> str:
    """A filtered page's filters as a query string, without its page and format, plus
    ``values`` (the links of its pager and exports)."""
    query: QueryDict = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    query.update(values)
    return query.urlencode()


def export_links(request: HttpRequest) -> list[tuple[str, str]]:
    """(format, link) of each export of a filtered page, with the page's filters."""
    return [(f, f"?{filter_query(request, format=f)}") for f in EXPORTERS]


def cleaned(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or InvalidInput naming every error (shown by the middleware)."""
    if form.is_valid():
        return form.cleaned_data
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    raise InvalidInput(" ".join(problems), field=next(iter(form.errors), ""))


def done(request: HttpRequest, message: str, to: str) -> HttpResponse:
    """Report a change and go to ``to`` (HX-Redirect for htmx requests, 303 otherwise)."""
    messages.success(request, message)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    response = redirect(to)
    response.status_code = 303
    return response


def attachment(
    content: bytes, filename: str, content_type: str = CONTENT_TYPES[XLSX]
) -> HttpResponse:
    """A file to download: ``content`` saved as ``filename`` (an .xlsx workbook by default)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def content_disposition(filename: str) -> str:
    """``attachment`` saved as ``filename``. A Chinese name (收文登记簿_2026-12.xlsx) is sent
    UTF-8 encoded as RFC 5987 says (``filename*``) and, for a client that reads only
    ``filename``, as its ASCII characters (baomi_2026-12.xlsx) with the extension."""
    if filename.isascii():
        return f'attachment; filename="{filename}"'
    stem, dot, extension = filename.rpartition(".")
    plain = re.sub(r"[^A-Za-z0-9._-]+", "", stem).strip("._-")
    if not re.search("[A-Za-z]", plain):
        plain = f"baomi_{plain}" if plain else "baomi"
    return f"attachment; filename=\"{plain}{dot}{extension}\"; filename*=UTF-8''{quote(filename)}"


def panels(request: HttpRequest, place: str, **about: Any) -> list[str]:
    """The panels the apps registered for ``place`` that have something for the signed-in
    person, each rendered (the page prints them in order)."""
    return [
        render_to_string(panel.template, context, request=request)
        for panel, context in panels_for(request.user, place, **about)
    ]
