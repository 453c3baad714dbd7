"""In a real browser at 1366 px, the copy page (issue 12 item 8): the copy first, every form
hidden behind its button; a button opens its one form in place (closing any other), and the
people picker's filter box narrows the list to the names typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baomi.accounts import demo
from baomi.carriers.models import Copy, CopyState
from baomi.org.models import Person
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e


def test_the_copy_page_opens_one_form_at_a_time(page: Page):
    clerk = Person.objects.get(staff_number="B002")
    copy = Copy.objects.filter(custodian=clerk, state=CopyState.WITH_CUSTODIAN).first()
    assert copy is not None, "the demo clerk keeps no copy in hand"
    page.login("clerk", demo.PASSWORD)
    page.go(reverse("copy_use", args=[copy.pk]))
    tab = page.tab
    panels = tab.locator("form[data-panel]")
    assert panels.count() >= 5
    assert all(not panels.nth(i).is_visible() for i in range(panels.count()))
    assert tab.locator("#copy").is_visible()  # the copy itself, first

    page.open_action("lend")
    assert tab.url.endswith("?action=lend#action-lend")
    page.open_action("meeting")
    shown = [panels.nth(i).get_attribute("data-form") for i in range(panels.count())]
    visible = [key for i, key in enumerate(shown) if panels.nth(i).is_visible()]
    assert visible == ["meeting"]

    meeting = "form[data-form='meeting']"
    rows = tab.locator(f"{meeting} [data-candidate]")
    allowed = tab.locator(f"{meeting} [data-candidate]:not([data-greyed])").first
    name = allowed.locator("label").inner_text().split("·")[0].strip()
    tab.fill(f"{meeting} [data-picker-filter]", name)
    seen = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert seen and all(name in row.inner_text() for row in seen)
    assert len(seen) < rows.count()

    # A form of the other card closes this one: one form open on the page.
    page.open_action("loan-request")
    visible = [key for i, key in enumerate(shown) if panels.nth(i).is_visible()]
    assert visible == ["loan-request"]
    assert "btn-primary" in tab.get_attribute("a[data-form='loan-request']", "class")
    assert "btn-outline-primary" in tab.get_attribute("a[data-form='meeting']", "class")
