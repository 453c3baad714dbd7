"""Scan reports (检查工具报告) for the security office: the records filed by ``baomi scan
--upload`` and, for one record, its findings and skipped files. Read-only."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baomi.kit.pages import page
from baomi.scans import queries
from baomi.scans.report import LEVELS
from baomi.scans.web.forms import FindingFilterForm, ScanRecordFilterForm

PAGE_SIZE = 100
FINDINGS_PAGE_SIZE = 200
SKIPS_SHOWN = 200


def by_level(record: Any) -> list[tuple[int, int]]:
    """The record's findings per level, highest level first, as (level, count)."""
    counts = [(int(level), record.by_level.get(name, 0)) for name, level in LEVELS.items()]
    return sorted(((lvl, n) for lvl, n in counts if n), reverse=True)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@page("scans")
def scan_list(request: HttpRequest) -> HttpResponse:
    form = ScanRecordFilterForm(request.GET or None, actor=request.user)
    department_id = form.cleaned_data["department"] if form.is_valid() else None
    found = queries.scan_records(request.user, department_id=department_id)
    page_obj = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "scans/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "records": [(r, by_level(r)) for r in page_obj.object_list],
            "query": _query(request),
        },
    )


@page("scans")
def scan_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    record = queries.scan_record(request.user, record_id)  # NotFound → 404; the read recorded
    form = FindingFilterForm(request.GET or None)
    level = form.cleaned_data["level"] if form.is_valid() else None
    findings = queries.findings(record, level=level)
    page_obj = Paginator(findings, FINDINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "scans/detail.html",
        {
            "record": record,
            "levels": by_level(record),
            "form": form,
            "page_obj": page_obj,
            "skips": queries.skips(record)[:SKIPS_SHOWN],
            "skips_shown": SKIPS_SHOWN,
            "query": _query(request),
        },
    )
