"""The budget's pages, exports and routes (BUDGET): the year page grouped by part with its
meters, the forms, the registers as .xlsx (amounts as numbers, no formula) and PDF, the routes'
403/404/409/422, and the organisation's head reading."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from baomi.access.roles import Role
from baomi.budget.models import Budget, Expense
from baomi.budget.operations import budget as ops
from baomi.org import operations as org
from tests.api.conftest import ApiClient
from tests.budget.conftest import LINES, spend, today
from tests.factories import World, audit_events
from tests.web.conftest import signed_in


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


# --- pages -------------------------------------------------------------------------------------


def test_the_year_page_groups_the_lines_by_part__BUDGET(world, officer, line_of):
    spend(officer, line_of("training"), amount="1500", voucher="记-1")
    page = signed_in(officer).get(reverse("budget"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-part="management"' in html and 'data-part="special"' in html
    assert "<meter" in html and "style=" not in html
    assert "记-1" in html


def test_the_office_sets_up_the_year_and_records_through_the_forms__BUDGET(world, officer):
    client = signed_in(officer)
    year = today().year
    answer = client.post(
        reverse("budget_set_up"),
        {
            "year": year,
            "publicity": "10000",
            "education": "10000",
            "training": "30000",
            "technical": "150000",
            "physical": "50000",
        },
    )
    assert answer.status_code == 303
    budget = Budget.objects.get(year=year)
    line = budget.lines.get(category="physical")
    answer = client.post(
        reverse("budget_expense_record"),
        {
            "line": line.pk,
            "spent_on": today().isoformat(),
            "amount": "880.00",
            "purpose": "保密柜",
            "voucher": "记-9",
        },
    )
    assert answer.status_code == 303
    expense = Expense.objects.get(voucher="记-9")
    assert expense.amount == Decimal("880.00")
    answer = client.post(
        reverse("budget_expense_reverse", args=[expense.pk]), {"voucher": "记-9红", "reason": "错"}
    )
    assert answer.status_code == 303
    assert Expense.objects.get(corrects=expense).amount == Decimal("-880.00")
    answer = client.post(
        reverse("budget_line_planned", args=[line.pk]), {"planned": "60000", "reason": "追加"}
    )
    assert answer.status_code == 303


def test_the_page_is_the_security_office_s__BUDGET(world, officer, year_budget):
    for role in (Role.CLERK, Role.STAFF, Role.LEADER, Role.AUDITOR, Role.SYSADMIN):
        assert signed_in(world.account(role)).get(reverse("budget")).status_code == 403


def test_the_registers_export_numbers_never_formulas__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), amount="1234.56", voucher="=1+1", purpose="=HYPERLINK(1)")
    original = spend(officer, line_of("training"), amount="100", voucher="记-2")
    ops.correct_expense(actor=officer, expense_id=original.pk, voucher="记-2红", reason="-冲销")
    client = signed_in(officer)
    answer = client.get(reverse("budget"), {"register": "register", "format": "xlsx"})
    assert answer.status_code == 200
    sheet = _sheet(answer.content)
    rows = list(sheet.iter_rows(min_row=4))
    amounts = [row[3] for row in rows]
    assert [c.value for c in amounts] == [
        Decimal("1234.56"),
        Decimal("100"),
        Decimal("-100"),
        Decimal("1234.56"),
    ] or [float(c.value) for c in amounts] == [1234.56, 100.0, -100.0, 1234.56]
    assert all(c.data_type == "n" for c in amounts)
    texts = [c for row in rows for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    purpose = rows[0][2]
    assert purpose.value == "=HYPERLINK(1)" and purpose.data_type == "s" and purpose.quotePrefix
    summary = client.get(reverse("budget"), {"register": "summary", "format": "xlsx"})
    rows = list(_sheet(summary.content).iter_rows(min_row=4, values_only=True))
    assert float(rows[-1][2]) == 250000.0 and float(rows[-1][3]) == 1234.56
    pdf = client.get(reverse("budget"), {"register": "summary", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert len(audit_events("budget.exported")) == 3
    bad = client.get(reverse("budget"), {"register": "x", "format": "xlsx"})
    assert bad.status_code == 400


# --- API ---------------------------------------------------------------------------------------


def test_the_office_keeps_the_budget_through_the_api__BUDGET(world, officer):
    client = ApiClient(officer)
    year = today().year
    answer = client.post("/budgets", {"year": year, "lines": LINES})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert [p["part"] for p in body["parts"]] == ["management", "special"]
    assert body["total"]["planned"] == "250000.00"
    line_id = body["parts"][0]["lines"][0]["id"]
    spent = client.post(
        "/budget-expenses",
        {
            "line_id": line_id,
            "spent_on": today().isoformat(),
            "amount": 1200.5,
            "purpose": "宣传",
            "voucher": "记-1",
        },
    )
    assert spent.status_code == 201, spent.content
    assert spent.json()["amount"] == "1200.50"
    again = client.post(
        "/budget-expenses",
        {
            "line_id": line_id,
            "spent_on": today().isoformat(),
            "amount": "1",
            "purpose": "x",
            "voucher": "记-1",
        },
    )
    assert again.status_code == 409 and again.json()["rule"] == "BUDGET"
    reversed_ = client.post(
        f"/budget-expenses/{spent.json()['id']}/reversal", {"voucher": "记-1红", "reason": "错"}
    )
    assert reversed_.status_code == 201 and reversed_.json()["amount"] == "-1200.50"
    listed = client.get(f"/budgets/{year}/expenses", category="publicity")
    assert [e["voucher"] for e in listed.json()] == ["记-1红", "记-1"]
    assert client.get(f"/budgets/{year}").json()["parts"][0]["spent"] == "0.00"
    changed = client.post(
        f"/budget-lines/{line_id}/planned", {"planned": "20000", "reason": "追加"}
    )
    assert changed.status_code == 200 and changed.json()["planned"] == "20000.00"
    added = client.post(
        f"/budgets/{year}/lines",
        {"part": "special", "category": "other", "description": "保密柜", "planned": "0"},
    )
    assert added.status_code == 201, added.content
    export = client.get(f"/budgets/{year}/register", format="xlsx")
    assert export.status_code == 200


def test_bad_amounts_answer_422_naming_the_field__BUDGET(world, officer, line_of):
    client = ApiClient(officer)
    for amount in (-1, 0, "abc", "1e11", 10**10, "1.001", True, None, "NaN"):
        answer = client.post(
            "/budget-expenses",
            {
                "line_id": line_of("publicity").pk,
                "spent_on": today().isoformat(),
                "amount": amount,
                "purpose": "x",
                "voucher": f"V{amount}",
            },
        )
        assert answer.status_code == 422, (amount, answer.content)
        assert "amount" in answer.content.decode()
    planned = client.post(
        f"/budget-lines/{line_of('publicity').pk}/planned", {"planned": "-5", "reason": "x"}
    )
    assert planned.status_code == 422 and "planned" in planned.content.decode()
    outside = client.post(
        "/budget-expenses",
        {
            "line_id": line_of("publicity").pk,
            "spent_on": f"{today().year - 1}-06-01",
            "amount": "1",
            "purpose": "x",
            "voucher": "V",
        },
    )
    assert outside.status_code == 422 and outside.json().get("field") == "spent_on"
    wrong_part = client.post(
        f"/budgets/{today().year}/lines",
        {"part": "management", "category": "technical", "planned": "1"},
    )
    assert wrong_part.status_code == 403 and wrong_part.json()["rule"] == "BUDGET"
    assert not Expense.objects.exists()


def test_others_get_403_and_another_organisation_404__BUDGET(world, officer, line_of):
    clerk = ApiClient(world.account(Role.CLERK))
    answer = clerk.post("/budgets", {"year": today().year - 1, "lines": LINES})
    assert answer.status_code == 403
    assert clerk.get(f"/budgets/{today().year}").status_code == 404
    assert clerk.get(f"/budgets/{today().year}/register").status_code == 403
    other = World.build()
    stranger = ApiClient(other.account(Role.SECURITY_OFFICER, dept="office"))
    assert stranger.get(f"/budgets/{today().year}").status_code == 404
    answer = stranger.post(
        "/budget-expenses",
        {
            "line_id": line_of("publicity").pk,
            "spent_on": today().isoformat(),
            "amount": "1",
            "purpose": "x",
            "voucher": "V",
        },
    )
    assert answer.status_code == 404


def test_the_organisation_s_head_reads_the_budget__BUDGET(world, officer, line_of):
    spend(officer, line_of("publicity"), amount="10")
    head = world.account(Role.LEADER, rank="leader" if "leader" in world.ranks else "staff")
    org.set_organisation_head(
        actor=None, organisation_id=world.organisation.pk, person_id=head.person_id
    )
    client = ApiClient(head)
    assert client.get(f"/budgets/{today().year}").json()["total"]["spent"] == "10.00"
    assert len(client.get(f"/budgets/{today().year}/expenses").json()) == 1
    # Read only.
    answer = client.post(
        "/budget-expenses",
        {
            "line_id": line_of("publicity").pk,
            "spent_on": today().isoformat(),
            "amount": "1",
            "purpose": "x",
            "voucher": "V2",
        },
    )
    assert answer.status_code == 403
