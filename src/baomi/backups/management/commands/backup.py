"""``baomi backup [--output FILE] [--passphrase-file FILE] [--cipher aes|sm4]``: an archive of
the installation (the database, the audit signing key, the checkpoint files) into
``BAOMI_BACKUP_DIR`` while the server runs; encrypted when a passphrase is given (the file, or
``BAOMI_BACKUP_PASSPHRASE``; never on the command line). Recorded (DEV-BACKUP); for cron."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.backups import archive, running
from baomi.backups.models import Trigger

ENV = "BAOMI_BACKUP_PASSPHRASE"


def passphrase_from(file: str | None) -> bytes | None:
    """The passphrase of ``--passphrase-file``, else of the environment, else of
    ``BAOMI_BACKUP_PASSPHRASE_FILE``, else None."""
    if not file and os.environ.get(ENV) is not None:
        encoded = os.environ[ENV].encode()
        if not encoded or len(encoded) > archive.MAX_PASSPHRASE:
            raise CommandError(_("The passphrase must be 1 to 1024 bytes."))
        return encoded
    file = file or settings.BACKUP_PASSPHRASE_FILE
    if not file:
        return None
    try:
        return running.read_passphrase(Path(file))
    except (OSError, ValueError) as exc:
        raise CommandError(
            _("Cannot read the passphrase file: %(error)s") % {"error": exc}
        ) from None


class Command(BaseCommand):
    help = (
        "Back up the installation (database, audit signing key, checkpoint files) into one "
        "checksummed archive, encrypted when a passphrase is given."
    )
    # A backup or a restore asks nothing of the system checks (a restore may find no
    # database yet), and their warnings would drown its one line.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="Write the archive here (default: a new file in "
            "BAOMI_BACKUP_DIR; only archives there are counted by BAOMI_BACKUP_KEEP).",
        )
        parser.add_argument(
            "--passphrase-file",
            metavar="FILE",
            help=f"Encrypt with the passphrase on the first line of FILE (else {ENV}, else "
            "BAOMI_BACKUP_PASSPHRASE_FILE; none: not encrypted).",
        )
        parser.add_argument(
            "--cipher",
            choices=sorted(archive.CIPHERS),
            default=None,
            help="aes: AES-256-GCM; sm4: SM4-GCM (国密). Default: BAOMI_BACKUP_CIPHER (aes).",
        )

    def handle(
        self,
        *args: Any,
        output: str | None,
        passphrase_file: str | None,
        cipher: str | None,
        **options: Any,
    ) -> None:
        passphrase = passphrase_from(passphrase_file)
        if cipher and passphrase is None:
            raise CommandError(
                _("A cipher needs a passphrase (--passphrase-file or %(env)s).") % {"env": ENV}
            )
        chosen = archive.CIPHERS[cipher or settings.BACKUP_CIPHER] if passphrase else archive.NONE
        target = Path(output).resolve() if output else None
        if target is not None and target.exists():
            raise CommandError(_("%(file)s exists already.") % {"file": target})
        try:
            found = running.backup(
                trigger=Trigger.COMMAND, passphrase=passphrase, cipher=chosen, output=target
            )
        except running.Busy:
            raise CommandError(_("Another backup or restore is running.")) from None
        except running.BackupFailed as exc:
            raise CommandError(
                _("The backup failed: %(error)s") % {"error": " ".join(str(exc).split())}
            ) from None
        assert found is not None
        _run, made = found
        self.stdout.write(
            _(
                "Backup written to %(file)s: %(size)s bytes, SHA-256 %(sha256)s, audit head "
                "#%(seq)s%(encrypted)s."
            )
            % {
                "file": made.path,
                "size": made.size,
                "sha256": made.sha256,
                "seq": made.manifest["audit"]["seq"],
                "encrypted": _(", encrypted (%(cipher)s)") % {"cipher": chosen}
                if chosen != archive.NONE
                else "",
            }
        )
