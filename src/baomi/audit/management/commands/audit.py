"""``baomi audit verify|export|checkpoint|seal``: the audit chain from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baomi.audit import chain, recorder, signing, verification
from baomi.audit.operations import create_checkpoint

# The most staged reads chained in one transaction (each batch holds the chain's lock).
MAX_BATCH = 100_000


class Command(BaseCommand):
    help = (
        "The audit chain: verify it, export it, sign a checkpoint of its head, or chain the "
        "staged reads."
    )
    # ``verify --file`` works without any database: run no checks that might want one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        verify = commands.add_parser(
            "verify",
            help="Recompute the chain; exit 0 when intact, 1 naming the first broken event.",
        )
        verify.add_argument("--json", action="store_true", help="Answer in JSON.")
        verify.add_argument(
            "--file",
            metavar="EXPORT.jsonl",
            help="Verify an exported chain offline, without any database.",
        )
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="Also check against this signed checkpoint (as printed by 'audit checkpoint'); "
            "repeatable.",
        )
        verify.add_argument(
            "--checkpoint-dir",
            metavar="DIR",
            type=Path,
            default=None,
            help="Check against the newest checkpoint file in DIR "
            "(default: BAOMI_CHECKPOINT_DIR, where 'audit checkpoint' writes them).",
        )
        verify.add_argument(
            "--deep",
            action="store_true",
            help="Also compare the stored index columns with each event (verify does when the "
            "table no longer generates them from the events).",
        )
        verify.add_argument(
            "--jobs",
            type=int,
            default=None,
            metavar="N",
            help="Processes sharing the work (default: one per core for a long chain).",
        )
        export = commands.add_parser("export", help="Print the chain as JSON lines.")
        export.add_argument(
            "--since",
            type=int,
            default=0,
            metavar="SEQ",
            help="Only the events after sequence number SEQ.",
        )
        seal = commands.add_parser(
            "seal",
            help="Chain the reads staged and not yet chained, oldest first ('baomi serve' does "
            "it every few seconds).",
        )
        seal.add_argument(
            "--batch",
            type=int,
            default=recorder.SEAL_BATCH,
            metavar="N",
            help="Staged reads chained in one transaction.",
        )
        commands.add_parser(
            "checkpoint",
            help="Sign the chain's head with the installation's Ed25519 key, print it and write "
            "it to the checkpoint directory (BAOMI_CHECKPOINT_DIR).",
        )

    def handle(self, *args: Any, command: str, **options: Any) -> None:
        if command == "verify":
            self.verify(
                options["file"],
                options["checkpoint"],
                deep=options["deep"],
                as_json=options["json"],
                jobs=options["jobs"],
                kept_in=options["checkpoint_dir"],
            )
        elif command == "export":
            if options["since"] < 0:
                raise CommandError(_("--since takes a sequence number, 0 or more."))
            for line in verification.export(since=options["since"]):
                self.stdout.write(line)
        elif command == "seal":
            if not 1 <= options["batch"] <= MAX_BATCH:
                raise CommandError(
                    _("--batch takes a number of events from 1 to %(most)s.") % {"most": MAX_BATCH}
                )
            count = recorder.seal(batch=options["batch"])
            self.stdout.write(
                ngettext("%(count)s staged read chained.", "%(count)s staged reads chained.", count)
                % {"count": count}
            )
        else:
            try:
                checkpoint = create_checkpoint(actor=None)
            except OSError as exc:
                raise CommandError(
                    _(
                        "The checkpoint is kept in the database but its file could not be written: "
                        "%(error)s"
                    )
                    % {"error": _reason(exc)}
                ) from None
            document = signing.document(checkpoint)
            self.stdout.write(json.dumps(document, indent=2))
            path = Path(settings.AUDIT_CHECKPOINT_DIR) / signing.file_name(document)
            self.stderr.write(_("Also written to %(file)s.") % {"file": path})

    def verify(
        self,
        file: str | None,
        checkpoint_files: list[str],
        *,
        deep: bool,
        as_json: bool,
        jobs: int | None,
        kept_in: Path | None,
    ) -> None:
        """Report the verdict; a broken chain ends the command with exit status 1."""
        if jobs is not None and jobs < 1:
            raise CommandError(_("--jobs takes a number of processes, 1 or more."))
        checkpoints = [_read_checkpoint(name) for name in checkpoint_files]
        if file is None:
            verdict = verification.verify(
                deep=deep, checkpoints=checkpoints, jobs=jobs, kept_in=kept_in
            )
        elif deep:
            raise CommandError(_("--deep checks the database's index columns, not a file."))
        else:
            verdict = _verify_file(file, checkpoints)
        if as_json:
            self.stdout.write(
                json.dumps({**verdict.as_dict(), "checkpoint_files": len(checkpoints)})
            )
        elif verdict.ok:
            self.stdout.write(
                ngettext(
                    "The audit chain is intact: %(count)s event, head event %(seq)s, "
                    "head hash %(hash)s.",
                    "The audit chain is intact: %(count)s events, head event %(seq)s, "
                    "head hash %(hash)s.",
                    verdict.count,
                )
                % {"count": verdict.count, "seq": verdict.head_seq, "hash": verdict.head_hash}
            )
        elif verdict.broken_seq is None:  # the table itself, not one event
            self.stdout.write(
                _("The audit chain is broken: %(reason)s.") % {"reason": verdict.explain(_)}
            )
        else:
            self.stdout.write(
                _("The audit chain is broken at event %(seq)s: %(reason)s.")
                % {"seq": verdict.broken_seq, "reason": verdict.explain(_)}
            )
        if not as_json and verdict.unchained:
            self._unchained(verdict)
        if not verdict.ok:
            raise SystemExit(1)

    def _unchained(self, verdict: chain.Verdict) -> None:
        """The reads waiting to be chained, oldest first, with their age."""
        self.stdout.write(
            ngettext(
                "%(count)s read is staged and not yet chained (each matches its hash):",
                "%(count)s reads are staged and not yet chained (each matches its hash):",
                verdict.unchained,
            )
            % {"count": verdict.unchained}
        )
        for waiting in verdict.waiting:
            self.stdout.write(
                _("  staged event %(id)s: %(action)s, read at %(at)s, %(age)s s ago")
                % {
                    "id": waiting["id"],
                    "action": waiting["action"],
                    "at": waiting["at"],
                    "age": waiting["age_seconds"],
                }
            )
        if verdict.unchained > len(verdict.waiting):
            more = verdict.unchained - len(verdict.waiting)
            self.stdout.write(
                ngettext("  and %(count)s more.", "  and %(count)s more.", more) % {"count": more}
            )


def _read_checkpoint(name: str) -> dict[str, Any]:
    try:
        return signing.parse(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(
            _("Cannot use the checkpoint %(file)s: %(error)s")
            % {"file": name, "error": _reason(exc)}
        ) from None


def _verify_file(name: str, checkpoints: list[dict[str, Any]]) -> chain.Verdict:
    trusted = signing.trusted_points(checkpoints)
    if isinstance(trusted, chain.Verdict):
        return trusted
    try:
        with open(name, encoding="utf-8") as lines:
            return chain.verify_export(lines, checkpoints=trusted.items())
    except (OSError, ValueError) as exc:
        raise CommandError(
            _("Cannot verify %(file)s: %(error)s") % {"file": name, "error": _reason(exc)}
        ) from None


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
