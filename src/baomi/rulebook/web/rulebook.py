"""The organisation's rulebook as a readable 制度, and the security officer's edits."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baomi.access.roles import Permission, actor_organisation_id, has_permission
from baomi.core.errors import NotFound
from baomi.kit.pages import cleaned, done, page
from baomi.rulebook import book, ranks
from baomi.rulebook.operations import set_rule
from baomi.rulebook.web.forms import RuleForm


def _edits(actor: Any) -> bool:
    return has_permission(actor, Permission.EDIT_RULEBOOK)


@page("rulebook")
def rulebook(request: HttpRequest) -> HttpResponse:
    """Chapters by section, each rule an article 第N条 with its text, source, kinds and this
    organisation's parameter values (marked where they differ from the default)."""
    edits = _edits(request.user)
    names = ranks.names(request.user)  # CLS-SCOPE-RANK's floors by the ranks' names
    chapters, number = [], 0
    rules = book.rulebook(actor_organisation_id(request.user))
    for section, group in groupby(rules, key=lambda e: e.rule.section):
        articles = []
        for effective in group:
            number += 1
            articles.append(
                {
                    "number": number,
                    "rule": effective.rule,
                    "enabled": effective.enabled,
                    "params": [
                        (p, effective.params[p.name], effective.params[p.name] != p.default)
                        for p in effective.rule.params
                    ],
                    "overridden": effective.overridden,
                    "form": RuleForm(effective=effective, ranks=names, prefix=effective.rule.id)
                    if edits
                    else None,
                }
            )
        chapters.append({"section": section, "articles": articles})
    return render(
        request,
        "rulebook/rulebook.html",
        {"chapters": chapters, "edits": edits, "ranks": names},
    )


@require_POST
@page("rulebook", _edits)
def rule_edit(request: HttpRequest, rule_id: str) -> HttpResponse:
    try:
        effective = book.effective(actor_organisation_id(request.user), rule_id)
    except KeyError:
        raise NotFound(_("There is no such rule.")) from None
    form = RuleForm(
        request.POST, effective=effective, ranks=ranks.names(request.user), prefix=rule_id
    )
    cleaned(form)
    set_rule(actor=request.user, **form.operation_kwargs())
    return done(
        request,
        _("Rule %(id)s changed.") % {"id": rule_id},
        f"{reverse('rulebook')}#rule-{rule_id}",
    )
