"""core.outputs.Row: a row read as a dict is validated from the dict itself, its resolvers given
the dict; a model instance (or any object) still goes through ninja's getter. And the level
labels a list writes on every row follow the active language (core.levels.label)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation
from pydantic import ValidationError

from baomi.core.levels import Level, label
from baomi.core.outputs import Row


class Line(Row):
    id: int
    label: str
    level_label: str

    @staticmethod
    def resolve_label(row: Any) -> str:
        number, of = (row["number"], row["of"]) if isinstance(row, dict) else (row.number, row.of)
        return f"{number}/{of}"

    @staticmethod
    def resolve_level_label(row: Any) -> str:
        return label(row["level"] if isinstance(row, dict) else row.level)


def test_a_dict_row_is_answered_with_its_resolvers_and_without_its_other_keys():
    row = {"id": 7, "number": 2, "of": 3, "level": Level.SECRET, "secret": "x"}
    with translation.override("en"):
        assert Line.model_validate(row).model_dump() == {
            "id": 7,
            "label": "2/3",
            "level_label": "Secret",
        }


def test_an_object_is_read_through_its_attributes_as_with_ninja():
    thing = SimpleNamespace(id=8, number=1, of=1, level=Level.INTERNAL)
    with translation.override("en"):
        assert Line.model_validate(thing).model_dump() == {
            "id": 8,
            "label": "1/1",
            "level_label": "Internal",
        }


def test_a_dict_row_missing_a_field_is_refused_as_pydantic_refuses_it():
    with pytest.raises(ValidationError, match="id"):
        Line.model_validate({"number": 1, "of": 1, "level": Level.PUBLIC})


def test_level_labels_follow_the_active_language():
    with translation.override("zh-hans"):
        chinese = label(Level.SECRET)
    with translation.override("en"):
        assert label(Level.SECRET) == "Secret"
        assert label(99) == "—"
    assert chinese == "机密"
