"""The audit log for the auditor (JOURNEYS §7): filter, read, and see whether the chain
verifies. Read-only: nothing on these pages changes anything."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from baomi.audit import queries
from baomi.audit.actions import ACTIONS
from baomi.audit.models import Outcome
from baomi.audit.web.forms import AuditFilterForm
from baomi.core.errors import InvalidInput
from baomi.kit.pages import is_htmx, page

PAGE_SIZE = 100


def _filters(data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``queries.events``."""
    filters: dict[str, Any] = {
        "action": data["action"] or None,
        "outcome": data["outcome"] or None,
        "date_from": data["since"],
        "date_to": data["until"],
        "username": data["actor"].strip() or None,
    }
    if data["subject"]:
        subject_type, sep, subject_id = data["subject"].strip().partition(":")
        if not sep:
            raise InvalidInput(
                _("Name the item as type:id, e.g. carriers.document:12."), field="subject"
            )
        filters["subject"] = (subject_type, subject_id)
    return filters


def _record(event: Any) -> dict[str, Any]:
    record = queries.event_record(event)
    # Action labels are registered in English; show them translated where a catalogue has them.
    return {**record, "action_label": _(record["action_label"]), "when": event.at}


@page("audit")
def audit(request: HttpRequest) -> HttpResponse:
    actions = [(code, f"{code} · {ACTIONS[code]}") for code in sorted(ACTIONS)]
    form = AuditFilterForm(request.GET or None, actions=actions)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = _filters(form.cleaned_data)
    found = queries.events(request.user, **filters)
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    records = [_record(e) for e in page_obj.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "records": records,
            "page_obj": page_obj,
            "query": query.urlencode(),
            "outcomes": dict(Outcome.choices),
        },
    )


@page("audit")
def audit_chain(request: HttpRequest) -> HttpResponse:
    """Verify the chain now (it streams every event, so the log page asks for it separately)."""
    status = queries.chain_status(request.user)
    context = {"status": status, "problem": status.verdict.explain(_)}
    template = "audit/chain_status.html" if is_htmx(request) else "audit/chain.html"
    return render(request, template, context)
