from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page


@page("throwaway")
def seals(request: HttpRequest) -> HttpResponse:
    return render(request, "throwaway/seals.html", {"seals": ["公章", "合同专用章"]})
