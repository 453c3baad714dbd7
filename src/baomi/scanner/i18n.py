"""The scanner's words for people, without Django: the project's zh_Hans catalogue (the .mo
that Django's pages use) read with the standard library's gettext. The report speaks Simplified
Chinese unless BAOMI_LANGUAGE says "en" (like the pages)."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext as stdlib_gettext

LOCALE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")


@cache
def _catalogue(language: str) -> stdlib_gettext.NullTranslations:
    import gettext as stdlib_gettext  # only when a word is shown (not for a JSON report)

    if language.lower().replace("_", "-").startswith("zh"):
        return stdlib_gettext.translation(
            "django", localedir=LOCALE, languages=["zh_Hans"], fallback=True
        )
    return stdlib_gettext.NullTranslations()


def gettext(message: str) -> str:
    return _catalogue(os.environ.get("BAOMI_LANGUAGE", "zh-hans")).gettext(message)


def gettext_noop(message: str) -> str:
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message
