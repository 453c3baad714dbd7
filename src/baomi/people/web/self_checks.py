"""The monthly self-check filed from the home page in one click (PPL-SELFCHECK): each item's
answer (``answer-<key>``: yes or no) and note (``note-<key>``), and the ``month`` it is of
(this month by default; a missed month filed late from the "my file" page)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.core.errors import InvalidInput
from baomi.kit.pages import done, next_page, page
from baomi.people.operations.self_checks import file_self_check

ANSWERS = {"yes": True, "no": False}


@require_POST
@page("home")
def self_check_file(request: HttpRequest) -> HttpResponse:
    """File this month's self-check; an item left unanswered is refused naming the answers."""
    answers = {}
    for name, value in request.POST.items():
        if name.startswith("answer-"):
            key = name.removeprefix("answer-")
            answers[key] = {
                "yes": ANSWERS.get(value, value),
                "note": request.POST.get(f"note-{key}", ""),
            }
    month = None
    if request.POST.get("month"):
        try:
            month = datetime.date.fromisoformat(request.POST["month"][:10])
        except ValueError:
            raise InvalidInput(_("Give the month as a date."), field="month") from None
    file_self_check(actor=request.user, answers=answers, month=month)
    return done(request, _("Self-check filed."), next_page(request, reverse("home")))
