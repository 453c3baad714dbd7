"""The dashboard (保密工作看板): a person's part of the organisation (``policies.part_of``: the
whole of it for the security office and the leaders, the departments they head for a head)
over a range (本月, 本季度, 本年) — the open deadlines overdue and due per department and per
rule, then every domain's figures (``baomi.seams.figures``), section by section, and the charts
drawn from them. One dictionary, ready for JSON: the page embeds it and the API answers it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.access.actor import Actor
from baomi.cockpit.policies import part_of
from baomi.cockpit.queries.deadlines import rule_title, tally
from baomi.core.errors import AccessDenied, InvalidInput
from baomi.org.models import Department
from baomi.seams.deadlines import State
from baomi.seams.figures import FIGURE_PROVIDERS, Figure, Part, Period, Range, source_of

RANGES: dict[Range, Any] = {
    Range.MONTH: gettext_lazy("This month"),
    Range.QUARTER: gettext_lazy("This quarter"),
    Range.YEAR: gettext_lazy("This year"),
}
# The deadline engine's list of deadlines, which the deadline figures link to.
DEADLINES_PAGE = "deadlines"
# A split of at most this many parts is drawn as a pie, a longer one as bars.
PIE_PARTS = 8


def asked_range(value: Any) -> Range:
    """The range asked for (``?range=``): this month when none; InvalidInput naming ``range``
    when it is not one of month, quarter, year."""
    if value in (None, ""):
        return Range.MONTH
    try:
        return Range(value)
    except ValueError:
        raise InvalidInput(_("Choose the range: month, quarter or year."), field="range") from None


def off_target(figure: Figure) -> bool:
    """Whether ``figure`` misses the bound it is held to: a target of zero is a most (no
    incident, nothing overdue), any other target a least (the training hours' minimum)."""
    if figure.target is None:
        return False
    if figure.target == 0:
        return figure.value > 0
    return figure.value < figure.target


def _page(name: str, **query: Any) -> str:
    """The URL of the page named ``name`` with ``query``, "" while no app serves it."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def _department_names(organisation_id: int, ids: set[int | None]) -> dict[int | None, str]:
    """The names of the departments ``ids`` (None: no department), in the tree's order."""
    names: dict[int | None, str] = dict(
        Department.objects.filter(organisation_id=organisation_id, pk__in=ids - {None})
        .order_by("path")
        .values_list("pk", "name")
    )
    if None in ids:
        names[None] = _("No department")
    return names


def _deadlines(
    actor: Actor, part: Part, moment: datetime.datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The deadlines' section (overdue and due, each split per department) and its two
    charts, overdue and due per department and per rule: each bar a link to the deadlines
    page narrowed to its state and department or rule."""
    counted = tally(actor, moment)
    states = (State.OVERDUE, State.DUE)
    by_department = {d: n for d, n in counted.departments.items() if any(n.get(s) for s in states)}
    by_rule = {r: n for r, n in counted.rules.items() if any(n.get(s) for s in states)}
    names = _department_names(part.organisation_id, set(by_department))
    departments = list(names)
    source = source_of(tally)
    labels = {State.OVERDUE: _("Deadlines overdue"), State.DUE: _("Deadlines due")}
    figures = [
        Figure(
            key=f"deadlines.{state}",
            label=labels[state],
            value=counted.states.get(state, 0),
            source=source,
            url=_page(DEADLINES_PAGE, state=state),
            now=True,
            target=0 if state is State.OVERDUE else None,
            split={names[d]: by_department[d].get(state, 0) for d in departments},
        )
        for state in states
    ]
    series_names = {State.OVERDUE: _("Overdue"), State.DUE: _("Due soon")}
    charts = [
        _chart(
            "deadlines.departments",
            _("Overdue and due per department"),
            "bar",
            [names[d] for d in departments],
            [
                (
                    series_names[s],
                    [by_department[d].get(s, 0) for d in departments],
                    [
                        _page(DEADLINES_PAGE, state=s, department_id=d) if d else ""
                        for d in departments
                    ],
                )
                for s in states
            ],
        ),
        _chart(
            "deadlines.rules",
            _("Overdue and due per rule"),
            "bar",
            [_rule_name(r) for r in by_rule],
            [
                (
                    series_names[s],
                    [n.get(s, 0) for n in by_rule.values()],
                    [_page(DEADLINES_PAGE, state=s, rule_id=r) for r in by_rule],
                )
                for s in states
            ],
        ),
    ]
    section = {
        "key": "deadlines",
        "label": _("Deadlines"),
        "figures": [_figure(f) for f in figures],
    }
    return section, charts


def _rule_name(rule_id: str) -> str:
    """A rule as a chart names it: its ID and title ("LOAN-DUE 按期归还")."""
    title = rule_title(rule_id)
    return rule_id if title == rule_id else f"{rule_id} {title}"


def _figure(figure: Figure) -> dict[str, Any]:
    return {**figure.as_json(), "off_target": off_target(figure)}


def _chart(
    key: str,
    title: str,
    kind: str,
    categories: list[str],
    series: list[tuple[str, list[int | Decimal], list[str]]],
) -> dict[str, Any]:
    """A chart: ``categories`` along one axis (a pie's slices), each series a value and the
    URL of the list behind it ("" for none) per category."""
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "categories": categories,
        "series": [{"name": n, "values": v, "urls": u} for n, v, u in series],
    }


def _split_chart(figure: Figure) -> dict[str, Any]:
    """A figure's split as a pie (a few parts, none negative) or as bars."""
    values = list(figure.split.values())
    pie = len(values) <= PIE_PARTS and all(v >= 0 for v in values)
    return _chart(
        figure.key,
        str(figure.label),
        "pie" if pie else "bar",
        [str(k) for k in figure.split],
        [(str(figure.label), values, [figure.url] * len(values))],
    )


def dashboard(
    actor: Actor, kind: Range = Range.MONTH, *, moment: datetime.datetime | None = None
) -> dict[str, Any]:
    """The dashboard of ``actor`` over ``kind`` (the month, quarter or year of ``moment``,
    now by default): AccessDenied for a person who sees no part (heads nothing and lacks
    SEE_DASHBOARD) or an account without a person."""
    part = part_of(actor)
    if part is None:
        raise AccessDenied(_("The dashboard shows a department's figures to its head only."))
    moment = moment or timezone.now()
    period = Period.of(kind, timezone.localdate(moment))
    section, charts = _deadlines(actor, part, moment)
    sections = [section]
    for provider in FIGURE_PROVIDERS:
        figures = provider.figures(part, period)
        sections.append(
            {
                "key": provider.key,
                "label": str(provider.label),
                "figures": [_figure(f) for f in figures],
            }
        )
        charts += [_split_chart(f) for f in figures if f.split]
    departments = [] if part.whole else _part_names(part)
    return {
        "range": kind.value,
        "period": {"start": period.start, "end": period.end},
        "part": {"whole": part.whole, "departments": departments},
        "sections": sections,
        "charts": charts,
    }


def _part_names(part: Part) -> list[str]:
    """The names of the departments a head's part starts from (each with those below it)."""
    return list(
        Department.objects.filter(
            organisation_id=part.organisation_id, path__in=part.department_paths or ()
        )
        .order_by("path")
        .values_list("name", flat=True)
    )


def part_summary(actor: Actor) -> dict[str, Any] | None:
    """What the home page tells a head without the whole organisation's dashboard: the
    departments of their part; None for anyone else (no part, or the whole organisation)."""
    part = part_of(actor)
    if part is None or part.whole:
        return None
    return {"departments": _part_names(part)}
