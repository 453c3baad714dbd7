"""In a real browser, a classified meeting's day (MEET-ATTEND, MEET-PHONES, MEET-DOCS,
MEET-SWEEP): the clerk plans the meeting in 保密会议室 for today through the list's form, puts
three leaders on the list with the picker (a person not cleared for the level is greyed, with
why), the meeting's organiser 李志强 approves the list at his own screen, the clerk records the
venue check and the phones collected, opens the meeting and signs two attendees in at the door,
hands a SECRET and a TOP_SECRET copy out, is refused the end while the top-secret copy is out
(the refusal names it), collects it and ends, records the sweep, is refused the close while the
secret copy is out (named too), collects it and closes; the printed sign-in sheet answers a PDF.
The meeting's page fits a 1366 px screen.

The meeting is TOP_SECRET, not SECRET: a copy above the meeting's level is never handed out
there (MEET-DOCS), so the top-secret copy's step — the end refused until it is back — needs a
top-secret meeting. 保密会议室 is a SECRET room in the demo and a meeting is held only in a room
covering its level, so the test first raises the room to TOP_SECRET through the areas'
operations (its keeper 陈静 is cleared SECRET: the key goes to 杨帆, cleared core, first). The
copies are the demo's: the registry clerk 杨帆 keeps both copies of 示单发〔2026〕1号 (TOP_SECRET,
no named readers: the core-cleared leaders may know it) and of 示单发〔2026〕7号 (SECRET)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from baomi.accounts.demo import PASSWORD
from baomi.accounts.models import Account
from baomi.areas.models import SecureArea
from baomi.areas.operations import areas as area_ops
from baomi.carriers.models import Copy, CopyState
from baomi.core.levels import Level
from baomi.meetings.models import Meeting, MeetingPaper, MeetingState
from baomi.org.models import Department, Person
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

TITLE = "年度经营目标专题会"
VENUE = "保密会议室"
TOP_SECRET_DOC = "示单发〔2026〕1号"
SECRET_DOC = "示单发〔2026〕7号"
# Whether the page fits its window without scrolling sideways.
FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def zh(message: str) -> str:
    """A message as the Chinese UI shows it (whatever the catalogue holds right now)."""
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def screens(browser, site) -> Iterator[dict[str, Page]]:
    """The clerk's and the organiser's screens, each its own browser context."""
    opened = {"clerk": Page(browser, site), "leader": Page(browser, site)}
    for username, page in opened.items():
        page.login(username, PASSWORD)
    yield opened
    for page in opened.values():
        page.context.close()
    errors = [(name, e) for name, page in opened.items() for e in page.errors]
    assert not errors, errors


def _people() -> dict[str, Person]:
    return {p.staff_number: p for p in Person.objects.all()}


def _top_secret_room() -> SecureArea:
    """保密会议室 raised to TOP_SECRET by the security officer: the key to 杨帆 (B002, cleared
    core) first, as its keeper 陈静 is cleared SECRET."""
    officer = Account.objects.get(username="secofficer")
    room = SecureArea.objects.get(name=VENUE)
    area_ops.change_keeper(
        actor=officer,
        area_id=room.pk,
        keeper_id=Person.objects.get(staff_number="B002").pk,
        note="绝密会议前交接钥匙",
    )
    return area_ops.edit_area(
        actor=officer,
        area_id=room.pk,
        name=room.name,
        kind=room.kind,
        level=Level.TOP_SECRET,
        department_id=room.department_id,
        location=room.location,
        measures=room.measures,
    )


def submit(page: Page, selector: str) -> None:
    """Press a button that posts and wait for the page it leads to."""
    with page.tab.expect_navigation():
        page.tab.click(selector)


def open_panel(page: Page, panel: str) -> str:
    """Open an action's form by its panel's id (two checks share the key ``check``); the
    form's selector. A panel open already stays open (its button closes it)."""
    form = f"form#{panel}"
    if not page.tab.locator(form).is_visible():
        page.tab.click(f"[data-actions] a[data-opens='{panel}']")
    page.tab.locator(form).wait_for(state="visible")
    return form


def refusal(page: Page, rule: str) -> str:
    """The text of the refusal naming ``rule`` shown at the top of the page."""
    alert = page.tab.locator(
        "#refusals .alert-danger", has=page.tab.locator(f"[data-rule='{rule}']")
    )
    assert alert.count() == 1, page.tab.locator("#refusals").inner_text()
    return alert.inner_text()


def state(page: Page) -> str:
    return page.tab.locator("#meeting-summary [data-state]").get_attribute("data-state") or ""


def test_a_top_secret_meeting_s_day_from_planning_to_the_close__MEET_DOCS(screens):
    clerk, leader = screens["clerk"], screens["leader"]
    room = _top_secret_room()
    people = _people()
    office = Department.objects.get(name="总经理办公室", organisation_id=room.organisation_id)
    top_secret = Copy.objects.get(document__number=TOP_SECRET_DOC, number=1)
    secret = Copy.objects.get(document__number=SECRET_DOC, number=2)
    assert {top_secret.state, secret.state} == {CopyState.WITH_CUSTODIAN}

    # Planned for today through the list's form: organised by 李志强 for 总经理办公室.
    now = timezone.localtime().replace(second=0, microsecond=0)
    clerk.go("/meetings/")
    form = open_panel(clerk, "action-meeting-create")
    clerk.tab.fill("#meeting-create-title", TITLE)
    clerk.tab.select_option("#meeting-create-level", str(Level.TOP_SECRET.value))
    clerk.tab.select_option("#meeting-create-organiser", str(people["A002"].pk))
    clerk.tab.select_option("#meeting-create-department", str(office.pk))
    clerk.tab.select_option("#meeting-create-venue", str(room.pk))
    clerk.tab.fill("#meeting-create-starts_at", f"{now:%Y-%m-%dT%H:%M}")
    ends = now + datetime.timedelta(hours=2)
    clerk.tab.fill("#meeting-create-ends_at", f"{ends:%Y-%m-%dT%H:%M}")
    submit(clerk, f"{form} button[type=submit]")
    meeting = Meeting.objects.get(title=TITLE)
    page_path = f"/meetings/{meeting.pk}/"
    assert clerk.tab.url.endswith(page_path)
    assert meeting.level == Level.TOP_SECRET and meeting.venue_id == room.pk
    assert state(clerk) == MeetingState.PLANNED

    # The list: 陈静 (cleared SECRET) is greyed with why; three core-cleared leaders listed.
    form = open_panel(clerk, "action-attendee-add")
    greyed = clerk.tab.locator(f"{form} [data-candidate='{people['B001'].pk}']")
    assert greyed.get_attribute("data-greyed") is not None
    assert greyed.locator("input").is_disabled()
    assert zh("not cleared for this level") in greyed.locator("[data-reason]").inner_text()
    for number in ("A001", "A002", "A003"):
        form = open_panel(clerk, "action-attendee-add")
        clerk.tab.check(f"{form} input[value='{people[number].pk}']")
        submit(clerk, f"{form} button[type=submit]")
    listed = {a.person.staff_number: a for a in meeting.attendees.select_related("person")}
    assert set(listed) == {"A001", "A002", "A003"}
    assert clerk.tab.locator("[data-table='attendees'] tr[data-attendee]").count() == 3

    # Opening before the list is approved is refused; the clerk may not approve what she
    # drew up — she has no such button — and the organiser approves it at his screen.
    assert clerk.tab.locator("[data-action='approve-list']").count() == 0
    submit(clerk, "[data-actions] button[data-action='open']")
    assert zh("The attendee list is not approved.") in refusal(clerk, "MEET-ATTEND")
    leader.go(page_path)
    submit(leader, "[data-actions] button[data-action='approve-list']")
    assert leader.tab.locator("[data-approved]").get_attribute("data-approved") == "yes"
    assert people["A002"].name in leader.tab.locator("[data-approved]").inner_text()

    # The venue check and the phones collected, then open.
    clerk.go(page_path)
    for kind, by, findings in (
        ("venue", "C001", "门窗、屏蔽设施正常；无无线设备、无录音录像设备。"),
        ("phones", "B002", "收存手机3部，存放于会议室门外手机柜（上锁）。"),
    ):
        form = open_panel(clerk, f"action-check-{kind}")
        clerk.tab.select_option(f"{form} select[name='checked_by']", str(people[by].pk))
        clerk.tab.fill(f"{form} textarea[name='findings']", findings)
        submit(clerk, f"{form} button[type=submit]")
        assert clerk.tab.locator(f"[data-check='{kind}']").get_attribute("data-done") == "yes"
    submit(clerk, "[data-actions] button[data-action='open']")
    assert state(clerk) == MeetingState.OPEN

    # Two attendees sign in at the door.
    for number in ("A001", "A003"):
        row = f"tr[data-attendee='{listed[number].pk}']"
        submit(clerk, f"{row} button[data-action='sign-in']")
        assert clerk.tab.locator(row).get_attribute("data-signed") == "yes"
    assert (
        clerk.tab.locator(f"tr[data-attendee='{listed['A002'].pk}']").get_attribute("data-signed")
        == "no"
    )

    # The papers: the SECRET copy to 张秀英, the TOP_SECRET one to 王建国 (due at once).
    for number, copy in (("A003", secret), ("A001", top_secret)):
        form = open_panel(clerk, "action-paper-hand-out")
        clerk.tab.select_option(f"{form} select[name='attendee']", str(listed[number].pk))
        clerk.tab.select_option(f"{form} select[name='copy']", str(copy.pk))
        submit(clerk, f"{form} button[type=submit]")
    papers = {p.copy_id: p for p in MeetingPaper.objects.filter(meeting=meeting)}
    assert set(papers) == {secret.pk, top_secret.pk}
    at_once = clerk.tab.locator(f"tr[data-paper='{papers[top_secret.pk].pk}']")
    assert at_once.get_attribute("data-out") == "yes"
    assert at_once.get_attribute("data-at-once") is not None

    # The page, at its widest now (the list, the papers, the actions), fits a 1366 px laptop.
    clerk.tab.set_viewport_size({"width": 1366, "height": 768})
    assert clerk.tab.evaluate(FITS)

    # The end is refused while the top-secret copy is out: the refusal names it and to whom.
    submit(clerk, "[data-actions] button[data-action='end']")
    said = refusal(clerk, "MEET-DOCS")
    assert TOP_SECRET_DOC in said and people["A001"].name in said
    assert SECRET_DOC not in said
    assert state(clerk) == MeetingState.OPEN
    submit(clerk, f"tr[data-paper='{papers[top_secret.pk].pk}'] button[data-action='collect']")
    assert at_once.get_attribute("data-out") == "no"
    submit(clerk, "[data-actions] button[data-action='end']")
    assert state(clerk) == MeetingState.ENDED

    # The sweep, then the close — refused while the secret copy is out, naming it.
    form = open_panel(clerk, "action-check-sweep")
    clerk.tab.select_option(f"{form} select[name='checked_by']", str(people["C001"].pk))
    clerk.tab.fill(f"{form} textarea[name='findings']", "会场检查完毕，无遗留文件及记录本。")
    submit(clerk, f"{form} button[type=submit]")
    assert clerk.tab.locator("[data-check='sweep']").get_attribute("data-done") == "yes"
    submit(clerk, "[data-actions] button[data-action='close']")
    said = refusal(clerk, "MEET-DOCS")
    assert SECRET_DOC in said and people["A003"].name in said
    assert state(clerk) == MeetingState.ENDED
    submit(clerk, f"tr[data-paper='{papers[secret.pk].pk}'] button[data-action='collect']")
    submit(clerk, "[data-actions] button[data-action='close']")
    assert state(clerk) == MeetingState.CLOSED
    assert zh("Closed") in clerk.tab.locator("#meeting-summary [data-state]").inner_text()
    assert clerk.tab.locator("[data-table='papers'] tr[data-out='yes']").count() == 0
    assert {c.state for c in Copy.objects.filter(pk__in=[secret.pk, top_secret.pk])} == {
        CopyState.WITH_CUSTODIAN
    }
    assert clerk.tab.evaluate(FITS)

    # The printed sign-in sheet (签到表) is a PDF.
    href = clerk.tab.get_attribute("a[data-action='print-sign-in-sheet']", "href")
    printed = clerk.context.request.get(clerk.base + href if href.startswith("/") else href)
    assert printed.status == 200
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.body().startswith(b"%PDF")
