"""Throughput of ``python -m baomi.scanner`` (``--jobs 1`` and ``--jobs 2``) on a generated text
corpus against ripgrep on the same UTF-8 files with as many threads, and agreement of their
keyword counts (target: baomi/rg ≥ 1.0 on 1 and on 2 jobs).

    .venv/bin/python bench/scan_text.py [--files 2000] [--mb 500] [--seed 2026] [--repeat 3]
                                        [--fresh] [--engine hyperscan|ahocorasick]

The corpus (bench/out/scan_corpus/, reused when its parameters match; its ground truth in
bench/out/scan_corpus.json) is mixed Chinese/English office prose: ~85% UTF-8, ~10% GB18030 and
~5% UTF-16LE with a BOM, file sizes spread log-normally. 200 keywords
(bench/out/scan_keywords.txt) are sprinkled rarely, at most one on a line, and a marking into ~2%
of the files. Measured, best of ``--repeat`` runs each, taken in turns, page cache warm:

- ``rg -F -c -f scan_keywords.txt --no-config -j 1 FILES``, the same with ``-j 2`` and with
  ripgrep's default threads, FILES being every UTF-8 file;
- ``python -m baomi.scanner FILES --keywords scan_keywords.txt --json --jobs N`` on the same
  files with N = 1 and 2 (the target's ratios: against ``rg -j N``), and with ``--jobs 2`` on
  the whole corpus, every encoding (reported too);
- start-up: each command on one small file (best of ``--repeat``).

The scanner's matching engine is the one it chooses (hyperscan where installed, else
ahocorasick-rs), or ``--engine`` (BAOMI_SCAN_ENGINE); the result names it.

Counts are compared as occurrences, per file: with one keyword on a line at most, ripgrep's
matching lines are occurrences (``rg -F -o`` confirms the total), and baomi reports one keyword
finding per occurrence. Both must equal what the generator put in, exactly. Writes
bench/out/scan_text.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import common
import scan_common

CORPUS = common.OUT / "scan_corpus"
MANIFEST = common.OUT / "scan_corpus.json"
KEYWORDS = common.OUT / "scan_keywords.txt"
TARGET_RATIO = 1.0
ENCODINGS = (("utf-8", 0.85), ("gb18030", 0.10), ("utf-16le", 0.05))
FOLDERS = ("办公室", "财务处", "人事处", "科技处", "后勤处", "保卫处", "宣传部", "档案室")
STEMS = ("工作报告", "会议纪要", "通知", "统计表", "notes", "minutes", "data", "草稿")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--mb", type=float, default=500, help="corpus size in MB (10^6 bytes)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="regenerate the corpus")
    parser.add_argument(
        "--engine", choices=("hyperscan", "ahocorasick"), help="the scanner's matching engine"
    )
    args = parser.parse_args(argv)
    if args.engine:
        os.environ["BAOMI_SCAN_ENGINE"] = args.engine  # the scanner subprocesses inherit it
    if not shutil.which("rg"):
        sys.exit("scan_text: ripgrep (rg) is not installed: apt-get install ripgrep")
    manifest = generate(files=args.files, size=int(args.mb * 1e6), seed=args.seed, fresh=args.fresh)
    result = measure(manifest, repeat=args.repeat)
    print(f"written to {scan_common.save('scan_text', result)}")
    if not result["counts_agree"]:
        sys.exit("scan_text: the keyword counts do not agree")


def generate(*, files: int, size: int, seed: int, fresh: bool) -> dict[str, Any]:
    """The corpus for these parameters: reused when present, else (re)made."""
    params = {"files": files, "bytes": size, "seed": seed, "version": scan_common.GENERATOR_VERSION}
    words = scan_common.write_keywords(KEYWORDS)
    if not fresh and MANIFEST.exists() and CORPUS.exists():
        manifest = json.loads(MANIFEST.read_text())
        if manifest["params"] == params:
            print(f"reusing the corpus in {CORPUS}")
            return manifest
    print(f"generating {files:,} files, {size / 1e6:,.0f} MB in {CORPUS} …", flush=True)
    MANIFEST.unlink(missing_ok=True)
    shutil.rmtree(CORPUS, ignore_errors=True)
    rng = random.Random(seed)
    filler = scan_common.Filler(rng)
    weights = [rng.lognormvariate(0, 1.4) for _ in range(files)]
    scale = size / sum(weights)
    entries = [
        _write_file(n, rng, filler, words, target=max(256, int(w * scale)))
        for n, w in enumerate(weights)
    ]
    manifest = {"params": params, "files": entries}
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False) + "\n")
    return manifest


def _write_file(
    n: int, rng: random.Random, filler: scan_common.Filler, words: list[str], *, target: int
) -> dict[str, Any]:
    encoding = rng.choices([e for e, _ in ENCODINGS], [w for _, w in ENCODINGS])[0]
    eol = "\r\n" if encoding != "utf-8" or rng.random() < 0.2 else "\n"
    ext = rng.choices([".txt", ".md", ".csv"], [8, 1, 1])[0]
    rel = Path(
        rng.choice(FOLDERS), str(rng.randrange(2019, 2026)), f"{rng.choice(STEMS)}_{n:04d}{ext}"
    )
    pool = _encoded_pool(filler, encoding, eol)
    per_line = sum(map(len, pool[:256])) / 256
    lines = rng.choices(pool, k=max(1, round(target / per_line)))
    found: Counter[str] = Counter()
    if rng.random() < 0.25:
        count = rng.randint(1, 3) + target // 2_000_000
        for at in rng.sample(range(len(lines)), min(count, len(lines))):
            word = rng.choice(words)
            lines[at] = (filler.with_word(word) + eol).encode(encoding)
            found[word] += 1
    marking = None
    if rng.random() < 0.02:
        marking = rng.choice(scan_common.MARKINGS)
        at = 0 if rng.random() < 0.5 else rng.randrange(len(lines))
        lines.insert(at, (marking + eol).encode(encoding))
    data = ("\ufeff".encode(encoding) if encoding == "utf-16le" else b"") + b"".join(lines)
    path = CORPUS / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {
        "path": rel.as_posix(),
        "encoding": encoding,
        "bytes": len(data),
        "keywords": dict(found),
        "marking": marking,
    }


_POOLS: dict[tuple[str, str], list[bytes]] = {}


def _encoded_pool(filler: scan_common.Filler, encoding: str, eol: str) -> list[bytes]:
    key = (encoding, eol)
    if key not in _POOLS:
        _POOLS[key] = [(line + eol).encode(encoding) for line in filler.lines]
    return _POOLS[key]


def measure(manifest: dict[str, Any], *, repeat: int) -> dict[str, Any]:
    entries = manifest["files"]
    utf8 = [e for e in entries if e["encoding"] == "utf-8"]
    utf8_paths = [CORPUS / e["path"] for e in utf8]
    utf8_bytes = sum(e["bytes"] for e in utf8)
    all_bytes = sum(e["bytes"] for e in entries)
    scan_common.warm([CORPUS / e["path"] for e in entries])
    keywords = ("--keywords", str(KEYWORDS), "--jobs", "2")
    one_job = ("--keywords", str(KEYWORDS), "--jobs", "1")
    rg = ["rg", "-F", "-c", "-f", str(KEYWORDS), "--no-config"]
    small = [min(utf8_paths, key=lambda p: p.stat().st_size)]
    measures = scan_common.interleaved(
        {
            "rg_j1": lambda: _rg_counts([*rg, "-j", "1"], utf8_paths),
            "rg_j2": lambda: _rg_counts([*rg, "-j", "2"], utf8_paths),
            "rg_default": lambda: _rg_counts(rg, utf8_paths),
            "baomi_utf8_j1": lambda: scan_common.run_scanner(utf8_paths, *one_job),
            "baomi_utf8": lambda: scan_common.run_scanner(utf8_paths, *keywords),
            "baomi_all": lambda: scan_common.run_scanner([CORPUS], *keywords),
        },
        repeat,
    )
    for name, m in measures.items():
        m["bytes"] = all_bytes if name == "baomi_all" else utf8_bytes
        m["mb_per_s"] = round(m["bytes"] / 1e6 / m["seconds"], 1)
    start_up = scan_common.interleaved(
        {
            "rg": lambda: _rg([*rg, "-j", "1"], small),
            "baomi": lambda: scan_common.run_scanner(small, *one_job),
        },
        max(repeat, 5),
    )
    expected = {e["path"]: sum(e["keywords"].values()) for e in entries}
    expected_utf8 = {e["path"]: expected[e["path"]] for e in utf8 if expected[e["path"]]}
    words = set(scan_common.keywords())
    rg_o = ["rg", "-F", "-o", "-f", str(KEYWORDS), "--no-config", "-j", "2"]
    occurrences = len(_rg([*rg_o, "--no-filename"], utf8_paths))
    agreement = {
        "rg_lines": _compare(expected_utf8, measures["rg_j2"].pop("result")),
        "rg_default_lines": _compare(expected_utf8, measures["rg_default"].pop("result")),
        "rg_occurrences": {"expected": sum(expected_utf8.values()), "found": occurrences},
        "baomi_utf8_j1": _compare(
            expected_utf8, _keyword_counts(measures["baomi_utf8_j1"].pop("result"), words)
        ),
        "baomi_utf8": _compare(
            expected_utf8, _keyword_counts(measures["baomi_utf8"].pop("result"), words)
        ),
    }
    measures["rg_j1"].pop("result")
    report_all = measures["baomi_all"].pop("result")
    all_counts = _keyword_counts(report_all, words)
    encoding_of = {e["path"]: e["encoding"] for e in entries}
    by_encoding = {
        encoding: _compare(
            {p: c for p, c in expected.items() if c and encoding_of[p] == encoding},
            {p: c for p, c in all_counts.items() if encoding_of.get(p) == encoding},
        )
        for encoding, _ in ENCODINGS
    }
    summary = scan_common.summary_of(report_all)
    ratio = measures["baomi_utf8"]["mb_per_s"] / measures["rg_j2"]["mb_per_s"]
    ratio_j1 = measures["baomi_utf8_j1"]["mb_per_s"] / measures["rg_j1"]["mb_per_s"]
    ratio_all = measures["baomi_all"]["mb_per_s"] / measures["rg_j2"]["mb_per_s"]
    counts_agree = all(
        a["agree"] for k, a in agreement.items() if k != "rg_occurrences"
    ) and occurrences == sum(expected_utf8.values())
    result = {
        "corpus": _corpus_stats(manifest),
        "counting": "keyword occurrences per file (one keyword on a line at most)",
        "measures": measures,
        "agreement_utf8": agreement,
        "agreement_all_by_encoding": by_encoding,
        "markings": _markings(entries, report_all),
        "baomi_summary": {k: summary.get(k) for k in ("files_scanned", "bytes_scanned", "skipped")},
        "engine": _engine(),
        "start_up_seconds": {name: m["seconds"] for name, m in start_up.items()},
        "ratio": round(ratio, 3),
        "ratio_j1": round(ratio_j1, 3),
        "ratio_all_encodings": round(ratio_all, 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO and ratio_j1 >= TARGET_RATIO,
        "counts_agree": counts_agree,
        "all_encodings_agree": all(a["agree"] for a in by_encoding.values()),
        "load_average": os.getloadavg()[0],
    }
    _print(result)
    return result


def _engine() -> str:
    """The matching engine the scanner subprocesses use (hyperscan or ahocorasick)."""
    command = [sys.executable, "-c", "from baomi.scanner import automata; print(automata.choose())"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _rg(command: list[str], paths: list[Path]) -> list[str]:
    """ripgrep's output lines (exit 1, nothing found, is no failure)."""
    out = subprocess.run([*command, "--", *map(str, paths)], capture_output=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"rg failed: {out.stderr.decode(errors='replace')}")
    return out.stdout.decode().splitlines()


def _rg_counts(command: list[str], paths: list[Path]) -> dict[str, int]:
    """``rg -c`` output: matching lines per file."""
    counts = {}
    for line in _rg(command, paths):
        path, count = line.rsplit(":", 1)
        counts[_rel(path)] = int(count)
    return counts


def _rel(path: str) -> str:
    return Path(path.split("!", 1)[0]).resolve().relative_to(CORPUS.resolve()).as_posix()


def _keyword_counts(report: list[dict[str, Any]], words: set[str]) -> dict[str, int]:
    """Keyword findings of the benchmark's keywords per file."""
    return dict(
        Counter(
            _rel(r["path"])
            for r in report
            if r.get("type") == "finding" and r["kind"] == "keyword" and r["match"] in words
        )
    )


def _compare(expected: dict[str, int], found: dict[str, int]) -> dict[str, Any]:
    """Per-file counts against the generator's; ``expected`` lists files with keywords only."""
    paths = sorted(set(expected) | set(found))
    wrong = [
        {"path": p, "expected": expected.get(p, 0), "found": found.get(p, 0)}
        for p in paths
        if expected.get(p, 0) != found.get(p, 0)
    ]
    return {
        "files_with_keywords": len(expected),
        "expected": sum(expected.values()),
        "found": sum(found.values()),
        "files_wrong": len(wrong),
        "first_wrong": wrong[:5],
        "agree": not wrong,
    }


def _markings(entries: list[dict[str, Any]], report: list[dict[str, Any]]) -> dict[str, Any]:
    """Files with a marking inserted against files where baomi reports one (whole corpus)."""
    marked = {e["path"] for e in entries if e["marking"]}
    found = {
        _rel(r["path"]) for r in report if r.get("type") == "finding" and r["kind"] == "marking"
    }
    return {
        "files_marked": len(marked),
        "files_found": len(marked & found),
        "missed": sorted(marked - found)[:10],
        "false_positive_files": sorted(found - marked)[:10],
        "false_positives": len(found - marked),
    }


def _corpus_stats(manifest: dict[str, Any]) -> dict[str, Any]:
    entries = manifest["files"]
    by_encoding = {
        encoding: {
            "files": sum(1 for e in entries if e["encoding"] == encoding),
            "bytes": sum(e["bytes"] for e in entries if e["encoding"] == encoding),
        }
        for encoding, _ in ENCODINGS
    }
    return {
        **manifest["params"],
        "files_written": len(entries),
        "bytes_written": sum(e["bytes"] for e in entries),
        "largest_file": max(e["bytes"] for e in entries),
        "by_encoding": by_encoding,
        "keywords": len(scan_common.keywords()),
        "keyword_occurrences": sum(sum(e["keywords"].values()) for e in entries),
        "files_with_keywords": sum(1 for e in entries if e["keywords"]),
        "files_marked": sum(1 for e in entries if e["marking"]),
    }


def _print(result: dict[str, Any]) -> None:
    corpus = result["corpus"]
    print(
        f"\ntext scan: {corpus['files_written']:,} files, {corpus['bytes_written'] / 1e6:,.0f} MB "
        f"({corpus['by_encoding']['utf-8']['bytes'] / 1e6:,.0f} MB UTF-8), "
        f"{corpus['keyword_occurrences']:,} keyword occurrences"
    )
    labels = {
        "rg_j1": "rg -F -c -j 1 (UTF-8 files)",
        "rg_j2": "rg -F -c -j 2 (UTF-8 files)",
        "rg_default": "rg -F -c, default threads (UTF-8 files)",
        "baomi_utf8_j1": "baomi scanner --jobs 1 (UTF-8 files)",
        "baomi_utf8": "baomi scanner --jobs 2 (UTF-8 files)",
        "baomi_all": "baomi scanner --jobs 2 (whole corpus)",
    }
    rows = [
        [labels[k], m["seconds"], m["bytes"] / 1e6, m["mb_per_s"]]
        for k, m in result["measures"].items()
    ]
    print(common.table(rows, ["measure", "seconds", "MB", "MB/s"]))
    counts = {
        **result["agreement_utf8"],
        **{f"baomi_all {k}": a for k, a in result["agreement_all_by_encoding"].items()},
    }
    for name, a in counts.items():
        verdict = "agree" if a.get("agree", a["expected"] == a["found"]) else "DIFFER"
        print(
            f"keyword counts, {name}: expected {a['expected']:,}, found {a['found']:,}: {verdict}"
        )
    m = result["markings"]
    print(
        f"markings: {m['files_found']}/{m['files_marked']} marked files found, "
        f"{m['false_positives']} files with a marking reported but none inserted"
    )
    s = result["start_up_seconds"]
    print(f"start-up (one small file): baomi {s['baomi']:.3f} s, rg {s['rg']:.3f} s")
    verdict = "meets" if result["meets_target"] else "MISSES"
    print(
        f"engine {result['engine']}: baomi/rg = {result['ratio_j1']:.2f} on 1 job, "
        f"{result['ratio']:.2f} on 2: {verdict} the target ≥ {TARGET_RATIO} "
        f"(load average {result['load_average']:.2f})"
    )


if __name__ == "__main__":
    main()
