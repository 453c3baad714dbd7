"""The registers index: every register and ledger a domain keeps, as the index lists it.

A domain registers one ``RegisterEntry`` per register: its title, the page that shows it, the
rules that demand it, who may see it listed (``shown``) and, where the register is exported
from its own page, the links of its exports (``exports``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from baomi.seams.registry import Registry


@dataclass(frozen=True)
class RegisterEntry:
    key: str
    title: Promise
    url: Callable[[], str]
    rules: tuple[str, ...]
    shown: Callable[[Any], bool]
    # "register" for a register of lines (data-register), "ledger" for a ledger kept on a
    # page of its own (data-ledger), as the index marks its rows.
    kind: str = "register"
    # (file format, link) of each export, for the ledgers exported from their own page.
    exports: Callable[[], list[tuple[str, str]]] | None = None
    order: int = 0


REGISTER_ENTRIES: Registry[RegisterEntry] = Registry("register")


def registers_for(actor: Any) -> list[RegisterEntry]:
    return [entry for entry in REGISTER_ENTRIES if entry.shown(actor)]
