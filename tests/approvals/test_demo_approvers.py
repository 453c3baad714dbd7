"""The demo: every person its org chart makes an approver has a login, and `baomi demo` prints
who approves what."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import translation

from baomi.access.roles import Permission, has_permission
from baomi.accounts.models import Account
from baomi.approvals.approvers import KINDS, posts
from baomi.org.models import Organisation


def test_every_approver_of_the_demo_chart_has_a_login_that_decides(demo_built):
    organisation = Organisation.objects.get()
    approvers = [person for person, _held in posts(organisation.pk)]
    assert {p.staff_number for p in approvers} >= {"A001", "A002", "A003", "E003"}
    for person in approvers:
        account = Account.objects.get(person=person)
        assert has_permission(account, Permission.DECIDE_APPROVAL), person.name


def test_the_demo_prints_who_approves_what(db, capsys):
    """Each approver's line names their login, their name and their posts with the
    departments; the next line the rules that ask for them."""
    call_command("demo")
    lines = capsys.readouterr().out.splitlines()

    def line_of(username: str, *words: str) -> int:
        return next(
            i for i, line in enumerate(lines) if username in line and all(w in line for w in words)
        )

    with translation.override("zh-hans"):
        head, in_charge = str(KINDS["department_head"]), str(KINDS["leader_in_charge"])
        top = str(KINDS["organisation_head"])
    hanmei = line_of("hanmei", "韩梅", head, "研发一室")
    assert "COPY-APPROVE" in lines[hanmei + 1] and "LOAN-APPROVE" in lines[hanmei + 1]
    zhang = line_of("zhangxiuying", "张秀英", in_charge, "财务部")
    assert "DESTROY-APPROVE" in lines[zhang + 1] and "PRINT-APPROVE" in lines[zhang + 1]
    line_of("wangjianguo", "王建国", head, "领导班子")
    assert "CARRY-ABROAD" in lines[line_of("leader", "李志强", top) + 1]
    # Printed again when the demo is found.
    call_command("demo")
    lines = capsys.readouterr().out.splitlines()
    line_of("hanmei", "韩梅", head, "研发一室")
