"""``baomi scan PATH... [--upload --department D --token T [--server URL]]``: the content
scanner (``baomi.scanner``), and filing its report as a scan record.

Without ``--upload`` the command is the scanner alone and touches no database, so it runs on a
workstation with nothing but baomi installed. With ``--upload`` the report is filed as the
token's account (who ran the scan): POSTed to ``{server}/api/v1/scans`` with ``--server``
(or BAOMI_SERVER), otherwise into this installation's database. The token and the department
are checked before the scan starts. The exit status is the scan's own (0 nothing found,
1 findings, 2 scan error), or 2 with a one-line error when the report cannot be filed."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from baomi.accounts.queries import account_for_token
from baomi.core.errors import BaomiError
from baomi.org.queries import departments
from baomi.scanner import cli
from baomi.scanner.model import Finding, Skipped, Summary
from baomi.scanner.report import json_lines
from baomi.scans.operations import file_scan_report

UPLOAD_FAILED = 2
TIMEOUT = 300  # seconds: a large report takes a while to store
T = TypeVar("T")


class UploadError(Exception):
    """The report cannot be filed; the message says why in one line."""


@dataclass
class Destination:
    """Where and as whom the report goes: a server's API, or this installation's database."""

    token: str
    server: str = ""
    department_id: int = 0
    account: Any = None  # the token's account, when filing locally

    def prepare(self, department: str) -> None:
        """Check the token and find the department before scanning (UploadError if not)."""
        if self.server:
            found = _call(self.server, self.token, "GET", "/org/departments")
            choices = _answer(lambda: [(int(d["id"]), str(d["name"])) for d in found])
        else:
            self.account = account_for_token(self.token)
            if self.account is None:
                raise UploadError(_("The token is unknown, revoked or of an inactive account."))
            choices = [(d.pk, d.name) for d in departments(self.account)]
        self.department_id = pick_department(choices, department)

    def file(self, report: list[dict[str, Any]]) -> int:
        """File the report; the id of the scan record."""
        if self.server:
            body = {"department_id": self.department_id, "report": report}
            record = _call(self.server, self.token, "POST", "/scans", body)
            return _answer(lambda: int(record["id"]))
        try:
            record = file_scan_report(
                actor=self.account, department_id=self.department_id, report=report
            )
        except BaomiError as exc:
            raise UploadError(exc.message) from None
        return record.pk


def pick_department(choices: list[tuple[int, str]], wanted: str) -> int:
    """The id of the department numbered or named ``wanted`` among ``(id, name)`` pairs."""
    wanted = wanted.strip()
    if wanted.isdigit():
        found = [pk for pk, _name in choices if pk == int(wanted)]
    else:
        found = [pk for pk, name in choices if name == wanted]
    if not found:
        raise UploadError(_("There is no department %(name)s.") % {"name": wanted})
    if len(found) > 1:
        raise UploadError(
            _("Several departments are named %(name)s: give the id of one (%(ids)s).")
            % {"name": wanted, "ids": ", ".join(map(str, sorted(found)))}
        )
    return found[0]


def _call(server: str, token: str, method: str, path: str, body: Any = None) -> Any:
    """One JSON request to the server's API as the token's account."""
    if not server.startswith(("http://", "https://")):
        raise UploadError(_("The server must be an http:// or https:// URL."))
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        server.rstrip("/") + "/api/v1" + path,
        data=None if body is None else json.dumps(body, ensure_ascii=False).encode(),
        method=method,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            # The answers' messages in the language of this command line.
            "Cookie": f"django_language={translation.get_language() or 'zh-hans'}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
            return json.load(answer)
    except urllib.error.HTTPError as exc:
        raise UploadError(
            _("The server answered %(status)s: %(message)s")
            % {"status": exc.code, "message": _message(exc)}
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UploadError(
            _("Cannot reach %(server)s: %(reason)s") % {"server": server, "reason": reason}
        ) from None


def _answer(read: Callable[[], T]) -> T:
    """What ``read`` takes from a server's answer, or UploadError if it is not baomi's."""
    try:
        return read()
    except (KeyError, TypeError, ValueError):
        raise UploadError(_("The server's answer is not that of baomi's API.")) from None


def _message(answer: urllib.error.HTTPError) -> str:
    try:
        return str(json.load(answer)["message"])
    except (ValueError, KeyError, TypeError, OSError):
        return str(answer.reason)


class Command(BaseCommand):
    help = (
        "Scan files for classification markings and keywords; with --upload, file the report "
        "as a scan record."
    )
    # Without --upload it runs where no database exists: run no checks that might want one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)
        upload = parser.add_argument_group("upload")
        upload.add_argument(
            "--upload",
            action="store_true",
            help="File the report as a scan record (needs --department and --token).",
        )
        upload.add_argument(
            "--department",
            metavar="NAME_OR_ID",
            help="The department whose computer is scanned.",
        )
        upload.add_argument(
            "--server",
            metavar="URL",
            default=os.environ.get("BAOMI_SERVER", ""),
            help="File through this baomi server's API (default $BAOMI_SERVER); without it, "
            "into this installation's database.",
        )
        upload.add_argument(
            "--token",
            metavar="TOKEN",
            default=os.environ.get("BAOMI_TOKEN", ""),
            help="The API token of the person running the scan (default $BAOMI_TOKEN).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        destination = self._destination(options) if options["upload"] else None
        report: list[dict[str, Any]] = []

        def keep(findings: list[Finding], skipped: list[Skipped], summary: Summary) -> None:
            report.extend(json_lines(findings, skipped, summary))

        code = cli.run(options, stdout=self.stdout, stderr=self.stderr, on_report=keep)
        if destination is not None and code != cli.EXIT_ERROR:
            try:
                record_id = destination.file(report)
            except UploadError as exc:
                raise self._failed(exc) from None
            self.stderr.write(_("Filed as scan record %(id)s.") % {"id": record_id})
        if code:
            raise SystemExit(code)

    def _destination(self, options: dict[str, Any]) -> Destination:
        if not options["token"]:
            raise self._failed(_("--upload needs --token (or BAOMI_TOKEN): who runs the scan."))
        if not options["department"]:
            raise self._failed(_("--upload needs --department: whose computer is scanned."))
        destination = Destination(token=options["token"], server=options["server"])
        try:
            destination.prepare(options["department"])
        except UploadError as exc:
            raise self._failed(exc) from None
        return destination

    @staticmethod
    def _failed(reason: Any) -> CommandError:
        message = _("Cannot file the report: %(reason)s") % {"reason": reason}
        return CommandError(" ".join(message.split()), returncode=UPLOAD_FAILED)
