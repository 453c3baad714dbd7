"""What each of the carriers' approval requests authorises, in a sentence: the numbers, dates,
people and methods of its parameters, as the approver approves them (the registered
``ApprovalOperation.sentence``). People are named as the organisation's people list names
them; a document or copy is the request's subject, described on its own (CLS-MAC)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.carriers import queries as carriers
from baomi.carriers.models import ChangeKind
from baomi.carriers.queries.copies import known_copies
from baomi.core.levels import label as level_label
from baomi.kit.language import listed
from baomi.org import queries as org_queries

METHODS = {
    "photocopy": gettext_lazy("photocopying"),
    "reprint": gettext_lazy("reprinting"),
    "excerpt": gettext_lazy("excerpting"),
}


def _name(actor: Any, person_id: Any) -> str:
    return org_queries.name_of(actor, person_id) or "—"


def _copies(actor: Any, ids: Any) -> str:
    """The copies ``ids`` by document, 《title》第3、4份, as far as the actor may know them
    (CLS-MAC); the others only counted."""
    ids = list(ids or ())
    known = known_copies(actor).filter(pk__in=ids).order_by("document__title", "document", "number")
    by_document: dict[Any, list[int]] = {}
    for copy in known:
        by_document.setdefault(copy.document, []).append(copy.number)
    parts = [
        _("«%(title)s» copies %(numbers)s") % {"title": doc.title, "numbers": listed(numbers)}
        for doc, numbers in by_document.items()
    ]
    hidden = len(ids) - sum(len(numbers) for numbers in by_document.values())
    if hidden:
        parts.append(_("%(n)d copies you may not know") % {"n": hidden})
    return listed(parts)


def widen_scope(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Add %(name)s to the knowledge scope.") % {
        "name": _name(actor, params.get("person_id"))
    }


def sign_off(actor: Any, params: Mapping[str, Any]) -> str:
    if params.get("term_years"):
        return _("Sign off as %(level)s, protected for %(years)s years.") % {
            "level": level_label(params.get("level")),
            "years": params["term_years"],
        }
    return _("Sign off as %(level)s.") % {"level": level_label(params.get("level"))}


def print_run(actor: Any, params: Mapping[str, Any]) -> str:
    """PRINT-APPROVE fixes the number, level, copies, distribution and recall date."""
    return _(
        "Print %(copies)s copies of %(number)s as %(level)s, recalled by %(date)s, for "
        "%(recipients)d recipients: %(distribution)s."
    ) % {
        "copies": params.get("copies", "—"),
        "number": params.get("number", "—"),
        "level": level_label(params.get("level")),
        "date": params.get("recall_date", "—"),
        "recipients": len(params.get("distribution") or ()),
        "distribution": listed(params.get("distribution") or ()) or "—",
    }


def print_outside(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Print %(number)s outside the general office.") % {"number": params.get("number", "—")}


def reproduce(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Make %(count)s copies by %(method)s.") % {
        "count": params.get("count", "—"),
        "method": METHODS.get(params.get("method"), "—"),
    }


def lend(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Lend to %(name)s until %(date)s, for: %(purpose)s") % {
        "name": _name(actor, params.get("borrower_id")),
        "date": params.get("due_date", "—"),
        "purpose": params.get("purpose", "—"),
    }


def take_out(actor: Any, params: Mapping[str, Any]) -> str:
    values = {
        "name": _name(actor, params.get("person_id")),
        "destination": params.get("destination", "—"),
        "date": params.get("due_date", "—"),
        "purpose": params.get("purpose", "—"),
    }
    if params.get("abroad"):
        return (
            _("%(name)s takes it abroad to %(destination)s until %(date)s, for: %(purpose)s")
            % values
        )
    return _("%(name)s takes it to %(destination)s until %(date)s, for: %(purpose)s") % values


def read_archives(actor: Any, params: Mapping[str, Any]) -> str:
    ids = list(params.get("documents") or ())
    known = carriers.documents(actor).filter(pk__in=ids).order_by("number")
    names = [_("%(number)s «%(title)s»") % {"number": d.number, "title": d.title} for d in known]
    if len(names) < len(ids):
        names.append(_("%(n)d documents you may not know") % {"n": len(ids) - len(names)})
    return _("Consult %(n)d archived documents: %(documents)s.") % {
        "n": len(ids),
        "documents": listed(names),
    }


def destroy(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Destroy %(n)d copies, %(archived)d of them archived: %(copies)s.") % {
        "n": len(params.get("copies") or ()),
        "archived": len(params.get("archived") or ()),
        "copies": _copies(actor, params.get("copies")),
    }


def hand_over(actor: Any, params: Mapping[str, Any]) -> str:
    return _("Hand %(n)d copies over to %(name)s: %(copies)s.") % {
        "n": len(params.get("copies") or ()),
        "name": _name(actor, params.get("to")),
        "copies": _copies(actor, params.get("copies")),
    }


def reclassify(actor: Any, params: Mapping[str, Any]) -> str:
    kind = params.get("kind")
    if kind == ChangeKind.DECLASSIFY:
        return _("Declassify.")
    if kind == ChangeKind.CHANGE_TERM:
        return _("Change the term to %(years)s years.") % {"years": params.get("to_term", "—")}
    if params.get("to_term"):
        return _("Downgrade to %(level)s, protected for %(years)s years.") % {
            "level": level_label(params.get("to_level")),
            "years": params["to_term"],
        }
    return _("Downgrade to %(level)s.") % {"level": level_label(params.get("to_level"))}
