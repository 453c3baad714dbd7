"""The audit log for the auditor (JOURNEYS §7): filter and read it by person, action, item and
date, see whether the chain verifies, export a period (.xlsx, or the chain that verifies
offline) and sign checkpoints. Exporting and signing are recorded; nothing else changes."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.audit import operations, queries, signing
from baomi.audit.actions import ACTIONS, label
from baomi.audit.web.forms import AuditFilterForm, ExportForm
from baomi.core.errors import InvalidInput
from baomi.kit.pages import attachment, cleaned, done, filter_query, is_htmx, page

PAGE_SIZE = 100


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every registered action by its label, grouped under the app that records it."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code in ACTIONS:
        prefix = code.partition(".")[0]
        try:
            group = str(apps.get_app_config(prefix).verbose_name)
        except LookupError:
            group = _("Other")
        groups[group].append((code, str(label(code))))
    return [(group, sorted(items, key=lambda c: c[1])) for group, items in sorted(groups.items())]


def _filters(data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``queries.events``."""
    filters: dict[str, Any] = {
        "action": data["action"] or None,
        "outcome": data["outcome"] or None,
        "date_from": data["since"],
        "date_to": data["until"],
        "who": data["actor"].strip() or None,
    }
    if data["subject"]:
        subject_type, sep, subject_id = data["subject"].strip().partition(":")
        if not sep:
            raise InvalidInput(
                _("Name the item as type:id, e.g. carriers.document:12."), field="subject"
            )
        filters["subject"] = (subject_type, subject_id)
    return filters


def _details(data: dict[str, Any]) -> list[tuple[str, str]]:
    """An event's details as (key, value) lines, nested values as compact JSON."""
    return [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in sorted(data.items())
    ]


@page("audit")
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, actions=action_choices())
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = _filters(form.cleaned_data)
    found = queries.events(request.user, **filters)
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    records = [
        {**record, "details": _details(record["data"])}
        for record in queries.readable(page_obj.object_list)
    ]
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "records": records,
            "page_obj": page_obj,
            "query": filter_query(request),
            "export_form": ExportForm(initial={"since": filters.get("date_from")}),
            "checkpoints": queries.checkpoints(request.user, limit=10),
        },
    )


@page("audit")
def audit_export(request: HttpRequest) -> HttpResponse:
    """A period of the log as a file (``operations.export_log``)."""
    data = cleaned(ExportForm(request.GET))
    exported = operations.export_log(
        actor=request.user,
        date_from=data["since"],
        date_to=data["until"],
        file_format=data["format"],
    )
    return attachment(exported.content, exported.filename, exported.content_type)


@page("audit")
@require_POST
def audit_checkpoint_create(request: HttpRequest) -> HttpResponse:
    """Sign the chain's head now (CHECKPOINT_AUDIT)."""
    try:
        checkpoint = operations.create_checkpoint(actor=request.user)
    except OSError:
        checkpoint = queries.checkpoints(request.user, limit=1)[0]
        message = _(
            "Checkpoint #%(seq)s is signed and kept in the database, but its file could not be "
            "written: tell the operator."
        )
    else:
        message = _("Checkpoint #%(seq)s signed: download it and keep it off this machine.")
    return done(request, message % {"seq": checkpoint.seq}, reverse("audit"))


@page("audit")
def audit_checkpoint(request: HttpRequest, seq: int) -> HttpResponse:
    """A signed checkpoint as the file ``baomi audit verify --checkpoint`` reads."""
    document = signing.document(queries.checkpoint(request.user, seq))
    return attachment(
        json.dumps(document, indent=2).encode(), signing.file_name(document), "application/json"
    )


@page("audit")
def audit_chain(request: HttpRequest) -> HttpResponse:
    """Verify the chain now (it streams every event, so the log page asks for it separately)."""
    status = queries.chain_status(request.user)
    context = {"status": status, "problem": status.verdict.explain(_)}
    template = "audit/chain_status.html" if is_htmx(request) else "audit/chain.html"
    return render(request, template, context)
