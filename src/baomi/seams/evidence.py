"""Evidence providers: the records' answer to a question of a self-inspection checklist.

A checklist item (``oversight.ChecklistItem``) names an evidence key ("devices.airgap",
"carriers.overdue", …); the domain that keeps the records behind it registers an
``EvidenceProvider`` under that key in its ``AppConfig.ready``. Opening an inspection asks the
provider of each item ``provide(organisation_id, scope, moment)`` and stores the answer with
the inspection (INSP-MONTHLY, INSP-QUARTERLY), so the inspector confirms or corrects what the
records say instead of typing it. A provider is one query over the records of the scope (a
department with its sub-departments, and/or one person), never a loop over every item, and
each fact it states links to the record behind it (an asset's page, a document's page, a
person's page)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise

from baomi.seams.registry import Registry

# The most facts one answer lists (the rest are counted in a last fact without a link).
MOST_FACTS = 50


class Finding(StrEnum):
    OK = "ok"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Scope:
    """What an inspection covers: a department with its sub-departments (``department_id``,
    its ``path`` "/1/4/") and/or one person (``person_id``); both None: the whole
    organisation."""

    department_id: int | None = None
    department_path: str | None = None
    person_id: int | None = None


@dataclass(frozen=True)
class Fact:
    """One thing the records say, as a sentence and the address of the record behind it
    ("" when there is no page)."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Evidence:
    verdict: Finding
    facts: list[Fact] = field(default_factory=list)

    def as_json(self) -> list[dict[str, str]]:
        return [{"text": str(f.text), "url": f.url} for f in self.facts]


@dataclass(frozen=True)
class EvidenceProvider:
    key: str  # "<app>.<question>", the ChecklistItem's ``evidence``
    label: Promise | str
    provide: Callable[[int, Scope, datetime.datetime], Evidence]


EVIDENCE_PROVIDERS: Registry[EvidenceProvider] = Registry("evidence provider")


def found(facts: list[Fact], total: int, more: Promise | str) -> Evidence:
    """The answer from the facts of a query limited to ``MOST_FACTS`` rows, ``total`` the
    count of all of them: a problem when there is any, ``more`` (a message with ``%(n)s``)
    counting those not listed."""
    if not total:
        return Evidence(Finding.OK, [])
    listed = list(facts[:MOST_FACTS])
    if total > len(listed):
        listed.append(Fact(str(more) % {"n": total - len(listed)}))
    return Evidence(Finding.PROBLEM, listed)
