from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page


@page("throwaway")
def keys(request: HttpRequest) -> HttpResponse:
    return render(request, "throwaway/keys.html", {"keys": ["档案室钥匙", "文印室钥匙"]})
