"""The self-score's pages (the security office, OVERSEE): the predicted score of a chosen
profile with the veto items at risk first, the key items, then every chapter's items with
their points, deduction, evidence and the missing evidence, the unit's assessment of each
(not applicable, its own points, a deduction set by hand with a note); the import of the
unit's own edition (dry run first); and the evidence pack."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.accreditation import imports
from baomi.accreditation.data import builtin_profiles
from baomi.accreditation.operations import assessments as assessing
from baomi.accreditation.operations import profiles
from baomi.accreditation.queries import score as queries
from baomi.accreditation.queries.summary import points_text, result_label
from baomi.accreditation.web import pack
from baomi.accreditation.web.forms import AssessForm, ImportForm, StandardForm
from baomi.kit.pages import attachment, cleaned, done, page

NAV = "accreditation"
ZIP = "application/zip"


def score_url(standard_id: int) -> str:
    return f"{reverse('accreditation')}?{urlencode({'standard': standard_id})}"


def _chosen(request: HttpRequest) -> Any:
    profiles.ensure_builtin()
    data = cleaned(StandardForm(request.GET))
    if data.get("standard"):
        return queries.standard(request.user, data["standard"])
    return queries.default_standard(request.user)


def _profiles() -> list[tuple[str, str]]:
    return [(p["key"], p["name"]) for p in builtin_profiles()]


@page(NAV)
def accreditation(request: HttpRequest) -> HttpResponse:
    """The predicted score of the chosen standard (``?standard=``; the 军工 profile first)."""
    chosen = _chosen(request)
    score = queries.score(request.user, chosen.pk)
    return render(
        request,
        "accreditation/score.html",
        {
            "score": score,
            "standards": queries.standards(request.user),
            "result": result_label(score.total.result),
            "points": {
                "score": points_text(score.total.score),
                "total": points_text(score.standard.total_points),
                "pass_mark": points_text(score.standard.pass_mark),
                "known": points_text(score.total.known_points),
            },
            "pack_url": f"{reverse('accreditation_pack')}?{urlencode({'standard': chosen.pk})}",
        },
    )


@require_POST
@page(NAV)
def accreditation_assess(request: HttpRequest, item_id: int) -> HttpResponse:
    data = cleaned(AssessForm(request.POST))
    assessment = assessing.assess_item(
        actor=request.user,
        item_id=item_id,
        not_applicable=data["not_applicable"],
        own_points=data["own_points"],
        deduction=data["deduction"],
        note=data["note"],
    )
    to = score_url(assessment.item.standard_id) + f"#item-{item_id}"
    return done(request, _("Assessment saved."), to)


@page(NAV)
def accreditation_pack(request: HttpRequest) -> HttpResponse:
    """The evidence pack of the chosen standard, zipped."""
    chosen = _chosen(request)
    score = queries.score(request.user, chosen.pk)
    person = request.user.person
    content = pack.export(request, score, person.organisation_id, person.organisation.name)
    name = f"{_('evidence-pack')}_{chosen.key}_v{chosen.version}.zip"
    return attachment(content, name, ZIP)


@page(NAV)
def accreditation_import(request: HttpRequest) -> HttpResponse:
    """The import of the unit's edition: the form (GET); a dry run showing what would be
    created, or the import (POST)."""
    profiles.ensure_builtin()
    if request.method != "POST":
        return render(
            request,
            "accreditation/import.html",
            {"form": ImportForm(profiles=_profiles(), initial={"profile": "jungong"})},
        )
    form = ImportForm(request.POST, request.FILES, profiles=_profiles())
    data = cleaned(form)
    upload = data["file"]
    reading = imports.reading(upload, upload.name)
    fields = {k: data[k] for k in ("name", "total_points", "pass_mark")}
    if "dry_run" in request.POST:
        values, checked, version = profiles.check_edition(
            actor=request.user,
            profile=data["profile"],
            edition=data["edition"],
            rows=reading.rows,
            **fields,
        )
        context = {
            "form": form,
            "dry_run": True,
            "reading": reading,
            "values": values,
            "version": version,
            "rows": checked.rows,
            "chapters": sorted({(r.group, r.chapter) for r in checked.rows}),
            "rejected": checked.rejected,
        }
        return render(request, "accreditation/import.html", context)
    try:
        standard = profiles.import_edition(
            actor=request.user,
            profile=data["profile"],
            edition=data["edition"],
            rows=reading.rows,
            filename=upload.name,
            **fields,
        )
    except imports.ImportRejected as exc:
        context = {
            "form": form,
            "dry_run": False,
            "reading": reading,
            "rows": [],
            "rejected": exc.rejected,
            "message": exc.message,
        }
        return render(request, "accreditation/import.html", context, status=400)
    return done(request, _("Edition imported."), score_url(standard.pk))


@page(NAV)
def accreditation_template(request: HttpRequest) -> HttpResponse:
    """The import template: an .xlsx workbook with the header row only."""
    return attachment(imports.template_xlsx(), _("scoring-standard-template.xlsx"))
