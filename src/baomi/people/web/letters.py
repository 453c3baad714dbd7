"""The responsibility letters on the web (RESP-ANNUAL, RESP-RESIGN): the security office's
page of a year (each department with its signers, the days they signed and its state —
in effect, awaiting a signature, missing, re-signing due, no head), the button preparing the
year's letters, the register's exports, the text's editor with its versions; a letter's page
(its text, a sign button for each signer on their own login, the office's form recording a
paper signature, the PDF to print); the home panel of the letters awaiting one's signature
(counted in the 待办 badge) and the "my letters" panel of one's own file.

``register_seams`` is called from ``PeopleConfig.ready``: the panels and the register entry
of this part (its pages are a tab of the security files' menu entry, ``people_files``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from baomi.core.errors import InvalidInput
from baomi.core.exports import EXPORTERS
from baomi.kit.pages import attachment, cleaned, done, next_page, page
from baomi.people.models import LetterKind
from baomi.people.operations import letters as operations
from baomi.people.policies import keeps_files
from baomi.people.queries import letters as queries
from baomi.people.web.letters_forms import PaperSignatureForm, PrepareForm, TemplateForm

PART_LABELS = {"first": gettext_lazy("First signer"), "second": gettext_lazy("Second signer")}


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return queries.this_year()
    if not raw.isdigit() or len(raw) != 4:
        raise InvalidInput(_("Give the year as a number."), field="year")
    return queries.check_year(int(raw))


@page("people_files")
def letters(request: HttpRequest) -> HttpResponse:
    """The office's letters of a year (``?year=``; ``&format=xlsx|pdf``: the register)."""
    actor = request.user
    year = _year(request)
    if "format" in request.GET:
        exported = queries.export(actor, year, request.GET["format"])
        return attachment(exported.content, exported.filename, exported.content_type)
    now = queries.this_year()
    return render(
        request,
        "people/letters/letters.html",
        {
            "year": year,
            "years": list(range(now - queries.YEARS_BACK, now + queries.YEARS_AHEAD + 1)),
            "lines": queries.sheet(actor, year),
            "form": PrepareForm(initial={"year": year}),
            "exports": [(f, f"?year={year}&format={f}") for f in EXPORTERS],
            "tab": "letters",
        },
    )


@require_POST
@page("people_files")
def letters_prepare(request: HttpRequest) -> HttpResponse:
    year = cleaned(PrepareForm(request.POST))["year"]
    prepared = operations.prepare_letters(actor=request.user, year=year)
    message = ngettext("%(n)d letter prepared.", "%(n)d letters prepared.", len(prepared.created))
    message %= {"n": len(prepared.created)}
    if prepared.skipped:
        message += " " + _("Skipped: %(names)s.") % {
            "names": "; ".join(f"{name} ({why})" for name, why in prepared.skipped)
        }
    return done(request, message, f"{reverse('letters')}?year={year}")


@page("people_files")
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The letter's text of each kind in force, its editor, and every saved version."""
    actor = request.user
    if request.method == "POST":
        data = cleaned(TemplateForm(request.POST))
        saved = operations.save_template(actor=actor, **data)
        message = _("Version %(n)d saved.") % {"n": saved.version}
        return done(request, message, reverse("letter_templates"))
    kinds = []
    for kind, label in LetterKind.choices:
        title, text, version = queries.text_in_force(actor, kind)
        kinds.append(
            (
                kind,
                label,
                version,
                TemplateForm(
                    initial={"kind": kind, "title": title, "text": text}, auto_id=f"{kind}-%s"
                ),
            )
        )
    return render(
        request,
        "people/letters/templates.html",
        {"kinds": kinds, "versions": queries.templates(actor)[:100], "tab": "texts"},
    )


def _parts(letter: Any) -> list[tuple[str, str]]:
    return [
        (part, f"{PART_LABELS[part]}: {getattr(letter, part).name}")
        for part in operations.PARTS
        if getattr(letter, f"{part}_signed_on") is None
    ]


@page("home")
def letter(request: HttpRequest, letter_id: int) -> HttpResponse:
    """One letter: its text, the two signers and the days they signed; sign (one's own part),
    record a paper signature (the office), print."""
    actor = request.user
    found = queries.letter(actor, letter_id)
    part = queries.signer_part(found, getattr(actor, "person_id", None))
    may_sign = bool(part and found.current and getattr(found, f"{part}_signed_on") is None)
    office = keeps_files(actor)
    parts = _parts(found)
    paper = (
        PaperSignatureForm(parts=[p for p in parts if p[0] != part], auto_id="paper-%s")
        if office and found.current and [p for p in parts if p[0] != part]
        else None
    )
    return render(
        request,
        "people/letters/letter.html",
        {
            "letter": found,
            "in_effect": queries.in_effect(found),
            "may_sign": may_sign,
            "office": office,
            "paper": paper,
        },
    )


@require_POST
@page("home")
def letter_sign(request: HttpRequest, letter_id: int) -> HttpResponse:
    operations.sign_letter(actor=request.user, letter_id=letter_id)
    return done(
        request, _("Letter signed."), next_page(request, reverse("letter", args=[letter_id]))
    )


@require_POST
@page("people_files")
def letter_paper_sign(request: HttpRequest, letter_id: int) -> HttpResponse:
    found = queries.letter(request.user, letter_id)
    data = cleaned(PaperSignatureForm(request.POST, parts=_parts(found)))
    operations.record_paper_signature(
        actor=request.user, letter_id=letter_id, part=data["part"], signed_on=data["signed_on"]
    )
    return done(request, _("Paper signature recorded."), reverse("letter", args=[letter_id]))


@page("home")
def letter_print(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The letter as a PDF to print, with the two signature blocks."""
    printed = queries.print_letter(request.user, letter_id)
    return attachment(printed.content, printed.filename, "application/pdf")


# Panels.


def awaiting(actor: Any) -> dict[str, Any] | None:
    """HOME: the letters waiting for the person's own signature."""
    if not getattr(actor, "person_id", None):
        return None
    found = list(queries.awaiting_me(actor)[:20])
    return {"letters": found} if found else None


def awaiting_count(actor: Any) -> int:
    return queries.awaiting_count(actor)


def my_letters(actor: Any, **about: Any) -> dict[str, Any] | None:
    """MY_FILE: the letters the person signs, with their state."""
    if not getattr(actor, "person_id", None):
        return None
    found = list(queries.mine(actor)[:50])
    if not found:
        return None
    return {"letters": [(x, queries.in_effect(x)) for x in found]}


def register_seams() -> None:
    """This part's panels and register entry (``PeopleConfig.ready``)."""
    from django.utils.http import urlencode

    from baomi.access.roles import Permission, has_permission
    from baomi.audit.operation import subject_argument
    from baomi.seams.panels import HOME, MY_FILE, PANELS, Panel
    from baomi.seams.registers import REGISTER_ENTRIES, RegisterEntry

    # No menu entry of its own: the office's pages (the letters, their text, assessments,
    # merits) are a tab of the security files' entry ("people_files", people/_tabs.html) and
    # guarded by it; a letter's page by the home entry (everyone: the query decides whose).
    PANELS.register(
        Panel(
            "people.letters_to_sign",
            "people/letters/panel_to_sign.html",
            awaiting,
            place=HOME,
            order=7,
            count=awaiting_count,
        ),
        Panel(
            "people.my_letters",
            "people/letters/panel_mine.html",
            my_letters,
            place=MY_FILE,
            order=40,
        ),
    )

    def exports() -> list[tuple[str, str]]:
        year = queries.this_year()
        return [
            (f, f"{reverse('letters')}?{urlencode({'year': year, 'format': f})}") for f in EXPORTERS
        ]

    REGISTER_ENTRIES.register(
        RegisterEntry(
            key="people.letters",
            title=gettext_lazy("Responsibility letters signed"),
            url=lambda: reverse("letters"),
            rules=("RESP-ANNUAL", "RESP-RESIGN"),
            shown=lambda actor: has_permission(actor, Permission.SET_CLEARANCE),
            kind="ledger",
            exports=exports,
            order=900,
        )
    )
    subject_argument("letter_id", "people.responsibilityletter")
