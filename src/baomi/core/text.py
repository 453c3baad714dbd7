"""Text as the person typed it, checked against the column it goes into."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput


def fitted_text(value: Any, field: str, model: type[Model], *, required: bool = True) -> str:
    """A stripped text that fits its column (an error naming the field, not a database
    error, when it does not); refuse a missing required one."""
    text = ("" if value is None else str(value)).strip()
    if required and not text:
        raise InvalidInput(_("This field is required."), field=field)
    if len(text) > model._meta.get_field(field).max_length:
        raise InvalidInput(_("The text is too long."), field=field)
    return text


def house_text(message: Any) -> str:
    """A phrase the system itself writes into a row (a location it sets), in the
    organisation's language (``LANGUAGE_CODE``) whatever the language of the request, so that
    a register reads the same for everyone who opens it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)
