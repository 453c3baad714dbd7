"""Template context shared by every page: the shell's navigation for the signed-in role.

``NAV`` is the single table of the pages a role may use: the navigation shows an entry when
the role holds any of its permissions, and the page's view is guarded by the same entry
(``baomi.web.shortcuts.page``), so the menu and the 403 answers never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baomi.access.roles import Permission, Role, has_permission

P = Permission


@dataclass(frozen=True)
class NavItem:
    key: str  # the URL name of the page, and the entry's id in tests
    label: Promise
    permissions: tuple[Permission, ...]  # any of them; () = everyone signed in

    def allows(self, actor: Any) -> bool:
        if not getattr(actor, "is_authenticated", False):
            return False
        return not self.permissions or any(has_permission(actor, p) for p in self.permissions)


NAV: tuple[NavItem, ...] = (
    NavItem("home", _("Home"), ()),
    NavItem("documents", _("Documents"), (P.KNOW_ITEMS,)),
    NavItem("outgoing", _("Outgoing"), (P.KNOW_ITEMS,)),
    NavItem("registers", _("Registers"), (P.REGISTER_ITEMS,)),
    NavItem("desk", _("Clerk's desk"), (P.REGISTER_ITEMS,)),
    NavItem("lifecycle", _("Safekeeping"), (P.REGISTER_ITEMS,)),
    NavItem("classification", _("Classification"), (P.CLASSIFY,)),
    NavItem("approvals", _("Approvals"), (P.DECIDE_APPROVAL, P.REQUEST_APPROVAL)),
    NavItem("people", _("People and clearances"), (P.SET_CLEARANCE,)),
    NavItem("security_staff", _("Security staff"), (P.APPOINT_SECURITY_STAFF,)),
    NavItem("scans", _("Scan reports"), (P.READ_SCAN_REPORTS,)),
    NavItem("devices", _("Equipment ledger"), (P.MANAGE_DEVICES,)),
    NavItem("org", _("Organisation"), (P.MANAGE_ORGANISATION,)),
    NavItem(
        "accounts",
        _("Accounts"),
        (P.MANAGE_ACCOUNTS, P.UNLOCK_ACCOUNTS, P.GRANT_ROLES, P.AGREE_ADMIN_CHANGE),
    ),
    NavItem("calendar", _("Working hours and holidays"), (P.CONFIGURE,)),
    NavItem("audit", _("Audit log"), (P.READ_AUDIT,)),
    NavItem("rulebook", _("Rulebook"), ()),
)
NAV_BY_KEY = {item.key: item for item in NAV}


def nav_for(actor: Any) -> list[NavItem]:
    """The entries of the navigation ``actor`` sees, in menu order."""
    return [item for item in NAV if item.allows(actor)]


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    path = request.path
    entries = []
    for item in nav_for(user):
        url = reverse(item.key)
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return {"nav": entries, "role_label": Role(user.role).label}
