"""AUTH-PASSWORD: the password policy of 等保 level 3, as a Django password validator.

Its length and number of character classes are the organisation's rulebook parameters (never
below the regulation's), so the rulebook page states what this validator does."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baomi.rulebook import book

_CLASSES = (
    set(string.ascii_uppercase),
    set(string.ascii_lowercase),
    set(string.digits),
)


# The longest password accepted anywhere (the API's schemas too): far above any policy, far below
# what would make hashing a denial of service.
MAX_LENGTH = 256

# What a generated password is drawn from: the four classes, without look-alikes (0/O, 1/l/I).
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!@#%+="


def first_password(username: str, length: int = 20) -> str:
    """A random first password that meets AUTH-PASSWORD whatever the organisation's rulebook
    (all four classes, not containing the login name), to be printed once and changed at the
    first login."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if character_classes(candidate) == 4 and username.lower() not in candidate.lower():
            return candidate


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols ``password`` uses."""
    chars = set(password)
    letters_and_digits = sum(1 for c in _CLASSES if chars & c)
    symbols = any(not (c.isascii() and c.isalnum()) for c in chars)
    return letters_and_digits + symbols


class PolicyValidator:
    """At least ``min_length`` characters from at least ``min_classes`` character classes, not
    containing the login name, not one character repeated (AUTH-PASSWORD)."""

    def validate(self, password: str, user: Any = None) -> None:
        person = getattr(user, "person", None) if user is not None else None
        policy = book.effective(getattr(person, "organisation_id", None), "AUTH-PASSWORD").params
        problems = []
        if len(password) > MAX_LENGTH:
            problems.append(_("A password has at most %(n)d characters.") % {"n": MAX_LENGTH})
        if len(password) < policy["min_length"]:
            problems.append(
                _("A password has at least %(n)d characters.") % {"n": policy["min_length"]}
            )
        if character_classes(password) < policy["min_classes"]:
            problems.append(
                _(
                    "A password uses at least %(n)d of upper-case letters, lower-case letters, "
                    "digits and symbols."
                )
                % {"n": policy["min_classes"]}
            )
        username = (getattr(user, "username", "") or "").strip().lower()
        if username and username in password.lower():
            problems.append(_("A password may not contain the login name."))
        if password and len(set(password)) == 1:
            problems.append(_("A password may not be one character repeated."))
        if problems:
            raise ValidationError(problems, code="password_policy")

    def get_help_text(self) -> str:
        return _(
            "At least 10 characters from three of upper case, lower case, digits and symbols, "
            "without the login name."
        )
