"""The language of the request being answered, for the texts that exist in two languages
(a rule's title, text and parameters: Chinese and English in the rulebook's data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language


def is_zh() -> bool:
    return (get_language() or "").startswith("zh")


def listed(items: Iterable[Any]) -> str:
    """Items in a sentence: 甲、乙、丙 in Chinese, "a, b, c" otherwise."""
    return ("、" if is_zh() else ", ").join(str(item) for item in items)
