"""The annual report's page (年度保密工作总结, ANNUAL-REPORT): a year's sections with their
figures, each a link to the list behind it, and their prose — a form of one text box per
section for the security office (OVERSEE), read only for the leaders — and the downloads as
an editable .docx and a PDF (``?format=docx|pdf``, recorded)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.cockpit.models import AnnualReport
from baomi.cockpit.operations import report as ops
from baomi.cockpit.queries import report as queries
from baomi.cockpit.queries import report_files as files
from baomi.kit.forms import Form, NoControlCharacters
from baomi.kit.pages import attachment, cleaned, done, page

NAV = "annual_report"


def report_url(year: int) -> str:
    return f"{reverse('annual_report')}?{urlencode({'year': year})}"


class ProseForm(Form):
    """The report's title and one text per section shown."""

    year = forms.IntegerField(widget=forms.HiddenInput, min_value=queries.EARLIEST_YEAR)
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=AnnualReport._meta.get_field("title").max_length,
    )

    def __init__(self, *args: Any, sections: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in sections:
            self.fields[section.key] = forms.CharField(
                label=section.heading,
                required=False,
                max_length=queries.MAX_PROSE,
                strip=True,
                # A section the office wrote nothing for shows its draft, kept as a draft (its
                # figures may change) until the office writes over it.
                widget=forms.Textarea(
                    attrs={"rows": 4, "class": "form-control", "placeholder": section.draft}
                ),
                validators=[NoControlCharacters(multiline=True)],
            )

    def prose(self, data: dict[str, Any]) -> dict[str, str]:
        return {k: data[k] for k in queries.SECTION_KEYS if k in data}


def _form(rep: queries.Report) -> ProseForm:
    return ProseForm(
        sections=rep.sections,
        initial={
            "year": rep.year,
            "title": rep.title,
            **{s.key: s.saved for s in rep.sections if s.saved is not None},
        },
    )


@page(NAV)
def annual_report(request: HttpRequest) -> HttpResponse:
    """The report of ``?year=`` (this year by default); ``&format=docx|pdf`` downloads it."""
    actor = request.user
    year = queries.report_year(request.GET.get("year"))
    if "format" in request.GET:
        exported = files.export(actor, year, request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    rep = queries.report(actor, year)
    form = _form(rep) if rep.keeps else None
    return render(
        request,
        "cockpit/report/year.html",
        {
            "report": rep,
            "years": queries.years(),
            "form": form,
            "sections": [(s, form[s.key] if form else None) for s in rep.sections],
            "downloads": [(f, f"?{urlencode({'year': year, 'format': f})}") for f in files.WRITERS],
        },
    )


@require_POST
@page(NAV)
def annual_report_save(request: HttpRequest) -> HttpResponse:
    """Save the prose of the year posted (the security office)."""
    actor = request.user
    year = queries.report_year(request.POST.get("year"))
    rep = queries.report(actor, year)
    form = ProseForm(request.POST, sections=rep.sections)
    data = cleaned(form)
    ops.save_report(actor=actor, year=year, prose=form.prose(data), title=data["title"] or None)
    return done(request, _("The report's prose is saved."), report_url(year))
