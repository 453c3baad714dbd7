from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.seams.demo import build_demo


class Command(BaseCommand):
    help = "Create the demo organisation (示例单位) with one login per role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):
            demo = build_demo()
            done = _("created") if demo.created else _("already present")
            self.stdout.write(
                _("Demo organisation %(name)s: %(state)s.")
                % {"name": demo.organisation.name, "state": done}
            )
            self.stdout.write(
                _("Logins (password for all: %(password)s):") % {"password": demo.password}
            )
            for username, role, name in demo.logins:
                self.stdout.write(f"  {username:<12} {name}（{role}）")
            self.stdout.write(_("Who approves what:"))
            for name, username, held, rule_ids in demo.approvers:
                self.stdout.write(f"  {username:<12} {name}：{held}")
                self.stdout.write(
                    "  " + " " * 12 + " " + _("approves: %(rules)s") % {"rules": rule_ids}
                )
