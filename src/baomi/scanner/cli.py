"""``python -m baomi.scanner PATH... [--keywords FILE] [--json] [--jobs N] [--since-cache]``.

Exit status: 0 nothing found, 1 findings, 2 scan error (bad arguments, an unreadable keyword
list, a path that does not exist), said in one line on stderr, never with a traceback. Files
that cannot be read are skipped with their reason and are no error. ``baomi scan`` (the
management command of ``baomi.scans``) reuses ``add_arguments`` and ``run``; given only the
scanner's own options (``own_arguments``), ``baomi`` runs ``main`` here without loading Django.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

from baomi.scanner import automata, keywords, report
from baomi.scanner.engine import Engine, FileResult, scan_files
from baomi.scanner.matcher import Matcher
from baomi.scanner.model import Finding, Skipped, Summary
from baomi.scanner.walker import FileEntry, walk

if TYPE_CHECKING:
    from baomi.scanner.cache import ScanCache

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_Item = TypeVar("_Item", Finding, Skipped)
_SURROGATE = re.compile("[\ud800-\udfff]")
OnReport = Callable[[list[Finding], list[Skipped], Summary], Any]


class ScanError(Exception):
    """The scan cannot run; the message says why in one line."""


# The options of add_arguments.
OWN_OPTIONS = ("--keywords", "--json", "--jobs", "--since-cache")


def own_arguments(args: Sequence[str]) -> bool:
    """Whether ``args`` hold no option but the scanner's own, each spelled out in full: then
    ``baomi scan`` is the scanner alone and needs no Django (--upload, --help and Django's
    options go to the management command)."""
    for arg in args:
        if arg == "--":
            return True
        if arg.startswith("-") and arg != "-" and arg.partition("=")[0] not in OWN_OPTIONS:
            return False
    return True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Files and directories to scan.")
    parser.add_argument(
        "--keywords",
        metavar="FILE",
        help="Keyword list: one keyword a line, optionally TAB and a level "
        "(TOP_SECRET, SECRET, CONFIDENTIAL, INTERNAL); default: the list shipped with baomi.",
    )
    parser.add_argument(
        "--json", action="store_true", help="Report as JSON lines: findings, skipped, summary."
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="Scan N files at once (default 1)."
    )
    parser.add_argument(
        "--since-cache",
        action="store_true",
        help="Pass over files unchanged (size, mtime, inode) since their last clean scan "
        "with the same keyword list.",
    )


def run(
    options: dict[str, Any],
    *,
    stdout: TextIO,
    stderr: TextIO,
    on_report: OnReport | None = None,
) -> int:
    """Scan as ``options`` (of ``add_arguments``) say, report to ``stdout``; the exit status.
    ``on_report(findings, skipped, summary)`` is called with the finished report, before it is
    printed."""
    try:
        findings, skipped, summary = scan(
            options["paths"],
            keyword_file=options.get("keywords"),
            jobs=1 if options.get("jobs") is None else options["jobs"],
            since_cache=bool(options.get("since_cache")),
            stderr=stderr,
        )
    except (ScanError, keywords.KeywordListError, automata.EngineError) as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_ERROR
    if on_report is not None:
        on_report(findings, skipped, summary)
    write = report.write_json if options.get("json") else report.write_tables
    write(stdout, findings, skipped, summary)
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def scan(
    paths: Sequence[str],
    *,
    keyword_file: str | None = None,
    jobs: int = 1,
    since_cache: bool = False,
    stderr: TextIO | None = None,
) -> tuple[list[Finding], list[Skipped], Summary]:
    """Findings and skipped files (in the order of the walk) and the summary of a scan. A
    progress bar goes to ``stderr`` when it is a terminal, as do warnings."""
    if jobs < 1:
        raise ScanError("--jobs must be 1 or more")
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise ScanError(f"no such file or directory: {missing[0]}")
    keyword_list = keywords.load(keyword_file)
    started = _now()
    walked = list(walk(paths))
    cache = None
    if since_cache:
        from baomi.scanner.cache import ScanCache, default_path  # only with --since-cache

        cache = ScanCache(default_path(), keyword_list.sha256)
    results = {n: FileResult(skipped=[item]) for n, item in _of(walked, Skipped)}
    files = list(_of(walked, FileEntry))
    todo = [(n, entry) for n, entry in files if cache is None or not cache.unchanged(entry)]
    progress = _progress(stderr, todo)
    engine = Engine(Matcher(keyword_list.keywords))
    try:
        for i, result in scan_files(engine, [entry for _n, entry in todo], jobs=jobs):
            results[todo[i][0]] = result
            if progress:
                progress.advance(todo[i][1].size)
    finally:
        if progress:
            progress.close()
    if cache is not None:
        _update(cache, todo, results, stderr)
    outcomes = [results[n] for n in sorted(results)]
    findings = [_printable(f) for r in outcomes for f in r.findings]
    skipped = [_printable(s) for r in outcomes for s in r.skipped]
    summary = Summary(
        host=_hostname(),
        started_at=started,
        finished_at=_now(),
        paths=[_printable_text(os.path.abspath(p)) for p in paths],
        keyword_list=keyword_list.name,
        keyword_list_sha256=keyword_list.sha256,
        files_scanned=sum(r.scanned for r in outcomes),
        files_cached=len(files) - len(todo),
        bytes_scanned=sum(r.bytes for r in outcomes),
        findings=len(findings),
        skipped=len(skipped),
        by_level=dict(Counter(f.level for f in findings if f.level is not None)),
    )
    return findings, skipped, summary


def _of(walked: list[FileEntry | Skipped], cls: type) -> list[tuple[int, Any]]:
    return [(n, item) for n, item in enumerate(walked) if isinstance(item, cls)]


def _progress(stderr: TextIO | None, todo: list[tuple[int, FileEntry]]) -> report.Progress | None:
    if stderr is None or not getattr(stderr, "isatty", lambda: False)() or not todo:
        return None
    return report.Progress(stderr, len(todo), sum(entry.size for _n, entry in todo))


def _update(
    cache: ScanCache,
    todo: list[tuple[int, FileEntry]],
    results: dict[int, FileResult],
    stderr: TextIO | None,
) -> None:
    for n, entry in todo:
        cache.remember(entry, clean=results[n].clean)
    try:
        cache.write()
    except OSError as exc:
        if stderr is not None:
            stderr.write(f"warning: cannot write the scan cache {cache.path}: {exc.strerror}\n")


def _hostname() -> str:
    """The machine's name (socket.gethostname, without loading the socket module where the
    system's uname gives the same)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _printable_text(text: str) -> str:
    """Text as it can be printed and stored: a byte of a file name that is not UTF-8 (which
    Python holds as a lone surrogate) becomes �."""
    return _SURROGATE.sub("\ufffd", text)


def _printable(item: _Item) -> _Item:
    changes = {
        f.name: _printable_text(value)
        for f in fields(item)
        if isinstance(value := getattr(item, f.name), str) and _SURROGATE.search(value)
    }
    return replace(item, **changes) if changes else item


class _Parser(argparse.ArgumentParser):
    hint = ""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}{self.hint}\n")


def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> NoReturn:
    """The command line: ``python -m baomi.scanner``, or ``prog`` (``baomi scan``, whose
    errors say where the help is, as baomi's do)."""
    parser = _Parser(
        prog=prog or "python -m baomi.scanner",
        description="Find classification markings and keywords in files.",
    )
    if prog:
        parser.hint = f" (see '{prog} --help')"
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        code = run(options, stdout=sys.stdout, stderr=sys.stderr)
        sys.stdout.flush()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_ERROR
    except Exception as exc:  # the promise: one line, never a traceback
        sys.stderr.write(f"error: the scan failed: {type(exc).__name__}: {exc}\n")
        code = EXIT_ERROR
    sys.exit(code)
