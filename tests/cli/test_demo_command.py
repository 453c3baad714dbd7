"""`baomi demo` builds 示例单位 once, with every clearance class and one login per role, and
prints the logins every time."""

from __future__ import annotations

from django.core.management import call_command

from baomi.access.roles import Role
from baomi.accounts.models import Account
from baomi.core.levels import Clearance
from baomi.org.models import Organisation, Person


def test_demo_is_idempotent_and_prints_every_login(db, capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = (Organisation.objects.count(), Person.objects.count(), Account.objects.count())
    call_command("demo")
    again = capsys.readouterr().out
    assert (Organisation.objects.count(), Person.objects.count(), Account.objects.count()) == counts
    assert counts[0] == 1 and counts[1] >= 30
    assert {a.role for a in Account.objects.all()} == set(Role)
    assert set(Person.objects.values_list("clearance", flat=True)) == set(Clearance)
    for username in Account.objects.values_list("username", flat=True):
        assert username in first and username in again


def test_demo_has_a_paper_trail_to_work_on(demo_built):
    """The clerk's desk is not empty: copies registered, two out with readers, the rest in the
    cabinet; the catalogue seeded; a draft awaiting its review chain."""
    from baomi.approvals.models import ApprovalRequest
    from baomi.carriers.models import CatalogueEntry, Copy, CopyState, Document, Stage
    from baomi.carriers.queries import copies

    call_command("demo")
    assert Copy.objects.count() == 14  # 12 of the documents, 2 discs of the recording
    out = Copy.objects.filter(state=CopyState.CIRCULATING)
    holders = Account.objects.filter(person__in=[c.holder_id for c in out])
    assert set(holders.values_list("username", flat=True)) == {"director", "staff"}
    assert not Copy.objects.filter(state=CopyState.WITH_CUSTODIAN, location="").exists()
    assert CatalogueEntry.objects.exists()
    draft = Document.objects.get(stage=Stage.DRAFT)
    assert ApprovalRequest.objects.filter(subject_id=str(draft.pk), state="pending").exists()
    clerk = Account.objects.get(username="clerk")
    # Two copies with readers, and one paper out at the meeting in session today (MEET-DOCS).
    assert len(copies.desk(clerk).circulating) == 3


def test_demo_has_an_equipment_ledger_with_one_alert(demo_built):
    """The security office's ledger is not empty: computers, media and a printer, a use of
    the classified stick on the classified desktop, and a refused cross use as an alert."""
    from baomi.devices.models import Alert, Asset, MediaUse

    call_command("demo")
    assert Asset.objects.count() == 6
    assert Asset.objects.get(number="U-001").tainted
    assert MediaUse.objects.filter(allowed=True).count() == 1
    refused = MediaUse.objects.get(allowed=False)
    assert refused.rule_id == "MEDIA-NO-CROSS"
    assert Alert.objects.filter(rule_id="MEDIA-NO-CROSS", resolved_at=None).count() == 1
