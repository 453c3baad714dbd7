"""The self-inspections' pages (INSP-MONTHLY, INSP-QUARTERLY, INSP-CHECKLIST): the list —
waiting for the actor first — with the form to open one, an inspection's page (each item
with the records' answer and its evidence links, confirmed or corrected, then submitted),
its printed 检查表, the register's exports, and the security office's checklists."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from baomi.access.mac import knower
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.exports import EXPORTERS
from baomi.kit.forms import Form, IdField, date_input
from baomi.kit.pages import attachment, cleaned, done, export_links, page
from baomi.oversight.models import InspectionKind, InspectionState, Verdict
from baomi.oversight.operations.checklists import (
    change_checklist,
    create_checklist,
    retire_checklist,
)
from baomi.oversight.operations.inspections import (
    answer_item,
    open_inspection,
    submit_inspection,
)
from baomi.oversight.policies import oversees
from baomi.oversight.queries import inspections as queries
from baomi.oversight.queries.papers import export_register, printed
from baomi.seams.evidence import EVIDENCE_PROVIDERS


def waiting_count(actor: object) -> int:
    """The menu's badge: the inspections waiting for the actor's answers."""
    return queries.waiting(actor)


class OpenForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InspectionKind.choices)
    department_id = IdField(label=gettext_lazy("Department"), required=False)
    person_id = IdField(label=gettext_lazy("Person"), required=False)
    day = forms.DateField(
        label=gettext_lazy("A day of the period"), required=False, widget=date_input()
    )
    inspector_id = IdField(label=gettext_lazy("Inspector"), required=False)


def register_url() -> str:
    return reverse("oversight")


def register_exports() -> list[tuple[str, str]]:
    return [(f, f"{reverse('oversight')}?{urlencode({'format': f})}") for f in EXPORTERS]


@page("oversight")
def inspections(request: HttpRequest) -> HttpResponse:
    """Every inspection the person may know, those still being answered first; ``?format=``
    exports the register (.xlsx, PDF)."""
    file_format = request.GET.get("format", "")
    if file_format:
        export = export_register(request.user, file_format)
        return attachment(export.content, export.filename, export.content_type)
    subjects = queries.subjects(request.user)
    return render(
        request,
        "oversight/inspections/list.html",
        {
            "inspections": queries.inspections(request.user)[:200],
            "subjects": subjects,
            "kinds": InspectionKind.choices,
            "oversees": oversees(request.user),
            "exports": export_links(request),
            "me": knower(request.user),
        },
    )


@require_POST
@page("oversight")
def inspection_open(request: HttpRequest) -> HttpResponse:
    data = cleaned(OpenForm(request.POST))
    found = open_inspection(
        actor=request.user,
        kind=data["kind"],
        department_id=data.get("department_id"),
        person_id=data.get("person_id"),
        day=data.get("day"),
        inspector_id=data.get("inspector_id"),
    )
    return done(request, _("Inspection opened."), reverse("inspection", args=[found.pk]))


@page("oversight")
def inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    found = queries.inspection(request.user, inspection_id)
    return render(
        request,
        "oversight/inspections/inspection.html",
        {
            "inspection": found,
            "answers": queries.answers(found),
            "verdicts": Verdict.choices,
            "may_answer": found.state == InspectionState.OPEN
            and queries.may_answer(request.user, found),
            "scans": found.scan_records.all(),
            "oversees": oversees(request.user),
        },
    )


@require_POST
@page("oversight")
def inspection_answer(request: HttpRequest, inspection_id: int, answer_id: int) -> HttpResponse:
    """One item's verdict and note (``verdict``, ``note``)."""
    answer_item(
        actor=request.user,
        inspection_id=inspection_id,
        answer_id=answer_id,
        verdict=request.POST.get("verdict", ""),
        note=request.POST.get("note", "")[:4000],
    )
    return done(
        request, _("Answer saved."), reverse("inspection", args=[inspection_id]) + f"#a{answer_id}"
    )


class SubmitForm(Form):
    due = forms.DateField(
        label=gettext_lazy("Findings to be put right by"), required=False, widget=date_input()
    )


@require_POST
@page("oversight")
def inspection_submit(request: HttpRequest, inspection_id: int) -> HttpResponse:
    data = cleaned(SubmitForm(request.POST))
    submit_inspection(actor=request.user, inspection_id=inspection_id, due=data.get("due"))
    return done(request, _("Inspection submitted."), reverse("inspection", args=[inspection_id]))


@page("oversight")
def inspection_print(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The inspection's 保密检查表 as a PDF."""
    _found, paper = printed(request.user, inspection_id)
    return attachment(paper.content, paper.filename, "application/pdf")


class ChecklistForm(Form):
    """A checklist: its kind, name and items, one a line: ``rule | evidence key | text``."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InspectionKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    items = forms.CharField(
        label=gettext_lazy("Items, one a line: rule | records' answer | question"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
    )

    def parsed(self) -> list[dict[str, str]]:
        found = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|", 2)]
            if len(parts) < 3:
                raise InvalidInput(
                    _("Each line: rule | records' answer | question."), field="items"
                )
            found.append({"rule": parts[0], "evidence": parts[1], "text": parts[2]})
        return found


def _office(request: HttpRequest) -> None:
    if not oversees(request.user):
        raise AccessDenied(_("Your role does not permit this page."))


def _lines(checklist: object) -> str:
    return "\n".join(f"{i.rule_id} | {i.evidence} | {i.text}" for i in queries.items(checklist))


@page("oversight")
def checklists(request: HttpRequest) -> HttpResponse:
    """The checklists (INSP-CHECKLIST): the defaults and the organisation's own; a new one
    from the form (the security office)."""
    _office(request)
    if request.method == "POST":
        form = ChecklistForm(request.POST)
        data = cleaned(form)
        made = create_checklist(
            actor=request.user, kind=data["kind"], name=data["name"], items=form.parsed()
        )
        return done(request, _("Checklist saved."), reverse("checklist", args=[made.pk]))
    return render(
        request,
        "oversight/inspections/checklists.html",
        {
            "checklists": queries.checklists(request.user),
            "form": ChecklistForm(),
            "providers": list(EVIDENCE_PROVIDERS),
            "oversees": True,
        },
    )


def _evidence_label(key: str) -> str:
    provider = EVIDENCE_PROVIDERS.get(key) if key else None
    return str(provider.label) if provider is not None else ""


@page("oversight")
def checklist(request: HttpRequest, checklist_id: int) -> HttpResponse:
    """One checklist with its items; the organisation's own changed (a new version) or taken
    out of use."""
    _office(request)
    found = queries.checklist(request.user, checklist_id)
    if request.method == "POST":
        if request.POST.get("retire"):
            retire_checklist(actor=request.user, checklist_id=found.pk)
            return done(request, _("Checklist taken out of use."), reverse("checklists"))
        form = ChecklistForm(request.POST)
        data = cleaned(form)
        made = change_checklist(
            actor=request.user, checklist_id=found.pk, name=data["name"], items=form.parsed()
        )
        return done(request, _("Checklist saved."), reverse("checklist", args=[made.pk]))
    return render(
        request,
        "oversight/inspections/checklist.html",
        {
            "checklist": found,
            # Each item with the label of the records' answer that pre-fills it.
            "items": [(item, _evidence_label(item.evidence)) for item in queries.items(found)],
            "form": ChecklistForm(
                initial={"kind": found.kind, "name": found.name, "items": _lines(found)}
            ),
            "providers": list(EVIDENCE_PROVIDERS),
            "oversees": True,
        },
    )
