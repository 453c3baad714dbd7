"""Registering a recording (AV-RECORD): the general office's clerk (or the department the
rulebook designates) registers it with what it is; its list is the recordings register."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from baomi.access.roles import Permission, has_permission
from baomi.carriers.operations import recordings
from baomi.carriers.web.forms.recordings import RecordingForm
from baomi.kit.pages import cleaned, done, page


def _registers(actor: object) -> bool:
    return has_permission(actor, Permission.REGISTER_ITEMS)


@page("documents", _registers)
def recording_register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RecordingForm(request.POST, actor=request.user)
        cleaned(form)
        doc = recordings.register_recording(actor=request.user, **form.operation_kwargs())
        return done(
            request,
            _("Registered %(number)s.") % {"number": doc.number},
            reverse("document", args=[doc.pk]),
        )
    form = RecordingForm(actor=request.user)
    return render(request, "carriers/recordings/register.html", {"form": form})
