"""Navigation entries: the pages a role may use.

An entry is shown when the signed-in role holds any of its permissions, and the page's view is
guarded by the same entry (``baomi.web.shortcuts.page``), so the menu and the 403 answers never
disagree. ``order`` places the entry in the menu (lowest first). ``count(actor)``, when given,
answers how much of the signed-in person's pending work waits behind the entry (待办: approvals
to decide, receipts to sign, …) in one cheap query through what they may know; the menu shows
it as a badge when it is not zero, and asks it only of the entries it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from baomi.access.roles import Permission, has_permission
from baomi.seams.registry import Registry


@dataclass(frozen=True)
class NavItem:
    key: str  # the URL name of the page, and the entry's id in tests
    label: Promise
    permissions: tuple[Permission, ...]  # any of them; () = everyone signed in
    order: int = 0
    # A page guarded like the menu but not shown in it (e.g. a sub-page of a domain).
    in_menu: bool = True
    # The signed-in person's pending work behind the entry; None: the entry has no badge.
    count: Callable[[Any], int] | None = None

    def allows(self, actor: Any) -> bool:
        if not getattr(actor, "is_authenticated", False):
            return False
        return not self.permissions or any(has_permission(actor, p) for p in self.permissions)


NAVIGATION: Registry[NavItem] = Registry("navigation entry")


def nav_for(actor: Any) -> list[NavItem]:
    """The entries of the navigation ``actor`` sees, in menu order."""
    return [item for item in NAVIGATION if item.in_menu and item.allows(actor)]


def allows(key: str, actor: Any) -> bool:
    """Whether ``actor`` may open the pages of entry ``key``."""
    return NAVIGATION[key].allows(actor)
