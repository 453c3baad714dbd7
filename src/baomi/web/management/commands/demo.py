from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from baomi.web import demo


class Command(BaseCommand):
    help = "Create the demo organisation (示例单位) with one login per role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):
            result = demo.build()
            state = "created" if result.created else "already present"
            self.stdout.write(f"Demo organisation {demo.ORG_NAME}: {state}.")
            self.stdout.write(f"Logins (password for all: {demo.PASSWORD}):")
            for username, role, name in demo.logins():
                self.stdout.write(f"  {username:<12} {name}（{role}）")
