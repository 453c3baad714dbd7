"""The security officer's form of one rule of the organisation's rulebook."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from baomi.core.rules import APPROVER_LABELS, Rule
from baomi.kit.forms import Form, styled
from baomi.kit.language import is_zh
from baomi.rulebook.book import EffectiveRule

# Names in a list parameter are separated by commas (, ， or 、).
_LIST = re.compile("[,，、]")


def _approver_key(name: str) -> str:
    """An approver written by its name in any language (部门负责人, Department head) or its key:
    its key (what is not an approver is left for the operation to refuse)."""
    for key, label in APPROVER_LABELS.items():
        if name == key or name in (_label_in(label, "zh-hans"), _label_in(label, "en")):
            return key
    return name


def _label_in(label: Any, language: str) -> str:
    with translation.override(language):
        return str(label)


class RuleForm(Form):
    """One rule of the organisation's rulebook: in force or not, and its parameters."""

    enabled = forms.BooleanField(label=_("In force"), required=False)

    def __init__(
        self, *args: Any, effective: EffectiveRule, ranks: dict[str, str], **kwargs: Any
    ) -> None:
        """``ranks``: the organisation's ranks, ``{key: name}``, among which a rank
        parameter (CLS-SCOPE-RANK) is chosen by its name."""
        super().__init__(*args, **kwargs)
        self.rule: Rule = effective.rule
        self.fields["enabled"].initial = effective.enabled
        if not self.rule.switchable:
            self.fields["enabled"].disabled = True
            self.fields["enabled"].help_text = _("This rule is always in force.")
        separator = "、" if is_zh() else ", "
        for p in self.rule.params:
            value = effective.params[p.name]
            label = p.help_zh if is_zh() else p.help_en
            if p.type is int:
                field: forms.Field = forms.IntegerField(label=label, initial=value)
            elif p.approvers:
                field = forms.CharField(
                    label=label,
                    initial=separator.join(str(APPROVER_LABELS.get(v, v)) for v in value),
                    required=False,
                    help_text=_("In order, separated by commas, among: %(names)s.")
                    % {"names": separator.join(str(n) for n in APPROVER_LABELS.values())},
                )
            elif p.type is list:
                field = forms.CharField(
                    label=label,
                    initial=", ".join(value),
                    required=False,
                    help_text=_("Separate the names with commas."),
                )
            elif p.rank and ranks:
                field = forms.ChoiceField(label=label, initial=value, choices=list(ranks.items()))
            else:
                field = forms.CharField(label=label, initial=value, max_length=100)
            self.fields[f"param_{p.name}"] = field
        styled(self)

    def operation_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        for p in self.rule.params:
            value = data[f"param_{p.name}"]
            if p.type is list:
                value = [v.strip() for v in _LIST.split(value) if v.strip()]
            if p.approvers:
                value = [_approver_key(v) for v in value]
            params[p.name] = value
        enabled = data["enabled"] if self.rule.switchable else True
        return {"rule_id": self.rule.id, "enabled": enabled, "params": params}
