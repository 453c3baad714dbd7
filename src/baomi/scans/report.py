"""Reading a report of ``baomi scan --json`` before it is filed: the JSON-lines format of
``baomi.scanner.model`` (finding and skipped objects, then exactly one summary, last), checked
field by field against the scanner's dataclasses and bounded in size. Anything else is refused
with InvalidInput naming the line and the field."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from baomi.core.errors import InvalidInput
from baomi.core.levels import Level
from baomi.scanner import model
from baomi.scans.models import FindingKind, ScanFinding, ScanRecord, ScanSkip

SUPPORTED_VERSIONS = (model.REPORT_VERSION,)
MAX_FINDINGS = 100_000
MAX_SKIPPED = 100_000
MAX_PATHS = 10_000
MAX_TEXT = 4096  # a path, where the model keeps unbounded text
LEVELS = {
    name: Level[name]
    for name in (model.TOP_SECRET, model.SECRET, model.CONFIDENTIAL, model.INTERNAL)
}
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Report:
    summary: model.Summary
    started_at: datetime
    finished_at: datetime
    findings: list[model.Finding]
    skipped: list[model.Skipped]


class _Bad(Exception):
    """A field's problem, raised as InvalidInput naming its line."""


def read_report(lines: Any) -> Report:
    """The report as the scanner's dataclasses, or InvalidInput saying what is wrong."""
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise _invalid(_("The report must be the list of JSON objects of 'baomi scan --json'."))
    kinds = [line.get("type") for line in lines]
    for number, kind in enumerate(kinds, 1):
        if kind not in ("finding", "skipped", "summary"):
            raise _invalid(
                _("Line %(line)d is not a finding, skipped or summary object.") % {"line": number}
            )
    if kinds.count("summary") != 1 or kinds[-1] != "summary":
        raise _invalid(_("The report must end with its summary, and have only one."))
    version = lines[-1].get("report_version")
    if version not in SUPPORTED_VERSIONS or isinstance(version, bool):
        raise _invalid(
            _("Report version %(version)s is not supported; this server reads version %(ours)s.")
            % {"version": str(version)[:20], "ours": ", ".join(map(str, SUPPORTED_VERSIONS))}
        )
    if kinds.count("finding") > MAX_FINDINGS:
        raise _invalid(
            _(
                "The report has %(count)d findings; at most %(limit)d are accepted. "
                "Scan fewer paths per report."
            )
            % {"count": kinds.count("finding"), "limit": MAX_FINDINGS}
        )
    if kinds.count("skipped") > MAX_SKIPPED:
        raise _invalid(
            _(
                "The report has %(count)d skipped files; at most %(limit)d are accepted. "
                "Scan fewer paths per report."
            )
            % {"count": kinds.count("skipped"), "limit": MAX_SKIPPED}
        )
    findings = [
        _read(n, line, model.Finding, ScanFinding) for n, line in _numbered(lines, "finding")
    ]
    skipped = [_read(n, line, model.Skipped, ScanSkip) for n, line in _numbered(lines, "skipped")]
    summary = _read(len(lines), lines[-1], model.Summary, ScanRecord)
    started, finished = _when(len(lines), summary)
    _consistent(summary, findings, skipped)
    return Report(summary, started, finished, findings, skipped)


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, field="report")


def _numbered(lines: list[dict[str, Any]], kind: str) -> list[tuple[int, dict[str, Any]]]:
    return [(n, line) for n, line in enumerate(lines, 1) if line["type"] == kind]


def _read(number: int, line: dict[str, Any], cls: type, table: type[models.Model]) -> Any:
    """One line as ``cls``: every field present, of its type, within the column's length."""
    names = {f.name for f in dataclasses.fields(cls)}
    extra = sorted(set(line) - names - {"type"})
    if extra:
        raise _invalid(
            _("Line %(line)d: unknown field %(field)s.") % {"line": number, "field": extra[0][:40]}
        )
    values = {}
    for f in dataclasses.fields(cls):
        if f.name not in line:
            raise _invalid(
                _("Line %(line)d: %(field)s is missing.") % {"line": number, "field": f.name}
            )
        try:
            values[f.name] = _CHECKS[str(f.type)](line[f.name], _limit(table, f.name))
            _check_value(f.name, values[f.name])
        except _Bad as exc:
            raise _invalid(
                _("Line %(line)d: %(field)s %(problem)s")
                % {"line": number, "field": f.name, "problem": exc}
            ) from None
    return cls(**values)


def _limit(table: type[models.Model], name: str) -> int:
    try:
        column = table._meta.get_field(name)
    except FieldDoesNotExist:
        return MAX_TEXT
    return getattr(column, "max_length", None) or MAX_TEXT


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _Bad(_("must be text of at most %(n)d characters.") % {"n": limit})
    if "\x00" in value:  # PostgreSQL cannot store it; no path or snippet holds one
        raise _Bad(_("must not hold a NUL character."))
    return value


def _optional_text(value: Any, limit: int) -> str | None:
    return None if value is None else _text(value, limit)


def _count(value: Any, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise _Bad(_("must be a whole number, 0 or more."))
    return value


def _texts(value: Any, limit: int) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_PATHS:
        raise _Bad(_("must be a list of at most %(n)d texts.") % {"n": MAX_PATHS})
    return [_text(item, limit) for item in value]


def _level_counts(value: Any, limit: int) -> dict[str, int]:
    if not isinstance(value, dict) or not set(value) <= set(LEVELS):
        raise _Bad(_("must count findings by level name (%(names)s).") % {"names": _names()})
    return {name: _count(n, limit) for name, n in value.items()}


_CHECKS: dict[str, Callable[[Any, int], Any]] = {
    "str": _text,
    "str | None": _optional_text,
    "int": _count,
    "list[str]": _texts,
    "dict[str, int]": _level_counts,
}


def _names() -> str:
    return ", ".join(LEVELS)


def _check_value(name: str, value: Any) -> None:
    """The fields whose values come from a fixed set."""
    if name == "level" and value is not None and value not in LEVELS:
        raise _Bad(_("must be one of %(names)s, or null.") % {"names": _names()})
    if name == "kind" and value not in FindingKind.values:
        raise _Bad(_("must be one of %(names)s.") % {"names": ", ".join(FindingKind.values)})
    if name == "keyword_list_sha256" and not SHA256.fullmatch(value):
        raise _Bad(_("must be 64 lowercase hexadecimal digits."))


def _when(number: int, summary: model.Summary) -> tuple[datetime, datetime]:
    moments = []
    for name in ("started_at", "finished_at"):
        try:
            moment = datetime.fromisoformat(getattr(summary, name))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise _invalid(
                _("Line %(line)d: %(field)s must be a date and time with its UTC offset.")
                % {"line": number, "field": name}
            )
        moments.append(moment)
    if moments[1] < moments[0]:
        raise _invalid(_("The summary says the scan finished before it started."))
    return moments[0], moments[1]


def _consistent(
    summary: model.Summary, findings: list[model.Finding], skipped: list[model.Skipped]
) -> None:
    """The summary counts exactly the lines the report holds."""
    by_level = Counter(f.level for f in findings if f.level is not None)
    if (
        summary.findings != len(findings)
        or summary.skipped != len(skipped)
        or {k: v for k, v in summary.by_level.items() if v} != dict(by_level)
    ):
        raise _invalid(
            _("The summary's counts do not match the findings and skipped files of the report.")
        )
