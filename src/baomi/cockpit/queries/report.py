"""The annual report (年度保密工作总结, ANNUAL-REPORT) of a year, as the security office and the
leaders read it (``cockpit.policies.report_organisation``: whoever sees the whole
organisation).

The report is the form a Chinese office hands in: its sections in the usual order (基本情况,
失泄密事件, 宣传教育培训, 保密检查与整改, 涉密人员管理, 涉密设备与载体, 要害部位与会议,
经费保障, 表彰与惩处, then 存在的问题 and 下一年度工作打算), each with the figures of the
domains' figure providers mapped to it (``SECTIONS``: by provider key, or by figure key) and
the prose the security office writes. A provider no section names goes into 其他工作, so no
figure is lost. The figures are never stored: they are the records' of the calendar year,
computed again on every read, each naming the query that produced it (``Figure.source``) and
the list behind it (``Figure.url``). Where no prose is saved for a section, a draft written
from its figures stands in (``draft``): the incidents' says whether the target of zero was
met, 存在的问题 lists the figures that missed their target."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.cockpit.models import AnnualReport
from baomi.cockpit.policies import REPORTS, keeps_report, report_organisation
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.core.paper import FORM_LANGUAGE
from baomi.org.models import Organisation
from baomi.seams.figures import FIGURE_PROVIDERS, Figure, Part, Period

RULE = "ANNUAL-REPORT"
# The first year a report is asked of: no record of the installation is dated before it
# (the budget's and the registers' years start there too).
EARLIEST_YEAR = 2000
# The longest prose of one section, in characters.
MAX_PROSE = 5000
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    """One section of the report: its ``heading`` as printed (the form's own Chinese), its
    ``label`` on the pages, the figure providers (``providers``, by key) and single figures
    (``figures``, by figure key, taken out of their provider's section) it takes."""

    key: str
    heading: str
    label: Promise | str
    providers: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()


OTHER = "other"
PROBLEMS = "problems"
PLANS = "plans"
INCIDENTS = "incidents"

SECTIONS: tuple[Section, ...] = (
    Section(
        "overview",
        "基本情况",
        gettext_lazy("Overview"),
        providers=("responsibility", "committee", "organisation"),
        figures=("inspections.committee_meetings", "inspections.committee_decisions"),
    ),
    Section(INCIDENTS, "失泄密事件", gettext_lazy("Incidents"), providers=("incidents",)),
    Section(
        "training",
        "保密宣传教育培训",
        gettext_lazy("Education and training"),
        providers=("training", "education", "publicity"),
    ),
    Section(
        "inspections",
        "保密检查与整改",
        gettext_lazy("Inspections and rectifications"),
        providers=("inspections", "rectifications", "oversight"),
    ),
    Section(
        "people",
        "涉密人员管理",
        gettext_lazy("Cleared people"),
        providers=("people", "self_checks", "exit"),
    ),
    Section(
        "equipment",
        "涉密设备与载体管理",
        gettext_lazy("Equipment and carriers"),
        providers=("carriers", "devices", "scans"),
    ),
    Section(
        "places",
        "要害部门部位、涉密会议与宣传报道",
        gettext_lazy("Secure areas, meetings and publication"),
        providers=("areas", "meetings", "seals", "publication"),
    ),
    Section(
        "budget", "保密经费保障", gettext_lazy("Confidentiality budget"), providers=("budget",)
    ),
    Section(
        "discipline",
        "表彰与惩处",
        gettext_lazy("Commendations and penalties"),
        providers=("discipline", "rewards"),
        figures=("responsibility.commendations", "responsibility.penalties"),
    ),
    Section(OTHER, "其他工作", gettext_lazy("Other work")),
    Section(PROBLEMS, "存在的问题", gettext_lazy("Problems")),
    Section(PLANS, "下一年度工作打算", gettext_lazy("Plans for the next year")),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def section_of(provider_key: str, figure_key: str) -> str:
    """The key of the section a figure goes into: the section naming the figure, else the one
    naming its provider, else 其他工作."""
    for section in SECTIONS:
        if figure_key in section.figures:
            return section.key
    for section in SECTIONS:
        if provider_key in section.providers:
            return section.key
    return OTHER


def met(figure: Figure) -> bool | None:
    """Whether ``figure`` met its target: none of it for a target of zero (incidents), at
    least the target otherwise (the minimum training hours); None without a target."""
    if figure.target is None:
        return None
    if figure.target == 0:
        return figure.value == 0
    return figure.value >= figure.target


def number(value: int | Decimal) -> str:
    """A figure's value as the report prints it: a whole amount without decimals (35,000),
    another as its decimals stand (3.5 学时, 980.50 元)."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,}"
    return f"{int(value):,}"


@dataclass
class ReportFigure:
    """A figure as the report shows it: the provider's, its section's, and whether it met its
    target."""

    figure: Figure
    provider: str

    @property
    def met(self) -> bool | None:
        return met(self.figure)

    @property
    def text(self) -> str:
        """Its value with its unit ("3 起")."""
        unit = str(self.figure.unit)
        return f"{number(self.figure.value)}{unit}"


@dataclass
class ReportSection:
    section: Section
    number: str  # 一、二、… in the order of the sections printed
    figures: list[ReportFigure] = field(default_factory=list)
    saved: str | None = None  # the office's prose, None where it wrote none
    draft: str = ""

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.section.heading}"

    @property
    def prose(self) -> str:
        """What the report says: the office's prose, else the draft."""
        return self.saved if self.saved is not None else self.draft

    @property
    def drafted(self) -> bool:
        return self.saved is None


@dataclass
class Report:
    organisation: str
    year: int
    title: str
    sections: list[ReportSection]
    saved: AnnualReport | None
    made_at: datetime.datetime
    keeps: bool  # the reader writes the prose (the security office)

    @property
    def figures(self) -> list[ReportFigure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def updated_by(self) -> str:
        if self.saved is None:
            return ""
        person = getattr(self.saved.updated_by, "person", None)
        return person.name if person is not None else self.saved.updated_by.get_username()


def report_year(value: Any, field_name: str = "year") -> int:
    """A year a report is asked of: this year when none, a past year from EARLIEST_YEAR or
    the current one; InvalidInput naming ``field_name`` otherwise."""
    this_year = timezone.localdate().year
    if value in (None, ""):
        return this_year
    if isinstance(value, bool):
        value = None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not EARLIEST_YEAR <= year <= this_year:
        raise InvalidInput(
            _("Give a year from %(first)d to %(last)d.")
            % {"first": EARLIEST_YEAR, "last": this_year},
            field=field_name,
        )
    return year


def years() -> list[int]:
    """The years a report is offered of on the page: this one and the five before it."""
    this_year = timezone.localdate().year
    return [y for y in range(this_year, this_year - 6, -1) if y >= EARLIEST_YEAR]


def reader_organisation(actor: Actor | None) -> int:
    """The organisation whose reports ``actor`` reads; AccessDenied for anyone else, before
    anything is looked up."""
    organisation_id = report_organisation(actor)
    if organisation_id is None:
        raise AccessDenied(_("Your role does not permit reading the annual report."))
    return organisation_id


def default_title(organisation: str, year: int) -> str:
    return f"{organisation}{year}年度保密工作总结"


def report(actor: Actor | None, year: Any) -> Report:
    """The report of ``year`` over the reader's organisation: every figure provider's figures
    of the calendar year (those ``in_report``), each section with its prose or draft."""
    organisation_id = reader_organisation(actor)
    year = report_year(year)
    organisation = Organisation.objects.get(pk=organisation_id).name
    saved = REPORTS.known(actor).filter(year=year).select_related("updated_by__person").first()
    prose: dict[str, str] = dict(saved.prose) if saved is not None else {}
    part, period = Part(organisation_id), Period.year(year)
    by_section: dict[str, list[ReportFigure]] = {key: [] for key in SECTION_KEYS}
    for provider in FIGURE_PROVIDERS:
        if not provider.in_report:
            continue
        for figure in provider.figures(part, period):
            by_section[section_of(provider.key, figure.key)].append(
                ReportFigure(figure, provider.key)
            )
    shown = [s for s in SECTIONS if s.key != OTHER or by_section[OTHER] or prose.get(OTHER)]
    sections = [
        ReportSection(s, numeral(n), by_section[s.key], prose.get(s.key))
        for n, s in enumerate(shown, 1)
    ]
    made_at = timezone.now()
    with translation.override(FORM_LANGUAGE):
        for s in sections:
            s.draft = draft(s, sections, year, made_at.date() if year == made_at.year else None)
    return Report(
        organisation=organisation,
        year=year,
        title=saved.title
        if saved is not None and saved.title
        else default_title(organisation, year),
        sections=sections,
        saved=saved,
        made_at=made_at,
        keeps=keeps_report(actor),
    )


def numeral(n: int) -> str:
    """The Chinese numeral of a section (一 … 十, 十一 …)."""
    if n <= 10:
        return NUMERALS[n - 1]
    return f"十{NUMERALS[n - 11]}" if n < 20 else str(n)


def _item(f: ReportFigure, today: datetime.date | None) -> str:
    """One figure as a phrase of the draft: "登记文件12份", with the moment of a figure of now
    and whether it met its target."""
    figure = f.figure
    text = f"{figure.label}{f.text}" if str(figure.unit) else f"{figure.label}：{f.text}"
    if figure.now:
        text += f"（截至{today:%Y年%m月%d日}）" if today else "（现时数）"
    if figure.target == 0:
        text += "（目标为零，已实现）" if f.met else "（目标为零，未实现）"
    elif figure.target is not None:
        reached = "已达到" if f.met else "未达到"
        text += f"（要求不少于{number(figure.target)}{figure.unit}，{reached}）"
    return text


def draft(
    section: ReportSection,
    sections: Sequence[ReportSection],
    year: int,
    today: datetime.date | None,
) -> str:
    """The sentence a section says when the office wrote none, from its figures (in the
    forms' language): "本年度，…。"; the incidents' leads with whether the target of zero was
    met ("本年度共发生失泄密事件0起，实现零事故目标。"), 存在的问题 names every figure that
    missed its target, 下一年度工作打算 a plan."""
    if section.key == PROBLEMS:
        missed = [f for s in sections for f in s.figures if f.met is False]
        if not missed:
            return "本年度各项工作指标均达到要求，未发现需要专门报告的问题。"
        return (
            "对照各项工作指标，存在以下问题："
            + "；".join(_item(f, today) for f in missed)
            + "。下一年度将逐项分析原因，落实整改。"
        )
    if section.key == PLANS:
        return (
            f"{year + 1}年，我单位将针对本年度存在的问题逐项整改，继续加强保密宣传教育培训、"
            "保密检查与整改，以及涉密人员、设备和载体的管理，确保不发生失泄密事件。"
        )
    rest = list(section.figures)
    sentences = []
    if section.key == INCIDENTS:
        lead = next((f for f in rest if f.figure.target == 0), None)
        if lead is not None:
            rest.remove(lead)
            reached = "实现零事故目标" if lead.met else "未实现零事故目标"
            count = f"{number(lead.figure.value)}{lead.figure.unit or '起'}"
            sentences.append(f"本年度共发生{lead.figure.label}{count}，{reached}。")
    if rest:
        sentences.append("本年度，" + "；".join(_item(f, today) for f in rest) + "。")
    return "".join(sentences)
