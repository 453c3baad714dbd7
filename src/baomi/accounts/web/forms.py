"""Forms of the accounts page (三员分立). They only shape input; every rule is checked by the
operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baomi.access.roles import Role
from baomi.kit.forms import Form
from baomi.org.web.choices import people_choices


class AccountForm(Form):
    """A new staff account (system administrator): roles are granted by the security officer
    (ROLE-SEPARATION)."""

    username = forms.CharField(label=_("Username"), max_length=64)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people_choices(actor)


class PasswordForm(Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
