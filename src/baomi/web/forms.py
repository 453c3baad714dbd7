"""The web forms. They only shape input; every rule is checked by the operation they feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from baomi.kit.forms import Form, plain_text, styled

# AUTH-LOCKOUT: one answer for a locked account, a wrong password and an unknown user.
LOGIN_FAILED = _(
    "Login failed: the username or password is wrong, or the account is locked "
    "for now. Try again later or ask the system administrator."
)


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        styled(self)
        plain_text(self)


class OwnPasswordForm(Form):
    current_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput, strip=False
    )
    new_password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    repeated = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_password") != data.get("repeated"):
            raise forms.ValidationError(_("The two new passwords differ."))
        return data
