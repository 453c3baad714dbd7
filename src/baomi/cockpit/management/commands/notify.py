"""``baomi notify [--organisation NAME] [--json]``: the deadline engine's reminders and
escalations, made once (run it from cron; running it twice, or twice at once, makes nothing
twice)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.cockpit.operations.notifications import notify, organisations
from baomi.org.models import Organisation


class Command(BaseCommand):
    help = (
        "Make the deadline notifications due now: reminders of deadlines falling due, and "
        "overdue ones to the person responsible, the department head and the security office."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organisation", metavar="NAME", help="Only this organisation (default: every one)."
        )
        parser.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["organisation"]
        if name is None:
            chosen = organisations()
        else:
            unit = Organisation.objects.filter(name=name).first()
            if unit is None:
                raise CommandError(_("There is no organisation named %(name)s.") % {"name": name})
            chosen = [unit.pk]
        made = {pk: notify(actor=None, organisation_id=pk) for pk in chosen}
        if options["json"]:
            self.stdout.write(json.dumps({str(pk): counts for pk, counts in made.items()}))
            return
        names = dict(Organisation.objects.filter(pk__in=chosen).values_list("pk", "name"))
        for pk, counts in made.items():
            self.stdout.write(
                _("%(name)s: %(total)s notifications made (%(stages)s).")
                % {
                    "name": names[pk],
                    "total": sum(counts.values()),
                    "stages": ", ".join(f"{stage} {n}" for stage, n in counts.items()),
                }
            )
