"""``baomi token create USERNAME`` (an API token for scripts, printed once) and ``baomi token
revoke PREFIX`` (revoke one token: the ``bm_PREFIX_…`` part shown with it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.accounts import queries
from baomi.accounts.models import ApiToken
from baomi.accounts.operations import create_token, revoke_token
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
        revoke = commands.add_parser(
            "revoke", help="Revoke the token bm_PREFIX_… (its prefix is enough)."
        )
        revoke.add_argument("prefix", metavar="PREFIX")

    def handle(self, *args: Any, command: str, **options: Any) -> None:
        try:
            if command == "create":
                self._create(options["username"], options["label"])
            else:
                self._revoke(options["prefix"])
        except BaomiError as exc:
            raise CommandError(str(exc)) from None

    def _create(self, username: str, label: str) -> None:
        if len(label) > LABEL_LENGTH:
            raise CommandError(_("A label has at most %(n)s characters.") % {"n": LABEL_LENGTH})
        account_id = queries.account_id(username)
        if account_id is None:
            raise CommandError(_("There is no account named %(name)s.") % {"name": username})
        token = create_token(actor=None, account_id=account_id, label=label)
        # The token alone on standard output, so that scripts can capture it.
        self.stdout.write(token)
        self.stderr.write(_("Keep this token now: it is not shown again."))

    def _revoke(self, prefix: str) -> None:
        # Accept the whole token or its bm_PREFIX part as well as the bare prefix.
        # Never echo what was given: it may be the whole token, secret included.
        parts = prefix.split("_")
        prefix = parts[1] if len(parts) > 1 else parts[0]
        token_id = queries.token_id(prefix)
        if token_id is None:
            raise CommandError(_("There is no token %(prefix)s.") % {"prefix": prefix})
        revoke_token(actor=None, token_id=token_id)
        self.stdout.write(_("Token bm_%(prefix)s_… revoked.") % {"prefix": prefix})
