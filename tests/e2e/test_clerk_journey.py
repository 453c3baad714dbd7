"""In a real browser, the clerk's main journey (JOURNEYS §1): register a SECRET document on
收文登记, send the routing slip, the office director instructs and picks the reader, the clerk
hands copy 1 out from the desk, the reader signs for it, the clerk takes it back, and the
circulation register of the day is exported as .xlsx and PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from baomi.accounts import demo
from baomi.carriers.models import Copy, CopyState, Custody, IncomingEntry
from baomi.carriers.registers import CIRCULATION
from baomi.core.levels import Level
from baomi.org.models import Person
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

NUMBER = "市保密〔2026〕21号"
TITLE = "关于做好年度保密检查工作的通知"
ISSUER = "市保密局"


@pytest.fixture
def other_tab(browser, site) -> Iterator[Callable[[], Page]]:
    """More people at their own screens: each call opens a separate browser context."""
    opened: list[Page] = []

    def open_tab() -> Page:
        opened.append(Page(browser, site))
        return opened[-1]

    yield open_tab
    for tab in opened:
        tab.context.close()
    csp = [e for tab in opened for e in tab.errors if "Content Security Policy" in e]
    assert not csp, csp


def click_and_load(page: Page, selector: str) -> None:
    """Click a link or a button that loads a new page, and wait for it."""
    with page.tab.expect_navigation():
        page.tab.click(selector)


def zh(message: str) -> str:
    """A message as the Chinese UI shows it (whatever the catalogue holds right now)."""
    with translation.override("zh-hans"):
        return gettext(message)


def register_secret_document(clerk: Page, reader: Person) -> IncomingEntry:
    """§1.1: the clerk opens the desk, then 收文登记, and registers the envelope."""
    clerk.login("clerk", demo.PASSWORD)
    click_and_load(clerk, "[data-nav=desk]")
    click_and_load(clerk, "[data-action=register-incoming]")
    tab = clerk.tab
    tab.fill("#id_number", NUMBER)
    tab.fill("#id_title", TITLE)
    tab.fill("#id_issuer", ISSUER)
    tab.select_option("#id_level", str(int(Level.SECRET)))
    tab.fill("#id_term_years", "10")
    tab.fill("#id_copies", "2")
    tab.select_option("#id_named_people", str(reader.pk))
    tab.click("[data-form=incoming] button[type=submit]")  # htmx post, then HX-Redirect
    tab.wait_for_url(re.compile(r".*/incoming/\d+/$"))
    entry = IncomingEntry.objects.select_related("document").get(document__number=NUMBER)
    assert tab.url.endswith(f"/incoming/{entry.pk}/")
    shown = tab.inner_text("#slip [data-register-number]")
    assert str(entry.year) in shown and str(entry.sequence) in shown
    assert shown in tab.inner_text("[role=status]")  # "registered as …" names it too
    assert TITLE in tab.inner_text("#slip") and "机密" in tab.inner_text("#slip")
    assert entry.document.copies.count() == 2
    return entry


def director_instructs(office: Page, entry: IncomingEntry, reader: Person, low: Person) -> None:
    """§1.3: the office director finds the slip on the home page, sees who may not read
    the document greyed with the reason, writes the instruction and picks the reader."""
    office.login("office", demo.PASSWORD)
    tab = office.tab
    assert TITLE in tab.inner_text(f"#slips [data-slip='{entry.pk}']")
    click_and_load(office, f"#slips [data-slip='{entry.pk}'] a")
    greyed = tab.locator(f"#instruct [data-candidate='{low.pk}']")
    assert greyed.get_attribute("data-greyed") is not None
    assert greyed.locator("input[name=readers]").is_disabled()
    assert zh("clearance too low") in greyed.locator("[data-reason]").inner_text()
    chosen = tab.locator(f"#instruct [data-candidate='{reader.pk}']")
    assert chosen.get_attribute("data-greyed") is None
    tab.fill("#id_instruction", "请蒋涛同志阅")
    chosen.locator("input[name=readers]").check()
    click_and_load(office, "#instruct button[type=submit]")
    assert tab.url == office.base + "/"
    assert tab.locator(f"#slips [data-slip='{entry.pk}']").count() == 0


def reader_signs(director: Page, copy: Copy) -> None:
    """§1.4 (the reader's screen): the copy is under "what I hold" with its due time; one
    click signs the receipt."""
    director.login("director", demo.PASSWORD)
    tab = director.tab
    held = tab.locator(f"#held [data-held='{copy.pk}']")
    assert TITLE in held.inner_text()
    due = timezone.localtime(copy.due_at).strftime("%Y-%m-%d %H:%M")
    assert due in held.locator("[data-return-by]").inner_text()
    assert "杨帆" in held.locator("[data-return-by]").inner_text()  # back to the custodian
    click_and_load(director, f"#held [data-held='{copy.pk}'] [data-action=receipt]")
    assert tab.locator(f"#held [data-held='{copy.pk}']").count() == 1
    assert tab.locator(f"#held [data-held='{copy.pk}'] [data-action=receipt]").count() == 0


def download(page: Page, selector: str) -> tuple[str, bytes]:
    """Click a download link: the file's suggested name and its content."""
    with page.tab.expect_download() as started:
        page.tab.click(selector)
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def export_circulation_register(clerk: Page, copy: Copy) -> None:
    """§1.7: the circulation register filtered to today, shown and downloaded."""
    tab = clerk.tab
    today = timezone.localdate().isoformat()
    click_and_load(clerk, "[data-nav=registers]")
    click_and_load(clerk, "[data-register=circulation] a")
    tab.fill("#id_date_from", today)
    tab.fill("#id_date_to", today)
    click_and_load(clerk, "[data-form=register-filter] button[type=submit]")
    assert f"date_from={today}" in tab.url and f"date_to={today}" in tab.url
    line = tab.locator("[data-lines] tbody tr", has_text=NUMBER)
    assert line.count() == 1 and "蒋涛" in line.inner_text()

    custody = Custody.objects.get(copy=copy)
    keys = [column.key for column in CIRCULATION.columns]
    name, content = download(clerk, "[data-export=xlsx]")
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert today in sheet["A2"].value  # the period printed under the title
    rows = [
        [cell or "" for cell in row]
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if row[keys.index("document_number")] == NUMBER
    ]
    assert len(rows) == 1
    row = rows[0]
    assert row[keys.index("holder")] == "蒋涛"
    assert row[keys.index("copy")].startswith("1")
    returned = timezone.localtime(custody.returned_at).strftime("%Y-%m-%d %H:%M")
    assert row[keys.index("returned_at")] == returned
    assert row[keys.index("received_at")].startswith(today)

    name, content = download(clerk, "[data-export=pdf]")
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    text = text.replace("\n", "")
    assert "蒋涛" in text and NUMBER in text


def test_the_clerk_registers_circulates_takes_back_and_exports(page, other_tab):
    """JOURNEYS §1 end to end, each person at their own screen (IN-NUMBER, IN-ROUTE,
    CLS-MAC, CIRC-DIRECT, CIRC-SIGN, CIRC-SAMEDAY)."""
    reader = Person.objects.get(staff_number="E001")  # 蒋涛, cleared for SECRET
    low = Person.objects.get(staff_number="E004")  # 朱琳, cleared up to CONFIDENTIAL
    clerk = page

    # §1.1–2: register, then send the routing slip to the office director.
    entry = register_secret_document(clerk, reader)
    click_and_load(clerk, "#slip [data-action=route]")
    assert clerk.tab.get_attribute("#slip [data-routed]", "data-routed") == "1"

    # §1.3: the office director instructs on the slip and chooses 蒋涛.
    director_instructs(other_tab(), entry, reader, low)

    # §1.4: the desk offers copy 1 to 蒋涛 "to circulate"; the clerk hands it over.
    click_and_load(clerk, "[data-nav=desk]")
    offer = f"#to-circulate [data-entry='{entry.pk}'] [data-action=circulate]"
    click_and_load(clerk, f"{offer}[data-reader='{reader.pk}']")
    copy = Copy.objects.get(document=entry.document, number=1)
    assert copy.state == CopyState.CIRCULATING and copy.holder_id == reader.pk
    away = clerk.tab.locator(f"#circulating tr[data-copy='{copy.pk}']")
    assert "蒋涛" in away.inner_text()
    assert clerk.tab.locator(f"#to-circulate [data-entry='{entry.pk}']").count() == 0

    # 蒋涛 signs for it on his own screen.
    reader_signs(other_tab(), copy)

    # §1.6: 蒋涛 brings it back; the clerk confirms the return on the desk.
    click_and_load(clerk, f"#circulating [data-action=return][data-copy='{copy.pk}']")
    assert clerk.tab.locator(f"#circulating tr[data-copy='{copy.pk}']").count() == 0

    # The document's page: the copy is back with the custodian, and its timeline.
    clerk.go(f"/documents/{entry.document_id}/")
    row = clerk.tab.locator(f"#copies tr[data-copy='{copy.pk}']")
    assert row.get_attribute("data-state") == CopyState.WITH_CUSTODIAN
    assert "杨帆" in row.inner_text()
    events = clerk.tab.eval_on_selector_all(
        "#timeline tr[data-event]",
        "rows => rows.map(r => [r.dataset.event, r.cells[1].innerText, r.cells[3].innerText])",
    )
    label = f"1/{entry.document.copies_count}"
    first = [(action, person) for action, number, person in events if number == label]
    assert [action for action, _person in first] == [
        "registered",
        "circulated",
        "receipt_signed",
        "returned",
    ]
    assert first[1][1] == "蒋涛"

    # §1.7: the circulation register of today, on screen, as .xlsx and as PDF.
    export_circulation_register(clerk, copy)
