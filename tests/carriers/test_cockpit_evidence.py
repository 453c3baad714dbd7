"""The carriers' evidence for the accreditation self-score (seams.evidence): classified
documents whose yearly review is overdue (CLS-REVIEW) and loss reports whose written report
or investigation is late (LOSS-REPORT); and the loss report as the subject of a deadline,
told only to someone who may know every copy in it (CLS-MAC)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from baomi.access.roles import Role
from baomi.carriers.models import Document, LossReport
from baomi.carriers.operations import loss
from baomi.core.levels import Clearance, Level
from baomi.rulebook import book
from baomi.seams.approvals import describe
from baomi.seams.evidence import EVIDENCE_PROVIDERS, Finding, Scope


def provide(key, office, scope=None, moment=None):
    return EVIDENCE_PROVIDERS[key].provide(
        office.world.organisation.pk, scope or Scope(), moment or timezone.now()
    )


def department(office, key):
    d = office.world.departments[key]
    return Scope(department_id=d.pk, department_path=d.path)


def test_a_document_past_its_yearly_review_is_a_problem__CLS_REVIEW(office):
    org = office.world.organisation.pk
    days = book.param(org, "CLS-REVIEW", "interval_days")
    today = timezone.localdate()
    late = office.incoming(level=Level.SECRET).document
    due_today = office.incoming(level=Level.SECRET).document
    office.incoming(level=Level.INTERNAL, term_years=None)  # not classified: never reviewed
    Document.objects.filter(pk=late.pk).update(
        reviewed_on=today - datetime.timedelta(days=days + 1),
        drafting_department=office.world.departments["tech"],
    )
    # Due by the end of today: not yet overdue.
    Document.objects.filter(pk=due_today.pk).update(
        classified_on=today - datetime.timedelta(days=days)
    )
    found = provide("carriers.classification_reviews", office)
    assert found.verdict == Finding.PROBLEM
    assert [f.url for f in found.facts] == [f"/classification/documents/{late.pk}/"]
    assert late.number in found.facts[0].text and late.title not in found.facts[0].text
    # The drafting department's inspection sees it; another department's does not.
    tech = provide("carriers.classification_reviews", office, department(office, "tech"))
    assert tech.verdict == Finding.PROBLEM
    general = provide("carriers.classification_reviews", office, department(office, "office"))
    assert general.verdict == Finding.OK


def test_documents_reviewed_in_time_are_ok__CLS_REVIEW(office):
    office.incoming(level=Level.SECRET)  # classified today
    assert provide("carriers.classification_reviews", office).verdict == Finding.OK


def report(office, actor, discovered):
    entry = office.incoming(level=Level.SECRET, readers=[*office.readers, office.officer])
    return loss.report_loss(
        actor=actor,
        copy_ids=[office.copies(entry)[0].pk],
        discovered_at=discovered,
        circumstances="清点时发现缺少一份",
    )


def test_a_written_report_past_its_due_time_is_a_problem__LOSS_REPORT(office):
    discovered = timezone.now() - datetime.timedelta(hours=25)
    lost = report(office, office.readers[0], discovered)
    found = provide("carriers.losses", office)
    assert found.verdict == Finding.PROBLEM
    assert [f.url for f in found.facts] == ["/safekeeping/losses/"]
    assert str(lost.pk) in found.facts[0].text
    # The reporter's department and the reporter themself.
    assert provide("carriers.losses", office, department(office, "tech")).verdict == "problem"
    assert provide("carriers.losses", office, department(office, "office")).verdict == "ok"
    mine = Scope(person_id=office.readers[0].person_id)
    assert provide("carriers.losses", office, mine).verdict == Finding.PROBLEM
    # The written report filed: the investigation still has its three months.
    loss.record_loss_progress(actor=office.officer, report_id=lost.pk, written=True)
    assert provide("carriers.losses", office).verdict == Finding.OK


def test_an_investigation_not_concluded_in_time_is_a_problem__LOSS_REPORT(office):
    lost = report(office, office.readers[0], timezone.now() - datetime.timedelta(hours=1))
    assert provide("carriers.losses", office).verdict == Finding.OK  # both still in time
    loss.record_loss_progress(actor=office.officer, report_id=lost.pk, written=True)
    LossReport.objects.filter(pk=lost.pk).update(
        investigation_due_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert provide("carriers.losses", office).verdict == Finding.PROBLEM
    loss.record_loss_progress(
        actor=office.officer, report_id=lost.pk, findings="保管人失职", concluded=True
    )
    assert provide("carriers.losses", office).verdict == Finding.OK


def test_a_loss_report_is_named_only_to_those_who_may_know_its_copies__CLS_MAC(office):
    lost = report(office, office.readers[0], timezone.now() - datetime.timedelta(hours=1))
    copy = lost.copies.get()
    subject = describe(office.readers[0], "carriers.lossreport", str(lost.pk))
    assert subject is not None
    assert copy.document.number in subject.label and copy.document.title not in subject.label
    assert subject.level == Level.SECRET
    # The reporter keeps no register: no page to lead to; the clerk's leads to the list.
    assert subject.url == "#"
    assert describe(office.clerk, "carriers.lossreport", str(lost.pk)).url == (
        "/safekeeping/losses/"
    )
    outsider = office.world.account(Role.STAFF, clearance=Clearance.CORE)
    assert describe(outsider, "carriers.lossreport", str(lost.pk)) is None
    assert describe(office.clerk, "carriers.lossreport", str(lost.pk + 1)) is None
