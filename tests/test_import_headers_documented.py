"""Every column name an import accepts is in the operator's guide (docs/operator.md), in the
table of its import, and every fallback name is marked as one there."""

from __future__ import annotations

import pathlib

import pytest

from baomi.accreditation import imports as edition
from baomi.carriers import imports as incoming
from baomi.core.imports import ImportSpec
from baomi.devices import imports as ledger
from baomi.org import imports as people
from baomi.people import imports as attendance

GUIDE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "operator.md"


def table(heading: str) -> dict[str, str]:
    """The first table below ``heading``: each row's field and its accepted names."""
    text = GUIDE.read_text(encoding="utf-8").split(f"## {heading}\n", 1)[1]
    rows = text.split("| field | accepted column names | |\n|---|---|---|\n", 1)[1]
    found = {}
    for line in rows.splitlines():
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        found[cells[0]] = cells[1]
    return found


@pytest.mark.parametrize(
    ("heading", "spec"),
    [
        ("Importing an existing incoming register", incoming.SPEC),
        ("Importing an existing equipment ledger", ledger.SPEC),
        ("Importing people", people.SPEC),
        ("Importing a training attendance sheet", attendance.SPEC),
        ("Importing an edition of a scoring standard", edition.SPEC),
    ],
)
def test_every_accepted_column_name_is_in_the_guide(heading: str, spec: ImportSpec):
    """Each field's row lists exactly its names (in any order of rows)."""

    def names(cell: str) -> tuple[frozenset[str], frozenset[str]]:
        own, _sep, fallback = cell.partition("; fallback ")
        return (
            frozenset(n.strip() for n in own.split(",")),
            frozenset(n.strip() for n in fallback.split(",") if n.strip()),
        )

    documented = {names(cell) for cell in table(heading).values()}
    in_code = {(frozenset(f.headers), frozenset(f.fallback)) for f in spec.fields}
    assert in_code == documented
