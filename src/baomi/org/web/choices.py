"""The choices of the forms that pick people and departments, as the actor may see them."""

from __future__ import annotations

from typing import Any

from baomi.org import queries as org
from baomi.org.models import Employment


def people_choices(actor: Any) -> list[tuple[str, str]]:
    return [
        (str(p.pk), f"{p.name} · {p.department.name}")
        for p in org.people(actor).filter(employment=Employment.ACTIVE)
    ]


def department_choices(actor: Any) -> list[tuple[str, str]]:
    return [(str(d.pk), "　" * d.depth + d.name) for d in org.departments(actor)]
