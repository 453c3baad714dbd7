"""Long pages made usable (issue 12 item 8): the copy page and the asset page show the item
first and its actions as buttons, each opening its one form (``?action=``); a refused form
comes back with what was typed and the field at fault marked; a reader sees no loss form;
people are picked from a list where those who may not take part are greyed with the
reason."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.carriers.models import Copy
from baomi.carriers.operations import circulation
from baomi.core.levels import Clearance, Level
from tests.carriers import conftest as carriers
from tests.devices.conftest import ledger  # noqa: F401 (the fixture)
from tests.web.conftest import signed_in

office = carriers.office


def in_days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def page(copy) -> str:
    return reverse("copy_use", args=[copy.pk])


def panels(html: str) -> dict[str, bool]:
    """Each action's form on the page: its data-form → whether it is open (not hidden)."""
    return {
        m["key"]: " hidden" not in m["attrs"]
        for m in re.finditer(r'<form [^>]*data-form="(?P<key>[^"]+)"(?P<attrs>[^>]*)>', html)
        if "data-panel" in m["attrs"]
    }


def panel(html: str, key: str) -> str:
    """The form of action ``key``."""
    return re.search(rf'<form [^>]*data-form="{key}".*?</form>', html, re.S)[0]


def test_the_copy_page_shows_the_copy_first_and_no_form_until_an_action_is_chosen(office):
    copy = office.copies(office.incoming())[0]
    clerk = signed_in(office.clerk)
    html = clerk.get(page(copy)).content.decode()
    assert html.index('id="copy"') < html.index("data-actions")  # the copy, then its actions
    shown = panels(html)
    assert {"lend", "reproduce", "meeting", "loan-request", "loss"} <= set(shown)
    assert not any(shown.values())  # every form waits behind its button
    assert 'href="?action=lend#action-lend" data-form="lend"' in html

    html = clerk.get(page(copy), {"action": "lend"}).content.decode()
    shown = panels(html)
    assert shown["lend"] and not any(v for k, v in shown.items() if k != "lend")


def test_a_refused_form_keeps_what_was_typed_and_marks_the_field__LOAN_DUE(office):
    copy = office.copies(office.incoming())[0]
    reader = signed_in(office.readers[0])
    url = reverse("copy_loan_request", args=[copy.pk])
    data = {
        "borrower": office.readers[0].person_id,
        "due_date": in_days(400),  # beyond LOAN-DUE.max_days
        "purpose": "起草参考材料",
        "refill": "loan-request",
    }
    response = reader.post(
        url, data, HTTP_REFERER=f"http://testserver{page(copy)}?action=loan-request", follow=True
    )
    html = response.content.decode()
    assert 'data-rule="LOAN-DUE"' in html  # the banner and its clause
    form = panel(html, "loan-request")
    assert panels(html)["loan-request"]  # open again
    assert 'value="起草参考材料"' in form and f'value="{data["due_date"]}"' in form
    due = re.search(r'<input [^>]*name="due_date"[^>]*>', form)[0]
    assert "is-invalid" in due
    assert 'class="invalid-feedback d-block"' in form
    # Once shown, the typed values are gone: the next visit starts afresh.
    again = reader.get(page(copy), {"action": "loan-request"}).content.decode()
    assert "起草参考材料" not in panel(again, "loan-request")


def test_a_form_missing_a_field_comes_back_with_that_field_marked(office):
    copy = office.copies(office.incoming())[0]
    clerk = signed_in(office.clerk)
    data = {"person": office.readers[0].person_id, "meeting": "", "refill": "meeting"}
    html = clerk.post(
        reverse("copy_to_meeting", args=[copy.pk]),
        {**data, "meeting_date": in_days(0)},
        HTTP_REFERER=f"http://testserver{page(copy)}",
        follow=True,
    ).content.decode()
    form = panel(html, "meeting")
    assert panels(html)["meeting"]
    meeting = re.search(r'<input [^>]*name="meeting"[^>]*>', form)[0]
    assert "is-invalid" in meeting
    chosen = re.search(rf'<input [^>]*value="{office.readers[0].person_id}"[^>]*>', form)[0]
    assert "checked" in chosen  # the person picked stays picked


def test_a_reader_sees_no_loss_form_and_the_holder_only_a_button__LOSS_REPORT(office):
    copy = office.copies(office.incoming())[0]
    html = signed_in(office.readers[0]).get(page(copy)).content.decode()
    assert 'data-form="loss"' not in html and 'name="circumstances"' not in html
    circulation.circulate(
        actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[0].person_id
    )
    html = signed_in(office.readers[0]).get(page(copy)).content.decode()
    assert 'data-form="loss"' in html and panels(html)["loss"] is False  # a button, closed


def test_people_who_may_not_know_the_copy_are_greyed_with_the_reason__CLS_MAC(office, world):
    low = world.person(dept="tech", clearance=Clearance.GENERAL, name="密级不够")
    copy = office.copies(office.incoming(readers=office.readers[:1]))[0]
    html = signed_in(office.clerk, language="en").get(page(copy)).content.decode()
    lend = panel(html, "lend")
    assert 'type="search"' in lend and "data-picker-filter" in lend  # a filter box

    def candidate(person_id: int) -> str:
        return re.search(rf'data-candidate="{person_id}".*?</div>', lend, re.S)[0]

    allowed = candidate(office.readers[0].person_id)
    assert 'type="radio"' in allowed and "disabled" not in allowed
    too_low = candidate(low.pk)
    assert "data-greyed" in too_low and "disabled" in too_low and "clearance too low" in too_low
    outside = candidate(office.readers[1].person_id)
    assert "data-greyed" in outside and "outside the knowledge scope" in outside


@pytest.fixture
def desktop(ledger):  # noqa: F811 (the fixture imported above)
    """A secret desktop of the tech department and an unclassified stick."""
    tech = ledger.world.departments["tech"].pk
    ledger.desktop = ledger.register(
        number="JSJ-A1", level=Level.SECRET, network="isolated", department_id=tech
    )
    ledger.register(type="usb_stick", number="U-P1", level=0, department_id=tech)
    return ledger


def test_the_asset_page_shows_the_asset_first_and_no_form_until_an_action_is_chosen(desktop):
    page = reverse("asset", args=[desktop.desktop.pk])
    officer = signed_in(desktop.officer)
    html = officer.get(page).content.decode()
    assert html.index('id="asset-summary"') < html.index("data-actions")
    shown = panels(html)
    assert {"media-use", "custodian", "network", "antivirus", "backup"} <= set(shown)
    assert not any(shown.values())
    custodian = panel(html, "custodian")
    assert "data-picker-filter" in custodian and 'type="radio"' in custodian

    html = officer.get(page, {"action": "network"}).content.decode()
    shown = panels(html)
    assert shown["network"] and not any(v for k, v in shown.items() if k != "network")


def test_a_refused_use_of_a_medium_comes_back_with_the_medium_marked__MEDIA_NO_CROSS(desktop):
    page = reverse("asset", args=[desktop.desktop.pk])
    officer = signed_in(desktop.officer)
    html = officer.post(
        reverse("media_use", args=[desktop.desktop.pk]),
        {"medium": "U-P1", "purpose": "拷贝资料", "refill": "media-use"},
        HTTP_REFERER=f"http://testserver{page}?action=media-use",
        follow=True,
    ).content.decode()
    assert 'data-rule="MEDIA-NO-CROSS"' in html
    form = panel(html, "media-use")
    assert panels(html)["media-use"] and 'value="拷贝资料"' in form
    medium = re.search(r'<input [^>]*name="medium"[^>]*>', form)[0]
    assert "is-invalid" in medium and 'value="U-P1"' in medium


def test_an_overdue_copy_is_flagged_with_the_rule_it_was_due_under__CIRC_SAMEDAY(office):
    head = office.tech_head  # cleared for top secret
    copy = office.copies(office.incoming(level=Level.TOP_SECRET, readers=[head]))[0]
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=head.person_id)
    Copy.objects.filter(pk=copy.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    html = signed_in(office.clerk).get(page(copy)).content.decode()
    summary = re.search(r'id="copy".*?</dl>', html, re.S)[0]
    assert 'data-flag="CIRC-SAMEDAY"' in summary and 'data-rule-badge="CIRC-SAMEDAY"' in summary
