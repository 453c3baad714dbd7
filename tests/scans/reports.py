"""Reports of ``baomi scan --json`` for tests, built from the scanner's own dataclasses."""

from __future__ import annotations

from collections import Counter
from typing import Any

from baomi.scanner.model import Finding, Skipped, Summary

SHA = "ab" * 32


def finding(path: str = "D:/文件/方案.docx", level: str | None = "SECRET", **kw: Any) -> Finding:
    fields = {
        "path": path,
        "format": "docx",
        "kind": "marking",
        "match": "机密★10年",
        "level": level,
        "location": "header 1",
        "snippet": "机密★10年 …",
    }
    return Finding(**{**fields, **kw})


def report(
    findings: list[Finding] | None = None,
    skipped: list[Skipped] | None = None,
    **summary: Any,
) -> list[dict[str, Any]]:
    """The report's objects in order; the summary counts what the report holds."""
    findings = [finding()] if findings is None else findings
    skipped = [] if skipped is None else skipped
    by_level = Counter(f.level for f in findings if f.level)
    fields = {
        "host": "PC-TECH-07",
        "started_at": "2026-03-02T09:00:00+08:00",
        "finished_at": "2026-03-02T09:04:30+08:00",
        "paths": ["D:/文件"],
        "keyword_list": "default",
        "keyword_list_sha256": SHA,
        "files_scanned": 120,
        "bytes_scanned": 5_000_000,
        "findings": len(findings),
        "skipped": len(skipped),
        "by_level": dict(by_level),
    }
    return [
        *(f.as_dict() for f in findings),
        *(s.as_dict() for s in skipped),
        Summary(**{**fields, **summary}).as_dict(),
    ]
