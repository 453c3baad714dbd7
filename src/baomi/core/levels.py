"""Classification levels and clearance classes (CLS-LEVELS, PPL-CLASS)."""

from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """密级, ordered low to high (CLS-LEVELS). INTERNAL and above are controlled items."""

    PUBLIC = 0, _("Public")
    INTERNAL = 1, _("Internal")
    CONFIDENTIAL = 2, _("Confidential")
    SECRET = 3, _("Secret")
    TOP_SECRET = 4, _("Top secret")

    @property
    def is_controlled(self) -> bool:
        return self >= Level.INTERNAL

    @property
    def is_classified(self) -> bool:
        """A state secret level (秘密 and above)."""
        return self >= Level.CONFIDENTIAL


def label(value: object) -> str:
    """The label of a level given as a stored value, or "—" for a value that is no level."""
    return _labels(get_language()).get(value, "—")


@lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[int, str]:
    """The labels in ``language``, the active one (a list translated them on every row)."""
    return {level.value: str(level.label) for level in Level}


class Clearance(models.IntegerChoices):
    """涉密人员类别 (PPL-CLASS). The value is the highest Level the class may know."""

    NONE = Level.INTERNAL.value, _("Not cleared")
    GENERAL = Level.CONFIDENTIAL.value, _("General (一般)")
    IMPORTANT = Level.SECRET.value, _("Important (重要)")
    CORE = Level.TOP_SECRET.value, _("Core (核心)")

    def dominates(self, level: int) -> bool:
        return level <= self.value
