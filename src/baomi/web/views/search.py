"""The search page: what every domain's search provider finds (``baomi.seams.search``) among
the items the signed-in person may know, the nearest number first, as the API's /search
answers it. A text too long or holding a control character is refused naming the field (400)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form
from baomi.kit.pages import page
from baomi.seams.search import MAX_QUERY, search


class SearchForm(Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY, required=False)


@page("home")
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    found = search(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(
        request,
        "web/search.html",
        {"form": form, "q": request.GET.get("q", ""), "found": found},
        status=200 if form.is_valid() else 400,
    )
