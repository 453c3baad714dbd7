"""Template helpers: clauses of the rulebook in the current language, numbering, badges."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.approvals.approvers import KINDS as APPROVER_KINDS
from baomi.core import rules
from baomi.core.levels import Clearance, Level
from baomi.kit.language import is_zh
from baomi.rulebook import book
from baomi.seams.approvals import parameters_sentence
from baomi.web.middleware import RULE_TAG

register = template.Library()

_DIGITS = "零一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (how articles of a 制度 are numbered)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _DIGITS[rest]
    else:
        tail = (_DIGITS[1] if rest < 20 else "") + zh_numeral(rest)
    return _DIGITS[n // 100] + "百" + tail


def _rule(rule_or_id: Any) -> rules.Rule | None:
    if isinstance(rule_or_id, rules.Rule):
        return rule_or_id
    try:
        return rules.get(str(rule_or_id))
    except KeyError:
        return None


@register.filter
def rule_title(rule_or_id: Any) -> str:
    rule = _rule(rule_or_id)
    if rule is None:
        return ""
    return rule.title_zh if is_zh() else rule.title_en


@register.filter
def rule_text(rule_or_id: Any) -> str:
    rule = _rule(rule_or_id)
    if rule is None:
        return ""
    return rule.text_zh if is_zh() else rule.text_en


@register.filter
def rule_source(rule: rules.Rule) -> str:
    """Where the rule comes from, in the current language."""
    return rules.source_text(rule.source, zh=is_zh())


KIND_LABELS = {
    rules.Kind.BLOCK: gettext_lazy("refuses"),
    rules.Kind.APPROVE: gettext_lazy("needs approval"),
    rules.Kind.WITNESS: gettext_lazy("needs witnesses"),
    rules.Kind.RECORD: gettext_lazy("kept in a register"),
    rules.Kind.DEADLINE: gettext_lazy("sets a deadline"),
    rules.Kind.CHECK: gettext_lazy("self-inspection item"),
    rules.Kind.POLICY: gettext_lazy("policy"),
}


@register.filter
def kind_label(kind: rules.Kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


@register.filter
def param_help(param: rules.Param) -> str:
    return param.help_zh if is_zh() else param.help_en


@register.filter
def section_title(section: int) -> str:
    zh, en = rules.SECTIONS[section]
    return zh if is_zh() else en


@register.filter
def article(n: int) -> str:
    """第N条 / Article N."""
    return f"第{zh_numeral(n)}条" if is_zh() else _("Article %(n)d") % {"n": n}


@register.filter
def chapter(n: int) -> str:
    """第N章 / Chapter N (section 0 of the rulebook is chapter 1)."""
    return f"第{zh_numeral(n + 1)}章" if is_zh() else _("Chapter %(n)d") % {"n": n + 1}


@register.filter
def param_value(value: Any, ranks: dict[str, str] | None = None) -> str:
    """A parameter's value as a reader sees it: approver keys by their names, lists joined,
    a rank's key by its name in ``ranks`` (the organisation's, ``{key: name}``)."""
    if isinstance(value, list):
        sep = "、" if is_zh() else ", "
        return sep.join(str(APPROVER_KINDS.get(v, v)) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str((ranks or {}).get(value, value))


@register.filter
def param_floor(param: rules.Param, ranks: dict[str, str] | None = None) -> str:
    """The regulation's floor of a parameter and its bounds, approvers and ranks by their
    names."""
    return book.floor_text(param, lambda value: param_value(value, ranks))


@register.filter
def compact_json(value: Any) -> str:
    """Event details as one line of JSON, Chinese left readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@register.filter
def message_rule(message: Any) -> str:
    """The rule id a refusal message carries (RefusalMiddleware tags it), or ""."""
    for tag in str(getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(RULE_TAG):
            return tag[len(RULE_TAG) :]
    return ""


@register.inclusion_tag("web/partials/clause.html")
def clause(rule_id: str) -> dict[str, Any]:
    """The clause that refused: its id, title and text in the current language."""
    return {"rule": _rule(rule_id), "rule_id": rule_id}


@register.inclusion_tag("web/partials/rule.html")
def rule_badge(rule_id: str, tone: str = "secondary") -> dict[str, Any]:
    """A rule cited on a page: its id as a badge with its title beside it, linked to its
    article of the rulebook."""
    return {"rule_id": rule_id, "title": rule_title(rule_id), "tone": tone}


@register.inclusion_tag("web/partials/level.html")
def level_badge(level: int | None) -> dict[str, Any]:
    if level is None:
        return {"level": None}
    return {"level": int(level), "label": Level(int(level)).label}


@register.inclusion_tag("web/partials/clearance.html")
def clearance_badge(clearance: int) -> dict[str, Any]:
    value = Clearance(int(clearance))
    return {"value": int(value), "label": value.label}


@register.simple_tag(takes_context=True)
def authorises(context: Any, approval: Any) -> str:
    """What an approval request authorises, in a sentence for the signed-in person (its
    operation's registered ``sentence``)."""
    return parameters_sentence(context["request"].user, approval.operation, approval.params)
