"""The security office's pages of the people's files under one menu entry (people_files): the
classified posts, training, travel abroad and responsibility letters are its tabs, guarded by
it, and its badge counts the return reports overdue (PPL-ABROAD)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.people.models import Travel
from baomi.people.operations import travel as ops
from baomi.seams.navigation import NAVIGATION, nav_for
from tests.people.test_travel import Chart, approved_and_briefed
from tests.people.test_travel import chart as chart
from tests.web.conftest import signed_in

# The office's pages and the tab each marks as current.
TAB_PAGES = {
    "people_files": "people_files",
    "classified_posts": "posts",
    "training": "training",
    "training_shortfall": "training",
    "travels": "travel",
    "travel_passports": "travel",
    "letters": "letters",
    "letter_templates": "letters",
    "assessments": "letters",
    "merits": "letters",
}
FOLDED = ("classified_posts", "training", "travels", "letters")
BADGE = re.compile(r'data-nav="people_files"[^>]*>[^<]*<span class="badge[^"]*" data-count="(\d+)"')


def test_the_office_has_one_menu_entry_for_the_peoples_files__PPL_VET(chart: Chart):
    keys = [item.key for item in nav_for(chart.officer)]
    assert "people_files" in keys and "my_file" in keys and "people" in keys
    assert not set(FOLDED) & set(keys)
    assert not set(FOLDED) & {item.key for item in NAVIGATION}


@pytest.mark.parametrize("name", sorted(TAB_PAGES))
def test_each_office_page_shows_the_tabs_with_its_own_current__PPL_VET(chart: Chart, name):
    answer = signed_in(chart.officer).get(reverse(name))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "data-people-tabs" in html
    current = re.findall(r'aria-current="page" data-people-tab="([a-z_]+)"', html)
    assert current == [TAB_PAGES[name]]
    for tab in ("people_files", "classified_posts", "training", "travels", "letters"):
        assert f'href="{reverse(tab)}"' in html


@pytest.mark.parametrize("name", sorted(TAB_PAGES))
def test_the_tabs_are_refused_to_whom_the_entry_is__PPL_VET(chart: Chart, name):
    assert signed_in(chart.staff).get(reverse(name)).status_code == 403


def test_the_entrys_badge_counts_the_overdue_return_reports__PPL_ABROAD(chart: Chart):
    office = signed_in(chart.officer)
    assert not BADGE.search(office.get(reverse("home")).content.decode())
    trip = approved_and_briefed(chart)
    ops.depart(actor=chart.staff, travel_id=trip.pk)
    ops.record_return(actor=chart.staff, travel_id=trip.pk)
    Travel.objects.filter(pk=trip.pk).update(
        returned_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    found = BADGE.search(office.get(reverse("home")).content.decode())
    assert found and found.group(1) == "1"


@pytest.mark.parametrize("name", sorted(TAB_PAGES))
def test_the_menu_marks_the_security_files_entry_on_each_tab(chart: Chart, name: str):
    """A tab of the security files (training at /training/, letters at /letters/ …) lights
    the one menu entry that guards it, and no other."""
    html = signed_in(chart.officer).get(reverse(name)).content.decode()
    current = re.findall(r'data-nav="([a-z_]+)" href="[^"]*" aria-current="page"', html)
    assert current == ["people_files"]
