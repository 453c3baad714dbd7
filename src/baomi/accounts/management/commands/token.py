"""``baomi token create USERNAME``: an API token for scripts, printed once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.accounts.models import ApiToken
from baomi.accounts.operations import create_token
from baomi.core.errors import BaomiError

LABEL_LENGTH = ApiToken._meta.get_field("label").max_length


class Command(BaseCommand):
    help = "API tokens for scripts."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        create = commands.add_parser(
            "create", help="Create an API token for USERNAME and print it (shown only once)."
        )
        create.add_argument("username", metavar="USERNAME")
        create.add_argument("--label", default="", help="What the token is for.")

    def handle(self, *args: Any, username: str, label: str, **options: Any) -> None:
        if len(label) > LABEL_LENGTH:
            raise CommandError(_("A label has at most %(n)s characters.") % {"n": LABEL_LENGTH})
        account_id = (
            get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
        )
        if account_id is None:
            raise CommandError(_("There is no account named %(name)s.") % {"name": username})
        try:
            token = create_token(actor=None, account_id=account_id, label=label)
        except BaomiError as exc:
            raise CommandError(str(exc)) from None
        # The token alone on standard output, so that scripts can capture it.
        self.stdout.write(token)
        self.stderr.write(_("Keep this token now: it is not shown again."))
