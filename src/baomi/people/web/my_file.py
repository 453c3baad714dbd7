"""My file (我的保密档案): every person with an account reads their own security file — their
class and posts, then what each part adds (``seams.panels.MY_FILE``: training hours, travel,
letters, …), and their monthly self-checks (PPL-SELFCHECK): this month's form while it is not
filed, the last missed month's to file late, and the past months."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page, panels
from baomi.people.queries import roster
from baomi.people.queries import self_checks as checks
from baomi.seams.panels import MY_FILE


@page("my_file")
def my_file(request: HttpRequest) -> HttpResponse:
    found = roster.my_file(request.user)
    due = (
        [m for m in (found.missed, None if found.self_check_filed else found.month) if m]
        if found.cleared
        else []
    )
    return render(
        request,
        "people/my_file.html",
        {
            "file": found,
            "due": due,
            "items": checks.checklist(found.person.organisation_id) if due else [],
            "panels": panels(request, MY_FILE, person=found.person),
        },
    )
