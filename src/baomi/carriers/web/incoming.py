"""The incoming register (收文登记) and its routing slip (呈批传阅笺), JOURNEYS §1: the clerk
registers and imports received documents and sends the slip to the office director, who
writes the instruction and chooses the readers (IN-NUMBER, IN-ROUTE, CLS-MAC)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.access.roles import Permission, has_permission
from baomi.carriers import imports
from baomi.carriers.models import IncomingEntry, Series, Urgency
from baomi.carriers.operations import incoming
from baomi.carriers.queries import copies as carriers
from baomi.carriers.web.forms.common import candidates
from baomi.carriers.web.forms.incoming import ImportIncomingForm, IncomingForm, InstructForm
from baomi.kit.forms import offer
from baomi.kit.pages import attachment, cleaned, done, page


@page("desk")
def incoming_register(request: HttpRequest) -> HttpResponse:
    """收文登记: the form, and on success the routing slip with the number it got."""
    if request.method == "POST":
        form = IncomingForm(request.POST, actor=request.user)
        cleaned(form)
        entry = incoming.register_incoming(actor=request.user, **form.operation_kwargs())
        message = _("Registered as %(number)s.") % {"number": entry.register_number}
        return done(request, message, reverse("incoming_entry", args=[entry.pk]))
    return render(
        request,
        "carriers/incoming/register.html",
        {"form": IncomingForm(actor=request.user), "import_form": ImportIncomingForm()},
    )


@require_POST
@page("desk")
def incoming_import(request: HttpRequest) -> HttpResponse:
    """Import an existing incoming register from an .xlsx or .csv file. "Dry run" checks
    every line and lists the lines to register or every rejected line and why, changing
    nothing; "import" registers them all or, when any line is rejected, none."""
    upload = cleaned(ImportIncomingForm(request.POST, request.FILES))["file"]
    reading = imports.reading(upload, upload.name)
    dry_run = "dry_run" in request.POST
    try:
        parsed = incoming.import_incoming(actor=request.user, rows=reading.rows, dry_run=dry_run)
    except imports.ImportRejected as exc:
        context = {
            "dry_run": dry_run,
            "reading": reading,
            "rows": [],
            "rejected": exc.rejected,
            "message": exc.message,
        }
        # A dry run that finds rejected lines has done its job; an import refused has not.
        return render(
            request, "carriers/incoming/import.html", context, status=200 if dry_run else 400
        )
    if dry_run:
        lines = [(row, Series(row.series).label, Urgency(row.urgency).label) for row in parsed]
        context = {
            "dry_run": True,
            "reading": reading,
            "rows": lines,
            "rejected": [],
            "import_form": ImportIncomingForm(),
        }
        return render(request, "carriers/incoming/import.html", context)
    message = ngettext(
        "%(n)d received document imported.", "%(n)d received documents imported.", len(parsed)
    )
    return done(request, message % {"n": len(parsed)}, reverse("desk"))


@page("desk")
def incoming_import_template(request: HttpRequest) -> HttpResponse:
    """The import template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), _("incoming-register-template.xlsx"))


def _instruct_form(actor: Any, entry: IncomingEntry) -> InstructForm:
    """The director's form: the readers picked among the people, those who may not know the
    document greyed with the reason (CLS-MAC)."""
    form = InstructForm()
    offer(form, "readers", candidates(actor, entry.document))
    return form


@page("documents")
def incoming_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The routing slip: what came in, its number, where the slip is, the instruction and the
    readers. The clerk sends it to the director; the director instructs on it."""
    actor = request.user
    entry = carriers.incoming_entry(actor, entry_id)  # NotFound → 404, the read is recorded
    person = knower(actor)
    instructs = (
        person is not None
        and entry.director_id == person.pk
        and entry.routed_at is not None
        and entry.instructed_at is None
    )
    first = carriers.first_receipt(actor, entry)
    return render(
        request,
        "carriers/incoming/entry.html",
        {
            "entry": entry,
            "doc": entry.document,
            "number": entry.register_number,
            "first": first,
            "first_number": first.register_number if first else "",
            "routes": has_permission(actor, Permission.REGISTER_ITEMS) and not entry.routed_at,
            "instructs": instructs,
            "form": _instruct_form(actor, entry) if instructs else None,
        },
    )


@require_POST
@page("desk")
def incoming_route(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Send the routing slip to the office director's inbox (IN-ROUTE)."""
    entry = incoming.route(actor=request.user, entry_id=entry_id)
    message = _("Routing slip of %(number)s sent to %(director)s.") % {
        "number": entry.register_number,
        "director": entry.director.name if entry.director else "",
    }
    return done(request, message, reverse("incoming_entry", args=[entry.pk]))


@require_POST
@page("documents")
def incoming_instruct(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The director's instruction and readers (IN-ROUTE; each reader must be allowed to know
    the document, CLS-MAC)."""
    data = cleaned(InstructForm(request.POST))
    entry = incoming.instruct(
        actor=request.user,
        entry_id=entry_id,
        instruction=data["instruction"],
        reader_ids=data["readers"],
    )
    message = _("Instruction on %(number)s recorded.") % {"number": entry.register_number}
    return done(request, message, reverse("home"))
