"""Text typed into the web forms refuses C0 control characters as the API does: a one-line
input keeps none, a text area keeps tab and line breaks. Django refuses a NUL in any field
already; the others would reach the registers and their exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.carriers.models import CatalogueEntry
from baomi.carriers.web.forms.classification import CatalogueForm
from baomi.core.levels import Level
from baomi.org.web.forms import PersonForm
from tests.carriers import conftest as carriers
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers

MATTER = {"matter": "薪金制度", "level": int(Level.SECRET), "term_years": 10}


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x1f", "\t", "\n"])
def test_a_one_line_input_refuses_a_control_character(character):
    form = CatalogueForm({**MATTER, "matter": f"薪金{character}制度"})
    assert not form.is_valid()
    assert list(form.errors) == ["matter"]


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x0c", "\x1f"])
def test_a_text_area_refuses_a_control_character(character):
    form = CatalogueForm({**MATTER, "examples": f"工资{character}奖金"})
    assert not form.is_valid()
    assert list(form.errors) == ["examples"]


def test_a_text_area_keeps_tab_and_line_breaks():
    form = CatalogueForm({**MATTER, "examples": "工资\t标准\r\n奖金"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["examples"] == "工资\t标准\r\n奖金"


def test_every_form_with_text_checks_it(world):
    """The check comes with the shared Form: a form of another module has it too."""
    form = PersonForm({"name": "张\x07三", "staff_number": "S1"}, actor=None)
    assert "name" in form.errors and "U+0007" in " ".join(form.errors["name"])


def test_a_page_refuses_a_control_character_and_stores_nothing(office):
    html = post_refused(
        signed_in(office.officer),
        reverse("catalogue_add"),
        {**MATTER, "matter": "薪金\x1b制度"},
        page=reverse("catalogue"),
    )
    assert "U+001B" in html
    assert not CatalogueEntry.objects.exists()
