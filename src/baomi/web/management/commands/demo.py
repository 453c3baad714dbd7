from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.web import demo


class Command(BaseCommand):
    help = "Create the demo organisation (示例单位) with one login per role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):
            result = demo.build()
            done = _("created") if result.created else _("already present")
            self.stdout.write(
                _("Demo organisation %(name)s: %(state)s.") % {"name": demo.ORG_NAME, "state": done}
            )
            self.stdout.write(
                _("Logins (password for all: %(password)s):") % {"password": demo.PASSWORD}
            )
            for username, role, name in demo.logins():
                self.stdout.write(f"  {username:<12} {name}（{role}）")
