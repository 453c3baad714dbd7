"""Reading the unit's official edition of a scoring standard from its .xlsx (or .csv), and
checking it, without writing anything; ``operations.profiles.import_edition`` creates it.

Columns (Chinese or English, any of the names each is known by; title rows above the header
and several sheets are read as ``baomi.core.imports`` reads every import): 章节/chapter (a
chapter, or its part and chapter as "保密监督管理/涉密人员"), 项目编号/code, 项目内容/text,
分值/points (empty: unknown, the unit fills them in later), 基本项/veto and 重点项/key (是/否,
yes/no, 1/0, ★), 评分方法/method; optionally 章节分值/chapter_points (on any row of the
chapter), 每项扣分/each (points per finding: the deduction is per finding, capped) and
证据/evidence (evidence keys such as devices.airgap). Without an evidence column an item takes
the evidence keys, and the registers, of the built-in profile's chapter of the same title (its
veto items' for a veto item), so the records still predict it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.accreditation.data import builtin_profiles
from baomi.accreditation.models import MAX_POINTS, Item
from baomi.core import imports
from baomi.core.imports import Field, ImportRejected, header_key

__all__ = ["SPEC", "ImportRejected", "Parsed", "check", "reading"]

SPEC = imports.ImportSpec(
    fields=(
        Field(
            "chapter",
            ("章节", "chapter", "章", "节", "章节名称", "评分项目类别", "类别"),
            required=True,
        ),
        Field("code", ("项目编号", "code", "编号", "序号", "条目编号", "项目序号"), required=True),
        Field(
            "text",
            ("项目内容", "text", "内容", "评分内容", "考核内容", "检查内容", "评分项目"),
            required=True,
        ),
        Field("points", ("分值", "points", "标准分", "分数", "满分", "标准分值")),
        Field("veto", ("基本项", "veto", "是否基本项", "否决项")),
        Field("key", ("重点项", "key", "是否重点项")),
        Field("method", ("评分方法", "method", "评分办法", "考核方法", "检查方法", "评分标准")),
        Field("chapter_points", ("章节分值", "chapter_points", "章分值", "节分值")),
        Field("each", ("每项扣分", "each", "每人扣分", "每处扣分")),
        Field("evidence", ("证据", "evidence", "证据键")),
    ),
    nothing_below=gettext_lazy("The file has no items below its header row."),
    sheet="standard",
    module=__name__,
)
Row = SPEC.row_type
reading = SPEC.reading
template_xlsx = SPEC.template_xlsx

_STARS = {"★", "☆", "*", "＊", "√", "✓"}
_EVIDENCE_KEY = re.compile(r"^[a-z_]+\.[a-z_]+$")
_SPLIT_CHAPTER = re.compile(r"\s*[/／·]\s*")
_SPLIT_KEYS = re.compile(r"[\s,，;；、]+")


@dataclass(frozen=True)
class Parsed:
    """A row that can be imported."""

    number: int
    group: str
    chapter: str
    code: str
    text: str
    points: Decimal | None
    veto: bool
    key: bool
    method: str
    chapter_points: Decimal | None
    each: Decimal | None
    evidence: list[str] = field(default_factory=list)
    registers: list[str] = field(default_factory=list)
    sheet: str = ""

    @property
    def place(self) -> str:
        return imports.place_of(self.number, self.sheet)


def points_of(value: Any, field_name: str = "points") -> Decimal | None:
    """Points as typed: empty None, else 0 to MAX_POINTS with one decimal at the most;
    ValueError otherwise."""
    text = ("" if value is None else str(value)).strip()
    if not text:
        return None
    try:
        points = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValueError(field_name) from None
    if not points.is_finite() or points < 0 or points > MAX_POINTS:
        raise ValueError(field_name)
    if points != points.quantize(Decimal("0.1")):
        raise ValueError(field_name)
    return points.quantize(Decimal("0.1"))


def builtin(key: str) -> dict[str, Any] | None:
    return next((p for p in builtin_profiles() if p["key"] == key), None)


def _inherited(profile: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Each built-in chapter's evidence keys (of its veto items and of the others) and
    registers, by its title as looked up."""
    found: dict[str, dict[str, Any]] = {}
    for chapter in (profile or {}).get("chapters", []):
        veto: list[str] = []
        other: list[str] = []
        registers: list[str] = []
        for it in chapter["items"]:
            target = veto if it.get("veto") else other
            target += [k for k in it.get("evidence", []) if k not in target]
            registers += [r for r in it.get("registers", []) if r not in registers]
        found[header_key(chapter["title"])] = {"veto": veto, "other": other, "registers": registers}
    return found


def _yes(line: imports.Line, value: str, field_name: str) -> bool:
    if value.strip() in _STARS:
        return True
    return line.yes_no(
        value,
        _("%(column)s must be 是/否, yes/no, 1/0 or ★, not %%(v)s.")
        % {"column": line.column(field_name)},
    )


def _points(line: imports.Line, value: str, field_name: str) -> Decimal | None:
    try:
        return points_of(value, field_name)
    except ValueError:
        line.refuse(
            _("%(column)s must be a number from 0 to %(most)s, one decimal at the most, not %(v)s.")
            % {"column": line.column(field_name), "most": MAX_POINTS, "v": value}
        )
        return None


def check(profile_key: str, rows: list[Any]) -> imports.Checked[Parsed]:
    """Every row that can be imported as an item of an edition of ``profile_key``, and every
    rejected row with all its reasons (each naming its column). Writes nothing."""
    inherited = _inherited(builtin(profile_key))
    lines = [imports.Line(r) for r in rows]
    chapter_points: dict[str, tuple[Decimal, str]] = {}
    longest_code = Item._meta.get_field("code").max_length
    for line in lines:
        r = line.row
        parts = [p for p in _SPLIT_CHAPTER.split(r.chapter.strip()) if p]
        if not parts:
            line.refuse(_("%(column)s is missing.") % {"column": line.column("chapter")})
        elif len(parts) > 2 or any(len(p) > 100 for p in parts):
            line.refuse(
                _("%(column)s must be a chapter, or its part and chapter (保密监督管理/涉密人员).")
                % {"column": line.column("chapter")}
            )
        group, title = (parts[0], parts[-1]) if len(parts) == 2 else ("", parts[0] if parts else "")
        line.text(
            r.code,
            longest_code,
            missing=_("%(column)s is missing.") % {"column": line.column("code")},
            too_long=_("%(column)s is longer than %(n)d characters.")
            % {"column": line.column("code"), "n": longest_code},
        )
        line.text(
            r.text,
            2000,
            missing=_("%(column)s is missing.") % {"column": line.column("text")},
            too_long=_("%(column)s is longer than %(n)d characters.")
            % {"column": line.column("text"), "n": 2000},
        )
        line.text(
            r.method,
            2000,
            too_long=_("%(column)s is longer than %(n)d characters.")
            % {"column": line.column("method"), "n": 2000},
        )
        points = _points(line, r.points, "points")
        each = _points(line, r.each, "each")
        whole = _points(line, r.chapter_points, "chapter_points")
        if whole is not None and title:
            known = chapter_points.setdefault(title, (whole, r.place))
            if known[0] != whole:
                line.refuse(
                    _("%(column)s gives %(n)s for the chapter %(chapter)s, row %(row)s gave %(m)s.")
                    % {
                        "column": line.column("chapter_points"),
                        "n": whole,
                        "chapter": title,
                        "row": known[1],
                        "m": known[0],
                    }
                )
        veto = _yes(line, r.veto, "veto")
        key = _yes(line, r.key, "key")
        evidence = [k for k in _SPLIT_KEYS.split(r.evidence.strip()) if k]
        bad = [k for k in evidence if not _EVIDENCE_KEY.match(k)]
        if bad or len(evidence) > 20:
            line.refuse(
                _("%(column)s must list evidence keys such as devices.airgap, not %(v)s.")
                % {"column": line.column("evidence"), "v": ", ".join(bad) or r.evidence}
            )
        same = inherited.get(header_key(title), {})
        if not r.evidence.strip():
            evidence = list(same.get("veto" if veto else "other", []))
        line.values = {
            "number": r.number,
            "group": group,
            "chapter": title,
            "code": r.code,
            "text": r.text,
            "points": points,
            "veto": veto,
            "key": key,
            "method": r.method,
            "chapter_points": whole,
            "each": each,
            "evidence": evidence,
            "registers": list(same.get("registers", [])),
            "sheet": r.sheet,
        }
    imports.refuse_repeats(
        lines,
        lambda line: line.row.code or None,
        lambda codes: set(),
        already="",
        repeated=_("The item number %(n)s is repeated in row(s) %(rows)s."),
    )
    return imports.sort_out(lines, Parsed)
