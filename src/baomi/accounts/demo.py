"""The demo organisation's logins: one account per role and one for every approver of the org
chart (``org.demo``), all with one lasting password (no first change), listed by ``baomi
demo`` whether it built the demo or found it."""

from __future__ import annotations

from baomi.access.roles import Role
from baomi.accounts import operations as accounts
from baomi.accounts.models import Account
from baomi.seams.demo import Demo

PASSWORD = "Baomi-demo-2026"
# (username, role, staff number)
LOGINS = [
    ("admin", Role.SYSADMIN, "C004"),
    ("secofficer", Role.SECURITY_OFFICER, "C001"),
    ("auditor", Role.AUDITOR, "C005"),
    ("clerk", Role.CLERK, "B002"),
    ("leader", Role.LEADER, "A002"),
    ("director", Role.LEADER, "E001"),
    ("staff", Role.STAFF, "E004"),
    ("office", Role.LEADER, "B001"),
    # Everyone else the chart makes an approver (a department head, a leader in charge): the
    # requests they approve would otherwise wait for ever.
    ("wangjianguo", Role.LEADER, "A001"),
    ("zhangxiuying", Role.LEADER, "A003"),
    ("liudeming", Role.LEADER, "A004"),
    ("fengxue", Role.LEADER, "D001"),
    ("hanmei", Role.LEADER, "E003"),
    ("xunuo", Role.LEADER, "E006"),
    ("shizhan", Role.LEADER, "F001"),
    ("yansu", Role.LEADER, "G001"),
]


def build(demo: Demo) -> None:
    """The logins of a demo built now; ``demo.accounts`` by username and ``demo.logins`` as
    printed, for a demo found as well."""
    if demo.created:
        for username, role, number in LOGINS:
            accounts.create_account(
                actor=None,
                username=username,
                role=role,
                password=PASSWORD,
                person_id=demo.people[number].pk,
                one_time=False,
            )
    found = Account.objects.filter(username__in=[u for u, _r, _n in LOGINS]).select_related(
        "person"
    )
    demo.accounts = {account.username: account for account in found}
    demo.password = PASSWORD
    demo.logins = [
        (username, str(Role(role).label), demo.accounts[username].display_name)
        for username, role, _number in LOGINS
        if username in demo.accounts
    ]
