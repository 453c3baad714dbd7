"""Text as the person typed it, checked against the column it goes into."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput
from baomi.core.inputs import control_character


def fitted_text(value: Any, field: str, model: type[Model], *, required: bool = True) -> str:
    """A stripped text that fits its column (an error naming the field, not a database
    error, when it does not); refuse a missing required one."""
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise InvalidInput(_("This field is required."), field=field)
    if len(text) > model._meta.get_field(field).max_length:
        raise InvalidInput(_("The text is too long."), field=field)
    return text


def bounded_text(
    value: Any, field: str, limit: int, *, required: bool = False, multiline: bool = False
) -> str:
    """A stripped text of at most ``limit`` characters and no control character (line breaks
    allowed when ``multiline``), "" for a missing one that is not ``required``; otherwise
    InvalidInput naming ``field``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("Give a text."), field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > limit:
        raise InvalidInput(_("At most %(limit)d characters.") % {"limit": limit}, field=field)
    if code := control_character(value, multiline=multiline):
        raise InvalidInput(
            _("The text cannot hold the control character %(code)s.") % {"code": code},
            field=field,
        )
    return value


def house_text(message: Any) -> str:
    """A phrase the system itself writes into a row (a location it sets), in the
    organisation's language (``LANGUAGE_CODE``) whatever the language of the request, so that
    a register reads the same for everyone who opens it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)
