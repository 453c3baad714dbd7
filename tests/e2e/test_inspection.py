"""In a real browser, a monthly self-inspection (INSP-MONTHLY, INSP-CHECKLIST, INSP-RECTIFY):
the security officer 孙立 goes to the self-inspections from the menu and opens this month's
inspection of 技术部 — the demo opened it, pre-filled from the records, its inspector the
department's head; the security office answers any inspection of its organisation. The
answers come filled in with their evidence: "classified computers offline" is a problem,
linking to the laptop JSJ-003 someone tried to put on the internet (DEV-AIRGAP). He confirms
that finding, corrects an answer the records found in order into a problem with a note,
confirms the rest and submits; the rectifications tab then lists a task for each problem.
The inspection's page fits a 1366 px screen, and no page logs an error (a CSP violation is
one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baomi.accounts.demo import PASSWORD
from baomi.devices.models import Asset
from baomi.oversight.models import (
    Inspection,
    InspectionKind,
    InspectionState,
    Rectification,
    Verdict,
)
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

DEPARTMENT = "技术部"
LAPTOP = "JSJ-003"
CORRECTION = "抽查发现一台计算机病毒库超过一个月未更新"
# Whether the page fits its window without scrolling sideways.
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def officer(browser, site) -> Iterator[Page]:
    page = Page(browser, site)
    page.login("secofficer", PASSWORD)
    yield page
    page.context.close()
    assert not page.errors, page.errors


def submit(page: Page, selector: str) -> None:
    """Press a button that posts and wait for the page it leads to."""
    with page.tab.expect_navigation():
        page.tab.click(selector)


def answer(page: Page, pk: int, verdict: str, note: str = "") -> None:
    """Choose ``verdict`` for the answer ``pk``, with ``note``, and send it."""
    item = f"li[data-answer='{pk}']"
    page.tab.check(f"{item} input[name='verdict'][value='{verdict}']")
    if note:
        page.tab.fill(f"{item} input[name='note']", note)
    submit(page, f"{item} button[data-action='answer']")
    page.tab.locator(f"li[data-answer='{pk}'][data-verdict='{verdict}']").wait_for()


def test_the_officer_confirms_corrects_and_submits_the_month_s_inspection__INSP_MONTHLY(
    officer,
):
    tab = officer.tab
    found = Inspection.objects.get(
        kind=InspectionKind.DEPARTMENT_MONTHLY,
        department__name=DEPARTMENT,
        state=InspectionState.OPEN,
    )
    laptop = Asset.objects.get(number=LAPTOP)

    # From the menu to the list, then to 技术部's open inspection.
    submit(officer, "[data-nav='oversight']")
    row = tab.locator(f"table[data-inspections] tr[data-inspection='{found.pk}']")
    assert row.get_attribute("data-state") == "open" and DEPARTMENT in row.inner_text()
    submit(officer, f"tr[data-inspection='{found.pk}'] a")
    assert tab.url.endswith(f"/oversight/{found.pk}/")

    # Pre-filled from the records: the laptop's finding with its evidence link.
    items = tab.locator("li[data-answer]")
    answers = [
        (
            int(items.nth(i).get_attribute("data-answer")),
            items.nth(i).get_attribute("data-prefilled"),
        )
        for i in range(items.count())
    ]
    assert len(answers) == 8
    airgap_pk, prefilled = answers[0]
    assert prefilled == Verdict.PROBLEM
    link = tab.locator(
        f"li[data-answer='{airgap_pk}'] [data-evidence] a[href='/devices/{laptop.pk}/']"
    )
    assert LAPTOP in link.inner_text()
    tab.set_viewport_size({"width": 1366, "height": 768})
    assert tab.evaluate(FITS)

    # Confirm the finding; correct the first answer the records found in order; the rest as
    # they stand (in order where the records say nothing).
    answer(officer, airgap_pk, Verdict.PROBLEM)
    corrected = next(pk for pk, prefilled in answers if prefilled == Verdict.OK)
    answer(officer, corrected, Verdict.PROBLEM, CORRECTION)
    for pk, prefilled in answers:
        if pk not in (airgap_pk, corrected):
            answer(officer, pk, prefilled or Verdict.OK)
    note = tab.locator(f"li[data-answer='{corrected}'] input[name='note']")
    assert note.input_value() == CORRECTION
    assert tab.evaluate(FITS)

    submit(officer, "button[data-action='inspection-submit']")
    assert tab.locator("[data-inspection]").first.get_attribute("data-state") == "submitted"
    assert tab.locator("form[data-form='answer']").count() == 0
    problems = {pk for pk, prefilled in answers if prefilled == Verdict.PROBLEM} | {corrected}
    tasks = {t.answer_id: t for t in Rectification.objects.filter(answer__inspection=found)}
    assert set(tasks) == problems
    assert CORRECTION in tasks[corrected].description

    # The rectifications tab lists each new task.
    submit(officer, "[data-oversight-tab='rectifications']")
    for task in tasks.values():
        line = tab.locator(f"[data-rectification='{task.pk}']")
        assert line.count() == 1 and line.first.get_attribute("data-status") == "open"
    assert tab.evaluate(FITS)
