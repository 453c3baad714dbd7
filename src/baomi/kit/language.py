"""The language of the request being answered, for the texts that exist in two languages
(a rule's title, text and parameters: Chinese and English in the rulebook's data)."""

from __future__ import annotations

from django.utils.translation import get_language


def is_zh() -> bool:
    return (get_language() or "").startswith("zh")
