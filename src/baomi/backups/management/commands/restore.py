"""``baomi restore ARCHIVE [--replace] [--passphrase-file FILE]``: put an archive of ``baomi
backup`` back: the database, the audit signing key, the missing checkpoint files. Refuses,
changing nothing, an archive that fails its checksum or authentication, a wrong passphrase,
another database vendor's archive, a newer format, and a database in use (or another signing
key) without ``--replace``. Stop the server first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baomi.backups import archive, running, snapshot
from baomi.backups.archiving import RestoreRefused
from baomi.backups.management.commands.backup import ENV, passphrase_from


def refusal(exc: Exception) -> str:
    """One line saying why the archive was refused."""
    if isinstance(exc, archive.WrongPassphrase):
        if "give its passphrase" in str(exc):
            return _(
                "The archive is encrypted: give its passphrase (--passphrase-file or %(env)s)."
            ) % {"env": ENV}
        return _("Wrong passphrase: the archive cannot be opened with it.")
    if isinstance(exc, archive.NewerFormat):
        return _("The archive was written by a newer baomi (%(detail)s): upgrade baomi first.") % {
            "detail": exc
        }
    if isinstance(exc, archive.NotAnArchive):
        return _("This file is not a baomi backup archive.")
    if isinstance(exc, archive.ArchiveError):
        return _("The archive is damaged and was refused: %(detail)s.") % {"detail": exc}
    if isinstance(exc, snapshot.SnapshotError):
        return _("The restore failed, the database was left as it was: %(detail)s.") % {
            "detail": exc
        }
    assert isinstance(exc, RestoreRefused)
    return {
        "vendor": _(
            "The archive is of a %(found)s database, this installation uses %(here)s: restore "
            "it into a %(found)s installation."
        ),
        "newer_schema": _(
            "The archive was made by a newer baomi (%(version)s, a migration this one does not "
            "have): upgrade baomi first."
        ),
        "live": _(
            "The database is in use (it holds tables): stop the server, and give --replace to "
            "overwrite it."
        ),
        "key": _(
            "Another audit signing key is at %(path)s: give --replace to put the archive's in "
            "its place (the present one is kept beside it)."
        ),
    }[exc.kind] % exc.params


class Command(BaseCommand):
    help = (
        "Restore the installation from a 'baomi backup' archive (database, audit signing key, "
        "checkpoint files). Stop the server first."
    )
    # A backup or a restore asks nothing of the system checks (a restore may find no
    # database yet), and their warnings would drown its one line.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="ARCHIVE", help="The archive to restore.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database in use and another audit signing key (both kept: the "
            "SQLite file and the key beside theirs; PostgreSQL in one transaction).",
        )
        parser.add_argument(
            "--passphrase-file",
            metavar="FILE",
            help="The passphrase of an encrypted archive, on the first line of FILE (else "
            f"{ENV}, else BAOMI_BACKUP_PASSPHRASE_FILE).",
        )

    def handle(
        self, *args: Any, archive: str, replace: bool, passphrase_file: str | None, **options: Any
    ) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("There is no archive at %(file)s.") % {"file": path})
        passphrase = passphrase_from(passphrase_file)
        try:
            done = running.restore(path, passphrase=passphrase, replace=replace)
        except running.Busy:
            raise CommandError(_("Another backup or restore is running.")) from None
        except archive_errors() as exc:
            raise CommandError(refusal(exc)) from None
        manifest = done.manifest
        self.stdout.write(
            _("Restored the backup of %(at)s (baomi %(version)s): audit head #%(seq)s.")
            % {
                "at": manifest.get("created_at", "?"),
                "version": manifest.get("baomi_version", "?"),
                "seq": manifest["audit"]["seq"],
            }
        )
        if done.kept:
            self.stdout.write(
                _("The database it replaced is kept at %(file)s.") % {"file": done.kept}
            )
        if done.key == "installed":
            self.stdout.write(_("The audit signing key was put in place."))
        if done.key_kept:
            self.stdout.write(
                _("The signing key it replaced is kept at %(file)s.") % {"file": done.key_kept}
            )
        if done.checkpoints_added:
            self.stdout.write(
                _("%(n)s checkpoint files were put back.") % {"n": done.checkpoints_added}
            )
        for name in done.checkpoints_differing:
            self.stderr.write(
                _("Warning: the checkpoint file %(name)s differs from the archive's; it was kept.")
                % {"name": name}
            )
        if done.lost_after is not None:
            self.stderr.write(
                _(
                    "Warning: a signed checkpoint of event #%(after)s exists, after the restored "
                    "head #%(seq)s: the events between were lost, and 'baomi audit verify' will "
                    "say so. Record what happened since the backup."
                )
                % {"after": done.lost_after, "seq": manifest["audit"]["seq"]}
            )
        if done.migrated:
            self.stdout.write(_("The database was migrated to this version of baomi."))


def archive_errors() -> tuple[type[Exception], ...]:
    return (archive.ArchiveError, RestoreRefused, snapshot.SnapshotError)
