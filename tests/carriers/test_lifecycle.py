"""The end of a copy's life (RULES.md §6): recall, archives and their consultation,
destruction, loss and leaks."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveExcerpt,
    Copy,
    CopyState,
    Destruction,
    LossReport,
)
from baomi.carriers.operations import archives as archives_ops
from baomi.carriers.operations import circulation
from baomi.carriers.operations import destruction as destruction_ops
from baomi.carriers.operations import loss as loss_ops
from baomi.carriers.queries import lifecycle as queries
from baomi.core.errors import AccessDenied, Conflict, InvalidInput, NotFound, RuleViolation
from baomi.core.levels import Level
from baomi.rulebook.operations import set_rule
from tests.factories import World, audit_events

L = Level


def refused(rule_id, call, **kw):
    with pytest.raises(RuleViolation) as exc:
        call(**kw)
    assert exc.value.rule_id == rule_id, exc.value
    return exc.value


def snapshot(*copies):
    """Everything a refused operation on ``copies`` must leave as it was."""
    rows = Copy.objects.filter(pk__in=[c.pk for c in copies]).order_by("pk")
    return (
        list(rows.values_list("pk", "state", "holder_id", "custodian_id", "volume_id")),
        sum(c.timeline.count() for c in rows),
        Destruction.objects.count(),
        LossReport.objects.count(),
        ArchiveAccess.objects.count(),
        ArchiveExcerpt.objects.count(),
    )


def ids(copies):
    return [c.pk for c in copies]


def actions(copy):
    return list(copy.timeline.values_list("action", flat=True))


def fresh(copy):
    return Copy.objects.select_related("document").get(pk=copy.pk)


@pytest.fixture
def secret(office):
    return office.incoming(level=L.SECRET, copies=3)


def volume(office, number="2026-永久-001"):
    return archives_ops.create_volume(
        actor=office.clerk, number=number, title="2026年收文", year=2026
    )


def archived(office, entry):
    copies = office.copies(entry)
    archives_ops.archive(actor=office.clerk, copy_ids=ids(copies), volume_id=volume(office).pk)
    return [fresh(c) for c in copies]


# Recall -------------------------------------------------------------------------------------


def test_recalled_copies_go_back_to_the_issuer__RECALL_DUE(office):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    entry = office.incoming(recall_date=yesterday)
    copies = office.copies(entry)
    recalled = archives_ops.recall(actor=office.clerk, copy_ids=ids(copies[:2]), note="按期清退")
    assert [c.state for c in recalled] == [CopyState.RECALLED] * 2
    for copy in copies[:2]:
        copy = fresh(copy)
        assert (copy.state, copy.holder_id) == (CopyState.RECALLED, None)
        assert actions(copy)[-1] == "recalled"
    assert fresh(copies[2]).state == CopyState.WITH_CUSTODIAN
    event = audit_events("carriers.recalled")[-1]["data"]
    assert event["late"] == ids(copies[:2])  # past the recall date


@pytest.mark.parametrize(("days", "late"), [(-1, True), (0, False), (1, False)])
def test_a_recall_is_late_only_after_its_recall_date__RECALL_DUE(office, days, late):
    """Copies return to the issuer by the recall date: recalled on the date itself (or
    before) they are on time, recalled the day after they are recorded as late."""
    due = timezone.localdate() + datetime.timedelta(days=days)
    copies = office.copies(office.incoming(recall_date=due))
    archives_ops.recall(actor=office.clerk, copy_ids=ids(copies))
    event = audit_events("carriers.recalled")[-1]["data"]
    assert event["late"] == (ids(copies) if late else [])


def test_a_recall_marks_late_only_the_copies_past_their_date__RECALL_DUE(office):
    """One recall of copies of two documents, one due yesterday and one due today."""
    today = timezone.localdate()
    overdue = office.copies(office.incoming(recall_date=today - datetime.timedelta(days=1)))
    on_time = office.copies(office.incoming(recall_date=today))
    undated = office.copies(office.incoming())
    archives_ops.recall(actor=office.clerk, copy_ids=ids(overdue + on_time + undated))
    assert audit_events("carriers.recalled")[-1]["data"]["late"] == ids(overdue)


def test_only_copies_with_their_custodian_are_recalled__RECALL_DUE(office, secret):
    copies = office.copies(secret)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[0].pk])
    before = snapshot(*copies)
    refused("RECALL-DUE", archives_ops.recall, actor=office.clerk, copy_ids=ids(copies))
    assert snapshot(*copies) == before


def test_only_the_register_keepers_recall(office, secret):
    with pytest.raises(AccessDenied):
        archives_ops.recall(actor=office.readers[0], copy_ids=ids(office.copies(secret)))


# Archives -----------------------------------------------------------------------------------


def test_finished_copies_are_filed_into_a_volume_held_by_nobody__ARCH_FILE(office, secret):
    vol = volume(office)
    copies = archives_ops.archive(
        actor=office.clerk, copy_ids=ids(office.copies(secret)), volume_id=vol.pk
    )
    for copy in copies:
        copy = fresh(copy)
        assert (copy.state, copy.holder_id, copy.volume_id) == (CopyState.ARCHIVED, None, vol.pk)
        assert copy.custodian_id == office.clerk.person_id
        assert actions(copy)[-1] == "archived"
    assert audit_events("carriers.archived")[-1]["data"]["copies"] == ids(copies)


def test_only_copies_with_their_custodian_are_archived__ARCH_FILE(office, secret):
    copies = office.copies(secret)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[0].pk])
    vol = volume(office)
    before = snapshot(*copies)
    refused(
        "ARCH-FILE",
        archives_ops.archive,
        actor=office.clerk,
        copy_ids=ids(copies),
        volume_id=vol.pk,
    )
    assert snapshot(*copies) == before


def test_archived_copies_cannot_leave_again__ARCH_FILE(office, secret):
    """Archives are held centrally: nothing leaves the archive room (ARCH-ACCESS)."""
    copies = archived(office, secret)
    before = snapshot(*copies)
    reader = office.readers[0].person_id
    refused(
        "CIRC-DIRECT",
        circulation.circulate,
        actor=office.clerk,
        copy_id=copies[0].pk,
        reader_id=reader,
    )
    assert snapshot(*copies) == before
    refused("RECALL-DUE", archives_ops.recall, actor=office.clerk, copy_ids=[copies[0].pk])
    refused(
        "ARCH-FILE",
        archives_ops.archive,
        actor=office.clerk,
        copy_ids=[copies[0].pk],
        volume_id=volume(office, "2026-2").pk,
    )


def test_volume_numbers_are_unique_and_volumes_stay_in_their_organisation(office, secret):
    volume(office)
    with pytest.raises(Conflict):
        volume(office)
    with pytest.raises(InvalidInput):
        archives_ops.create_volume(actor=office.clerk, number="x", title=" ", year=2026)
    other = World.build()
    stranger = other.account(Role.CLERK, clearance=L.TOP_SECRET)
    with pytest.raises(NotFound):
        archives_ops.archive(
            actor=stranger, copy_ids=ids(office.copies(secret)), volume_id=volume(office, "v2").pk
        )


def register_access(office, docs, **kw):
    kw.setdefault("purpose", "编写年鉴查阅")
    return archives_ops.register_archive_access(
        actor=office.clerk, document_ids=[d.pk for d in docs], **kw
    )


def test_an_outside_unit_needs_an_introduction_letter__ARCH_ACCESS(office, secret):
    archived(office, secret)
    before = snapshot(*office.copies(secret))
    outside = {"outside_unit": "市档案馆", "outside_reader": "刘某"}
    refused("ARCH-ACCESS", register_access, office=office, docs=[secret.document], **outside)
    assert snapshot(*office.copies(secret)) == before
    access = register_access(
        office,
        [secret.document],
        introduction_letter="市档发〔2026〕3号：查阅2026年收文",
        **outside,
    )
    assert (access.outside_unit, access.applicant_id) == ("市档案馆", None)
    assert list(access.documents.all()) == [secret.document]


def test_only_archived_documents_are_registered_for_consultation__ARCH_ACCESS(office, secret):
    refused(
        "ARCH-ACCESS",
        register_access,
        office=office,
        docs=[secret.document],
        applicant_id=office.readers[0].person_id,
    )
    assert ArchiveAccess.objects.count() == 0


def test_an_application_names_one_applicant(office, secret):
    archived(office, secret)
    with pytest.raises(InvalidInput):
        register_access(office, [secret.document])
    with pytest.raises(InvalidInput):
        register_access(
            office,
            [secret.document],
            applicant_id=office.readers[0].person_id,
            outside_unit="市档案馆",
        )
    with pytest.raises(InvalidInput):
        register_access(
            office, [secret.document], applicant_id=office.readers[0].person_id, purpose=""
        )


def test_an_applicant_must_be_allowed_to_know_the_archives__CLS_MAC(office):
    entry = office.incoming(readers=office.readers[:1])
    archived(office, entry)
    refused(
        "CLS-MAC",
        register_access,
        office=office,
        docs=[entry.document],
        applicant_id=office.readers[1].person_id,
    )
    assert ArchiveAccess.objects.count() == 0


def test_classified_archives_are_read_with_the_office_directors_approval__ARCH_ACCESS(
    office, secret
):
    archived(office, secret)
    access = register_access(office, [secret.document], applicant_id=office.readers[0].person_id)
    steps = list(access.approval.steps.values_list("approver_kind", "approver_id"))
    assert steps == [("office_director", office.director.person_id)]
    refused("ARCH-ACCESS", archives_ops.open_reading, actor=office.clerk, access_id=access.pk)
    access.refresh_from_db()
    assert access.read_at is None
    office.approve_all(access.approval)
    access = archives_ops.open_reading(actor=office.clerk, access_id=access.pk)
    assert access.read_at is not None
    assert ApprovalRequest.objects.get(pk=access.approval_id).state == State.CONSUMED
    with pytest.raises(RuleViolation):  # one approval, one reading
        archives_ops.open_reading(actor=office.clerk, access_id=access.pk)


def test_internal_archives_are_read_without_approval__ARCH_ACCESS(office):
    entry = office.incoming(level=L.INTERNAL)
    archived(office, entry)
    access = register_access(office, [entry.document], applicant_id=office.readers[0].person_id)
    assert access.approval_id is None
    assert archives_ops.open_reading(actor=office.clerk, access_id=access.pk).read_at is not None


@pytest.mark.parametrize("classified", [L.CONFIDENTIAL, L.SECRET])
def test_a_scope_with_any_classified_archive_needs_approval__ARCH_ACCESS(office, classified):
    """Internal and classified archives consulted together: one classified document is enough
    for the consultation to need the office director's approval before the reading."""
    internal, secret = office.incoming(level=L.INTERNAL), office.incoming(level=classified)
    archived(office, internal)
    archives_ops.archive(
        actor=office.clerk, copy_ids=ids(office.copies(secret)), volume_id=volume(office, "v2").pk
    )
    access = register_access(
        office, [internal.document, secret.document], applicant_id=office.readers[0].person_id
    )
    assert access.approval is not None
    assert access.approval.steps.get().approver_id == office.director.person_id
    refused("ARCH-ACCESS", archives_ops.open_reading, actor=office.clerk, access_id=access.pk)
    office.approve_all(access.approval)
    assert archives_ops.open_reading(actor=office.clerk, access_id=access.pk).read_at is not None


def open_internal_reading(office):
    """An applicant reading the archives of one internal document; a second archived
    document outside the registered scope."""
    inside, outside = office.incoming(level=L.INTERNAL), office.incoming(level=L.INTERNAL)
    archived(office, inside)
    archives_ops.archive(
        actor=office.clerk, copy_ids=ids(office.copies(outside)), volume_id=volume(office, "v2").pk
    )
    access = register_access(office, [inside.document], applicant_id=office.readers[0].person_id)
    return access, inside.document, outside.document


def test_only_the_registered_scope_may_be_read__ARCH_ACCESS(office):
    access, inside, outside = open_internal_reading(office)
    # Reading happens in the archive room, once the reading is opened.
    refused(
        "ARCH-ACCESS",
        archives_ops.consult,
        actor=office.clerk,
        access_id=access.pk,
        document_id=inside.pk,
    )
    archives_ops.open_reading(actor=office.clerk, access_id=access.pk)
    refused(
        "ARCH-ACCESS",
        archives_ops.consult,
        actor=office.clerk,
        access_id=access.pk,
        document_id=outside.pk,
    )
    assert not audit_events("carriers.archive_consulted")
    archives_ops.consult(actor=office.clerk, access_id=access.pk, document_id=inside.pk)
    assert audit_events("carriers.archive_consulted")[-1]["data"]["document_id"] == inside.pk
    archives_ops.close_access(actor=office.clerk, access_id=access.pk)
    refused(
        "ARCH-ACCESS",
        archives_ops.consult,
        actor=office.clerk,
        access_id=access.pk,
        document_id=inside.pk,
    )


def test_an_excerpt_is_checked_by_someone_other_than_its_reader__ARCH_EXCERPT(office):
    access, inside, outside = open_internal_reading(office)
    archives_ops.open_reading(actor=office.clerk, access_id=access.pk)
    excerpt = dict(actor=office.clerk, access_id=access.pk, description="第3页统计数字")
    reader, director = office.readers[0].person_id, office.director.person_id
    refused(
        "ARCH-EXCERPT",
        archives_ops.record_excerpt,
        document_id=inside.pk,
        checked_by_id=reader,
        **excerpt,
    )
    refused(
        "ARCH-ACCESS",
        archives_ops.record_excerpt,
        document_id=outside.pk,
        checked_by_id=director,
        **excerpt,
    )
    assert ArchiveExcerpt.objects.count() == 0
    made = archives_ops.record_excerpt(document_id=inside.pk, checked_by_id=director, **excerpt)
    assert (made.checked_by_id, made.document_id) == (director, inside.pk)
    assert made.stamped_at is not None
    assert list(access.excerpts.all()) == [made]


def test_archive_consultations_are_kept_by_the_register_keepers(office, secret):
    archived(office, secret)
    with pytest.raises(AccessDenied):
        archives_ops.register_archive_access(
            actor=office.readers[0],
            document_ids=[secret.document.pk],
            purpose="查阅",
            applicant_id=office.readers[0].person_id,
        )


# Destruction --------------------------------------------------------------------------------


def destruction_request(office, copies):
    request = destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=ids(copies), reason="超过保密期限，已无保存价值"
    )
    return office.approve_all(request)


def witnesses(office, n=2):
    return [r.person_id for r in office.readers[:n]]


def destroy(office, copies, **kw):
    kw.setdefault("method", "shredding")
    kw.setdefault("place", "机要室碎纸机")
    kw.setdefault("operator_id", office.clerk.person_id)
    kw.setdefault("witness_ids", witnesses(office))
    return destruction_ops.destroy(actor=office.clerk, copy_ids=ids(copies), **kw)


def test_destruction_needs_a_leaders_approval__DESTROY_APPROVE(office, secret):
    copies = office.copies(secret)
    before = snapshot(*copies)
    refused("DESTROY-APPROVE", destroy, office=office, copies=copies)
    assert snapshot(*copies) == before
    request = destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=ids(copies), reason="超过保密期限"
    )
    assert [s.approver_id for s in request.steps.all()] == [office.leader.person_id]
    assert request.params == {"copies": ids(copies), "archived": []}
    refused("DESTROY-APPROVE", destroy, office=office, copies=copies)  # not yet granted
    office.approve_all(request)
    refused("DESTROY-APPROVE", destroy, office=office, copies=copies[:2])  # other copies
    assert snapshot(*copies) == before


def test_archives_are_destroyed_with_the_heads_approval__DESTROY_APPROVE(office, secret):
    copies = archived(office, secret)
    request = destruction_ops.request_destruction(
        actor=office.clerk, copy_ids=ids(copies), reason="保管期满"
    )
    assert [s.approver_id for s in request.steps.all()] == [office.head.person_id]
    office.approve_all(request)
    destroy(office, copies)
    assert {fresh(c).state for c in copies} == {CopyState.DESTROYED}


def test_an_approval_for_copies_later_archived_does_not_cover_them__DESTROY_APPROVE(office, secret):
    """The leader in charge approved destroying copies with their custodian; once archived,
    they need the archive approvers' word (the head of the organisation)."""
    copies = office.copies(secret)
    destruction_request(office, copies)
    copies = archived(office, secret)
    before = snapshot(*copies)
    refused("DESTROY-APPROVE", destroy, office=office, copies=copies)
    assert snapshot(*copies) == before


def test_a_copy_away_or_gone_cannot_be_destroyed__DESTROY_APPROVE(office, secret):
    copies = office.copies(secret)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[0].pk])
    refused(
        "DESTROY-APPROVE",
        destruction_ops.request_destruction,
        actor=office.clerk,
        copy_ids=ids(copies),
        reason="销毁",
    )
    assert not ApprovalRequest.objects.filter(operation="destroy").exists()


def test_destruction_is_refused_with_one_witness_and_done_with_two__DESTROY_WITNESS(office, secret):
    copies = office.copies(secret)
    request = destruction_request(office, copies)
    before = snapshot(*copies)
    refused(
        "DESTROY-WITNESS", destroy, office=office, copies=copies, witness_ids=witnesses(office, 1)
    )
    # The same witness twice is one witness; the operator does not supervise themselves.
    twice = [office.readers[0].person_id] * 2
    refused("DESTROY-WITNESS", destroy, office=office, copies=copies, witness_ids=twice)
    refused(
        "DESTROY-WITNESS",
        destroy,
        office=office,
        copies=copies,
        operator_id=office.readers[0].person_id,
        witness_ids=witnesses(office, 2),
    )
    assert snapshot(*copies) == before
    assert ApprovalRequest.objects.get(pk=request.pk).state == State.GRANTED

    destruction = destroy(office, copies)
    assert set(destruction.witnesses.values_list("pk", flat=True)) == set(witnesses(office))
    assert set(destruction.copies.values_list("pk", flat=True)) == set(ids(copies))
    assert (destruction.operator_id, destruction.approval_id) == (
        office.clerk.person_id,
        request.pk,
    )
    for copy in copies:
        copy = fresh(copy)
        assert (copy.state, copy.holder_id) == (CopyState.DESTROYED, None)
        assert actions(copy)[-1] == "destroyed"
    assert ApprovalRequest.objects.get(pk=request.pk).state == State.CONSUMED
    event = audit_events("carriers.destroyed")[-1]["data"]
    assert (event["copies"], event["witnesses"]) == (ids(copies), sorted(witnesses(office)))


def test_the_rulebook_may_ask_for_more_witnesses__DESTROY_WITNESS(office, secret):
    set_rule(
        actor=office.officer, rule_id="DESTROY-WITNESS", enabled=True, params={"min_witnesses": 3}
    )
    copies = office.copies(secret)
    destruction_request(office, copies)
    refused("DESTROY-WITNESS", destroy, office=office, copies=copies)
    assert destroy(office, copies, witness_ids=witnesses(office, 3)).witnesses.count() == 3


@pytest.mark.parametrize("method", ["sold_as_waste", "wrapping", ""])
def test_destruction_only_by_a_designated_method__DESTROY_PLACE(office, secret, method):
    copies = office.copies(secret)
    destruction_request(office, copies)
    before = snapshot(*copies)
    refused("DESTROY-PLACE", destroy, office=office, copies=copies, method=method)
    assert snapshot(*copies) == before


def test_destruction_at_a_named_place__DESTROY_PLACE(office, secret):
    copies = office.copies(secret)
    destruction_request(office, copies)
    refused("DESTROY-PLACE", destroy, office=office, copies=copies, place="  ")
    destruction = destroy(office, copies, method="pulping", place="市定点造纸厂")
    assert (destruction.method, destruction.place) == ("pulping", "市定点造纸厂")


# Loss and leaks -----------------------------------------------------------------------------


def report(office, copies, actor=None, **kw):
    kw.setdefault("discovered_at", timezone.now() - datetime.timedelta(hours=2))
    kw.setdefault("circumstances", "清点时发现缺少一份")
    return loss_ops.report_loss(actor=actor or office.readers[0], copy_ids=ids(copies), **kw)


def test_anyone_who_knows_a_copy_reports_its_loss_at_once__LOSS_REPORT(office, secret):
    copies = office.copies(secret)[:2]
    discovered = timezone.now() - datetime.timedelta(hours=2)
    loss = report(office, copies, discovered_at=discovered, leak=True)
    assert loss.written_due_at == discovered + datetime.timedelta(hours=24)
    assert loss.investigation_due_at == discovered + datetime.timedelta(days=90)
    assert (loss.leak, loss.reported_by_id) == (True, office.readers[0].pk)
    assert set(loss.copies.values_list("pk", flat=True)) == set(ids(copies))
    for copy in copies:
        copy = fresh(copy)
        assert (copy.state, copy.holder_id) == (CopyState.LOST, None)
        assert actions(copy)[-1] == "lost"


def test_a_copy_already_gone_is_not_reported_lost__LOSS_REPORT(office, secret):
    copies = office.copies(secret)
    archives_ops.recall(actor=office.clerk, copy_ids=[copies[0].pk])
    before = snapshot(*copies)
    refused("LOSS-REPORT", report, office=office, copies=copies)
    assert snapshot(*copies) == before


def test_a_loss_report_is_checked(office, secret):
    copies = office.copies(secret)
    later = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(InvalidInput):
        report(office, copies, discovered_at=later)
    with pytest.raises(InvalidInput):
        report(office, copies, circumstances=" ")
    outsider = office.world.account(Role.STAFF, clearance=L.SECRET)
    with pytest.raises(NotFound):
        report(office, copies, actor=outsider)
    assert LossReport.objects.count() == 0


def test_the_security_officer_records_the_investigation__LOSS_REPORT(office):
    entry = office.incoming(readers=[*office.readers, office.officer])
    loss = report(office, office.copies(entry)[:1])
    with pytest.raises(AccessDenied):
        loss_ops.record_loss_progress(actor=office.readers[0], report_id=loss.pk, written=True)
    with pytest.raises(InvalidInput):  # nothing to record
        loss_ops.record_loss_progress(actor=office.officer, report_id=loss.pk)
    loss = loss_ops.record_loss_progress(
        actor=office.officer, report_id=loss.pk, written=True, remedies="已通知相关人员查找"
    )
    assert loss.written_at is not None and loss.remedies == "已通知相关人员查找"
    with pytest.raises(InvalidInput):  # a conclusion needs findings
        loss_ops.record_loss_progress(actor=office.officer, report_id=loss.pk, concluded=True)
    loss = loss_ops.record_loss_progress(
        actor=office.officer,
        report_id=loss.pk,
        findings="系保管人员疏忽遗失",
        concluded=True,
        reported_upward=True,
    )
    assert loss.concluded_at is not None and loss.reported_upward_at is not None
    refused(
        "LOSS-REPORT",
        loss_ops.record_loss_progress,
        actor=office.officer,
        report_id=loss.pk,
        findings="改口",
    )
    steps = audit_events("carriers.loss_progress")[-1]["data"]["steps"]
    assert steps == ["concluded_at", "findings", "reported_upward_at"]


def test_loss_reports_are_listed_to_those_who_may_know_the_copies__LOSS_REPORT(office):
    entry = office.incoming(readers=[*office.readers, office.officer])
    loss = report(office, office.copies(entry)[:1])
    assert list(queries.loss_reports(office.officer, open_only=True)) == [loss]
    assert list(queries.loss_reports(office.tech_head)) == []  # not in the scope
    other_officer = office.world.account(Role.SECURITY_OFFICER, clearance=L.TOP_SECRET)
    with pytest.raises(NotFound):
        loss_ops.record_loss_progress(actor=other_officer, report_id=loss.pk, written=True)
    assert LossReport.objects.get(pk=loss.pk).written_at is None


def test_a_lost_copy_found_again_is_back_with_its_custodian__LOSS_REPORT(office, secret):
    """A copy lost while out with a reader: its register line stays open (it was never
    returned) until the copy is found."""
    copy = office.copies(secret)[0]
    refused("LOSS-REPORT", loss_ops.found_again, actor=office.clerk, copy_id=copy.pk)
    reader = office.readers[0]
    custody = circulation.circulate(actor=office.clerk, copy_id=copy.pk, reader_id=reader.person_id)
    report(office, [copy], actor=reader)
    custody.refresh_from_db()
    assert custody.returned_at is None
    found = loss_ops.found_again(actor=office.clerk, copy_id=copy.pk)
    assert (found.state, found.holder_id) == (CopyState.WITH_CUSTODIAN, office.clerk.person_id)
    assert actions(fresh(copy))[-2:] == ["lost", "found"]
    custody.refresh_from_db()
    assert custody.returned_at is not None
    assert LossReport.objects.get().concluded_at is None  # the investigation goes on
