"""Every register of RULES.md §2–6 as a filtered list and an export: only for the clerk and
the security officer, only lines about documents the reader may know (CLS-MAC)."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from baomi.access.roles import Role
from baomi.approvals.models import ApprovalRequest, State
from baomi.carriers.models import (
    ArchiveAccess,
    ArchiveExcerpt,
    CopyState,
    Custody,
    CustodyKind,
    Destruction,
    DestructionMethod,
    DispatchMethod,
    Document,
    Envelope,
    FaxChannel,
    FaxDirection,
    FaxEntry,
    Handover,
    HandoverReason,
    IncomingEntry,
    Inventory,
    InventoryLine,
    PrintRun,
    RecordingDetails,
    Reproduction,
    Urgency,
)
from baomi.carriers.queries import registers as queries
from baomi.carriers.registers import REGISTERS, overdue
from baomi.core.errors import AccessDenied, InvalidInput, NotFound
from baomi.core.levels import Clearance, Level
from baomi.core.registers import Filters
from tests.carriers.conftest import Office
from tests.factories import FORMULA_TEXT, audit_events, xlsx_texts

DAY = datetime.timedelta(days=1)


def ledger(office: Office, entry: IncomingEntry, *, at: datetime.datetime | None = None) -> None:
    """One line in every register about the document of ``entry``, written directly (the
    operations that write them are tested elsewhere), dated ``at`` (now by default)."""
    doc, clerk, reader = entry.document, office.clerk, office.readers[0]
    org, at = office.world.organisation, at or timezone.now()
    first, second, third = office.copies(entry)[:3]
    approval = ApprovalRequest.objects.create(
        organisation=org,
        rule_id="DESTROY-APPROVE",
        operation="test",
        subject_type="carriers.document",
        subject_id=str(doc.pk),
        requested_by=clerk,
        requester=clerk.person,
        state=State.CONSUMED,
        created_at=at,
        expires_at=at + DAY,
    )
    entry.readers.set([reader.person])
    for copy, kind in ((first, CustodyKind.CIRCULATION), (second, CustodyKind.LOAN)):
        Custody.objects.create(
            organisation=org,
            copy=copy,
            kind=kind,
            holder=reader.person,
            handed_by=clerk,
            started_at=at,
            due_at=at + DAY,
            purpose="学习",
        )
    Custody.objects.create(
        organisation=org,
        copy=third,
        kind=CustodyKind.TAKE_OUT,
        holder=reader.person,
        handed_by=clerk,
        started_at=at,
        due_at=at + DAY,
        destination="北京",
        approval=approval,
    )
    PrintRun.objects.create(
        organisation=org,
        document=doc,
        approval=approval,
        printed_by=clerk.person,
        proofread_by=office.director.person,
        workstation="涉密计算机01",
        copies=3,
        waste_sheets=2,
        master="encrypted",
        printed_at=at,
        recorded_by=clerk,
    )
    envelope = Envelope.objects.create(
        organisation=org,
        document=doc,
        recipient="市保密局",
        level=doc.level,
        urgency=Urgency.URGENT,
        addressee_only=True,
        contents=doc.number,
        method=DispatchMethod.COURIER,
        courier=office.readers[1].person,
        dispatched_at=at,
        dispatched_by=clerk,
    )
    envelope.copies.set([first, second])
    Reproduction.objects.create(
        organisation=org,
        document=doc,
        source=first,
        method="photocopy",
        count=2,
        approval=approval,
        made_by=clerk.person,
        made_at=at,
        recorded_by=clerk,
    )
    FaxEntry.objects.create(
        organisation=org,
        direction=FaxDirection.SENT,
        channel=FaxChannel.SECURE_FAX,
        level=doc.level,
        document=doc,
        counterparty="市保密局",
        pages=4,
        at=at,
        operator=clerk.person,
        recorded_by=clerk,
    )
    access = ArchiveAccess.objects.create(
        organisation=org,
        applicant=reader.person,
        purpose="查阅历史文件",
        registered_at=at,
        registered_by=clerk,
    )
    access.documents.set([doc])
    ArchiveExcerpt.objects.create(
        access=access,
        document=doc,
        description="第三段",
        checked_by=office.director.person,
        stamped_at=at,
    )
    destruction = Destruction.objects.create(
        organisation=org,
        approval=approval,
        method=DestructionMethod.SHREDDING,
        place="保密室",
        operator=clerk.person,
        destroyed_at=at,
        recorded_by=clerk,
    )
    destruction.copies.set([second, third])
    destruction.witnesses.set([office.director.person, office.officer.person])
    handover = Handover.objects.create(
        organisation=org,
        from_person=clerk.person,
        to_person=office.officer.person,
        reason=HandoverReason.POST_CHANGE,
        approval=approval,
        created_at=at,
        created_by=clerk,
    )
    handover.copies.set([first])
    inventory = Inventory.objects.create(
        organisation=org, department=None, started_at=at, started_by=clerk
    )
    for copy, found in ((first, at), (second, None)):
        InventoryLine.objects.create(
            inventory=inventory,
            copy=copy,
            expected=True,
            expected_holder=clerk.person,
            expected_state=CopyState.WITH_CUSTODIAN,
            found_at=found,
            found_with=clerk.person if found else None,
        )
    RecordingDetails.objects.create(
        document=doc,
        speaker=office.head.person,
        occasion="年度保密工作会议",
        recorded_on=timezone.localdate(at),
        medium="audio",
        format="file",
        duration_minutes=45,
    )


def read(actor, key: str, **filters) -> list[dict]:
    return queries.rows(REGISTERS[key], queries.lines(actor, key, Filters(**filters)))


def numbers(actor, key: str, **filters) -> set[str]:
    """The document numbers the register shows ``actor`` (fax: the document column)."""
    column = "documents" if key == "archive-access" else "document_number"
    if key == "hand-over":
        column = "copies"
    found = set()
    for row in read(actor, key, **filters):
        values = row[column] if isinstance(row[column], list) else [row[column]]
        found |= {v.split(" ")[0] for v in values}
    return found


@pytest.fixture
def hidden(office: Office) -> IncomingEntry:
    """A secret document the clerk may not know: another clerk registered it for the readers."""
    other = office.world.account(Role.CLERK, dept="office", clearance=Clearance.CORE)
    return replace(office, clerk=other).incoming(number="外发〔2026〕10号", title="看不见的文件")


class TestEveryRegister:
    @pytest.mark.parametrize("key", list(REGISTERS))
    def test_lists_the_line_about_a_known_document(self, office, key):
        entry = office.incoming(number="市保发〔2026〕1号")
        ledger(office, entry)
        assert numbers(office.clerk, key) == {"市保发〔2026〕1号"}

    @pytest.mark.parametrize("key", list(REGISTERS))
    def test_leaves_out_lines_about_documents_the_reader_may_not_know__CLS_MAC(
        self, office, hidden, key
    ):
        known = office.incoming(number="市保发〔2026〕1号")
        ledger(office, known)
        ledger(office, hidden)
        assert numbers(office.clerk, key) == {"市保发〔2026〕1号"}
        # The security officer is named in neither document's scope: he sees no line at all.
        assert read(office.officer, key) == []

    @pytest.mark.parametrize("key", list(REGISTERS))
    def test_a_page_of_lines_costs_the_same_few_queries_however_many(self, office, key):
        ledger(office, office.incoming())

        def queries_for_a_page() -> int:
            with CaptureQueriesContext(connection) as captured:
                lines = queries.lines(office.clerk, key, Filters())[: queries.PAGE_SIZE]
                queries.rows(REGISTERS[key], lines)
            return len(captured)

        queries_for_a_page()  # the first read caches the reader's ranks
        one = queries_for_a_page()
        for _n in range(3):
            ledger(office, office.incoming())
        assert queries_for_a_page() == one <= 8

    @pytest.mark.parametrize("key", list(REGISTERS))
    def test_staff_and_leaders_may_not_read_registers(self, office, key):
        for actor in (office.readers[0], office.leader):
            with pytest.raises(AccessDenied):
                queries.lines(actor, key, Filters())

    def test_auditor_and_system_administrator_may_not_either(self, office):
        for role in (Role.AUDITOR, Role.SYSADMIN):
            with pytest.raises(AccessDenied):
                queries.registers(office.world.account(role))

    def test_an_unknown_register_is_not_found(self, office):
        with pytest.raises(NotFound):
            queries.lines(office.clerk, "visitors", Filters())


class TestLinesAboutSeveralDocuments:
    def test_an_archive_access_with_one_unknown_document_is_left_out__CLS_MAC(self, office, hidden):
        known = office.incoming()
        ledger(office, known)
        access = ArchiveAccess.objects.get()
        access.documents.add(hidden.document)
        assert read(office.clerk, "archive-access") == []

    def test_an_archive_access_with_an_excerpt_of_an_unknown_document_is_left_out__CLS_MAC(
        self, office, hidden
    ):
        ledger(office, office.incoming())
        excerpt = ArchiveExcerpt.objects.get()
        excerpt.document = hidden.document
        excerpt.save()
        assert read(office.clerk, "archive-access") == []

    def test_a_hand_over_with_one_unknown_copy_is_left_out__CLS_MAC(self, office, hidden):
        known = office.incoming()
        ledger(office, known)
        Handover.objects.get().copies.add(office.copies(hidden)[0])
        assert read(office.clerk, "hand-over") == []

    def test_a_fax_without_a_document_shows_within_the_readers_clearance__CLS_MAC(self, office):
        clerk = office.world.account(Role.CLERK, dept="office", clearance=Clearance.IMPORTANT)
        for level in (Level.SECRET, Level.TOP_SECRET):
            FaxEntry.objects.create(
                organisation=office.world.organisation,
                direction=FaxDirection.RECEIVED,
                channel=FaxChannel.SECURE_FAX,
                level=level,
                counterparty=f"来电{level}",
                at=timezone.now(),
                operator=clerk.person,
                recorded_by=clerk,
            )
        assert [r["level"] for r in read(clerk, "fax")] == [Level.SECRET]
        assert len(read(office.clerk, "fax")) == 2


class TestFilters:
    def test_by_date_range_on_the_registers_own_date(self, office):
        today = timezone.localtime()
        ledger(office, office.incoming(number="新"), at=today)
        ledger(office, office.incoming(number="旧"), at=today - 10 * DAY)
        since = (today - 2 * DAY).date()
        assert numbers(office.clerk, "circulation", date_from=since) == {"新"}
        assert numbers(office.clerk, "destruction", date_to=since) == {"旧"}
        assert numbers(office.clerk, "inventory", date_from=today.date(), date_to=today.date()) == {
            "新"
        }

    def test_by_level(self, office):
        ledger(office, office.incoming(number="机密", level=Level.SECRET))
        ledger(office, office.incoming(number="秘密", level=Level.CONFIDENTIAL))
        for key in REGISTERS:
            assert numbers(office.clerk, key, level=Level.CONFIDENTIAL) == {"秘密"}, key

    def test_by_department_and_its_sub_departments(self, office):
        entry = office.incoming(number="甲")
        ledger(office, entry)
        tech, lab = office.world.departments["tech"], office.world.departments["lab"]
        root = office.world.departments["root"]
        # The readers are in tech: circulation by the reader's department.
        assert numbers(office.clerk, "circulation", department_id=tech.pk) == {"甲"}
        assert numbers(office.clerk, "circulation", department_id=root.pk) == {"甲"}
        assert numbers(office.clerk, "circulation", department_id=lab.pk) == set()
        assert numbers(office.clerk, "incoming", department_id=tech.pk) == {"甲"}
        assert numbers(office.clerk, "incoming", department_id=lab.pk) == set()
        # The clerk is in the office: the hand-over of his copies, by the giver's department.
        office_dept = office.world.departments["office"]
        assert numbers(office.clerk, "hand-over", department_id=office_dept.pk) == {"甲"}
        assert numbers(office.clerk, "hand-over", department_id=tech.pk) == set()

    def test_by_drafting_department(self, office):
        entry = office.incoming(number="乙")
        ledger(office, entry)
        tech = office.world.departments["tech"]
        assert numbers(office.clerk, "outgoing", department_id=tech.pk) == set()
        entry.document.drafting_department = tech
        entry.document.save()
        assert numbers(office.clerk, "outgoing", department_id=tech.pk) == {"乙"}
        assert numbers(office.clerk, "print", department_id=tech.pk) == {"乙"}

    def test_circulation_by_state_and_its_overdue_flag__CIRC_SAMEDAY(self, office):
        ledger(office, office.incoming())
        now = timezone.now()
        line = Custody.objects.get(kind=CustodyKind.CIRCULATION)
        assert read(office.clerk, "circulation", state="overdue") == []
        assert len(read(office.clerk, "circulation", state="out")) == 1
        line.due_at = now - datetime.timedelta(hours=1)
        line.save()
        [row] = read(office.clerk, "circulation", state="overdue")
        # The flag names the rule it was due back under.
        assert row["overdue"] == "CIRC-SAMEDAY" and row["returned_at"] is None
        line.returned_at = now
        line.save()
        [row] = read(office.clerk, "circulation", state="returned")
        assert row["overdue"] == "CIRC-SAMEDAY"  # returned, but late
        assert read(office.clerk, "circulation", state="out") == []

    def test_a_loan_returned_in_time_is_not_overdue__LOAN_DUE(self):
        now = timezone.now()
        assert overdue(now + DAY, None, now) is False
        assert overdue(now - DAY, None, now) is True
        assert overdue(now, now - DAY, now) is False
        assert overdue(now - DAY, now, now) is True
        assert overdue(None, None, now) is False

    def test_inventory_by_state_lists_the_shortage__INVENTORY(self, office):
        ledger(office, office.incoming())
        [short] = read(office.clerk, "inventory", state="shortage")
        assert short["shortage"] is True and short["found_at"] is None
        [found] = read(office.clerk, "inventory", state="found")
        assert found["shortage"] is False
        assert read(office.clerk, "inventory", state="unexpected") == []

    def test_other_states(self, office):
        ledger(office, office.incoming())
        assert len(read(office.clerk, "incoming", state="awaiting_instruction")) == 1
        assert read(office.clerk, "incoming", state="finished") == []
        assert len(read(office.clerk, "hand-over", state="open")) == 1
        assert read(office.clerk, "hand-over", state="completed") == []
        assert len(read(office.clerk, "outgoing", state="unsigned")) == 1
        assert len(read(office.clerk, "fax", state=FaxDirection.SENT)) == 1
        assert read(office.clerk, "fax", state=FaxDirection.RECEIVED) == []
        assert len(read(office.clerk, "archive-access", state="open")) == 1

    @pytest.mark.parametrize(
        ("filters", "field"),
        [
            ({"level": 9}, "level"),
            ({"state": "lost"}, "state"),
            (
                {"date_from": datetime.date(2026, 2, 1), "date_to": datetime.date(2026, 1, 1)},
                "date_to",
            ),
            ({"department_id": 999999}, "department"),
        ],
    )
    def test_a_filter_that_makes_no_sense_is_refused(self, office, filters, field):
        with pytest.raises(InvalidInput) as refused:
            queries.lines(office.clerk, "circulation", Filters(**filters))
        assert refused.value.field == field

    def test_a_register_without_states_has_no_state_filter(self, office):
        with pytest.raises(InvalidInput):
            queries.lines(office.clerk, "print", Filters(state="out"))


class TestLines:
    def test_the_destruction_register_has_a_line_per_copy_with_its_witnesses__DESTROY_WITNESS(
        self, office
    ):
        ledger(office, office.incoming(copies=3))
        rows = read(office.clerk, "destruction")
        assert sorted(r["copy"] for r in rows) == ["2/3", "3/3"]
        assert {tuple(sorted(r["witnesses"])) for r in rows} == {("周保密", "李主任")}
        assert {(r["method"], r["place"], r["operator"]) for r in rows} == {
            (DestructionMethod.SHREDDING, "保密室", "王机要")
        }

    def test_the_incoming_line__IN_NUMBER(self, office):
        entry = office.incoming(number="市保发〔2026〕7号", copies=3)
        ledger(office, entry)
        [row] = read(office.clerk, "incoming")
        # The 收文编号 as everywhere else (carriers/incoming/number.html, the printed slip).
        series = entry.get_series_display()
        assert row["register_number"] == f"{entry.year}年{series}第{entry.sequence}号"
        assert (row["copies"], row["readers"], row["late"]) == (3, ["张一"], False)

    def test_the_outgoing_line_lists_its_copies__OUT_ENVELOPE(self, office):
        ledger(office, office.incoming(copies=3))
        [row] = read(office.clerk, "outgoing")
        assert sorted(row["copies"]) == ["1/3", "2/3"]
        assert (row["urgency"], row["addressee_only"], row["courier"]) == (
            Urgency.URGENT,
            True,
            "张二",
        )

    def test_the_archive_access_line_lists_its_excerpts__ARCH_EXCERPT(self, office):
        ledger(office, office.incoming(number="档1"))
        [row] = read(office.clerk, "archive-access")
        assert row["applicant"] == "张一" and row["documents"][0].startswith("档1 ")
        assert row["excerpts"][0].startswith("档1: 第三段 (李主任 ")

    def test_the_print_line_names_printer_and_proofreader__PRINT_REGISTER(self, office):
        ledger(office, office.incoming())
        [row] = read(office.clerk, "print")
        assert (row["printed_by"], row["proofread_by"], row["waste_sheets"]) == (
            "王机要",
            "李主任",
            2,
        )

    def test_the_circulation_line_shows_the_signed_receipt__CIRC_SIGN(self, office):
        ledger(office, office.incoming())
        line = Custody.objects.get(kind=CustodyKind.CIRCULATION)
        line.received_at = line.started_at + datetime.timedelta(minutes=5)
        line.save()
        [row] = read(office.clerk, "circulation")
        assert (row["holder"], row["received_at"]) == ("张一", line.received_at)

    def test_the_loan_line_names_borrower_purpose_and_approval__LOAN_APPROVE(self, office):
        ledger(office, office.incoming())
        [row] = read(office.clerk, "loan")
        assert (row["holder"], row["purpose"], row["copy"]) == ("张一", "学习", "2/3")

    def test_the_take_out_line_names_destination_and_approval__CARRY_APPROVE(self, office):
        ledger(office, office.incoming())
        [row] = read(office.clerk, "take-out")
        approval = ApprovalRequest.objects.get()
        assert (row["destination"], row["abroad"], row["approval"]) == ("北京", False, approval.pk)

    def test_the_reproduction_line_counts_the_copies_made__COPY_APPROVE(self, office):
        ledger(office, office.incoming())
        [row] = read(office.clerk, "reproduction")
        assert (row["source"], row["count"], row["method"], row["made_by"]) == (
            "1/3",
            2,
            "photocopy",
            "王机要",
        )

    def test_the_fax_line__FAX_REGISTER(self, office):
        ledger(office, office.incoming(number="传1"))
        [row] = read(office.clerk, "fax")
        assert (row["direction"], row["channel"], row["pages"], row["document_number"]) == (
            FaxDirection.SENT,
            FaxChannel.SECURE_FAX,
            4,
            "传1",
        )

    def test_the_hand_over_line_lists_every_copy__HANDOVER(self, office):
        entry = office.incoming(number="移1")
        ledger(office, entry)
        Handover.objects.get().copies.add(office.copies(entry)[2])
        [row] = read(office.clerk, "hand-over")
        assert sorted(row["copies"]) == ["移1 1/3", "移1 3/3"]
        assert (row["from_person"], row["to_person"], row["reason"]) == (
            "王机要",
            "周保密",
            HandoverReason.POST_CHANGE,
        )


class TestExport:
    @pytest.mark.parametrize("key", list(REGISTERS))
    def test_every_register_exports_as_xlsx_with_its_lines(self, office, key):
        ledger(office, office.incoming(number="市保发〔2026〕3号", title="关于保密检查的通知"))
        exported = queries.export(office.clerk, key, Filters(), "xlsx")
        assert exported.filename.startswith(f"{REGISTERS[key].title}_")
        assert exported.filename.endswith(".xlsx")
        sheet = load_workbook(io.BytesIO(exported.content)).active
        values = {str(c.value) for row in sheet.iter_rows(min_row=4) for c in row if c.value}
        assert any("市保发〔2026〕3号" in v for v in values)
        headers = [c.value for c in sheet[3]]
        signatures = [str(s) for s in REGISTERS[key].signatures]
        assert headers[-len(signatures) :] == signatures

    def test_every_register_exports_stored_text_as_text_never_a_formula(self, office):
        """A document number that a spreadsheet would run (OWASP CSV injection) comes out of
        every register as the text it is; a control character stored before input was
        checked is printed as U+FFFD and never makes the .xlsx or the PDF fail."""
        for n, text in enumerate((*FORMULA_TEXT, "c\x02d"), start=1):
            entry = office.incoming(number=f"市保发〔2026〕{n}号")
            ledger(office, entry)
            Document.objects.filter(pk=entry.document_id).update(number=text, title=text)
        for key in REGISTERS:
            texts = xlsx_texts(queries.export(office.clerk, key, Filters(), "xlsx").content)
            for text in FORMULA_TEXT:
                assert any(t.startswith(text) for t in texts), (key, text)
            assert any(t.startswith("c\ufffdd") for t in texts), key
            pdf = queries.export(office.clerk, key, Filters(), "pdf").content
            assert "c\ufffdd" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    def test_the_pdf_carries_the_chinese_cells_and_the_organisation(self, office):
        ledger(office, office.incoming(title="关于保密检查的通知"))
        exported = queries.export(office.clerk, "circulation", Filters(), "pdf")
        assert exported.content_type == "application/pdf"
        pages = PdfReader(io.BytesIO(exported.content)).pages
        text = "".join(p.extract_text() for p in pages).replace("\n", "")
        assert "关于保密检查的通知" in text and "张一" in text
        assert office.world.organisation.name in text

    def test_the_export_is_audited_with_its_filters(self, office):
        ledger(office, office.incoming(level=Level.SECRET))
        queries.export(
            office.clerk,
            "loan",
            Filters(date_from=datetime.date(2026, 1, 1), level=Level.SECRET),
            "pdf",
        )
        [event] = audit_events("carriers.register_exported")
        assert event["actor_id"] == office.clerk.pk
        assert event["data"] == {
            "register": "loan",
            "format": "pdf",
            "filters": {"date_from": "2026-01-01", "level": Level.SECRET},
            "lines": 1,
        }

    def test_the_period_line_describes_the_filters(self, office):
        tech = office.world.departments["tech"]
        with translation.override("en"):
            table = queries.table(
                office.clerk,
                "circulation",
                Filters(
                    date_from=datetime.date(2026, 1, 1),
                    date_to=datetime.date(2026, 3, 31),
                    level=Level.SECRET,
                    department_id=tech.pk,
                    state="overdue",
                ),
            )
        period = f"2026-01-01 – 2026-03-31 · Secret · {tech.name} · Overdue or returned late"
        assert table.period == period

    def test_an_unknown_format_is_refused_and_not_audited(self, office):
        with pytest.raises(InvalidInput) as refused:
            queries.export(office.clerk, "loan", Filters(), "docx")
        assert refused.value.field == "format"
        assert audit_events("carriers.register_exported") == []

    def test_staff_may_not_export(self, office):
        with pytest.raises(AccessDenied):
            queries.export(office.readers[0], "loan", Filters(), "xlsx")
        assert audit_events("carriers.register_exported") == []
