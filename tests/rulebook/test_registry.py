"""The rule registry restates RULES.md exactly, and every rule marked enforced is cited in the
code that enforces it and in a test that proves it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from baomi.core import rules

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = ROOT.parent / "shared" / "RULES.md"
# baomi's own account rules, not the seed's
KERNEL = {"ROLE-SEPARATION", "ADMIN-DUAL", "AUTH-LOCKOUT", "AUTH-SESSION", "AUTH-PASSWORD"}
# Rules baomi makes BLOCK beyond RULES.md, so that they cannot be switched off: off would leave
# an item unsafe or the regulation meaningless (docs/architecture.md, "Which rules can be
# switched off").
MADE_BLOCK = {
    "CLS-TERM",
    "CLS-NO-WIDEN",
    "DRAFT-CHAIN",
    "PRINT-APPROVE",
    "CARRY-APPROVE",
    "CARRY-ABROAD",
    "ARCH-ACCESS",
    "DESTROY-APPROVE",
    "DESTROY-WITNESS",
    "DEV-REPAIR",
    "DEV-LEND",
    "DEV-STANDALONE",
}
_ROW = re.compile(r"^\| ([A-Z][A-Z0-9-]+) \| .* \| ([A-Z, ]+) \| ([^|]+) \|$")
_SECTION = re.compile(r"^## (\d+)\. ")


def rules_md() -> dict[str, tuple[int, tuple[str, ...], str]]:
    """``{id: (section, kinds, source)}`` of every rule row of RULES.md."""
    if not RULES_MD.exists():
        pytest.skip(f"{RULES_MD} is not here")
    found, section = {}, 0
    for line in RULES_MD.read_text(encoding="utf-8").splitlines():
        if heading := _SECTION.match(line):
            section = int(heading.group(1))
        elif row := _ROW.match(line):
            kinds = tuple(k.strip() for k in row.group(2).split(","))
            found[row.group(1)] = (section, kinds, row.group(3).strip())
    return found


def test_every_rule_of_rules_md_is_registered_as_written():
    """Same IDs (plus the kernel's own account rules), same sections, kinds and sources; the
    rules of MADE_BLOCK block besides."""
    written = rules_md()
    assert len(written) > 90
    assert set(rules.RULES) == set(written) | KERNEL
    for rule_id, (section, kinds, source) in written.items():
        rule = rules.get(rule_id)
        made = ("BLOCK",) if rule_id in MADE_BLOCK else ()
        assert (rule.section, tuple(map(str, rule.kinds)), rule.source) == (
            section,
            kinds + made,
            source,
        ), rule_id
    assert all("BLOCK" not in rules_md()[r][1] for r in MADE_BLOCK)


def test_every_rule_has_text_in_both_languages():
    for rule in rules.all_rules():
        assert rule.title_zh and rule.title_en and rule.text_zh and rule.text_en, rule.id
        assert rule.section in rules.SECTIONS
        for param in rule.params:
            assert param.coerce(param.default) == param.default
            assert param.help_zh and param.help_en


def _cited(paths: list[Path]) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def test_every_enforced_rule_is_cited_in_the_code_and_in_a_test():
    """An enforced rule names its ID where the code enforces it (outside the registry's own
    data) and in a test's name or docstring (as ``RULE-ID`` or ``RULE_ID``)."""
    src = [
        p
        for p in (ROOT / "src" / "baomi").rglob("*.py")
        if p.name != "rulebook_data.py" and "migrations" not in p.parts
    ]
    code, tests = _cited(src), _cited(list((ROOT / "tests").rglob("test_*.py")))
    enforced = [r.id for r in rules.all_rules() if r.enforced]
    assert enforced
    for rule_id in enforced:
        assert rule_id in code, f"{rule_id} is enforced but cited nowhere in src/"
        # As a whole word, or at the end of a test's name: ``test_…__CIRC_DIRECT``.
        pattern = rf"(?<![A-Za-z0-9])(?:{rule_id}|{rule_id.replace('-', '_')})(?![A-Za-z0-9])"
        assert re.search(pattern, tests), f"{rule_id} is enforced but no test names it"
