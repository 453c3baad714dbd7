from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.access.roles import Role
from baomi.accounts import bootstrap
from baomi.core.errors import BaomiError


def _administrator(role: Role) -> Any:
    def parse(value: str) -> bootstrap.Administrator:
        name, sep, username = value.partition(":")
        if not sep or not name.strip() or not username.strip():
            raise ValueError(value)
        return bootstrap.Administrator(role, name.strip(), username.strip())

    parse.__name__ = "NAME:USERNAME"
    return parse


class Command(BaseCommand):
    help = (
        "Create the first organisation with its three administrators (三员分立) and print their "
        "first passwords once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, metavar="NAME")
        parser.add_argument(
            "--department",
            default="保密办公室",
            metavar="NAME",
            help="The department the three administrators belong to.",
        )
        for option, role in (
            ("--sysadmin", Role.SYSADMIN),
            ("--security-officer", Role.SECURITY_OFFICER),
            ("--auditor", Role.AUDITOR),
        ):
            parser.add_argument(
                option,
                required=True,
                type=_administrator(role),
                metavar="NAME:USERNAME",
                help=f"The {role.label.lower()}: person's name and login.",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        administrators = [options["sysadmin"], options["security_officer"], options["auditor"]]
        if len({a.username for a in administrators}) != 3:
            raise CommandError(_("The three administrators need three different usernames."))
        try:
            logins = bootstrap.set_up(
                organisation=options["organisation"],
                department=options["department"],
                administrators=administrators,
            )
        except BaomiError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            _("Organisation %(name)s created. First passwords:") % {"name": options["organisation"]}
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role.label} {login.password}")
        self.stdout.write(_("Each administrator should change the password after the first login."))
