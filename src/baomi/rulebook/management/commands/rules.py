"""``baomi rules [--json] [--organisation NAME]``: the rulebook, as the organisation has it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.core import rules
from baomi.core.rules import SECTIONS
from baomi.org.models import Organisation
from baomi.rulebook import book


class Command(BaseCommand):
    help = (
        "The rulebook: every rule of RULES.md with its ID, kind, source, text (zh and en), "
        "whether baomi enforces it yet and whether it may be switched off, its parameters with "
        "the regulation's floor, and the organisation's overrides."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Answer in JSON.")
        parser.add_argument(
            "--organisation",
            metavar="NAME",
            help="Whose rulebook (default: the first organisation, by name).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unit = _organisation(options["organisation"])
        records = [book.as_record(r) for r in book.rulebook(unit.pk if unit else None)]
        if options["json"]:
            data = {"organisation": unit.name if unit else None, "rules": records}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_readable(unit, records))


def _organisation(name: str | None) -> Organisation | None:
    if name is None:
        return Organisation.objects.order_by("name").first()
    unit = Organisation.objects.filter(name=name).first()
    if unit is None:
        raise CommandError(_("There is no organisation named %(name)s.") % {"name": name})
    return unit


def _readable(unit: Organisation | None, records: list[dict[str, Any]]) -> str:
    """The rulebook as a text a person reads: a heading per section, a paragraph per rule."""
    lines = [
        _("Rulebook of %(name)s") % {"name": unit.name}
        if unit
        else _("Rulebook (defaults: there is no organisation yet)"),
        _("%(count)s rules, %(enforced)s enforced by baomi so far.")
        % {"count": len(records), "enforced": sum(r["enforced"] for r in records)},
    ]
    section = None
    for r in records:
        if r["section"] != section:
            section = r["section"]
            zh, en = SECTIONS[section]
            lines += ["", f"== {section}. {zh} / {en} =="]
        state = [
            _("enforced") if r["enforced"] else _("not yet enforced"),
            _("in force") if r["in_force"] else _("switched off by this organisation"),
            _("may be switched off") if r["switchable"] else _("always in force"),
        ]
        if r["overridden"]:
            state.append(_("overridden by this organisation"))
        lines += [
            "",
            f"{r['id']}  [{', '.join(r['kinds'])}]  {r['title_zh']} / {r['title_en']}",
            f"  {'; '.join(state)}",
            f"  {_('source')}: {r['source']}",
            f"  zh: {r['text_zh']}",
            f"  en: {r['text_en']}",
        ]
        for p in r["params"]:
            value = _text(p["value"])
            if p["value"] != p["default"]:
                value += " " + _("(default %(value)s)") % {"value": _text(p["default"])}
            floor = book.floor_text(rules.get(r["id"]).param(p["name"]), _text)
            lines.append(
                f"  {p['name']} = {value}  [{_('floor')}: {floor}]"
                f"  — {p['help_zh']} / {p['help_en']}"
            )
    return "\n".join(lines)


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
