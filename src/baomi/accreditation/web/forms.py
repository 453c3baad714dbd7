"""The forms of the self-score pages. They only shape input; the operations check it again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from baomi.accreditation.models import MAX_POINTS
from baomi.kit.forms import Form


def points(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_POINTS,
        max_digits=5,
        decimal_places=1,
    )


class StandardForm(Form):
    standard = forms.IntegerField(required=False, min_value=1, max_value=2**62)


class AssessForm(Form):
    not_applicable = forms.BooleanField(label=gettext_lazy("Not applicable"), required=False)
    own_points = points(gettext_lazy("The unit's points"))
    deduction = points(gettext_lazy("Deduction set by hand"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=500)


class ImportForm(Form):
    profile = forms.ChoiceField(label=gettext_lazy("Profile"))
    edition = forms.CharField(label=gettext_lazy("Edition"), max_length=100)
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=200)
    total_points = points(gettext_lazy("Total points"))
    pass_mark = points(gettext_lazy("Pass mark"))
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns 章节, 项目编号, 项目内容, 分值, 基本项, 重点项, 评分方法 (or chapter, code, "
            "text, points, veto, key, method); optionally 章节分值, 每项扣分, 证据."
        ),
    )

    def __init__(self, *args: Any, profiles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = profiles
