"""A person's signed papers on their page in the organisation (PPL-VET): record a 保密协议 or
涉密人员保密责任书 with its scan or where the paper is kept, and download a scan (for those
who may know the paper: the office, and the person their own), sent as an attachment with the
type recognised when it was recorded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from baomi.core.errors import InvalidInput
from baomi.kit.forms import Form, date_input
from baomi.kit.pages import attachment, cleaned, done, page
from baomi.people.models import DocumentKind
from baomi.people.operations import papers as operations
from baomi.people.operations._papers import MAX_KEPT_IN, MAX_VERSION, MB, scan_max_bytes
from baomi.people.queries import papers as queries


class PaperForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Paper"),
        choices=[(k.value, k.label) for k in operations.KINDS],
    )
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=date_input())
    version = forms.CharField(label=gettext_lazy("Version of the text"), max_length=MAX_VERSION)
    kept_in = forms.CharField(
        label=gettext_lazy("Paper kept in"), max_length=MAX_KEPT_IN, required=False
    )
    scan = forms.FileField(
        label=gettext_lazy("Scan (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


def paper_form() -> PaperForm:
    return PaperForm(
        initial={"signed_on": timezone.localdate(), "kind": DocumentKind.AGREEMENT},
        auto_id="signed-paper-%s",
    )


def _upload(upload: Any) -> tuple[bytes | None, str | None]:
    """The uploaded scan's bytes and name, refused (field ``scan``) before reading a file
    larger than the bound."""
    if upload is None:
        return None, None
    limit = scan_max_bytes()
    if upload.size > limit:
        raise InvalidInput(
            _("The scanned file is larger than %(mb)s MB.") % {"mb": f"{limit / MB:g}"},
            field="scan",
        )
    return upload.read(limit + 1), upload.name


@require_POST
@page("people")
def record_paper(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a paper the person signed (PPL-VET)."""
    data = cleaned(PaperForm(request.POST, request.FILES))
    scan, scan_name = _upload(data["scan"])
    paper = operations.record_paper(
        actor=request.user,
        person_id=person_id,
        kind=data["kind"],
        signed_on=data["signed_on"],
        version=data["version"],
        kept_in=data["kept_in"],
        scan=scan,
        scan_name=scan_name,
    )
    return done(
        request,
        _("Recorded: %(paper)s signed on %(day)s.")
        % {"paper": paper.get_kind_display(), "day": paper.signed_on.isoformat()},
        reverse("person", args=[person_id]),
    )


@require_GET
@page("home")
def paper_scan(request: HttpRequest, paper_id: int) -> HttpResponse:
    """The scan of a signed paper, as an attachment (never shown inline), to whoever may know
    the paper (the query answers "not found" to anyone else)."""
    paper = queries.scan(request.user, paper_id)
    response = attachment(bytes(paper.scan), paper.scan_name or "scan", paper.scan_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
