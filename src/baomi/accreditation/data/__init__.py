"""The built-in scoring standards as shipped data: one JSON file a profile (``jungong.json``: 军工
保密资质, ``self_check.json``: 机关、单位保密自查自评). Every figure in them names its source and a
confidence flag (ACCREDITATION.md); a figure nobody published is ``null``. A changed profile is
shipped under a new ``version``: ``operations.profiles.ensure_builtin`` writes each version
once and never rewrites an old one."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = ("jungong.json", "self_check.json")


@cache
def builtin_profiles() -> tuple[dict[str, Any], ...]:
    """Every built-in profile as its file holds it."""
    return tuple(json.loads((HERE / name).read_text(encoding="utf-8")) for name in FILES)
