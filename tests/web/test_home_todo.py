"""What someone must do is where they look (JOURNEYS §3, §5, §7, §8): the 待办 badges of the
navigation, the home page's "waiting for my signature" (receipts, hand-overs, destructions and
equipment disposals to witness, DESTROY-WITNESS on one's own login or recorded from paper by
the clerk or the security officer), and the
security officer's, auditor's and administrator's own work instead of an empty "what I hold"."""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from baomi.access.roles import Role
from baomi.accounts import operations as account_ops
from baomi.accounts.operations import attempt_login
from baomi.approvals.models import ApprovalRequest
from baomi.audit.operations import create_checkpoint
from baomi.carriers.models import Copy, Destruction, Handover, WitnessSignature
from baomi.carriers.operations import circulation, incoming
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.operations import handover as handover_ops
from baomi.core.errors import RuleViolation
from baomi.core.levels import Level
from baomi.devices.models import Disposal, DisposalSignature
from baomi.devices.operations import disposal as disposal_ops
from baomi.devices.operations import ledger as ledger_ops
from baomi.rulebook import book
from baomi.seams.navigation import NAVIGATION
from tests.carriers import conftest as carriers
from tests.factories import audit_events
from tests.web.conftest import post_refused, signed_in

office = carriers.office  # the fixture: an office with its clerk, leaders and readers

BADGE = r'data-nav="{key}"[^>]*>[^<]*<span class="badge[^"]*" data-count="(\d+)"'


def badge(html: str, key: str) -> int:
    """The 待办 count shown on navigation entry ``key`` (0: no badge)."""
    assert f'data-nav="{key}"' in html
    found = re.search(BADGE.format(key=key), html)
    return int(found.group(1)) if found else 0


@pytest.fixture(autouse=True)
def self_checks_filed(monkeypatch):
    """The badges counted here are of signatures and routing slips: the monthly self-check a
    cleared person is asked for (PPL-SELFCHECK, tests/people/test_self_check.py) is taken as
    filed."""
    monkeypatch.setattr("baomi.people.queries.self_checks.self_check_due", lambda actor: False)


def home(account) -> str:
    return signed_in(account, language="en").get(reverse("home")).content.decode()


def destroyed(office, witnesses) -> Destruction:
    """Two copies destroyed by the clerk, approved, supervised by ``witnesses``."""
    copies = office.copies(office.incoming(level=Level.SECRET, copies=2))
    destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=[c.pk for c in copies], reason="过期"
    )
    office.approve_all(ApprovalRequest.objects.get(operation="destroy"))
    return destruction_ops.destroy(
        actor=office.clerk,
        copy_ids=[c.pk for c in copies],
        method="shredding",
        place="保密室碎纸机",
        operator_id=office.clerk.person_id,
        witness_ids=[w.person_id for w in witnesses],
    )


# Destruction witnesses (DESTROY-WITNESS) -------------------------------------------------------


def test_a_witness_signs_a_destruction_on_their_own_login__DESTROY_WITNESS(office):
    made = destroyed(office, [office.officer, office.director])
    html = home(office.director)
    assert f'data-witness="{made.pk}"' in html and badge(html, "home") == 1
    response = signed_in(office.director).post(reverse("destruction_witness", args=[made.pk]))
    assert response.status_code == 303
    signature = WitnessSignature.objects.get(destruction=made)
    assert signature.witness_id == office.director.person_id and not signature.on_paper
    assert signature.recorded_by_id == office.director.pk
    html = home(office.director)
    assert f'data-witness="{made.pk}"' not in html and badge(html, "home") == 0
    event = audit_events("carriers.witness_signed")[-1]
    assert event["data"]["witness"] == office.director.person_id
    # The clerk's register shows it signed; the other witness not yet.
    page = signed_in(office.clerk).get(reverse("destruction")).content.decode()
    assert 'data-signed="login"' in page and 'data-action="paper-signature"' in page


def test_someone_not_named_as_witness_cannot_sign__DESTROY_WITNESS(office):
    made = destroyed(office, [office.officer, office.director])
    url = reverse("destruction_witness", args=[made.pk])
    html = post_refused(signed_in(office.readers[0]), url, page=reverse("home"))
    assert 'data-rule="DESTROY-WITNESS"' in html
    assert f'data-witness="{made.pk}"' not in home(office.readers[0])
    assert not WitnessSignature.objects.exists()
    assert audit_events("carriers.witness_signed") == []


def test_nobody_witnesses_their_own_destruction__DESTROY_WITNESS(office):
    made = destroyed(office, [office.officer, office.director])
    # The operator signs nothing as a witness, on their login or on paper.
    with pytest.raises(RuleViolation) as refused:
        destruction_ops.confirm_witness(actor=office.clerk, destruction_id=made.pk)
    assert refused.value.rule_id == "DESTROY-WITNESS"
    with pytest.raises(RuleViolation) as refused:
        destruction_ops.record_witness_signature(
            actor=office.clerk, destruction_id=made.pk, witness_id=office.clerk.person_id
        )
    assert refused.value.rule_id == "DESTROY-WITNESS"
    # Nor is the operator named among the witnesses in the first place.
    copies = office.copies(office.incoming(copies=1))
    with pytest.raises(RuleViolation) as refused:
        destruction_ops.destroy(
            actor=office.clerk,
            copy_ids=[c.pk for c in copies],
            method="shredding",
            place="保密室碎纸机",
            operator_id=office.clerk.person_id,
            witness_ids=[office.clerk.person_id, office.officer.person_id],
        )
    assert refused.value.rule_id == "DESTROY-WITNESS"
    assert not WitnessSignature.objects.exists()


def test_the_clerk_records_a_witness_signature_from_paper__DESTROY_WITNESS(office):
    made = destroyed(office, [office.officer, office.director])
    clerk = signed_in(office.clerk)
    url = reverse("destruction_paper_signature", args=[made.pk])
    response = clerk.post(url, {"witness": office.officer.person_id})
    assert response.status_code == 303
    signature = WitnessSignature.objects.get()
    assert signature.on_paper and signature.recorded_by_id == office.clerk.pk
    assert signature.witness_id == office.officer.person_id
    assert 'data-signed="paper"' in clerk.get(reverse("destruction")).content.decode()
    assert f'data-witness="{made.pk}"' not in home(office.officer)
    assert audit_events("carriers.witness_signed")[-1]["data"]["on_paper"] is True
    # Once only: a second signature of the same witness is refused.
    html = post_refused(clerk, url, {"witness": office.officer.person_id}, page=reverse("home"))
    assert 'data-rule="DESTROY-WITNESS"' in html
    assert WitnessSignature.objects.count() == 1


def test_the_clerk_cannot_record_a_signature_of_someone_not_named__DESTROY_WITNESS(office):
    made = destroyed(office, [office.officer, office.director])
    url = reverse("destruction_paper_signature", args=[made.pk])
    html = post_refused(
        signed_in(office.clerk),
        url,
        {"witness": office.readers[0].person_id},
        page=reverse("destruction"),
    )
    assert 'data-rule="DESTROY-WITNESS"' in html
    assert not WitnessSignature.objects.exists()
    # A witness missing from the form is named as the field at fault, not a 500.
    response = signed_in(office.clerk).post(url, {}, HTTP_REFERER="/", follow=True)
    assert response.status_code < 500 and not WitnessSignature.objects.exists()
    # Staff record nothing on paper.
    staff = signed_in(office.readers[0]).post(url, {"witness": office.officer.person_id})
    assert staff.status_code == 403


# Equipment disposals' supervisors (DESTROY-WITNESS) ---------------------------------------------


def disposed(office, witnesses) -> Disposal:
    """A secret stick destroyed by the clerk, recorded by the security officer on the leader's
    approval, supervised by ``witnesses``."""
    stick = ledger_ops.register_asset(
        actor=office.officer,
        type="usb_stick",
        number="U-W1",
        level=Level.SECRET,
        custodian_id=office.clerk.person_id,
    )
    disposal_ops.request_disposal(
        actor=office.officer, asset_ids=[stick.pk], outcome="destroyed", reason="损坏"
    )
    office.approve_all(ApprovalRequest.objects.get(operation="dispose_assets"))
    return disposal_ops.dispose(
        actor=office.officer,
        asset_ids=[stick.pk],
        outcome="destroyed",
        method="shredded",
        place="定点销毁中心",
        operator_id=office.clerk.person_id,
        witness_ids=[w.person_id for w in witnesses],
    )


def test_a_supervisor_signs_an_equipment_disposal_on_their_own_login__DESTROY_WITNESS(office):
    reader = office.readers[0]
    gone = disposed(office, [office.director, reader])
    html = home(reader)
    assert f'data-disposal-witness="{gone.pk}"' in html and badge(html, "home") == 1
    # A destruction of copies to witness as well: the badge counts both.
    destroyed(office, [office.officer, reader])
    assert badge(home(reader), "home") == 2
    url = reverse("disposal_witness", args=[gone.pk])
    response = signed_in(reader).post(url, {"next": reverse("home")})
    assert response.status_code == 303 and response["Location"] == reverse("home")
    html = home(reader)
    assert f'data-disposal-witness="{gone.pk}"' not in html and badge(html, "home") == 1
    signature = DisposalSignature.objects.get()
    assert (signature.witness_id, signature.on_paper) == (reader.person_id, False)
    assert audit_events("devices.witness_signed")[-1]["data"]["witness"] == reader.person_id
    # The care page shows it signed; the director not yet, with the paper button.
    care = signed_in(office.officer).get(reverse("device_care")).content.decode()
    assert 'data-signed="login"' in care and 'data-signed="no"' in care
    assert reverse("disposal_paper_signature", args=[gone.pk]) in care


def test_only_a_named_supervisor_signs_a_disposal__DESTROY_WITNESS(office):
    gone = disposed(office, [office.director, office.officer])
    url = reverse("disposal_witness", args=[gone.pk])
    # Someone not named (who may not see the asset either), and the operator: refused.
    for account in (office.readers[1], office.clerk):
        html = post_refused(signed_in(account), url, page=reverse("home"))
        assert 'data-rule="DESTROY-WITNESS"' in html
        assert f'data-disposal-witness="{gone.pk}"' not in home(account)
    assert not DisposalSignature.objects.exists()
    assert audit_events("devices.witness_signed") == []


def test_the_security_officer_records_a_disposals_paper_signature__DESTROY_WITNESS(office):
    gone = disposed(office, [office.director, office.readers[0]])
    officer = signed_in(office.officer)
    url = reverse("disposal_paper_signature", args=[gone.pk])
    assert officer.post(url, {"witness": office.director.person_id}).status_code == 303
    signature = DisposalSignature.objects.get()
    assert (signature.on_paper, signature.recorded_by_id) == (True, office.officer.pk)
    assert 'data-signed="paper"' in officer.get(reverse("device_care")).content.decode()
    assert f'data-disposal-witness="{gone.pk}"' not in home(office.director)
    # Once only (409), never someone not named, never a missing field as a 500.
    care = reverse("device_care")
    for data in ({"witness": office.director.person_id}, {"witness": office.readers[1].person_id}):
        html = post_refused(officer, url, data, page=care)
        assert 'data-rule="DESTROY-WITNESS"' in html
    assert officer.post(url, {"witness": "x"}, HTTP_REFERER="/", follow=True).status_code < 500
    # The clerk keeps no equipment ledger: nothing recorded on paper.
    assert signed_in(office.clerk).post(url, {"witness": 1}).status_code == 403
    assert DisposalSignature.objects.count() == 1


# Receipts and hand-overs to sign, and the home entry's badge -----------------------------------


def test_a_reader_signs_for_a_copy_from_home_and_the_badge_goes__CIRC_SIGN(office):
    reader = office.readers[0]
    copy = office.copies(office.incoming())[0]
    assert badge(home(reader), "home") == 0  # nothing to do: no badge at all
    circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    html = home(reader)
    assert f'data-receipt="{copy.pk}"' in html and badge(html, "home") == 1
    assert html.count('data-count="') == 1  # no other entry of the reader's counts anything
    response = signed_in(reader).post(reverse("copy_receipt", args=[copy.pk]))
    assert response.status_code == 303
    html = home(reader)
    assert f'data-receipt="{copy.pk}"' not in html and badge(html, "home") == 0
    assert f'data-held="{copy.pk}"' in html


def test_both_sides_of_a_hand_over_see_it_to_sign_on_their_home__HANDOVER(office):
    clerk, receiver = office.clerk, office.officer
    copies = office.copies(office.incoming(readers=[office.officer, *office.readers]))
    identity = {
        "from_person_id": clerk.person_id,
        "to_person_id": receiver.person_id,
        "reason": "post_change",
        "copy_ids": [c.pk for c in Copy.objects.filter(custodian=clerk.person)],
    }
    handover_ops.request_handover(actor=office.officer, **identity)
    office.approve_all(ApprovalRequest.objects.get(operation="hand_over"))
    made = handover_ops.hand_over(actor=office.officer, **identity)
    for side in (clerk, receiver):
        html = home(side)
        assert f'data-handover="{made.pk}"' in html and badge(html, "home") >= 1
    signed_in(clerk).post(reverse("handover_sign", args=[made.pk]))
    assert f'data-handover="{made.pk}"' not in home(clerk)
    signed_in(receiver).post(reverse("handover_sign", args=[made.pk]))
    assert Handover.objects.get().completed_at is not None and copies


# Approvals -------------------------------------------------------------------------------------


def test_the_approvals_badge_counts_what_awaits_my_decision(office):
    copies = office.copies(office.incoming(copies=2))
    destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=[c.pk for c in copies], reason="过期"
    )
    request = ApprovalRequest.objects.get()
    approver = {a.person_id: a for a in (office.director, office.leader, office.head)}[
        request.steps.order_by("order").first().approver_id
    ]
    html = home(approver)
    assert badge(html, "approvals") == 1 and 'id="awaiting"' in html
    # The requester waits for it on their home page; they have nothing to decide.
    html = home(office.clerk)
    assert f'data-waiting="{request.pk}"' in html
    assert 'id="awaiting"' not in html and badge(html, "approvals") == 0
    office.approve_all(request)
    html = home(approver)
    assert badge(html, "approvals") == 0 and f'data-waiting="{request.pk}"' not in home(
        office.clerk
    )


# The administrators' homes ---------------------------------------------------------------------


def test_the_security_officers_home_shows_the_organisations_watch(office):
    """Overdue copies of the organisation the officer may know (CLS-MAC), the reviews due, the
    equipment alerts."""
    known, unknown = (
        office.copies(office.incoming(readers=readers))[0]
        for readers in ([office.officer, *office.readers], office.readers)
    )
    for copy in (known, unknown):
        circulation.circulate(
            actor=office.clerk, copy_id=copy.pk, reader_id=office.readers[0].person_id
        )
    Copy.objects.filter(pk__in=[known.pk, unknown.pk]).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    # The clerk keeps both: the desk counts what is to get back.
    assert badge(home(office.clerk), "desk") == 2
    html = home(office.officer)
    assert f'data-org-overdue="{known.pk}"' in html
    assert f'data-org-overdue="{unknown.pk}"' not in html
    assert 'id="device-alerts"' in html and 'id="office"' in html
    assert 'id="held"' not in html  # holds nothing: no empty "what I hold"
    # Staff see none of it.
    html = home(office.readers[1])
    assert 'id="office"' not in html and 'id="device-alerts"' not in html


def test_the_auditors_home_shows_the_chain_and_the_refusals_to_review(world, office):
    auditor = world.account(Role.AUDITOR)
    create_checkpoint(actor=None)
    made = destroyed(office, [office.officer, office.director])
    with pytest.raises(RuleViolation):  # a refusal to review
        destruction_ops.confirm_witness(actor=office.clerk, destruction_id=made.pk)
    html = home(auditor)
    assert 'id="chain"' in html and 'data-checkpoints="1"' in html
    assert re.search(r'data-refusals="[1-9]', html)
    for panel in ('id="held"', 'id="awaiting"', 'id="to-sign"', 'id="overdue"'):
        assert panel not in html
    assert 'data-count="' not in html  # nothing to count for the auditor


def test_the_administrators_home_shows_accounts_that_must_change_password(world):
    admin = world.account(Role.SYSADMIN)
    person = world.person()
    fresh = account_ops.create_account(
        actor=None,
        username="newcomer",
        role=Role.STAFF,
        password="Initial-Passw0rd!",
        person_id=person.pk,
        one_time=True,
    )
    html = home(admin)
    assert f'data-must-change="{fresh.pk}"' in html and f'data-created="{fresh.pk}"' in html
    assert badge(html, "accounts") == 0
    # A locked account is the administrator's 待办 (AUTH-LOCKOUT).
    for _ in range(book.param(None, "AUTH-LOCKOUT", "max_failures")):
        attempt_login(username=fresh.username, password="wrong")
    assert badge(home(admin), "accounts") == 1
    for panel in ('id="held"', 'id="awaiting"', 'id="to-sign"', 'id="chain"'):
        assert panel not in html


def test_a_routing_slip_awaiting_the_directors_instruction_is_counted__IN_ROUTE(office):
    entry = office.incoming(readers=office.readers[:1])
    assert badge(home(office.director), "home") == 0
    incoming.route(actor=office.clerk, entry_id=entry.pk)
    html = home(office.director)
    assert f'data-slip="{entry.pk}"' in html and badge(html, "home") == 1


def test_counts_are_asked_only_of_the_entries_shown(office, monkeypatch):
    asked = []

    def count(actor):
        asked.append(actor.pk)
        return 0

    desk = dataclasses.replace(NAVIGATION["desk"], count=count)
    monkeypatch.setitem(NAVIGATION._entries, "desk", desk)
    home(office.readers[0])  # staff have no desk: its count is never asked
    assert asked == []
    html = home(office.clerk)
    assert asked == [office.clerk.pk] and badge(html, "desk") == 0


def test_a_witness_id_beyond_the_database_is_a_field_error():
    """kit.forms.IdField: an id past 2**63-1 is refused by the form, never sent to the query."""
    from baomi.carriers.web.forms.lifecycle import WitnessForm
    from baomi.kit.forms import IdsField

    assert not WitnessForm({"witness": str(2**63)}).is_valid()
    assert WitnessForm({"witness": "12"}).is_valid()
    assert not IdsField().valid_value(str(10**30))
