"""``baomi``: Django's management command line with baomi's settings, plus ``serve``,
``rules``, ``audit`` and ``token``.

Bad input ends with a one-line error and a non-zero exit, never a traceback (set
``BAOMI_TRACEBACK=1`` to see one).

``baomi scan`` with none but the scanner's own options is the scanner alone: it runs without
loading Django (whose set-up, every app's models and pages, takes most of a second)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from django.core.management import BaseCommand, ManagementUtility
    from django.core.management.base import CommandParser


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "baomi"
    if argv[1:2] == ["scan"]:
        from baomi.scanner import cli as scanner

        if scanner.own_arguments(argv[2:]):
            scanner.main(argv[2:], prog="baomi scan")  # exits
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management.base import CommandParser

    from baomi.core.errors import BaomiError

    # Every command's parser (and its subcommands') answers bad arguments with one line.
    CommandParser.error = _one_line_error  # type: ignore[method-assign]
    try:
        _utility(argv).execute()
    except ImproperlyConfigured as exc:
        _fail(f"configuration error: {exc}", 2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (``baomi audit export | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except BaomiError as exc:
        _fail(str(exc), 1)
    except Exception as exc:  # the promise is: no traceback, whatever the input
        if os.environ.get("BAOMI_TRACEBACK"):
            raise
        _fail(f"{type(exc).__name__}: {exc}", 1)


def _fail(message: str, status: int) -> NoReturn:
    sys.stderr.write(f"baomi: error: {' '.join(message.split())}\n")
    sys.exit(status)


def _one_line_error(parser: CommandParser, message: str) -> NoReturn:
    """argparse's error without the usage block (Django's own behaviour when called from code)."""
    from django.core.management.base import CommandError

    if not parser.called_from_command_line:
        raise CommandError(f"Error: {message}")
    parser.exit(2, f"{parser.prog}: error: {message} (see '{parser.prog} --help')\n")


def _utility(argv: list[str]) -> ManagementUtility:
    """Django's command line, answering an unknown command with one line."""
    from django.conf import settings
    from django.core.management import ManagementUtility, get_commands

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand: str) -> BaseCommand:
            if subcommand not in get_commands():
                settings.INSTALLED_APPS  # noqa: B018 - raises ImproperlyConfigured if broken
                _fail(f"unknown command {subcommand!r} (see 'baomi help')", 1)
            return super().fetch_command(subcommand)

    return Utility(argv)


if __name__ == "__main__":
    main()
